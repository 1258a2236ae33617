"""`monitor site build`: the static archive site of every archived digest."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import App, cli, pass_app
from monitor.errors import UsageError


@cli.group("site")
def site_group() -> None:
    """The static archive site of the archived digests."""


@site_group.command("build")
@click.option("--output", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Write the site here (created); default: [site] path.")  # fmt: skip
@pass_app
def site_build(app: App, output: Path | None) -> None:
    """Build the site: index.html, a page per month and language, companies/<id>.html, feed.xml."""
    from monitor.site import publish_site

    settings = app.settings
    folder = output or (settings.site.path if settings.site else None)
    if folder is None:
        raise UsageError(f"{settings.path}: no [site] path to build the site in; add [site] path or give --output DIR")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{'--output' if output else '[site] path'}: {folder} is not a folder")
    try:
        report = publish_site(app.store, settings, app.tagger.rules, app.now(), folder)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write the site ({exc.strerror or exc})") from None
    if report.completed:
        click.echo(f"made for the site: {', '.join(report.completed)}")
    months = len({row[0] for row in app.store.digests.latest_per_month()})
    removed = f"; removed {report.removed} file(s) an earlier build wrote" if report.removed else ""
    click.echo(f"site: {report.pages} pages, {report.files} files, {months} month(s) in {folder}{removed}")
