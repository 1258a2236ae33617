"""The `monitor` command line: the only place that sets up logging and turns errors into one line."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import signal
import sys
import time
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import click

from monitor import __version__
from monitor.config import Settings, default_config_path, load_settings
from monitor.errors import ConfigError, MonitorError, StoreError, UsageError
from monitor.months import month_label, month_of, month_window, parse_month, previous_month
from monitor.store import Store, StoredItem

log = logging.getLogger("monitor")

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


class App:
    """What every command needs, built lazily from the global options."""

    def __init__(self, config: Path | None, now: str | None) -> None:
        self._config_option = config
        self._now_text = now

    @cached_property
    def settings(self) -> Settings:
        import os

        if self._config_option is not None:
            return load_settings(self._config_option, os.environ)
        path, shipped = default_config_path(os.environ, Path.cwd())
        return load_settings(path, os.environ, base_dir=Path.cwd() / "config" if shipped else None)

    @cached_property
    def fixed_now(self) -> datetime | None:
        if not self._now_text:
            return None
        try:
            moment = datetime.fromisoformat(self._now_text)
        except ValueError:
            raise UsageError(
                f"--now: expected an ISO 8601 time such as 2025-12-01T09:00:00+09:00, got {self._now_text!r}"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=self.settings.digest.tz)

    def now(self) -> datetime:
        return self.fixed_now or datetime.now(UTC)

    @cached_property
    def store(self) -> Store:
        store = Store.open(self.settings.database, self.now())
        store.sync_config_feeds(self.settings.feeds, self.now())
        return store

    @cached_property
    def tagger(self) -> Any:
        from monitor.rules import load_rules, rule_files
        from monitor.tag import Tagger

        paths = rule_files(self.settings.rule_paths, self.settings.replace_shipped_rules)
        tagger = Tagger(load_rules(paths))
        gc.freeze()  # rules and automaton live as long as the process: keep them out of every GC pass
        return tagger

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


pass_app = click.make_pass_decorator(App)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path),
    default=None,
    help="Config file (default: $MONITOR_CONFIG, else config/monitor.toml here, else the shipped one).",
)
@click.option(
    "--now",
    "now",
    metavar="ISO8601",
    default=None,
    help="Fix the clock for this command (tests, demos, catch-up checks).",
)
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, now: str | None) -> None:
    """Watch AI-industry news feeds, tag them by company and layer, and mail a monthly digest."""
    app = App(config, now)
    ctx.obj = app
    ctx.call_on_close(app.close)


# --- fetching ---------------------------------------------------------------------------------


@cli.command()
@click.option("--due", is_flag=True, help="Only feeds whose interval has elapsed.")
@pass_app
def fetch(app: App, due: bool) -> None:
    """One pass over every enabled feed, now."""
    summary, seconds = run_pass(app, due_only=due, progress=sys.stderr.isatty())
    click.echo(f"fetched {summary.line(seconds)}")
    for outcome in summary.outcomes:
        if outcome.status == "failed":
            click.echo(f"  failed: {outcome.feed.url}: {outcome.error}", err=True)
    if summary.failed:
        raise SystemExit(EXIT_PARTIAL)


def run_pass(app: App, *, due_only: bool, progress: bool):  # type: ignore[no-untyped-def]
    from monitor.pipeline import refresh_feeds

    started = time.monotonic()
    store, tagger = app.store, app.tagger
    if not progress:
        summary = asyncio.run(refresh_feeds(store, app.settings, tagger, app.now, due_only=due_only))
        return summary, time.monotonic() - started
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("fetch", total=None)
        summary = asyncio.run(
            refresh_feeds(
                store,
                app.settings,
                tagger,
                app.now,
                due_only=due_only,
                on_start=lambda n: bar.update(task, total=n),
                on_outcome=lambda _o: bar.advance(task),
            )
        )
    return summary, time.monotonic() - started


@cli.command()
@pass_app
def run(app: App) -> None:
    """The service: scheduled fetches (and, later, the monthly digest). Stops on SIGTERM/SIGINT."""
    from monitor.schedule import run_service

    # Until the service installs its own handlers, a stop request during start-up exits cleanly too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(EXIT_OK))
    _log_to_stdout()
    run_service(app.store, app.settings, app.tagger, app.now)


# --- feeds ------------------------------------------------------------------------------------


@cli.group()
def feeds() -> None:
    """The feed list, stored in the database."""


@feeds.command("list")
@click.option("--all", "include_disabled", is_flag=True, help="Include disabled and removed feeds.")
@pass_app
def feeds_list(app: App, include_disabled: bool) -> None:
    """Feeds with their state: last status, failures, held back until."""
    rows = []
    for feed in app.store.feeds(include_disabled=include_disabled):
        state = feed.last_status or "never fetched"
        if feed.failures:
            state = f"failing ×{feed.failures}"
        rows.append(
            {
                "url": feed.url,
                "name": feed.name or "",
                "enabled": "yes" if feed.enabled else "no",
                "source": feed.source,
                "state": state,
                "held until": _short_time(feed.held_until) if feed.held_until else "",
                "last error": (feed.last_error or "")[:80],
            }
        )
    _print_table(rows, ["url", "name", "enabled", "source", "state", "held until", "last error"])


@feeds.command("add")
@click.argument("url")
@click.option("--name", default=None, help="A display name.")
@pass_app
def feeds_add(app: App, url: str, name: str | None) -> None:
    """Add a feed by URL."""
    _check_feed_url(url)
    added = app.store.add_feed(url, name, "cli", app.now())
    click.echo(f"added {url}" if added else f"{url} is already in the feed list")


@feeds.command("remove")
@click.argument("url")
@pass_app
def feeds_remove(app: App, url: str) -> None:
    """Stop fetching a feed; its items stay."""
    app.store.remove_feed(url)
    click.echo(f"removed {url} (its items are kept)")


@feeds.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_app
def feeds_import(app: App, file: Path) -> None:
    """Add the feeds of an OPML file."""
    from monitor.opml import read_opml

    entries = read_opml(file)
    added = sum(app.store.add_feed(url, title, "opml", app.now()) for url, title in entries)
    click.echo(f"imported {len(entries)} feeds from {file}: {added} new, {len(entries) - added} already listed")


@feeds.command("export")
@pass_app
def feeds_export(app: App) -> None:
    """Print the enabled feeds as OPML."""
    from monitor.opml import write_opml

    click.echo(write_opml([(f.url, f.name) for f in app.store.feeds()]))


def _check_feed_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(f"feed URL must start with http:// or https://, got {url!r}")


# --- items ------------------------------------------------------------------------------------


@cli.command()
@click.option("--month", default=None, metavar="YYYY-MM", help="Only items published in this month.")
@click.option("--company", default=None, metavar="ID", help="Only items tagged with this company id.")
@click.option("--layer", default=None, metavar="ID", help="Only items tagged with this layer id.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@pass_app
def items(app: App, month: str | None, company: str | None, layer: str | None, fmt: str) -> None:
    """Stored items, oldest first."""
    tz = app.settings.digest.tz
    start = end = None
    if month:
        start, end = month_window(parse_month(month), tz)
    found = app.store.items(start=start, end=end, company=company, layer=layer)
    _print_items(found, fmt, tz)


@cli.command()
@click.argument("query")
@click.option("--limit", default=50, show_default=True, help="At most this many results.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@pass_app
def search(app: App, query: str, limit: int, fmt: str) -> None:
    """Full-text search of titles and summaries, newest first."""
    _print_items(app.store.search(query, limit), fmt, app.settings.digest.tz)


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
    _print_table(rows, ["published", "lang", "title", "companies", "layer"])


# --- tagging ----------------------------------------------------------------------------------


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
        }
        click.echo(json.dumps(out, ensure_ascii=False))


def _open_text(file: str):  # type: ignore[no-untyped-def]
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

    if (url is None) == (text is None):
        raise UsageError('explain takes a stored item\'s URL or --text "...", not both')
    if url is not None:
        from monitor.normalize import canonical_url

        item = app.store.item_by_url(canonical_url(url))
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
    for batch in app.store.iter_tagged_texts():
        changed = []
        for item_id, title, summary, old in batch:
            new = app.tagger.tag(title, summary)
            if changes.add(item_id, title, old, new):
                changed.append((item_id, new))
        if changed and not dry_run:
            app.store.update_tags(changed)
    seconds = time.monotonic() - started
    if dry_run:
        for line in changes.report_lines():
            click.echo(line)
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"retag: {changes.items_seen} items in {seconds:.1f}s; {verb} the tags of {changes.items_changed} "
        f"items ({changes.tags_gained} tags gained, {changes.tags_lost} lost)"
    )


# --- digest -----------------------------------------------------------------------------------


@cli.command()
@click.option("--month", default=None, metavar="YYYY-MM", help="Default: the calendar month before now.")
@click.option("--format", "fmt", type=click.Choice(["html", "text", "markdown"]), default="markdown", show_default=True)
@click.option("--lang", type=click.Choice(["ko", "en"]), default=None, help="Default: [digest] language.")
@click.option("--output", type=click.Path(path_type=Path), default=None, help="Write here (charts beside it).")
@click.option("--stored", is_flag=True, help="Re-render the month's stored digest model as it was.")
@click.option("--send", is_flag=True, help="Mail the month's digest (to the outbox without [mail]), once.")
@click.option("--force", is_flag=True, help="With --send: send again a month that was already sent.")
@click.option("--to", "to", default=None, metavar="ADDR", help="With --send: a test copy to this address only.")
@pass_app
def digest(
    app: App,
    month: str | None,
    fmt: str,
    lang: str | None,
    output: Path | None,
    stored: bool,
    send: bool,
    force: bool,
    to: str | None,
) -> None:
    """Render a month's digest as html, text or markdown, or mail it with --send."""
    from monitor.charts import digest_charts
    from monitor.pipeline import month_digest_model
    from monitor.render import render_digest, template_environment

    settings = app.settings
    lang = lang or settings.digest.language
    chosen = parse_month(month) if month else previous_month(month_of(app.now(), settings.digest.tz))
    label = month_label(chosen)
    if (force or to) and not send:
        raise UsageError("--force and --to go with --send")
    if send:
        send_digest(app, chosen, force=force, to=to)
        return
    if stored:
        model = app.store.stored_digest_model(label, lang)
        if model is None:
            raise UsageError(f"no stored digest for {label} in {lang}; render one first without --stored")
    else:
        model = month_digest_model(app.store, settings, app.tagger.rules, chosen, lang, app.now())
    env = template_environment(settings.digest.templates)
    charts: dict[str, str] = {}
    if output is not None and fmt != "text":
        for name, png in digest_charts(model).items():
            chart = output.with_name(f"{output.stem}-{name}.png")
            chart.parent.mkdir(parents=True, exist_ok=True)
            chart.write_bytes(png)
            charts[name] = chart.name
    text = render_digest(model, fmt, env, charts)
    if not stored:
        app.store.archive_digest(label, lang, fmt, model, text, app.now())
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}" + "".join(f", {output.with_name(src)}" for src in charts.values()))


