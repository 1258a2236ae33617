"""One fetch pass: fetch the chosen feeds concurrently, prepare each document (parse, normalise, tag; in a
worker process for big passes) and store it through one batch writer."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from monitor.config import Settings
from monitor.errors import ParseError
from monitor.feed_state import feed_update
from monitor.fetch import ClientPool, HostLimiter, fetch_feed
from monitor.models import Feed, FetchOutcome, FetchResult, Item, ItemRow, Tags
from monitor.normalize import normalize_entry
from monitor.parse import date_zone, parse_feed
from monitor.passlog import log_failures
from monitor.rules import Rules
from monitor.store import Store, item_row
from monitor.tag import Tagger

log = logging.getLogger("monitor.refresh")

Clock = Callable[[], datetime]
TagFn = Callable[[str, str], Tags]


@dataclass
class PassSummary:
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    new_items: int = 0
    outcomes: list[FetchOutcome] = field(default_factory=list)
    next_held: datetime | None = None  # when the first feed held back will be tried again

    def add(self, outcome: FetchOutcome) -> None:
        self.outcomes.append(outcome)
        self.new_items += outcome.new_items
        if outcome.status == "ok":
            self.ok += 1
        elif outcome.status == "not_modified":
            self.not_modified += 1
        else:
            self.failed += 1

    def line(self, seconds: float) -> str:
        held = f"{self.skipped} skipped (held back)"
        if self.skipped and self.next_held:
            held += f", the first tried again at {self.next_held:%Y-%m-%d %H:%M} UTC (--force fetches them now)"
        return (
            f"{len(self.outcomes)} feeds in {seconds:.1f}s: {self.ok} ok, {self.not_modified} not modified, "
            f"{self.failed} failed, {held}; {self.new_items} new items"
        )


def items_from_document(
    body: bytes, content_type: str | None, feed: Feed, fetched_at: datetime
) -> tuple[list[Item], str | None, str]:
    """Parse and normalise one document; one item per identity (the first copy wins). Also the zone that
    dates without one were read in."""
    parsed = parse_feed(body, content_type, feed.url)
    zone_name = date_zone(parsed, feed.timezone)
    zone = ZoneInfo(zone_name)
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        item = normalize_entry(entry, feed.id, fetched_at, zone)
        if item is not None and item.key not in items:
            items[item.key] = item
    return list(items.values()), parsed.warning, zone_name


@dataclass(frozen=True)
class Prepared:
    """A fetched document made ready to store: its items tagged, as rows, or why it could not be read."""

    sha256: str  # of the document's bytes: the same bytes again are not parsed again
    items: list[ItemRow] = field(default_factory=list)
    warning: str | None = None
    error: str | None = None
    unchanged: bool = False
    zone: str | None = None  # the zone dates without one were read in


def prepare_document(body: bytes, content_type: str | None, feed: Feed, fetched_at: datetime, tag: TagFn) -> Prepared:
    """Hash, parse, normalise and tag one document, and make its items the store's rows (pure; runs in a
    worker process for big passes)."""
    sha256 = hashlib.sha256(body).hexdigest()
    if sha256 == feed.content_hash:  # the server ignored our conditional GET but sent the same bytes
        return Prepared(sha256, unchanged=True)
    try:
        items, warning, zone = items_from_document(body, content_type, feed, fetched_at)
    except ParseError as exc:
        return Prepared(sha256, error=str(exc))
    rows = [item_row(replace(item, tags=tag(item.title, item.summary))) for item in items]
    return Prepared(sha256, rows, warning, zone=zone)


def store_fetch(
    store: Store, feed: Feed, result: FetchResult, prepared: Prepared | None, now: datetime, settings: Settings
) -> FetchOutcome:
    """Store what one fetch brought; record the attempt on the feed either way."""
    if result.status != "ok" or prepared is None:
        outcome = FetchOutcome(feed, result.status, error=result.error)
        content_hash = None
    elif prepared.unchanged:
        outcome, content_hash = FetchOutcome(feed, "not_modified"), prepared.sha256
    elif prepared.error:
        outcome, content_hash = FetchOutcome(feed, "failed", error=prepared.error), None
    else:
        if prepared.zone and prepared.zone != feed.date_zone:
            store.feeds.set_date_zone(feed.id, prepared.zone)
        known = store.items.known(feed.id, [item.key for item in prepared.items])
        new = store.items.save(feed.id, prepared.items, known, now)
        outcome = FetchOutcome(feed, "ok", new_items=new, error=prepared.warning)
        content_hash = prepared.sha256
    update = feed_update(
        feed,
        result,
        failed=outcome.status == "failed",
        now=now,
        default_interval=settings.fetch.interval,
        max_backoff=settings.fetch.max_backoff,
    )
    store.feeds.record_fetch(
        feed, result, update, status=outcome.status, now=now, new_items=outcome.new_items,
        content_hash=content_hash, error=outcome.error,
    )  # fmt: skip
    return outcome


class Preparer:
    """Prepares documents in this process, or for big passes in a worker process on another core."""

    POOL_FROM = 20  # feeds in a pass

    def __init__(self, tagger: Tagger, feeds: int) -> None:
        self._tagger = tagger
        self._pool: ProcessPoolExecutor | None = None
        if feeds >= self.POOL_FROM and (os.cpu_count() or 1) > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_start_worker,
                initargs=(tagger.rules,),
            )

    async def prepare(self, body: bytes, content_type: str | None, feed: Feed, fetched_at: datetime) -> Prepared:
        if self._pool is None:
            return prepare_document(body, content_type, feed, fetched_at, self._tagger.tag)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _prepare_in_worker, body, content_type, feed, fetched_at)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


_worker_tagger: Tagger | None = None  # the worker process's own compiled rules


def _start_worker(rules: Rules) -> None:
    global _worker_tagger
    _worker_tagger = Tagger(rules)
    gc.freeze()  # the compiled rules live as long as the worker


def _prepare_in_worker(body: bytes, content_type: str | None, feed: Feed, fetched_at: datetime) -> Prepared:
    assert _worker_tagger is not None
    return prepare_document(body, content_type, feed, fetched_at, _worker_tagger.tag)


@dataclass
class _Arrived:
    feed: Feed
    result: FetchResult
    prepared: Prepared | None
    outcome: asyncio.Future[FetchOutcome]


class BatchWriter:
    """The pass's one writer: stores whatever feeds are ready in one transaction.

    A feed is all or nothing (its items with its fetch record). A commit per batch instead of per feed
    keeps commits and full-text index flushes off the hot path when documents arrive faster than one
    commit each. When one feed of a batch cannot be written, the batch is undone and each feed is
    written in a transaction of its own, so the others are stored. Writing blocks the event loop, on
    purpose: a writer thread would wait on the GIL after every SQLite step while the loop runs.
    """

    MAX_BATCH = 64

    def __init__(self, store: Store, settings: Settings, clock: Clock) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._queue: asyncio.Queue[_Arrived] = asyncio.Queue()

    async def submit(self, feed: Feed, result: FetchResult, prepared: Prepared | None) -> FetchOutcome:
        outcome: asyncio.Future[FetchOutcome] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Arrived(feed, result, prepared, outcome))
        return await outcome

    async def run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            await asyncio.sleep(0)  # let documents that are ready join this batch
            while len(batch) < self.MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            for job, result in zip(batch, self._write(batch), strict=True):
                if job.outcome.done():
                    continue
                if isinstance(result, Exception):
                    job.outcome.set_exception(result)
                else:
                    job.outcome.set_result(result)

    def _write(self, batch: list[_Arrived]) -> list[FetchOutcome | Exception]:
        try:
            with self._store.transaction():
                return [self._write_one(job) for job in batch]
        except Exception:
            return [self._write_alone(job) for job in batch]

    def _write_one(self, job: _Arrived) -> FetchOutcome:
        return store_fetch(self._store, job.feed, job.result, job.prepared, self._clock(), self._settings)

    def _write_alone(self, job: _Arrived) -> FetchOutcome | Exception:
        try:
            with self._store.transaction():
                return self._write_one(job)
        except Exception as exc:
            return exc


async def refresh_feeds(
    store: Store,
    settings: Settings,
    tagger: Tagger,
    clock: Clock,
    *,
    due_only: bool = False,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_outcome: Callable[[FetchOutcome], None] | None = None,
) -> PassSummary:
    """One pass: fetch the chosen feeds concurrently, prepare each as it arrives, store it."""
    now = clock()
    feeds, held = store.feeds.to_fetch(now, settings.fetch.interval, due_only=due_only, force=force)
    summary = PassSummary(skipped=held)
    if held:
        summary.next_held = min(
            (f.held_until for f in store.feeds.select() if f.held_until and f.held_until > now), default=None
        )
    if on_start:
        on_start(len(feeds))
    limiter = HostLimiter(settings.fetch.concurrency, settings.fetch.per_host)
    # Documents between fetch and store are bounded, so memory is too when storing is the slow part.
    in_flight = asyncio.Semaphore(2 * settings.fetch.concurrency)
    preparer = Preparer(tagger, len(feeds))
    writer = BatchWriter(store, settings, clock)
    writing = asyncio.create_task(writer.run())

    async with ClientPool(settings.fetch) as clients:

        async def fetch_one(feed: Feed) -> FetchOutcome:
            async with in_flight:
                async with limiter.slot(feed.url):
                    result = await fetch_feed(clients.pick(), feed, settings.fetch)
                prepared = None
                if result.status == "ok" and result.body is not None:
                    prepared = await preparer.prepare(result.body, result.content_type, feed, clock())
                return await writer.submit(feed, result, prepared)

        tasks = [asyncio.create_task(fetch_one(feed)) for feed in feeds]
        try:
            for next_done in asyncio.as_completed(tasks):
                outcome = await next_done
                summary.add(outcome)
                if on_outcome:
                    on_outcome(outcome)
        finally:  # on cancellation (shutdown), stop what is still in flight; stored feeds stay stored
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            writing.cancel()
            await asyncio.gather(writing, return_exceptions=True)
            preparer.close()
    log_failures(summary.outcomes, log)  # one line when the machine seems offline, else one per failed feed
    store.feeds.prune_history(now)
    return summary
