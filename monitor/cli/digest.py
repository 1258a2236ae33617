"""`monitor digest`: render a month, or mail it once with --send."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

import click

from monitor.cli.app import EXIT_PARTIAL, App, cli, pass_app
from monitor.errors import UsageError
from monitor.months import month_label, month_of, month_window, parse_month, previous_month
from monitor.paths import output_file, write_error
from monitor.store import Store, utc_text


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
    from monitor.digest_model import digest_from_json, digest_to_json
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
    if output is not None:
        output_file(output)
    if stored:
        stored_json = app.read_store.stored_digest_model(label, lang)
        if stored_json is None:
            raise UsageError(f"no stored digest for {label} in {lang}; render one first without --stored")
        try:
            model = digest_from_json(stored_json)
        except ValueError as exc:
            raise UsageError(f"the stored digest for {label} in {lang} cannot be read: {exc}") from None
    else:
        model = month_digest_model(app.read_store, settings, app.tagger.rules, chosen, lang, app.now())
    env = template_environment(settings.digest.templates)
    charts: dict[str, str] = {}
    if output is not None and fmt != "text":
        for name, png in digest_charts(model).items():
            chart = output.with_name(f"{output.stem}-{name}.png")
            _write(chart, png)
            charts[name] = chart.name
    text = render_digest(model, fmt, env, charts)
    if app.read_only and not stored:
        click.echo(f"{settings.database} is read-only: the digest was rendered but not archived", err=True)
    elif not stored:
        app.store.archive_digest(label, lang, fmt, digest_to_json(model), text, app.now())
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text.encode("utf-8"))
        click.echo(f"wrote {output}" + "".join(f", {output.with_name(src)}" for src in charts.values()))


def ai_items_in(store: Store, month: tuple[int, int], tz: tzinfo) -> bool:
    """Whether any item published in the month is AI news (has a layer); one indexed lookup."""
    start, end = month_window(month, tz)
    row = store.conn.execute(
        "SELECT 1 FROM items WHERE published >= ? AND published < ? AND primary_layer IS NOT NULL LIMIT 1",
        (utc_text(start), utc_text(end)),
    ).fetchone()
    return row is not None


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise write_error(exc, path) from None


def send_digest(app: App, month: tuple[int, int], *, force: bool, to: str | None) -> None:
    """Queue and deliver a month's digest; exactly once per recipient unless --force."""
    from monitor.pipeline import deliver_due, queue_month

    store, settings, label = app.store, app.settings, month_label(month)
    if not force and not ai_items_in(store, month, settings.digest.tz):
        click.echo(f"{label} has no AI item: nothing sent (use --force to send an empty digest anyway)")
        return
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
    if report.sent and settings.site and to is None:  # as the service does after a monthly digest
        from monitor.site import publish_site

        site = publish_site(store, settings, app.tagger.rules, app.now(), settings.site.path)
        click.echo(f"site: {site.pages} pages in {site.folder}")
    for line in report.retrying:
        click.echo(f"queued for retry: {line}", err=True)
    for line in report.failed:
        click.echo(f"failed: {line}", err=True)
    if report.retrying or report.failed:
        raise SystemExit(EXIT_PARTIAL)
