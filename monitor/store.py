"""The SQLite store: feeds and their state, items and their tags, fetch history."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlite_utils import Database

from monitor.config import FeedConfig
from monitor.errors import StoreError, UsageError
from monitor.migrations import migrations
from monitor.models import Feed, FetchResult, Item, ItemRow, Tags

HISTORY_KEPT = timedelta(days=397)  # 13 months
# The write-ahead log is folded into the database (with an fsync) when it reaches this many 4 KiB pages;
# SQLite's default of 1,000 put a checkpoint inside every few commits of a big fetch pass.
WAL_CHECKPOINT_PAGES = 8000


def utc_text(moment: datetime) -> str:
    """One sortable text form for every stored time."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"  # as %Y-%m-%dT%H:%M:%S.%fZ


def parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    # utc_text's form; fromisoformat reads it (Z included) some 20 times faster than strptime
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def item_row(item: Item) -> ItemRow:
    """The item as the store writes it (pure)."""
    tags = item.tags
    published = utc_text(item.published)
    return ItemRow(
        item.key, item.url, item.guid, item.title, item.summary, published, item.date_estimated, item.lang,
        _content_hash(item, published), _json(tags.companies), _json(tags.layers), tags.primary_layer,
        _tag_detail(tags), _tag_triples(tags),
    )  # fmt: skip


def item_hash(item: Item) -> str:
    """What makes a stored copy of an item stale; an estimated date is not part of it."""
    return _content_hash(item, utc_text(item.published))


def _content_hash(item: Item, published: str) -> str:
    text = "\x1f".join((item.url or "", item.title, item.summary, "" if item.date_estimated else published))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredItem:
    id: int
    url: str | None
    title: str
    summary: str
    published: datetime
    date_estimated: bool
    lang: str
    feeds: tuple[str, ...]
    companies: tuple[str, ...]
    layers: tuple[str, ...]
    primary_layer: str | None
    first_seen: datetime
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Known:
    id: int
    content_hash: str
    in_feed: bool


