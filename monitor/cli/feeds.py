"""`monitor feeds …`: the feed list, stored in the database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from monitor.cli.app import EXIT_PARTIAL, App, cli, pass_app, print_table, short_time
from monitor.errors import UsageError
from monitor.models import Feed


@cli.group()
def feeds() -> None:
    """The feed list, stored in the database."""


@feeds.command("list")
@click.option("--all", "include_disabled", is_flag=True, help="Include disabled and removed feeds.")
@pass_app
def feeds_list(app: App, include_disabled: bool) -> None:
    """Feeds with their state: last status, failures, held back until."""
    rows = []
    for feed in app.read_store.feeds.select(include_disabled=include_disabled):
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
                "zone": _zone_shown(feed),
                "held until": short_time(feed.held_until) if feed.held_until else "",
                "last error": (feed.last_error or "")[:80],
            }
        )
    print_table(rows, ["url", "name", "enabled", "source", "state", "zone", "held until", "last error"])


def _zone_shown(feed: Feed) -> str:
    """The zone dates without one are read in: the configured one, else the one the last read chose."""
    if feed.timezone:
        return f"{feed.timezone} (config)"
    return feed.date_zone or "-"


@feeds.command("add")
@click.argument("url")
@click.option("--name", default=None, help="A display name.")
@click.option("--all", "add_all", is_flag=True, help="A web page: add every feed it advertises, not only the first.")
@pass_app
def feeds_add(app: App, url: str, name: str | None, add_all: bool) -> None:
    """Add a feed by URL, or the feed(s) a web page advertises."""
    from monitor.check import find_feeds
    from monitor.normalize import canonical_url

    _check_feed_url(url)
    url = canonical_url(url)
    found, trouble = asyncio.run(find_feeds(url, app.settings.fetch))
    if found is None:  # a feed, or nothing we could read now: add the URL as given
        added = app.store.feeds.add(url, name, "cli", app.now())
        note = f" (not fetched now: {trouble}; `monitor feeds check {url}` tells more)" if trouble else ""
        click.echo((f"added {url}" if added else f"{url} is already in the feed list") + note)
        return
    if not found:
        raise UsageError(f"{url} is a web page that advertises no RSS, Atom or JSON feed: give the feed's URL")
    for link in found if add_all else found[:1]:
        feed_url = canonical_url(link.url)
        title = name or link.title or None
        added = app.store.feeds.add(feed_url, title, "cli", app.now())
        what = f"{link.kind} feed {feed_url}" + (f" ({link.title})" if link.title else "")
        click.echo(f"added {what}, advertised by {url}" if added else f"{feed_url} is already in the feed list")
    if not add_all and len(found) > 1:
        click.echo(f"the page advertises {len(found) - 1} more (add them all with --all)")


@feeds.command("check")
@click.argument("urls", nargs=-1)
@pass_app
def feeds_check(app: App, urls: tuple[str, ...]) -> None:
    """Fetch feeds now and say what each is and what is wrong; stores nothing. Exit 1 if any has a problem."""
    from monitor.check import check_feeds

    for url in urls:
        _check_feed_url(url)
    zones = {f.url: f.timezone for f in app.settings.feeds}
    if urls:
        targets = [(url, zones.get(url)) for url in urls]
    else:
        targets = [(f.url, f.timezone) for f in app.settings.feeds]
        if app.settings.database.exists():
            targets += [(f.url, f.timezone) for f in app.store.feeds.select() if f.url not in zones]
    if not targets:
        raise UsageError("no feeds to check: give URLs, or list [[feeds]] in the config")
    reports = asyncio.run(check_feeds(targets, app.settings.fetch))
    for report in reports:
        click.echo(report.line())  # plain lines: the URL is never cut, on a terminal or a pipe
    bad = sum(not r.healthy for r in reports)
    click.echo(f"{len(reports)} feeds checked: {len(reports) - bad} healthy, {bad} with a problem", err=True)
    if bad:
        raise SystemExit(EXIT_PARTIAL)


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

    click.echo(write_opml([(f.url, f.name) for f in app.read_store.feeds.select()]))


def _check_feed_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise UsageError(f"feed URL must start with http:// or https://, got {url!r}")
