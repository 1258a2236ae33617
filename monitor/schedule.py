"""The long-running service: APScheduler jobs that only call refresh, publish and delivery functions.

Jobs: `service` (writes the service's heartbeat: proof of life for `monitor status`), `fetch` (due
feeds), `deliver` (queued digests whose time has come) and `digest` (cron, the month just ended). On
start, months missed while the service was down are queued, oldest first.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from monitor.config import Settings
from monitor.delivery import deliver_due
from monitor.health import SERVICE_JOB
from monitor.months import month_key, month_of, month_window, previous_month
from monitor.passlog import cadence
from monitor.publish import months_due, publish_month
from monitor.refresh import Clock, refresh_feeds
from monitor.rules import Rules
from monitor.site import publish_site
from monitor.store import Store
from monitor.tag import Tagger

log = logging.getLogger("monitor.service")

MAX_TICK = 60.0
SHUTDOWN_GRACE = 5.0  # seconds a running step gets to finish after SIGTERM before it is abandoned


def fetch_tick(settings: Settings) -> float:
    """How often the fetch job looks for due feeds: every minute, or faster for short intervals."""
    intervals = [settings.fetch.interval, *(f.interval for f in settings.feeds if f.interval)]
    return max(0.05, min(MAX_TICK, *intervals))


def deliver_tick(settings: Settings) -> float:
    return max(0.05, min(MAX_TICK, settings.mail.retry if settings.mail else MAX_TICK))


def run_service(store: Store, settings: Settings, tagger: Tagger, clock: Clock) -> None:
    asyncio.run(_serve(store, settings, tagger, clock))


def monthly_digest(store: Store, settings: Settings, rules: Rules, now: datetime) -> None:
    """Queue every month whose digest is due and not yet queued (oldest first), then deliver; with [site], rebuild
    the site once a month was made. A month without AI items is not mailed (as `digest --send` does not mail one):
    the month the service started in may have none, and a digest of nothing tells the reader nothing."""
    months = []
    for month in months_due(store, settings, now):
        if store.items.any_ai(*month_window(month, settings.digest.tz)):
            months.append(month)
        else:
            log.info("digest %s not sent: no AI item was collected that month", month_key(month))
    for month in months:
        published = publish_month(store, settings, rules, month, settings.digest.language, now, mail=True)
        log.info("digest %s queued for %d recipient(s)", published.month_key, published.queued)
    report = deliver_due(store, settings, now)
    if report.sent or report.retrying or report.failed:
        log.info("deliveries: %d sent, %d to retry, %d failed", len(report.sent), len(report.retrying),
                 len(report.failed))  # fmt: skip
    if months and settings.site:
        try:
            site = publish_site(store, settings, rules, now, settings.site.path)
        except OSError as exc:  # the mail went out; the site waits for the next month or `monitor site build`
            log.error("site not written to %s: %s", settings.site.path, exc)
        else:
            log.info("site rebuilt in %s: %d pages", site.folder, site.pages)


async def _serve(store: Store, settings: Settings, tagger: Tagger, clock: Clock) -> None:
    rules = tagger.rules
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tz = settings.digest.tz
    tick, retry_tick = fetch_tick(settings), deliver_tick(settings)
    scheduler = AsyncIOScheduler(
        event_loop=loop,
        timezone=tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )

    jobs = _TrackedJobs(store, scheduler)
    job = jobs.wrap

    async def prove_alive() -> None:
        store.jobs.record(SERVICE_JOB, now=_wall(), interval=tick)

    async def fetch_due() -> None:
        started = time.monotonic()
        summary = await refresh_feeds(store, settings, tagger, clock, due_only=True)
        if summary.outcomes or summary.skipped:
            log.info("fetch pass: %s", summary.line(time.monotonic() - started))

    async def deliver() -> None:
        await asyncio.to_thread(_in_own_store, settings, clock(), lambda own: deliver_due(own, settings, clock()))

    async def digest() -> None:
        month = previous_month(month_of(clock(), tz))
        log.info("monthly digest for %s", month_key(month))
        await asyncio.to_thread(
            _in_own_store, settings, clock(), lambda own: monthly_digest(own, settings, rules, clock())
        )

    now = clock()
    scheduler.add_job(job(SERVICE_JOB, prove_alive, tick), "interval", seconds=tick, id=SERVICE_JOB, next_run_time=now)
    scheduler.add_job(job("fetch", fetch_due, tick), "interval", seconds=tick, id="fetch", next_run_time=now)
    scheduler.add_job(job("deliver", deliver, retry_tick), "interval", seconds=retry_tick, id="deliver")
    scheduler.add_job(job("digest", digest, None), CronTrigger.from_crontab(settings.schedule_digest, timezone=tz),
                      id="digest")  # fmt: skip
    await asyncio.to_thread(_catch_up, settings, rules, now)
    scheduler.start()
    delivery = f"mail via {settings.mail.host}" if settings.mail else f"digests to the outbox {settings.outbox}"
    log.info("service started: %d feeds, %s, digest at '%s' (%s), database %s, %s", len(store.feeds.select()),
             cadence(tick, settings.fetch.interval, sum(1 for f in settings.feeds if f.interval)),
             settings.schedule_digest, settings.digest.timezone, settings.database, delivery)  # fmt: skip
    await stop.wait()
    log.info("stopping")
    await jobs.stop()
    log.info("stopped")


class _TrackedJobs:
    """Each job's step wrapped: how it ended recorded on the jobs table, the running ones known for shutdown."""

    def __init__(self, store: Store, scheduler: AsyncIOScheduler) -> None:
        self.store = store
        self.scheduler = scheduler
        self.running: set[asyncio.Task[None]] = set()

    def wrap(
        self, name: str, step: Callable[[], Awaitable[None]], interval: float | None
    ) -> Callable[[], Awaitable[None]]:
        async def wrapped() -> None:
            task = asyncio.current_task()
            assert task is not None
            self.running.add(task)
            status, error = "ok", None
            try:
                await step()
            except asyncio.CancelledError:  # shutdown: not an error, and APScheduler would log a traceback
                status = "abandoned"
                log.info("%s: step abandoned for shutdown", name)
            except Exception as exc:  # a bug: log it with its traceback and keep the service alive
                status, error = "error", f"{type(exc).__name__}: {exc}"
                log.exception("%s: unexpected error", name)
            finally:
                self.running.discard(task)
                scheduled = self.scheduler.get_job(name)
                next_run = scheduled.next_run_time if scheduled else None
                self.store.jobs.record(name, now=_wall(), interval=interval, next_run=next_run, status=status,
                                       error=error, ran=True)  # fmt: skip

        return wrapped

    async def stop(self) -> None:
        """No new runs; the running ones get SHUTDOWN_GRACE to finish, then are cancelled."""
        self.scheduler.pause()  # shutdown() would cancel the running ones at once, without their grace
        if self.running:
            _done, pending = await asyncio.wait(set(self.running), timeout=SHUTDOWN_GRACE)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self.scheduler.shutdown(wait=False)


def _catch_up(settings: Settings, rules: Rules, now: datetime) -> None:
    """On start: retry what waits out a transient failure at once, then queue and send missed months."""

    def step(own: Store) -> None:
        own.deliveries.retry_now(now)
        monthly_digest(own, settings, rules, now)

    try:
        _in_own_store(settings, now, step)
    except Exception:  # a bug: the service still starts
        log.exception("catch-up failed")


def _in_own_store(settings: Settings, now: datetime, step: Callable[[Store], object]) -> None:
    """Run a blocking step (SMTP, rendering) in a worker thread on its own SQLite connection."""
    with Store.open(settings.database, now) as own:
        step(own)


def _wall() -> datetime:
    """Heartbeats are real time even when --now fixes the clock, so health can be judged."""
    return datetime.now(UTC)