def send_digest(app: App, month: tuple[int, int], *, force: bool, to: str | None) -> None:
    """Queue and deliver a month's digest; exactly once per recipient unless --force."""
    from monitor.pipeline import deliver_due, queue_month

    store, settings, label = app.store, app.settings, month_label(month)
    if to is None:
        existing = store.deliveries(label)
        sent = [d for d in existing if d["status"] == "sent"]
        if existing and not force:
            if store.requeue_failed(label, app.now()):
                click.echo(f"{label}: retrying deliveries that had failed")
            elif len(sent) == len(existing):
                click.echo(f"{label} was already sent to {len(sent)} recipient(s) (use --force to send it again)")
                return
    with store.transaction():  # a forced resend that cannot render keeps the record of the first send
        if to is None and force:
            store.forget_month(label)
        if not (to is None and store.deliveries(label)):
            queue_month(store, settings, app.tagger.rules, month, app.now(), to=to)
    report = deliver_due(store, settings, app.now())
    for line in report.sent:
        click.echo(f"sent {line}" if settings.mail else f"written {line}: {settings.outbox}")
    for line in report.retrying:
        click.echo(f"queued for retry: {line}", err=True)
    for line in report.failed:
        click.echo(f"failed: {line}", err=True)
    if report.retrying or report.failed:
        raise SystemExit(EXIT_PARTIAL)


