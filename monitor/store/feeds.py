"""Feeds, their fetch state and fetch history; which feeds are due; the feeds' health over a window."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from monitor.config import FeedConfig
from monitor.errors import UsageError
from monitor.feed_state import FeedUpdate
from monitor.models import Feed, FetchResult
from monitor.store.db import Table, parse_utc, utc_text, utc_text_or_none

HISTORY_KEPT = timedelta(days=397)  # 13 months

_CONFIG_FEED = "SELECT id FROM feeds WHERE config_url = :url OR url = :url ORDER BY config_url = :url DESC LIMIT 1"
_ADD = "INSERT INTO feeds (url, name, source, created) VALUES (:url, :name, :added_by, :now)"
_REENABLE = "UPDATE feeds SET enabled = 1, source = :added_by, name = COALESCE(:name, name) WHERE id = :id"
_FAILED = (
    "UPDATE feeds SET failures = :failures, held_until = :held_until, last_attempt = :at, last_status = :status,"
    " last_error = :error WHERE id = :id"
)
_SUCCEEDED = (
    "UPDATE feeds SET failures = 0, held_until = NULL, last_attempt = :at, last_status = :status,"
    " last_error = :error, last_success = :at, etag = COALESCE(:etag, etag),"
    " last_modified = COALESCE(:last_modified, last_modified), content_hash = COALESCE(:content_hash, content_hash),"
    " last_new_item = CASE WHEN :new_items > 0 THEN :at ELSE last_new_item END WHERE id = :id"
)
_MOVED = "UPDATE feeds SET url = :url WHERE id = :id AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = :url)"
_HISTORY = (
    "INSERT INTO fetches (feed_id, at, status, http_status, bytes, new_items, duration, error)"
    " VALUES (:id, :at, :status, :http_status, :bytes, :new_items, :duration, :error)"
)


class Feeds(Table):
    def sync_config(self, feeds: Sequence[FeedConfig], now: datetime) -> None:
        """Upsert the config's feeds; disable config feeds no longer listed (their items stay)."""
        listed = {f.url for f in feeds}
        with self.transaction():
            for feed in feeds:
                values = {
                    "url": feed.url, "name": feed.name, "interval": feed.interval, "timezone": feed.timezone,
                    "now": utc_text(now),
                }  # fmt: skip
                row = self.conn.execute(_CONFIG_FEED, values).fetchone()
                if row:
                    self.conn.execute(
                        "UPDATE feeds SET name = :name, interval = :interval, enabled = 1, source = 'config',"
                        " config_url = :url, timezone = :timezone WHERE id = :id",
                        {**values, "id": row[0]},
                    )
                else:
                    self.conn.execute(
                        "INSERT INTO feeds (url, config_url, name, interval, source, created, timezone)"
                        " VALUES (:url, :url, :name, :interval, 'config', :now, :timezone)",
                        values,
                    )
            for feed_id, config_url in self.conn.execute(
                "SELECT id, config_url FROM feeds WHERE source = 'config' AND enabled = 1"
            ).fetchall():
                if config_url not in listed:
                    self.conn.execute("UPDATE feeds SET enabled = 0 WHERE id = :id", {"id": feed_id})

    def add(self, url: str, name: str | None, added_by: str, now: datetime) -> bool:
        """Add or re-enable a feed; False when it was already enabled."""
        row = self.conn.execute("SELECT id, enabled FROM feeds WHERE url = :url", {"url": url}).fetchone()
        values = {"url": url, "name": name, "added_by": added_by, "now": utc_text(now)}
        with self.transaction():
            if row is None:
                self.conn.execute(_ADD, values)
                return True
            if row[1]:
                return False
            self.conn.execute(_REENABLE, {**values, "id": row[0]})
            return True

    def remove(self, url: str) -> None:
        """Stop fetching a feed; its items and history stay."""
        row = self.conn.execute(
            "SELECT id, source FROM feeds WHERE url = :url OR config_url = :url", {"url": url}
        ).fetchone()
        if row is None:
            raise UsageError(f"no feed with URL {url}")
        if row[1] == "config":
            raise UsageError(f"{url} is listed in the config file: remove its [[feeds]] entry there")
        with self.transaction():
            self.conn.execute("UPDATE feeds SET enabled = 0, source = 'removed' WHERE id = :id", {"id": row[0]})

    def select(self, *, include_disabled: bool = False) -> list[Feed]:
        where = "" if include_disabled else "WHERE enabled = 1"
        cur = self.conn.execute(f"SELECT * FROM feeds {where} ORDER BY id")
        names = [d[0] for d in cur.description]
        return [_feed_from_row(dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    def to_fetch(
        self, now: datetime, default_interval: float, *, due_only: bool, force: bool = False
    ) -> tuple[list[Feed], int]:
        """Enabled feeds to fetch now, and how many were held back by backoff or Retry-After (`force`: none)."""
        chosen, held = [], 0
        for feed in self.select():
            if not force and feed.held_until and feed.held_until > now:
                held += 1
                continue
            interval = feed.interval or default_interval
            if due_only and feed.last_attempt and feed.last_attempt + timedelta(seconds=interval) > now:
                continue
            chosen.append(feed)
        return chosen, held

    def record_fetch(
        self,
        feed: Feed,
        result: FetchResult,
        update: FeedUpdate,
        *,
        status: str,
        now: datetime,
        new_items: int = 0,
        content_hash: str | None = None,
        error: str | None = None,
    ) -> None:
        """Set the feed's state as `update` says and append the attempt to its fetch history, in one transaction."""
        values = {
            "id": feed.id, "at": utc_text(now), "status": status, "error": error, "new_items": new_items,
            "failures": update.failures, "held_until": utc_text_or_none(update.held_until), "etag": result.etag,
            "last_modified": result.last_modified, "content_hash": content_hash, "http_status": result.http_status,
            "bytes": result.bytes_read, "duration": result.duration,
        }  # fmt: skip
        with self.transaction():
            self.conn.execute(_FAILED if status == "failed" else _SUCCEEDED, values)
            if update.moved_to:
                self.conn.execute(_MOVED, {"url": update.moved_to, "id": feed.id})
            self.conn.execute(_HISTORY, values)

    def set_date_zone(self, feed_id: int, zone: str) -> None:
        """Remember the zone a feed's dates without a zone were read in (shown by `feeds list`)."""
        values = {"zone": zone, "id": feed_id}
        self.conn.execute("UPDATE feeds SET date_zone = :zone WHERE id = :id AND date_zone IS NOT :zone", values)

    def prune_history(self, now: datetime) -> int:
        with self.transaction():
            cur = self.conn.execute("DELETE FROM fetches WHERE at < :before", {"before": utc_text(now - HISTORY_KEPT)})
        return cur.rowcount

    def health(self, start: datetime, end: datetime, silent_days: float = 14) -> list[dict[str, Any]]:
        """Feeds that failed, were rate-limited, or delivered no new item for `silent_days` in [start, end)."""
        window = {"lo": utc_text(start), "hi": utc_text(end)}
        rows: list[dict[str, Any]] = []
        for feed_id, url, name in self.conn.execute("SELECT id, url, name FROM feeds ORDER BY url").fetchall():
            attempts = self.conn.execute(
                "SELECT at, status, http_status, new_items, error FROM fetches"
                " WHERE feed_id = :id AND at >= :lo AND at < :hi ORDER BY at",
                {**window, "id": feed_id},
            ).fetchall()
            if not attempts:
                continue
            failed = [a for a in attempts if a[1] == "failed"]
            limited = [a for a in failed if a[2] in (429, 503)]
            if len(failed) > len(limited):
                last = [a for a in failed if a not in limited][-1]
                rows.append({"url": url, "name": name, "problem": "failed",
                             "detail": f"{len(failed) - len(limited)} failed attempts, last: {last[4]}"})  # fmt: skip
            if limited:
                rows.append({"url": url, "name": name, "problem": "rate_limited",
                             "detail": f"{len(limited)} times rate-limited (HTTP {limited[-1][2]})"})  # fmt: skip
            gap = self._longest_silence(feed_id, start, attempts)
            if gap >= silent_days:
                rows.append({"url": url, "name": name, "problem": "silent",
                             "detail": f"no new item for {gap:.0f} days"})  # fmt: skip
        return rows

    def _longest_silence(self, feed_id: int, start: datetime, attempts: list[tuple[Any, ...]]) -> float:
        before = self.conn.execute(
            "SELECT MAX(at) FROM fetches WHERE feed_id = :id AND new_items > 0 AND at < :start",
            {"id": feed_id, "start": utc_text(start)},
        ).fetchone()[0]
        marks = [max(parse_utc(before), start) if before else start]
        marks += [parse_utc(a[0]) for a in attempts if a[3] > 0]
        marks.append(parse_utc(attempts[-1][0]))
        return max((b - a).total_seconds() / 86400 for a, b in itertools.pairwise(marks)) if len(marks) > 1 else 0


def _feed_from_row(row: dict[str, Any]) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        interval=row["interval"],
        enabled=bool(row["enabled"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        content_hash=row["content_hash"],
        failures=row["failures"],
        held_until=parse_utc(row["held_until"]),
        last_attempt=parse_utc(row["last_attempt"]),
        last_status=row["last_status"],
        last_error=row["last_error"],
        added_by=row["source"],
        timezone=row.get("timezone"),
        date_zone=row.get("date_zone"),
    )
