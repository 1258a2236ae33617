"""`monitor feeds …`: the feed list, stored in the database."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import App, cli, pass_app, print_table, short_time
from monitor.errors import UsageError


@cli.group()
def feeds() -> None:
    """The feed list, stored in the database."""


@feeds.command("list")
@click.option("--all", "include_disabled", is_flag=True, help="Include disabled and removed feeds.")
@pass_app
def feeds_list(app: App, include_disabled: bool) -> None:
    """Feeds with their state: last status, failures, held back until."""
    rows = []
    for feed in app.store.feeds.select(include_disabled=include_disabled):
        state = feed.last_status or "never fetched"
        if feed.failures:
            state = f"failing ×{feed.failures}"
        rows.append(
            {
                "url": feed.url,
                "name": feed.name or "",
                "enabled": "yes" if feed.enabled else "no",
                "source": feed.added_by,
                "state": state,
                "held until": short_time(feed.held_until) if feed.held_until else "",
                "last error": (feed.last_error or "")[:80],
            }
        )
    print_table(rows, ["url", "name", "enabled", "source", "state", "held until", "last error"])


@feeds.command("add")
@click.argument("url")
@click.option("--name", default=None, help="A display name.")
@pass_app
def feeds_add(app: App, url: str, name: str | None) -> None:
    """Add a feed by URL."""
    _check_feed_url(url)
    added = app.store.feeds.add(url, name, "cli", app.now())
    click.echo(f"added {url}" if added else f"{url} is already in the feed list")


@feeds.command("remove")
@click.argument("url")
@pass_app
def feeds_remove(app: App, url: str) -> None:
    """Stop fetching a feed; its items stay."""
    app.store.feeds.remove(url)
    click.echo(f"removed {url} (its items are kept)")


@feeds.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_app
def feeds_import(app: App, file: Path) -> None:
    """Add the feeds of an OPML file."""
    from monitor.opml import read_opml

    entries = read_opml(file)
    added = sum(app.store.feeds.add(url, title, "opml", app.now()) for url, title in entries)
    click.echo(f"imported {len(entries)} feeds from {file}: {added} new, {len(entries) - added} already listed")


@feeds.command("export")
@pass_app
def feeds_export(app: App) -> None:
    """Print the enabled feeds as OPML."""
    from monitor.opml import write_opml

    click.echo(write_opml([(f.url, f.name) for f in app.store.feeds.select()]))


def _check_feed_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(f"feed URL must start with http:// or https://, got {url!r}")
