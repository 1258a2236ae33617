"""`monitor digest`: render a month, or mail it once with --send."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.cli.app import EXIT_PARTIAL, App, cli, pass_app
from monitor.errors import UsageError
from monitor.months import month_label, month_of, parse_month, previous_month


@cli.command()
@click.option("--month", default=None, metavar="YYYY-MM", help="Default: the calendar month before now.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "text", "markdown", "json"]), default="markdown", show_default=True
)
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
    """Render a month's digest as html, text, markdown or json (the model as archived), or mail it with --send."""
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
    stored_json = None
    if stored:
        stored_json = app.store.stored_digest_model(label, lang)
        if stored_json is None:
            raise UsageError(f"no stored digest for {label} in {lang}; render one first without --stored")
        try:
            model = digest_from_json(stored_json)
        except ValueError as exc:
            raise UsageError(f"the stored digest for {label} in {lang} cannot be read: {exc}") from None
    else:
        model = month_digest_model(app.store, settings, app.tagger.rules, chosen, lang, app.now())
    env = template_environment(settings.digest.templates)
    charts: dict[str, str] = {}
    if output is not None and fmt in ("html", "markdown"):
        for name, png in digest_charts(model).items():
            chart = output.with_name(f"{output.stem}-{name}.png")
            chart.parent.mkdir(parents=True, exist_ok=True)
            chart.write_bytes(png)
            charts[name] = chart.name
    archived = stored_json if stored_json is not None else digest_to_json(model)
    text = json.dumps(archived, ensure_ascii=False) + "\n" if fmt == "json" else render_digest(model, fmt, env, charts)
    if not stored:
        app.store.archive_digest(label, lang, fmt, archived, text, app.now())
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
