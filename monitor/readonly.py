"""Opening the database for commands that only read it: never create it, and work on a read-only copy.

`status`, `items`, `search`, `feeds list` and `digest` (without --send) read the store. Where there is no
database they say so instead of creating an empty one; where the file or its folder cannot be written (a
read-only mount, a copy made by another user) they open it through SQLite's read-only or immutable URI.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from monitor.errors import StoreError, UsageError
from monitor.migrations import migrations
from monitor.store import Store


def missing_database(path: Path) -> UsageError:
    return UsageError(f"no database at {path}; run `monitor fetch` or `monitor run` first")


def can_write(path: Path) -> bool:
    """Whether SQLite can write the file and make its -wal and -shm files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_existing(path: Path, now: datetime) -> tuple[Store, bool]:
    """The store at `path` and whether it is read-only; a UsageError when there is no database there."""
    if not path.is_file():
        raise missing_database(path)
    if can_write(path):
        return Store.open(path, now), False
    return open_read_only(path), True


def open_read_only(path: Path) -> Store:
    """A connection that writes nothing. With no write-ahead log beside the file nobody is writing it:
    `immutable=1` reads it without making -wal and -shm files. With one, `mode=ro` shares the log with the
    writer, and `immutable=1` is the fallback where SQLite cannot make the -shm file (a read-only folder)."""
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    wal = path.with_name(path.name + "-wal")
    for query in ("mode=ro", "immutable=1") if wal.exists() else ("immutable=1",):
        conn = None
        try:
            conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=30, isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db = Database(conn)
            if migrations.pending(db):
                conn.close()
                raise StoreError(
                    f"{path}: the database needs an upgrade that a read-only file cannot take; "
                    "run any command once where it can be written"
                )
            return Store(db, path)
        except sqlite3.Error as exc:
            last = exc
            if conn is not None:
                conn.close()
    raise StoreError(f"{path}: cannot open the database read-only ({last})")
