"""The one place that joins the stages.

fetch -> parse -> normalise -> tag -> store; then, monthly: store -> stories -> digest -> render -> mail.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger

from monitor.charts import digest_charts
from monitor.config import Settings
from monitor.digest import MonthSummary, build_digest, group_health, summarise_month
from monitor.digest_model import Digest, digest_to_json
from monitor.errors import ParseError
from monitor.fetch import ClientPool, HostLimiter, fetch_feed
from monitor.mail import SendFailure, SmtpFactory, chart_cid, compose, message_id, open_smtp, send, write_outbox
from monitor.models import Feed, FetchOutcome, FetchResult, Item, ItemRow, Tags
from monitor.months import month_label, month_of, month_window, next_month, parse_month, previous_month
from monitor.normalize import normalize_entry
from monitor.parse import parse_feed
from monitor.render import render_digest, template_environment
from monitor.rules import Rules
from monitor.store import Store, item_row
from monitor.tag import Tagger

log = logging.getLogger("monitor.pipeline")

Clock = Callable[[], datetime]
MAX_RETRY_WAIT = 6 * 3600.0
OUTBOX_RECIPIENT = "outbox"
OUTBOX_SENDER = "monitor <monitor@localhost>"
OUTBOX_READER = "reader@localhost"
TagFn = Callable[[str, str], Tags]


@dataclass
class PassSummary:
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    new_items: int = 0
    outcomes: list[FetchOutcome] = field(default_factory=list)

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
        return (
            f"{len(self.outcomes)} feeds in {seconds:.1f}s: {self.ok} ok, {self.not_modified} not modified, "
            f"{self.failed} failed, {self.skipped} skipped (held back); {self.new_items} new items"
        )


def items_from_document(
    body: bytes, content_type: str | None, feed: Feed, fetched_at: datetime
) -> tuple[list[Item], str | None]:
    """Parse and normalise one document; one item per identity (the first copy wins)."""
    parsed = parse_feed(body, content_type, feed.url)
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        item = normalize_entry(entry, feed.id, fetched_at)
        if item is not None and item.key not in items:
            items[item.key] = item
    return list(items.values()), parsed.warning


@dataclass(frozen=True)
class Prepared:
    """A fetched document made ready to store: its items tagged, as rows, or why it could not be read."""

    digest: str
    items: list[ItemRow] = field(default_factory=list)
    warning: str | None = None
    error: str | None = None
    unchanged: bool = False


def prepare_document(body: bytes, content_type: str | None, feed: Feed, fetched_at: datetime, tag: TagFn) -> Prepared:
    """Hash, parse, normalise and tag one document, and make its items the store's rows (pure; runs in a
    worker process for big passes)."""
    digest = hashlib.sha256(body).hexdigest()
    if digest == feed.content_hash:  # the server ignored our conditional GET but sent the same bytes
        return Prepared(digest, unchanged=True)
    try:
        items, warning = items_from_document(body, content_type, feed, fetched_at)
    except ParseError as exc:
        return Prepared(digest, error=str(exc))
    return Prepared(digest, [item_row(replace(item, tags=tag(item.title, item.summary))) for item in items], warning)


def ingest(
    store: Store, feed: Feed, result: FetchResult, prepared: Prepared | None, now: datetime, settings: Settings
) -> FetchOutcome:
    """Store what one fetch brought; record the attempt on the feed either way."""
    record = {
        "now": now,
        "default_interval": settings.fetch.interval,
        "max_backoff": settings.fetch.max_backoff,
    }
    if result.status != "ok" or prepared is None:
        store.record_fetch(feed, result, status=result.status, error=result.error, **record)
        return FetchOutcome(feed, result.status, error=result.error)
    if prepared.unchanged:
        store.record_fetch(feed, result, status="not_modified", content_hash=prepared.digest, **record)
        return FetchOutcome(feed, "not_modified")
    if prepared.error:
        store.record_fetch(feed, result, status="failed", error=prepared.error, **record)
        return FetchOutcome(feed, "failed", error=prepared.error)
    known = store.known_items(feed.id, [item.key for item in prepared.items])
    new = store.save_items(feed.id, prepared.items, known, now)
    store.record_fetch(
        feed, result, status="ok", new_items=new, content_hash=prepared.digest, error=prepared.warning, **record
    )
    return FetchOutcome(feed, "ok", new_items=new, error=prepared.warning)


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

    async def ingest(self, feed: Feed, result: FetchResult, prepared: Prepared | None) -> FetchOutcome:
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
                return [self._ingest(job) for job in batch]
        except Exception:
            return [self._ingest_alone(job) for job in batch]

    def _ingest(self, job: _Arrived) -> FetchOutcome:
        return ingest(self._store, job.feed, job.result, job.prepared, self._clock(), self._settings)

    def _ingest_alone(self, job: _Arrived) -> FetchOutcome | Exception:
        try:
            with self._store.transaction():
                return self._ingest(job)
        except Exception as exc:
            return exc


async def refresh_feeds(
    store: Store,
    settings: Settings,
    tagger: Tagger,
    clock: Clock,
    *,
    due_only: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_outcome: Callable[[FetchOutcome], None] | None = None,
) -> PassSummary:
    """One pass: fetch the chosen feeds concurrently, prepare each as it arrives, store it."""
    now = clock()
    feeds, held = store.feeds_to_fetch(now, settings.fetch.interval, due_only=due_only)
    summary = PassSummary(skipped=held)
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
                return await writer.ingest(feed, result, prepared)

        tasks = [asyncio.create_task(fetch_one(feed)) for feed in feeds]
        try:
            for next_done in asyncio.as_completed(tasks):
                outcome = await next_done
                if outcome.status == "failed":
                    log.warning("feed %s failed: %s", outcome.feed.url, outcome.error)
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
    store.prune_history(now)
    return summary


# A month before with this many items is summarised in a worker process while this month's stories are built: at
# 50,000 items each takes seconds, and there are two cores. Below it, starting a worker costs more than it saves.
SUMMARY_WORKER_FROM = 10_000


def month_digest_model(
    store: Store, settings: Settings, rules: Rules, month: tuple[int, int], lang: str, now: datetime
) -> Digest:
    """Read the month (and the one before, for trends) from the store and build the digest model."""
    tz = settings.digest.tz
    start, end = month_window(month, tz)
    before_start, before_end = month_window(previous_month(month), tz)
    with (
        collector_paused(),
        _summary_of(store, before_start, before_end, settings.digest.krw_per_usd, rules) as previous,
    ):
        return build_digest(
            month,
            store.items(start=start, end=end),
            previous,
            rules,
            settings.digest,
            language=lang,
            now=now,
            health=group_health(store.feed_health(start, end)),
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block. Grouping a month's stories makes millions of short-lived
    tuples and sets, none in a cycle (reference counting frees them), and the collector's passes over them and over
    the month's items took a quarter of the digest's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _summary_of(
    store: Store, start: datetime, end: datetime, krw_per_usd: float, rules: Rules
) -> Iterator[Callable[[], MonthSummary]]:
    """summarise_month() of the items published in [start, end), as a function to call when it is needed. For a big
    month in a database file it is worked out meanwhile in a worker process with a read-only connection of its own;
    otherwise (or if the worker dies) when called."""

    def here() -> MonthSummary:
        return summarise_month(store.items(start=start, end=end), krw_per_usd, rules)

    if store.path is None or store.count_items(start, end) < SUMMARY_WORKER_FROM:
        yield here
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        future = pool.submit(summarise_stored_month, store.path, start, end, krw_per_usd, rules)

        def result() -> MonthSummary:
            try:
                return future.result()
            except BrokenProcessPool:
                log.warning("the worker process summarising the month before stopped; summarising it here")
                return here()

        yield result


def summarise_stored_month(
    path: Path, start: datetime, end: datetime, krw_per_usd: float, rules: Rules | None = None
) -> MonthSummary:
    """summarise_month() of the items published in [start, end), read through a read-only connection of its own
    (in a worker process, with the collector paused as in month_digest_model)."""
    with collector_paused(), Store.reader(path) as store:
        return summarise_month(store.items(start=start, end=end), krw_per_usd, rules)


# --- the monthly digest, mailed exactly once -------------------------------------------------------


@dataclass(frozen=True)
class RenderedDigest:
    month: str
    lang: str
    subject: str
    model: Digest
    email_html: str  # charts as cid: images
    page_html: str  # charts as table bars only, for the outbox
    text: str
    charts: dict[str, bytes]


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def render_month(
    store: Store, settings: Settings, rules: Rules, month: tuple[int, int], lang: str, now: datetime
) -> RenderedDigest:
    model = month_digest_model(store, settings, rules, month, lang, now)
    env = template_environment(settings.digest.templates)
    charts = digest_charts(model)
    email_html = render_digest(model, "html", env, {name: f"cid:{chart_cid(name)}" for name in charts})
    rendered = RenderedDigest(
        month=month_label(month),
        lang=lang,
        subject=model.title,
        model=model,
        email_html=email_html,
        page_html=render_digest(model, "html", env),
        text=render_digest(model, "text", env),
        charts=charts,
    )
    store.archive_digest(rendered.month, lang, "email", digest_to_json(model), email_html, now)
    return rendered


def recipients(settings: Settings) -> list[str]:
    return list(settings.mail.recipients) if settings.mail else [OUTBOX_RECIPIENT]


def queue_month(
    store: Store, settings: Settings, rules: Rules, month: tuple[int, int], now: datetime, *, to: str | None = None
) -> int:
    """Render the month once and queue one message per recipient (or one test copy `to`)."""
    lang = settings.digest.language
    digest = render_month(store, settings, rules, month, lang, now)
    sender = settings.mail.sender if settings.mail else OUTBOX_SENDER
    kind = "test" if to else "monthly"
    queued = 0
    with store.transaction():  # every recipient or none: a crash cannot leave some unqueued
        for recipient in [to] if to else recipients(settings):
            msg_id = message_id(digest.month, recipient, sender, kind if not to else f"test-{now.timestamp()}")
            message = compose(
                subject=digest.subject,
                text=digest.text,
                html=digest.email_html,
                charts=digest.charts,
                sender=sender,
                recipient=recipient if settings.mail else OUTBOX_READER,
                msg_id=msg_id,
                date=now,
                list_unsubscribe=settings.mail.list_unsubscribe if settings.mail else None,
            )
            queued += store.queue_delivery(
                month=digest.month, lang=lang, recipient=recipient, kind=kind, message_id=msg_id,
                message=message.as_bytes(), now=now,
            )  # fmt: skip
    return queued


def deliver_due(store: Store, settings: Settings, now: datetime, factory: SmtpFactory = open_smtp) -> DeliveryReport:
    """Send every queued message whose time has come; failures stay queued with a reason."""
    report = DeliveryReport()
    for row in store.due_deliveries(now):
        who = f"{row['month']} to {row['recipient']}"
        store.mark_delivery(row["id"], "sending", now)
        if settings.mail is None:
            stem = f"digest-{row['month']}-{row['lang']}"
            html, images = outbox_page(row["message"], stem)
            eml, page = write_outbox(settings.outbox, stem, row["message"], html, images)
            store.mark_delivery(row["id"], "sent", now)
            log.info("digest %s written to the outbox: %s and %s", row["month"], eml, page)
            report.sent.append(who)
            continue
        try:
            send(row["message"], settings.mail.sender, row["recipient"], settings.mail, factory)
        except SendFailure as failure:
            if failure.permanent:
                store.mark_delivery(row["id"], "failed", now, error=f"{failure}; waiting for you (fix it, then "
                                    f"`monitor digest --month {row['month']} --send`)", permanent=True)  # fmt: skip
                log.error("digest %s not sent, permanently: %s", who, failure)
                report.failed.append(f"{who}: {failure}")
            else:
                wait = min(MAX_RETRY_WAIT, settings.mail.retry * 2 ** max(0, row["attempts"] - 1))
                retry_at = now + timedelta(seconds=wait)
                store.mark_delivery(row["id"], "queued", now, error=f"{failure}; retrying", retry_at=retry_at)
                log.warning("digest %s queued for retry in %.0fs: %s", who, wait, failure)
                report.retrying.append(f"{who}: {failure}")
            continue
        store.mark_delivery(row["id"], "sent", now)
        log.info("digest %s sent", who)
        report.sent.append(who)
    return report


def outbox_page(message: bytes, stem: str) -> tuple[str, dict[str, bytes]]:
    """A stored message's HTML for a file, its cid: charts turned into PNG files named beside it."""
    parsed = message_from_bytes(message, policy=default_policy)
    body = parsed.get_body(("html",))
    html = body.get_content() if body is not None else ""
    images = {}
    for part in parsed.walk():
        cid = (part["Content-ID"] or "").strip("<>")
        if part.get_content_type() == "image/png" and cid:
            name = f"{stem}-{cid.split('@')[0].removeprefix('chart-')}.png"
            images[name] = part.get_payload(decode=True)
            html = html.replace(f"cid:{cid}", name)
    return html, images


def months_to_catch_up(store: Store, settings: Settings, now: datetime) -> list[tuple[int, int]]:
    """Months that ended after the database was created, whose digest time has come, not yet queued."""
    tz = settings.digest.tz
    trigger = CronTrigger.from_crontab(settings.schedule_digest, timezone=tz)
    month = month_of(store.created(), tz)
    last = store.last_sent_month()
    if last:
        month = max(month, next_month(parse_month(last)))
    done = store.queued_months()
    due = []
    while True:
        ended = month_window(month, tz)[1]
        fire = trigger.get_next_fire_time(None, ended)
        if ended > now or fire is None or fire > now:
            return due
        if month_label(month) not in done:
            due.append(month)
        month = next_month(month)
