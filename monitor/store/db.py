"""The one SQLite connection: opening it (pragmas, migrations), transactions, backup and the stored time form."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

from sqlite_utils import Database

from monitor.errors import StoreError
from monitor.store.migrations import migrations

# The write-ahead log is folded into the database (with an fsync) when it reaches this many 4 KiB pages;
# SQLite's default of 1,000 put a checkpoint inside every few commits of a big fetch pass.
WAL_CHECKPOINT_PAGES = 8000


def utc_text(moment: datetime) -> str:
    """One sortable text form for every stored time."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"  # as %Y-%m-%dT%H:%M:%S.%fZ


def utc_text_or_none(moment: datetime | None) -> str | None:
    return utc_text(moment) if moment is not None else None


@overload
def parse_utc(text: str) -> datetime: ...
@overload
def parse_utc(text: None) -> None: ...
def parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    # utc_text's form; fromisoformat reads it (Z included, as UTC) some 20 times faster than strptime
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is UTC else moment.replace(tzinfo=UTC)


def connect(path: Path) -> Database:
    """A read-write connection with the pragmas every writer uses (autocommit: transactions are explicit)."""
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
    return db


def connect_read_only(path: Path) -> Database:
    """A read-only connection to an existing database, for a worker process that only reads it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from None
    return Database(conn)


def connect_unwritable(path: Path) -> Database:
    """A connection that writes nothing, to a database this process cannot write (a read-only mount, another
    user's copy). With no write-ahead log beside the file nobody is writing it: `immutable=1` reads it without
    making -wal and -shm files. With one, `mode=ro` shares the log with the writer, and `immutable=1` is the
    fallback where SQLite cannot make the -shm file (a read-only folder)."""
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    wal = path.with_name(path.name + "-wal")
    for query in ("mode=ro", "immutable=1") if wal.exists() else ("immutable=1",):
        conn = None
        try:
            conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=30, isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db = Database(conn)
            pending = migrations.pending(db)
        except sqlite3.Error as exc:
            last = exc
            if conn is not None:
                conn.close()
            continue
        if pending:
            conn.close()
            raise StoreError(
                f"{path}: the database needs an upgrade that a read-only file cannot take; "
                "run any command once where it can be written"
            )
        return db
    raise StoreError(f"{path}: cannot open the database read-only ({last})")


def migrate(db: Database, path: Path, now: datetime) -> None:
    """Apply pending migrations (a backup first when the database had some already) and note its creation."""
    try:
        pending = migrations.pending(db)
        if pending and migrations.applied(db):
            backup(db.conn, path.with_name(f"{path.name}.before-{pending[0].name}"))
        migrations.apply(db)
        db.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', :now)", {"now": utc_text(now)})
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot prepare the database ({exc})") from None


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's backup API, safe while others write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sqlite3.connect(str(target)) as dest:
            conn.backup(dest)
        dest.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: backup failed ({exc})") from None


def rows_as_dicts(conn: sqlite3.Connection, sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class Transaction:
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


class Table:
    """What every entity's accessor shares: the store's one connection and its transaction helper."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def transaction(self) -> Transaction:
        return Transaction(self.conn)
