"""`monitor digest`: render a month, or mail it once with --send."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import EXIT_PARTIAL, App, cli, pass_app
from monitor.errors import UsageError
from monitor.months import month_key, month_of, parse_month, previous_month
from monitor.paths import output_file, write_error


@cli.command()
@click.option("--month", default=None, metavar="YYYY-MM", help="Default: the calendar month before now.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "text", "markdown", "json"]), default="markdown", show_default=True
)
@click.option("--lang", type=click.Choice(["ko", "en"]), default=None, help="Default: [digest] language.")
@click.option("--output", type=click.Path(path_type=Path), default=None, help="Write here.")
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
    from monitor.digest_model import digest_from_json
    from monitor.publish import publish_month

    settings = app.settings
    lang = lang or settings.digest.language
    chosen = parse_month(month) if month else previous_month(month_of(app.now(), settings.digest.tz))
    if (force or to) and not send:
        raise UsageError("--force and --to go with --send")
    if send:
        send_digest(app, chosen, force=force, to=to)
        return
    if output is not None:
        output_file(output)
    store = app.read_store  # reading never creates the database; a read-only one renders without archiving
    model = None
    if stored:
        key = month_key(chosen)
        stored_json = store.digests.latest_model(key, lang)
        if stored_json is None:
            raise UsageError(f"no stored digest for {key} in {lang}; render one first without --stored")
        try:
            model = digest_from_json(stored_json)
        except ValueError as exc:
            raise UsageError(f"the stored digest for {key} in {lang} cannot be read: {exc}") from None
    archive = not stored and not app.read_only
    try:
        published = publish_month(
            store,
            settings,
            app.tagger.rules,
            chosen,
            lang,
            app.now(),
            formats={fmt: output},
            model=model,
            archive=archive,
        )
    except OSError as exc:  # the output's folder was checked; a full disk or a race still lands here
        raise write_error(exc, output or Path(".")) from None
    if app.read_only and not stored:
        click.echo(f"{settings.database} is read-only: the digest was rendered but not archived", err=True)
    if output is None:
        click.echo(published.rendered[fmt], nl=False)
    else:
        click.echo(f"wrote {output}")


def send_digest(app: App, month: tuple[int, int], *, force: bool, to: str | None) -> None:
    """Queue and deliver a month's digest; exactly once per recipient unless --force."""
    from monitor.delivery import send_month

    report = send_month(app.store, app.settings, app.tagger.rules, month, app.now(), force=force, to=to)
    for line in report.notes:
        click.echo(line)
    for line in report.sent:
        click.echo(f"sent {line}" if app.settings.mail else f"written {line}: {app.settings.outbox}")
    if report.sent and app.settings.site and to is None:  # as the service does after a monthly digest
        from monitor.site import publish_site

        site = publish_site(app.store, app.settings, app.tagger.rules, app.now(), app.settings.site.path)
        click.echo(f"site: {site.pages} pages in {site.folder}")
    for line in report.retrying:
        click.echo(f"queued for retry: {line}", err=True)
    for line in report.failed:
        click.echo(f"failed: {line}", err=True)
    if report.retrying or report.failed:
        raise SystemExit(EXIT_PARTIAL)
