"""Commands that run the pipeline: fetch, run (the service), status and the offline demo."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from monitor.refresh import PassSummary

from monitor.cli.app import EXIT_OK, EXIT_PARTIAL, App, cli, log_to_stdout, pass_app


@cli.command()
@click.option("--due", is_flag=True, help="Only feeds whose interval has elapsed.")
@click.option("--force", is_flag=True, help="Also fetch feeds held back by backoff or Retry-After.")
@pass_app
def fetch(app: App, due: bool, force: bool) -> None:
    """One pass over every enabled feed, now."""
    summary, seconds = run_pass(app, due_only=due, progress=sys.stderr.isatty(), force=force)
    click.echo(f"fetched {summary.line(seconds)}")
    for outcome in summary.outcomes:
        if outcome.status == "failed":
            click.echo(f"  failed: {outcome.feed.url}: {outcome.error}", err=True)
    if summary.failed:
        raise SystemExit(EXIT_PARTIAL)


def run_pass(app: App, *, due_only: bool, progress: bool, force: bool = False) -> tuple[PassSummary, float]:
    from monitor.refresh import refresh_feeds

    started = time.monotonic()
    store, tagger = app.store, app.tagger
    if not progress:
        summary = asyncio.run(refresh_feeds(store, app.settings, tagger, app.now, due_only=due_only, force=force))
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
                force=force,
                on_start=lambda n: bar.update(task, total=n),
                on_outcome=lambda _o: bar.advance(task),
            )
        )
    return summary, time.monotonic() - started


@cli.command()
@pass_app
def run(app: App) -> None:
    """The service: scheduled fetches, the monthly digest, its mail and the site. Stops on SIGTERM/SIGINT."""
    from monitor.schedule import run_service

    # Until the service installs its own handlers, a stop request during start-up exits cleanly too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(EXIT_OK))
    log_to_stdout()
    run_service(app.store, app.settings, app.tagger, app.now)


@cli.command()
@pass_app
def status(app: App) -> None:
    """Health of the service, feeds, jobs and digest queue; exit 0 healthy, 1 not."""
    from monitor.health import assess, status_lines

    report = assess(app.read_store, app.settings, app.now(), datetime.now(UTC))
    for line in status_lines(report):
        click.echo(line)
    if not report.healthy:
        raise SystemExit(EXIT_PARTIAL)


@cli.command()
@click.option("--folder", type=click.Path(path_type=Path), default=Path("monitor-demo"), show_default=True)
def demo(folder: Path) -> None:
    """The whole pipeline offline on the shipped sample feeds; writes the November 2025 digest."""
    from monitor.demo import run_demo
    from monitor.paths import writable_folder, write_error

    started = time.monotonic()
    writable_folder(folder, "--folder")
    try:
        for line in run_demo(folder):
            click.echo(line)
    except OSError as exc:
        raise write_error(exc, folder) from None
    click.echo(f"demo finished in {time.monotonic() - started:.1f}s")
