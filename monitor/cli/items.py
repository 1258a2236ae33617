"""Reading and tagging stored items: items, search, tag, explain, retag."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

import click

from monitor.cli.app import App, cli, closest_id, pass_app, print_table
from monitor.errors import UsageError
from monitor.months import month_window, parse_month
from monitor.store import StoredItem


@cli.command()
@click.option("--month", default=None, metavar="YYYY-MM", help="Only items published in this month.")
@click.option("--company", default=None, metavar="ID", help="Only items tagged with this company id.")
@click.option("--layer", default=None, metavar="ID", help="Only items tagged with this layer id.")
@click.option("--topic", default=None, metavar="ID", help="Only items tagged with this topic id.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@pass_app
def items(app: App, month: str | None, company: str | None, layer: str | None, topic: str | None, fmt: str) -> None:
    """Stored items, oldest first."""
    tz = app.settings.digest.tz
    start = end = None
    rules = app.tagger.rules
    if company is not None:
        company = closest_id("--company", company, (c.id for c in rules.companies))
    if layer is not None:
        layer = closest_id("--layer", layer, (x.id for x in rules.layers))
    if topic is not None:
        topic = closest_id("--topic", topic, (t.id for t in rules.topics))
    if month:
        start, end = month_window(parse_month(month), tz)
    found = app.read_store.items.select(start=start, end=end, company=company, layer=layer, topic=topic)
    _print_items(found, fmt, tz)


@cli.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many results.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@pass_app
def search(app: App, query: str, limit: int, fmt: str) -> None:
    """Full-text search of titles and summaries, newest first."""
    if not query.strip():
        raise UsageError("search: give some words to look for, e.g. monitor search 엔비디아")
    _print_items(app.read_store.items.search(query, limit), fmt, app.settings.digest.tz)


def item_record(item: StoredItem, tz: Any) -> dict[str, Any]:
    return {
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "published": item.published.astimezone(tz).isoformat(),
        "date_estimated": item.date_estimated,
        "feeds": sorted(item.feeds),
        "lang": item.lang,
        "companies": sorted(item.companies),
        "layers": sorted(item.layers),
        "primary_layer": item.primary_layer,
        "topics": sorted(item.topics),
    }


def _print_items(found: list[StoredItem], fmt: str, tz: Any) -> None:
    if fmt == "jsonl":
        for item in found:
            click.echo(json.dumps(item_record(item, tz), ensure_ascii=False))
        return
    rows = [
        {
            "published": item.published.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            "lang": item.lang,
            "title": item.title[:90],
            "companies": ",".join(item.companies),
            "layer": item.primary_layer or "",
        }
        for item in found
    ]
    print_table(rows, ["published", "lang", "title", "companies", "layer"])


@cli.command()
@click.argument("file", default="-")
@pass_app
def tag(app: App, file: str) -> None:
    """Tag JSON lines {url, title, summary} from FILE (or - for stdin) without storing them."""
    tagger = app.tagger
    stream = sys.stdin if file == "-" else _open_text(file)
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            title, summary = str(record.get("title") or ""), str(record.get("summary") or "")
        except (ValueError, AttributeError):
            raise UsageError(f"{file}:{number}: expected a JSON object with url, title and summary") from None
        tags = tagger.tag(title, summary)
        out = {
            "url": record.get("url"),
            "companies": list(tags.companies),
            "layers": list(tags.layers),
            "primary_layer": tags.primary_layer,
            "topics": sorted(tags.topics),
        }
        click.echo(json.dumps(out, ensure_ascii=False))


def _open_text(file: str) -> TextIO:
    try:
        return open(file, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{file}: cannot read ({exc.strerror})") from None


@cli.command()
@click.argument("url", required=False)
@click.option("--text", default=None, help="Explain this text (as a title) instead of a stored item.")
@click.option("--summary", default="", help="With --text: a summary to tag with it.")
@pass_app
def explain(app: App, url: str | None, text: str | None, summary: str) -> None:
    """Every tag with its evidence and score; every rejected match with its reason."""
    from monitor.explain import explain_lines

    if url is None and text is None:
        raise UsageError('explain: give a stored item\'s URL or --text "a headline" (`monitor items` lists URLs)')
    if url is not None and text is not None:
        raise UsageError('explain takes a stored item\'s URL or --text "...", not both')
    if url is not None:
        from monitor.normalize import article_identity, canonical_url

        item = app.read_store.items.by_url(canonical_url(url)) or app.read_store.items.by_url(
            article_identity(canonical_url(url))
        )
        if item is None:
            raise UsageError(f"no stored item with URL {url}")
        title, summary = item.title, item.summary
    else:
        title = text or ""
    for line in explain_lines(title, summary, app.tagger.tag(title, summary, explain=True), app.tagger.rules):
        click.echo(line)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Show which items would gain or lose each tag; save nothing.")
@pass_app
def retag(app: App, dry_run: bool) -> None:
    """Re-apply the current rules to every stored item."""
    from monitor.explain import TagChanges

    changes = TagChanges()
    started = time.monotonic()
    for batch in app.store.items.tagged_texts():
        changed = []
        for item_id, title, summary, old in batch:
            new = app.tagger.tag(title, summary)
            if changes.add(item_id, title, old, new):
                changed.append((item_id, new))
        if changed and not dry_run:
            app.store.items.update_tags(changed)
    seconds = time.monotonic() - started
    if dry_run:
        for line in changes.report_lines():
            click.echo(line)
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"retag: {changes.items_seen} items in {seconds:.1f}s; {verb} the tags of {changes.items_changed} "
        f"items ({changes.tags_gained} tags gained, {changes.tags_lost} lost)"
    )
