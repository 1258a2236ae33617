"""The one place that joins the stages: fetch -> parse -> normalise -> tag -> store."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from monitor.config import Settings
from monitor.digest import build_digest, group_health
from monitor.errors import ParseError
from monitor.fetch import HostLimiter, fetch_feed, make_client
from monitor.models import Feed, FetchOutcome, FetchResult, Item, Tags
from monitor.months import month_window, previous_month
from monitor.normalize import normalize_entry
from monitor.parse import parse_feed
from monitor.rules import Rules
from monitor.store import Store, item_hash

log = logging.getLogger("monitor.pipeline")

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


def ingest(
    store: Store, feed: Feed, result: FetchResult, tag: TagFn, now: datetime, settings: Settings
) -> FetchOutcome:
    """Store what one fetch brought; record the attempt on the feed either way."""
    record = {
        "now": now,
        "default_interval": settings.fetch.interval,
        "max_backoff": settings.fetch.max_backoff,
    }
    if result.status != "ok" or result.body is None:
        store.record_fetch(feed, result, status=result.status, error=result.error, **record)
        return FetchOutcome(feed, result.status, error=result.error)
    digest = hashlib.sha256(result.body).hexdigest()
    if digest == feed.content_hash:  # the server ignored our conditional GET but sent the same bytes
        store.record_fetch(feed, result, status="not_modified", content_hash=digest, **record)
        return FetchOutcome(feed, "not_modified")
    try:
        items, warning = items_from_document(result.body, result.content_type, feed, now)
    except ParseError as exc:
        store.record_fetch(feed, result, status="failed", error=str(exc), **record)
        return FetchOutcome(feed, "failed", error=str(exc))
    new = save_tagged(store, feed.id, items, tag, now)
    store.record_fetch(feed, result, status="ok", new_items=new, content_hash=digest, error=warning, **record)
    return FetchOutcome(feed, "ok", new_items=new, error=warning)


def save_tagged(store: Store, feed_id: int, items: Sequence[Item], tag: TagFn, now: datetime) -> int:
    """Tag only the items that are new or changed, then save; returns how many were new."""
    known = store.known_items(feed_id, [item.key for item in items])
    ready = []
    for item in items:
        seen = known.get(item.key)
        if seen is None or seen.content_hash != item_hash(item):
            item = replace(item, tags=tag(item.title, item.summary))
        ready.append(item)
    return store.save_items(feed_id, ready, known, now)


async def refresh_feeds(
    store: Store,
    settings: Settings,
    tag: TagFn,
    clock: Clock,
    *,
    due_only: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_outcome: Callable[[FetchOutcome], None] | None = None,
) -> PassSummary:
    """One pass: fetch the chosen feeds concurrently and store each as it arrives."""
    now = clock()
    feeds, held = store.feeds_to_fetch(now, settings.fetch.interval, due_only=due_only)
    summary = PassSummary(skipped=held)
    if on_start:
        on_start(len(feeds))
    limiter = HostLimiter(settings.fetch.concurrency, settings.fetch.per_host)

    async with make_client(settings.fetch) as client:

        async def fetch_one(feed: Feed) -> tuple[Feed, FetchResult]:
            async with limiter.slot(feed.url):
                return feed, await fetch_feed(client, feed, settings.fetch)

        tasks = [asyncio.create_task(fetch_one(feed)) for feed in feeds]
        try:
            for next_done in asyncio.as_completed(tasks):
                feed, result = await next_done
                outcome = ingest(store, feed, result, tag, clock(), settings)
                if outcome.status == "failed":
                    log.warning("feed %s failed: %s", feed.url, outcome.error)
                summary.add(outcome)
                if on_outcome:
                    on_outcome(outcome)
        finally:  # on cancellation (shutdown), stop what is still in flight; stored feeds stay stored
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    store.prune_history(now)
    return summary


def month_digest_model(
    store: Store, settings: Settings, rules: Rules, month: tuple[int, int], lang: str, now: datetime
) -> dict[str, Any]:
    """Read the month (and the one before, for trends) from the store and build the digest model."""
    tz = settings.digest.tz
    start, end = month_window(month, tz)
    before_start, before_end = month_window(previous_month(month), tz)
    return build_digest(
        month,
        store.items(start=start, end=end),
        store.items(start=before_start, end=before_end),
        rules,
        settings.digest,
        language=lang,
        now=now,
        health=group_health(store.feed_health(start, end)),
    )