class Store:
    """Owns one SQLite connection. Create with `Store.open(path)`; use as a context manager."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self.conn: sqlite3.Connection = db.conn

    @classmethod
    def open(cls, path: Path, now: datetime) -> Store:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            db = Database(conn)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from None
        store = cls(db, path)
        store.migrate(now)
        return store

    @classmethod
    def reader(cls, path: Path) -> Store:
        """A read-only connection to an existing database, for a worker process that only reads it."""
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from None
        return cls(Database(conn), path)

    @classmethod
    def memory(cls, now: datetime) -> Store:
        store = cls(Database(memory=True), None)
        store.migrate(now)
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- schema -------------------------------------------------------------------------------

    def migrate(self, now: datetime) -> None:
        try:
            pending = migrations.pending(self.db)
            if pending and migrations.applied(self.db) and self.path is not None:
                self.backup(self.path.with_name(f"{self.path.name}.before-{pending[0].name}"))
            migrations.apply(self.db)
            self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)", (utc_text(now),))
        except sqlite3.Error as exc:
            where = self.path or ":memory:"
            raise StoreError(f"{where}: cannot prepare the database ({exc})") from None

    def created(self) -> datetime:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
        return parse_utc(row[0]) if row else datetime.now(UTC)

    def backup(self, target: Path) -> None:
        """A consistent copy through SQLite's backup API, safe while others write."""
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with sqlite3.connect(str(target)) as dest:
                self.conn.backup(dest)
            dest.close()
        except sqlite3.Error as exc:
            raise StoreError(f"{target}: backup failed ({exc})") from None

    def quick_check(self) -> bool:
        return self.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

    # --- feeds --------------------------------------------------------------------------------

    def sync_config_feeds(self, feeds: Sequence[FeedConfig], now: datetime) -> None:
        """Upsert the config's feeds; disable config feeds no longer listed (their items stay)."""
        listed = {f.url for f in feeds}
        with self.transaction():
            for feed in feeds:
                row = self.conn.execute(
                    "SELECT id FROM feeds WHERE config_url = ? OR url = ? ORDER BY config_url = ? DESC LIMIT 1",
                    (feed.url, feed.url, feed.url),
                ).fetchone()
                if row:
                    self.conn.execute(
                        "UPDATE feeds SET name = ?, interval = ?, enabled = 1, source = 'config',"
                        " config_url = ? WHERE id = ?",
                        (feed.name, feed.interval, feed.url, row[0]),
                    )
                else:
                    self.conn.execute(
                        "INSERT INTO feeds (url, config_url, name, interval, source, created)"
                        " VALUES (?, ?, ?, ?, 'config', ?)",
                        (feed.url, feed.url, feed.name, feed.interval, utc_text(now)),
                    )
            for feed_id, config_url in self.conn.execute(
                "SELECT id, config_url FROM feeds WHERE source = 'config' AND enabled = 1"
            ).fetchall():
                if config_url not in listed:
                    self.conn.execute("UPDATE feeds SET enabled = 0 WHERE id = ?", (feed_id,))

    def add_feed(self, url: str, name: str | None, source: str, now: datetime) -> bool:
        """Add or re-enable a feed; False when it was already enabled."""
        row = self.conn.execute("SELECT id, enabled FROM feeds WHERE url = ?", (url,)).fetchone()
        with self.transaction():
            if row is None:
                self.conn.execute(
                    "INSERT INTO feeds (url, name, source, created) VALUES (?, ?, ?, ?)",
                    (url, name, source, utc_text(now)),
                )
                return True
            if row[1]:
                return False
            self.conn.execute(
                "UPDATE feeds SET enabled = 1, source = ?, name = COALESCE(?, name) WHERE id = ?",
                (source, name, row[0]),
            )
            return True

    def remove_feed(self, url: str) -> None:
        """Stop fetching a feed; its items and history stay."""
        row = self.conn.execute("SELECT id, source FROM feeds WHERE url = ? OR config_url = ?", (url, url)).fetchone()
        if row is None:
            raise UsageError(f"no feed with URL {url}")
        if row[1] == "config":
            raise UsageError(f"{url} is listed in the config file: remove its [[feeds]] entry there")
        with self.transaction():
            self.conn.execute("UPDATE feeds SET enabled = 0, source = 'removed' WHERE id = ?", (row[0],))

    def feeds(self, *, include_disabled: bool = False) -> list[Feed]:
        where = "" if include_disabled else "WHERE enabled = 1"
        rows = self.conn.execute(f"SELECT * FROM feeds {where} ORDER BY id").fetchall()
        names = [d[0] for d in self.conn.execute("SELECT * FROM feeds LIMIT 0").description]
        return [_feed_from_row(dict(zip(names, row, strict=True))) for row in rows]

    def feeds_to_fetch(self, now: datetime, default_interval: float, *, due_only: bool) -> tuple[list[Feed], int]:
        """Enabled feeds to fetch now, and how many were held back by backoff or Retry-After."""
        chosen, held = [], 0
        for feed in self.feeds():
            if feed.held_until and feed.held_until > now:
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
        *,
        status: str,
        new_items: int = 0,
        content_hash: str | None = None,
        error: str | None = None,
        now: datetime,
        default_interval: float,
        max_backoff: float,
    ) -> None:
        """Update the feed's state and append to its fetch history, in one transaction.

        A failure holds the feed back: the server's Retry-After, else the feed's interval doubled
        per consecutive failure; both capped at `max_backoff`, so no feed is dropped for good.
        """
        at = utc_text(now)
        with self.transaction():
            if status == "failed":
                failures = feed.failures + 1
                wait = result.retry_after
                if wait is None:
                    wait = (feed.interval or default_interval) * 2 ** min(failures - 1, 30)
                held = utc_text(now + timedelta(seconds=min(wait, max_backoff)))
                self.conn.execute(
                    "UPDATE feeds SET failures = ?, held_until = ?, last_attempt = ?, last_status = ?,"
                    " last_error = ? WHERE id = ?",
                    (failures, held, at, status, error, feed.id),
                )
            else:
                self.conn.execute(
                    "UPDATE feeds SET failures = 0, held_until = NULL, last_attempt = ?, last_status = ?,"
                    " last_error = ?, last_success = ?, etag = COALESCE(?, etag),"
                    " last_modified = COALESCE(?, last_modified), content_hash = COALESCE(?, content_hash),"
                    " last_new_item = CASE WHEN ? > 0 THEN ? ELSE last_new_item END WHERE id = ?",
                    (
                        at,
                        status,
                        error,
                        at,
                        result.etag,
                        result.last_modified,
                        content_hash,
                        new_items,
                        at,
                        feed.id,
                    ),
                )
            if result.final_url and result.final_url != feed.url:
                taken = self.conn.execute("SELECT 1 FROM feeds WHERE url = ?", (result.final_url,)).fetchone()
                if not taken:
                    self.conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (result.final_url, feed.id))
            self.conn.execute(
                "INSERT INTO fetches (feed_id, at, status, http_status, bytes, new_items, duration, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    feed.id,
                    at,
                    status,
                    result.http_status,
                    result.bytes_read,
                    new_items,
                    result.duration,
                    error,
                ),
            )

    def prune_history(self, now: datetime) -> int:
        with self.transaction():
            cur = self.conn.execute("DELETE FROM fetches WHERE at < ?", (utc_text(now - HISTORY_KEPT),))
        return cur.rowcount

    # --- items --------------------------------------------------------------------------------

    def known_items(self, feed_id: int, keys: Sequence[str]) -> dict[str, Known]:
        known: dict[str, Known] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, item_id, digest, in_feed in self.conn.execute(
                f"SELECT key, id, content_hash, EXISTS (SELECT 1 FROM item_feeds f"
                f" WHERE f.item_id = items.id AND f.feed_id = ?) FROM items WHERE key IN ({marks})",
                (feed_id, *chunk),
            ):
                known[key] = Known(item_id, digest, bool(in_feed))
        return known

    def save_items(self, feed_id: int, items: Sequence[ItemRow], known: dict[str, Known], now: datetime) -> int:
        """Insert new items, update changed ones, link all to the feed. Returns how many were new.

        New items are written in bulk with ids assigned here: inside BEGIN IMMEDIATE nobody else writes.
        """
        at = utc_text(now)
        rows, tag_rows, links = [], [], []
        with self.transaction():
            first_id = next_id = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM items").fetchone()[0]
            for item in items:
                seen = known.get(item.key)
                if seen is None:
                    item_id = next_id
                    next_id += 1
                    rows.append(
                        (item_id, item.key, item.url, item.guid, item.title, item.summary, item.published,
                         int(item.date_estimated), item.lang, at, at, item.content_hash, item.companies, item.layers,
                         item.primary_layer, item.tag_detail)
                    )  # fmt: skip
                    tag_rows += [(item_id, kind, tag, score) for kind, tag, score in item.tags]
                else:
                    item_id = seen.id
                    if seen.content_hash != item.content_hash:
                        self._update_item(item_id, item, at)
                if seen is None or not seen.in_feed:
                    links.append((item_id, feed_id, at))
            self.conn.executemany(
                "INSERT INTO items (id, key, url, guid, title, summary, published, date_estimated, lang, first_seen,"
                " updated, content_hash, companies, layers, primary_layer, tag_detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if rows:  # full-text index, in one statement (updates and deletes keep their triggers)
                self.conn.execute(
                    "INSERT INTO items_fts (rowid, title, summary) SELECT id, title, summary FROM items WHERE id >= ?",
                    (first_id,),
                )
            self._insert_item_tags(tag_rows)
            self.conn.executemany(
                "INSERT OR IGNORE INTO item_feeds (item_id, feed_id, first_seen) VALUES (?, ?, ?)", links
            )
        return len(rows)

    def _update_item(self, item_id: int, item: ItemRow, at: str) -> None:
        self.conn.execute(
            "UPDATE items SET url = ?, title = ?, summary = ?,"
            " published = CASE WHEN ? THEN published ELSE ? END,"
            " date_estimated = CASE WHEN ? THEN date_estimated ELSE 0 END,"
            " lang = ?, updated = ?, content_hash = ?, companies = ?, layers = ?, primary_layer = ?,"
            " tag_detail = ? WHERE id = ?",
            (item.url, item.title, item.summary, int(item.date_estimated), item.published, int(item.date_estimated),
             item.lang, at, item.content_hash, item.companies, item.layers, item.primary_layer, item.tag_detail,
             item_id),
        )  # fmt: skip
        self.conn.execute("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
        self._insert_item_tags([(item_id, kind, tag, score) for kind, tag, score in item.tags])

    def _insert_item_tags(self, rows: list[tuple[int, str, str, float]]) -> None:
        if rows:
            self.conn.executemany(
                "INSERT OR REPLACE INTO item_tags (item_id, kind, tag, score) VALUES (?, ?, ?, ?)", rows
            )

    def _replace_item_tags(self, item_id: int, tags: Tags) -> None:
        self.conn.execute("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
        self._insert_item_tags(_tag_rows(item_id, tags))

    def items(
        self,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        company: str | None = None,
        layer: str | None = None,
        limit: int | None = None,
    ) -> list[StoredItem]:
        """Items published in [start, end), oldest first, optionally with one company or layer."""
        where, args = [], []
        if start is not None:
            where.append("i.published >= ?")
            args.append(utc_text(start))
        if end is not None:
            where.append("i.published < ?")
            args.append(utc_text(end))
        for kind, tag in (("company", company), ("layer", layer)):
            if tag:
                where.append("EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND t.kind = ? AND t.tag = ?)")
                args += [kind, tag]
        sql = _ITEM_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY i.published, i.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        lists: dict[str, tuple[str, ...]] = {}  # the items of a month share a few company, layer and feed lists
        return [_stored_item(row, lists) for row in self.conn.execute(sql, args)]

    def search(self, query: str, limit: int = 50) -> list[StoredItem]:
        """Full-text search on title and summary, newest first; each word also matches as a prefix."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            _ITEM_SELECT + " WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
            " ORDER BY i.published DESC, i.id DESC LIMIT ?"
        )
        return [_stored_item(row) for row in self.conn.execute(sql, (match, limit))]

    def item_by_url(self, url: str) -> StoredItem | None:
        rows = self.conn.execute(_ITEM_SELECT + " WHERE i.key = ? OR i.url = ? LIMIT 1", (url, url)).fetchall()
        return _stored_item(rows[0]) if rows else None

    def iter_tagged_texts(self, batch: int = 2000) -> Iterator[list[tuple[int, str, str, Tags]]]:
        """Batches of (id, title, summary, stored tags), in id order, for re-tagging."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT id, title, summary, companies, layers, primary_layer FROM items WHERE id > ?"
                " ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [(r[0], r[1], r[2], Tags(tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5])) for r in rows]

    def update_tags(self, changes: Sequence[tuple[int, Tags]]) -> None:
        with self.transaction():
            for item_id, tags in changes:
                self.conn.execute(
                    "UPDATE items SET companies = ?, layers = ?, primary_layer = ?, tag_detail = ? WHERE id = ?",
                    (*_tag_columns(tags), item_id),
                )
                self._replace_item_tags(item_id, tags)

    def feed_health(self, start: datetime, end: datetime, silent_days: float = 14) -> list[dict[str, Any]]:
        """Feeds that failed, were rate-limited, or delivered no new item for `silent_days` in [start, end)."""
        lo, hi = utc_text(start), utc_text(end)
        rows: list[dict[str, Any]] = []
        for feed_id, url, name in self.conn.execute("SELECT id, url, name FROM feeds ORDER BY url").fetchall():
            attempts = self.conn.execute(
                "SELECT at, status, http_status, new_items, error FROM fetches WHERE feed_id = ? AND at >= ? AND at < ?"
                " ORDER BY at",
                (feed_id, lo, hi),
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
            "SELECT MAX(at) FROM fetches WHERE feed_id = ? AND new_items > 0 AND at < ?", (feed_id, utc_text(start))
        ).fetchone()[0]
        marks = [max(parse_utc(before), start) if before else start]  # type: ignore[type-var]
        marks += [parse_utc(a[0]) for a in attempts if a[3] > 0]
        marks.append(parse_utc(attempts[-1][0]))
        return max((b - a).total_seconds() / 86400 for a, b in itertools.pairwise(marks)) if len(marks) > 1 else 0

    def archive_digest(
        self, month: str, lang: str, fmt: str, model: dict[str, Any], rendered: str, now: datetime
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO digests (month, lang, format, model, rendered, created) VALUES (?, ?, ?, ?, ?, ?)",
                (month, lang, fmt, json.dumps(model, ensure_ascii=False), rendered, utc_text(now)),
            )

    def stored_digest_model(self, month: str, lang: str) -> dict[str, Any] | None:
        """The model of the latest digest rendered for this month and language."""
        row = self.conn.execute(
            "SELECT model FROM digests WHERE month = ? AND lang = ? ORDER BY id DESC LIMIT 1", (month, lang)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def archived_digests(self) -> list[tuple[str, str, str, str, str]]:
        """(month, lang, format, model JSON, created) of the latest archived digest of every month and language."""
        return self.conn.execute(
            "SELECT month, lang, format, model, created FROM digests WHERE id IN"
            " (SELECT MAX(id) FROM digests GROUP BY month, lang) ORDER BY month, lang"
        ).fetchall()

    # --- deliveries and jobs -------------------------------------------------------------------

    def queue_delivery(
        self, *, month: str, lang: str, recipient: str, kind: str, message_id: str, message: bytes, now: datetime
    ) -> bool:
        """Queue one message; False when this month's monthly message to this recipient exists already."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO deliveries (month, lang, recipient, kind, message_id, message, next_attempt,"
                " queued) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (month, lang, recipient, kind, message_id, message, utc_text(now), utc_text(now)),
            )
        return cur.rowcount == 1

    def deliveries(self, month: str | None = None, kind: str | None = "monthly") -> list[dict[str, Any]]:
        where, args = [], []
        if month:
            where.append("month = ?")
            args.append(month)
        if kind:
            where.append("kind = ?")
            args.append(kind)
        sql = "SELECT * FROM deliveries" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return self._dicts(sql, args)

    def due_deliveries(self, now: datetime) -> list[dict[str, Any]]:
        """Queued messages whose time has come, oldest month first; also ones a crash left mid-send."""
        return self._dicts(
            "SELECT * FROM deliveries WHERE status IN ('queued', 'sending') AND permanent = 0 AND next_attempt <= ?"
            " ORDER BY month, id",
            [utc_text(now)],
        )

    def mark_delivery(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        *,
        error: str | None = None,
        permanent: bool = False,
        retry_at: datetime | None = None,
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE deliveries SET status = ?, last_error = ?, permanent = ?,"
                " attempts = attempts + (CASE WHEN ? = 'sending' THEN 1 ELSE 0 END),"
                " next_attempt = COALESCE(?, next_attempt), sent = CASE WHEN ? = 'sent' THEN ? ELSE sent END"
                " WHERE id = ?",
                (status, error, int(permanent), status, utc_text(retry_at) if retry_at else None, status,
                 utc_text(now), delivery_id),
            )  # fmt: skip

    def retry_queued_now(self, now: datetime) -> int:
        """On start: messages waiting out a transient failure are tried at once."""
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE deliveries SET next_attempt = ? WHERE status IN ('queued', 'sending') AND permanent = 0",
                (utc_text(now),),
            )
        return cur.rowcount

    def requeue_failed(self, month: str, now: datetime) -> int:
        """Give permanently failed monthly deliveries of a month another go (the user fixed the cause)."""
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE deliveries SET status = 'queued', permanent = 0, next_attempt = ? WHERE month = ?"
                " AND kind = 'monthly' AND status = 'failed'",
                (utc_text(now), month),
            )
        return cur.rowcount

    def forget_month(self, month: str) -> None:
        """Drop a month's monthly deliveries so they can be sent again (--force)."""
        with self.transaction():
            self.conn.execute("DELETE FROM deliveries WHERE month = ? AND kind = 'monthly'", (month,))

    def last_sent_month(self) -> str | None:
        row = self.conn.execute(
            "SELECT MAX(month) FROM deliveries WHERE kind = 'monthly' AND status = 'sent'"
        ).fetchone()
        return row[0] if row else None

    def queued_months(self) -> set[str]:
        rows = self.conn.execute("SELECT DISTINCT month FROM deliveries WHERE kind = 'monthly'").fetchall()
        return {r[0] for r in rows}

    def record_job(
        self,
        name: str,
        *,
        now: datetime,
        interval: float | None = None,
        next_run: datetime | None = None,
        status: str | None = None,
        error: str | None = None,
        ran: bool = False,
    ) -> None:
        """A job's heartbeat, and when it ran, how it ended and when it runs next."""
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO jobs (name) VALUES (?)", (name,))
            self.conn.execute(
                "UPDATE jobs SET heartbeat = ?, interval = COALESCE(?, interval),"
                " next_run = COALESCE(?, next_run), last_status = COALESCE(?, last_status),"
                " last_error = CASE WHEN ? THEN ? ELSE last_error END,"
                " last_run = CASE WHEN ? THEN ? ELSE last_run END WHERE name = ?",
                (utc_text(now), interval, utc_text(next_run) if next_run else None, status, ran, error, ran,
                 utc_text(now), name),
            )  # fmt: skip

    def jobs(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM jobs ORDER BY name", [])

    def items_per_month(self, months: int, tz: Any) -> list[tuple[str, int]]:
        """Item counts of the last `months` months that have items, by month in `tz`, newest first."""
        offset = datetime.now(tz).utcoffset() or timedelta(0)
        modifier = f"{offset.total_seconds():+.0f} seconds"
        rows = self.conn.execute(
            "SELECT strftime('%Y-%m', published, ?) AS m, COUNT(*) FROM items GROUP BY m ORDER BY m DESC LIMIT ?",
            (modifier, months),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def _dicts(self, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, list(args))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def count_items(self, start: datetime | None = None, end: datetime | None = None) -> int:
        """Items stored, or published in [start, end)."""
        if start is None or end is None:
            return self.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        sql = "SELECT COUNT(*) FROM items WHERE published >= ? AND published < ?"
        return self.conn.execute(sql, (utc_text(start), utc_text(end))).fetchone()[0]

    # --- plumbing -----------------------------------------------------------------------------

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; nests as a no-op (savepoints would copy every page
    they touch to a sub-journal: a third of the cost of storing a fetch pass)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.outer = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.outer = True

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if not self.outer:
            return
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


_ITEM_SELECT = (
    "SELECT i.id, i.url, i.title, i.summary, i.published, i.date_estimated, i.lang, i.companies, i.layers,"
    " i.primary_layer, i.first_seen, json_extract(i.tag_detail, '$.scores'),"
    " (SELECT json_group_array(url) FROM (SELECT f.url FROM item_feeds x"
    " JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id ORDER BY f.url)) FROM items i"
)


def _stored_item(row: tuple[Any, ...], lists: dict[str, tuple[str, ...]] | None = None) -> StoredItem:
    """`lists` remembers JSON lists already read (the same ones come back often), so each is read once."""
    if lists is None:
        lists = {}
    return StoredItem(
        id=row[0],
        url=row[1],
        title=row[2],
        summary=row[3],
        published=parse_utc(row[4]),  # type: ignore[arg-type]
        date_estimated=bool(row[5]),
        lang=row[6],
        companies=lists.get(row[7]) or _json_list(row[7], lists),
        layers=lists.get(row[8]) or _json_list(row[8], lists),
        primary_layer=row[9],
        first_seen=parse_utc(row[10]),  # type: ignore[arg-type]
        scores=json.loads(row[11]) if row[11] else {},
        feeds=lists.get(row[12]) or _json_list(row[12], lists),
    )


def _json_list(text: str, lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    found = lists[text] = tuple(json.loads(text))
    return found


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
        source=row["source"],
    )


def _tag_columns(tags: Tags) -> tuple[str, str, str | None, str | None]:
    """companies, layers, primary_layer and tag_detail as stored in the items table."""
    return _json(tags.companies), _json(tags.layers), tags.primary_layer, _tag_detail(tags)


def _json(value: Any) -> str:
    """Compact JSON text with non-ASCII kept as is (orjson: a tenth of the json module's time per item)."""
    return orjson.dumps(value).decode()


def _tag_rows(item_id: int, tags: Tags) -> list[tuple[int, str, str, float]]:
    return [(item_id, kind, tag, score) for kind, tag, score in _tag_triples(tags)]


def _tag_triples(tags: Tags) -> tuple[tuple[str, str, float], ...]:
    """(kind, tag, score) for each company and layer: the item's rows of item_tags."""
    companies = tuple(("company", c, tags.scores.get(c, 0.0)) for c in tags.companies)
    return companies + tuple(("layer", layer, tags.scores.get(layer, 0.0)) for layer in tags.layers)


def _tag_detail(tags: Tags) -> str | None:
    if not tags.evidence:
        return None
    return _json(
        {
            "scores": tags.scores,
            "evidence": [[e.kind, e.tag, e.term, e.field, e.position, e.weight] for e in tags.evidence],
        }
    )


_FTS_WORD = re.compile(r"[\w\-.+#]+", re.UNICODE)


def fts_query(text: str) -> str:
    """User words -> an FTS5 query: every word must match, as a prefix (엔비디아 finds 엔비디아의)."""
    words = [w.strip(".-") for w in _FTS_WORD.findall(text)]
    return " ".join(f'"{w}"*' for w in words if w)
