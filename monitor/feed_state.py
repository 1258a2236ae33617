"""What one fetch changes in a feed's state: consecutive failures, when to try next, a redirect to adopt [pure]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.models import Feed, FetchResult

MAX_DOUBLINGS = 30  # 2**30 intervals is past any cap; the exponent stops growing there


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """The feed's state after a fetch, as the store records it."""

    failures: int
    held_until: datetime | None  # no attempt before this time (backoff or Retry-After); None: as scheduled
    moved_to: str | None  # a permanent redirect's target, to become the feed's URL unless another feed has it


def next_attempt(
    failures: int, interval: float, retry_after: float | None, now: datetime, max_backoff: float
) -> datetime:
    """When a feed that failed `failures` times in a row is tried again: the server's Retry-After, else its
    interval doubled per consecutive failure; both capped at `max_backoff`, so no feed is dropped for good."""
    wait = retry_after if retry_after is not None else interval * 2 ** min(failures - 1, MAX_DOUBLINGS)
    return now + timedelta(seconds=min(wait, max_backoff))


def feed_update(
    feed: Feed, result: FetchResult, *, failed: bool, now: datetime, default_interval: float, max_backoff: float
) -> FeedUpdate:
    """The state one fetch leaves the feed in: a failure holds it back, anything else clears the hold."""
    moved_to = result.final_url if result.final_url and result.final_url != feed.url else None
    if not failed:
        return FeedUpdate(0, None, moved_to)
    failures = feed.failures + 1
    interval = feed.interval or default_interval
    return FeedUpdate(failures, next_attempt(failures, interval, result.retry_after, now, max_backoff), moved_to)
