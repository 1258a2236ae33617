"""The next attempt after a fetch, as a table: backoff doubling, Retry-After, the cap, redirects adopted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.feed_state import FeedUpdate, feed_update, next_attempt
from monitor.models import Feed, FetchResult

NOW = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)
HOUR = 3600.0


@pytest.mark.parametrize(
    ("failures", "interval", "retry_after", "max_backoff", "wait"),
    [
        (1, HOUR, None, 24 * HOUR, HOUR),  # first failure: one interval
        (2, HOUR, None, 24 * HOUR, 2 * HOUR),  # doubled per consecutive failure
        (4, HOUR, None, 24 * HOUR, 8 * HOUR),
        (6, HOUR, None, 24 * HOUR, 24 * HOUR),  # 32 h capped at max_backoff
        (500, HOUR, None, 24 * HOUR, 24 * HOUR),  # the exponent stops growing; still capped
        (3, HOUR, 120.0, 24 * HOUR, 120.0),  # the server's Retry-After wins over doubling
        (1, HOUR, 0.0, 24 * HOUR, 0.0),  # Retry-After: 0 means at once
        (1, HOUR, 7 * 24 * HOUR, 24 * HOUR, 24 * HOUR),  # a huge Retry-After is capped too
    ],
)
def test_next_attempt(failures: int, interval: float, retry_after: float | None, max_backoff: float, wait: float):
    assert next_attempt(failures, interval, retry_after, NOW, max_backoff) == NOW + timedelta(seconds=wait)


@pytest.mark.parametrize(
    ("feed", "result", "failed", "expected"),
    [
        (Feed(1, "https://a.example/feed", failures=3), FetchResult("ok"), False, FeedUpdate(0, None, None)),
        (Feed(1, "https://a.example/feed"), FetchResult("failed"), True,
         FeedUpdate(1, NOW + timedelta(seconds=HOUR), None)),
        (Feed(1, "https://a.example/feed", interval=60.0, failures=2), FetchResult("failed"), True,
         FeedUpdate(3, NOW + timedelta(seconds=240), None)),  # the feed's own interval, not the default
        (Feed(1, "https://a.example/feed"), FetchResult("ok", final_url="https://b.example/feed"), False,
         FeedUpdate(0, None, "https://b.example/feed")),
        (Feed(1, "https://a.example/feed"), FetchResult("ok", final_url="https://a.example/feed"), False,
         FeedUpdate(0, None, None)),  # not a move
        (Feed(1, "https://a.example/feed"), FetchResult("failed", final_url="https://b.example/feed"), True,
         FeedUpdate(1, NOW + timedelta(seconds=HOUR), "https://b.example/feed")),
    ],
)  # fmt: skip
def test_feed_update(feed: Feed, result: FetchResult, failed: bool, expected: FeedUpdate):
    assert feed_update(feed, result, failed=failed, now=NOW, default_interval=HOUR, max_backoff=24 * HOUR) == expected
