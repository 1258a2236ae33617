"""`monitor stories`: every story of a month, ranked — an analyst's view of what the digest is built from."""

from __future__ import annotations

import json

import click

from monitor.cli.app import App, cli, pass_app, print_table
from monitor.months import month_of, month_window, parse_month, previous_month


@cli.command()
@click.option("--month", default=None, metavar="YYYY-MM", help="Default: the calendar month before now.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@pass_app
def stories(app: App, month: str | None, fmt: str) -> None:
    """Every story of a month, ranked: actors, outlets, articles and the event's figure."""
    from monitor.digest import company_names, story_from_facts
    from monitor.facts import build_stories
    from monitor.ranking import rank, story_record

    digest = app.settings.digest
    tz = digest.tz
    chosen = parse_month(month) if month else previous_month(month_of(app.now(), tz))
    start, end = month_window(chosen, tz)
    items = app.read_store.items.select(start=start, end=end)
    rules = app.tagger.rules
    ranked = rank(build_stories(items, rules, digest.krw_per_usd, digest.language))
    names = company_names(rules, digest.language)
    records = [story_record(story_from_facts(story, names, tz), n) for n, story in enumerate(ranked, 1)]
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    rows = [
        {
            "rank": r["rank"],
            "outlets": r["outlets"],
            "articles": r["articles"],
            "layer": r["layer"],
            "companies": ", ".join(r["companies"]),
            "amount": f"{r['amount']['text']} ({r['amount']['kind']})" if r["amount"] else "",
            "title": r["title"][:80],
        }
        for r in records
    ]
    print_table(rows, ["rank", "outlets", "articles", "layer", "companies", "amount", "title"])
