"""The SQLite store: one connection, and one accessor per entity over it.

    with Store.open(path, now) as store:
        store.feeds.add(url, None, "cli", now)
        store.items.save(feed_id, rows, known, now)

`Store` holds the connection and what concerns the whole database (migrations, backup, integrity, the
transaction helper); each entity's SQL lives in its own module (feeds, items, digests, deliveries, jobs,
summaries), so no class grows past what one reads in a sitting and a caller's line names the entity it touches.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from monitor.models import StoredItem
from monitor.store.db import (
    Transaction,
    backup,
    connect,
    connect_read_only,
    connect_unwritable,
    migrate,
    parse_utc,
    utc_text,
)
from monitor.store.deliveries import Deliveries
from monitor.store.digests import Digests
from monitor.store.feeds import Feeds
from monitor.store.items import Items, fts_query, item_row
from monitor.store.jobs import Jobs
from monitor.store.summaries import Summaries

__all__ = ["Store", "StoredItem", "fts_query", "item_row", "parse_utc", "utc_text"]


class Store:
    """Owns one SQLite connection. Create with `Store.open(path, now)`; use as a context manager."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.conn: sqlite3.Connection = db.conn
        self.feeds = Feeds(self.conn)
        self.items = Items(self.conn)
        self.digests = Digests(self.conn)
        self.deliveries = Deliveries(self.conn)
        self.jobs = Jobs(self.conn)
        self.summaries = Summaries(self.conn)

    @classmethod
    def open(cls, path: Path, now: datetime) -> Store:
        """Open (or create) the database and bring its schema up to date."""
        db = connect(path)
        migrate(db, path, now)
        return cls(db, path)

    @classmethod
    def reader(cls, path: Path) -> Store:
        """A read-only connection to an existing database, for a worker process that only reads it."""
        return cls(connect_read_only(path), path)

    @classmethod
    def unwritable(cls, path: Path) -> Store:
        """A connection that writes nothing, to an existing database this process cannot write."""
        return cls(connect_unwritable(path), path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> Transaction:
        """One transaction around several entities' writes (theirs nest in it)."""
        return Transaction(self.conn)

    def created(self) -> datetime:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
        return parse_utc(row[0]) if row else datetime.now(UTC)

    def backup(self, target: Path) -> None:
        backup(self.conn, target)

    def quick_check(self) -> bool:
        return self.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
