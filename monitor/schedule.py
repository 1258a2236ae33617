"""The long-running service: APScheduler jobs that only call pipeline functions."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.config import Settings
from monitor.pipeline import Clock, TagFn, refresh_feeds
from monitor.store import Store

log = logging.getLogger("monitor.service")

MAX_TICK = 60.0
SHUTDOWN_GRACE = 5.0  # seconds a running step gets to finish after SIGTERM before it is abandoned


def fetch_tick(settings: Settings) -> float:
    """How often the fetch job looks for due feeds: every minute, or faster for short intervals."""
    intervals = [settings.fetch.interval, *(f.interval for f in settings.feeds if f.interval)]
    return max(0.05, min(MAX_TICK, *intervals))


def run_service(store: Store, settings: Settings, tag: TagFn, clock: Clock) -> None:
    asyncio.run(_serve(store, settings, tag, clock))


async def _serve(store: Store, settings: Settings, tag: TagFn, clock: Clock) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    running: set[asyncio.Task[None]] = set()

    def job(step: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        async def wrapped() -> None:
            task = asyncio.current_task()
            assert task is not None
            running.add(task)
            try:
                await step()
            except asyncio.CancelledError:
                log.info("step abandoned for shutdown")
                raise
            except Exception:  # a bug: log it with its traceback and keep the service alive
                log.exception("unexpected error in a scheduled step")
            finally:
                running.discard(task)

        return wrapped

    async def fetch_due() -> None:
        started = time.monotonic()
        summary = await refresh_feeds(store, settings, tag, clock, due_only=True)
        if summary.outcomes or summary.skipped:
            log.info("fetch pass: %s", summary.line(time.monotonic() - started))

    scheduler = AsyncIOScheduler(
        event_loop=loop,
        timezone=settings.digest.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    tick = fetch_tick(settings)
    scheduler.add_job(job(fetch_due), "interval", seconds=tick, id="fetch", next_run_time=clock())
    scheduler.start()
    log.info(
        "service started: %d feeds, fetch job every %gs, database %s",
        len(store.feeds()),
        tick,
        settings.database,
    )
    await stop.wait()
    log.info("stopping")
    scheduler.shutdown(wait=False)
    if running:
        _done, pending = await asyncio.wait(set(running), timeout=SHUTDOWN_GRACE)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    log.info("stopped")