# --- status -------------------------------------------------------------------------------------


@cli.command()
@pass_app
def status(app: App) -> None:
    """Health of the service, feeds, jobs and digest queue; exit 0 healthy, 1 not."""
    from monitor.health import assess, status_lines

    report = assess(app.store, app.settings, app.now(), datetime.now(UTC))
    for line in status_lines(report):
        click.echo(line)
    if not report.healthy:
        raise SystemExit(EXIT_PARTIAL)


# --- demo ----------------------------------------------------------------------------------------


@cli.command()
@click.option("--folder", type=click.Path(path_type=Path), default=Path("monitor-demo"), show_default=True)
def demo(folder: Path) -> None:
    """The whole pipeline offline on the shipped sample feeds; writes the November 2025 digest."""
    from monitor.demo import run_demo

    started = time.monotonic()
    for line in run_demo(folder):
        click.echo(line)
    click.echo(f"demo finished in {time.monotonic() - started:.1f}s")


# --- config and database ------------------------------------------------------------------------


@cli.group("config")
def config_group() -> None:
    """The configuration."""


@config_group.command("check")
@pass_app
def config_check(app: App) -> None:
    """Validate the config and the rule files; exit 0 or 2."""
    from monitor.render import check_templates, template_environment

    settings = app.settings
    rules = app.tagger.rules
    check_templates(template_environment(settings.digest.templates))
    click.echo(
        f"{settings.path}: ok ({len(settings.feeds)} feeds, {len(rules.companies)} companies, "
        f"{sum(len(layer.terms) for layer in rules.layers)} layer terms, mail: "
        f"{'smtp ' + settings.mail.host if settings.mail else 'outbox ' + str(settings.outbox)})"
    )


@cli.group("db")
def db_group() -> None:
    """The database."""


@db_group.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@pass_app
def db_backup(app: App, path: Path) -> None:
    """Write a consistent copy of the database to PATH (SQLite backup API)."""
    if path.exists():
        raise UsageError(f"{path} exists already; choose a new file name")
    app.store.backup(path)
    click.echo(f"backed up {app.settings.database} to {path}")


# --- output helpers ---------------------------------------------------------------------------


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not sys.stdout.isatty():
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(str(row[c]) for c in columns))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    Console().print(table)


def _short_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")


def _log_to_stdout() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # our jobs log what they do
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _setup_logging() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"monitor: error: {message}", err=True)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every MonitorError into one line and an exit code."""
    _setup_logging()
    handlers: dict[type[MonitorError], int] = {
        ConfigError: EXIT_USAGE,
        UsageError: EXIT_USAGE,
        StoreError: EXIT_USAGE,
    }
    try:
        code = cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", EXIT_PARTIAL)
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except MonitorError as exc:
        _fail(str(exc), handlers.get(type(exc), EXIT_PARTIAL))
    except KeyboardInterrupt:
        raise SystemExit(EXIT_OK) from None
    if isinstance(code, int) and code:
        raise SystemExit(code)
