"""Opening the database for commands that only read it: never create it, and work on a read-only copy.

`status`, `items`, `search`, `feeds list` and `digest` (without --send) read the store. Where there is no
database they say so instead of creating an empty one; where the file or its folder cannot be written (a
read-only mount, a copy made by another user) they open it through SQLite's read-only or immutable URI
(`Store.unwritable`, monitor/store/db.py).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from monitor.errors import UsageError
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
    """A store that writes nothing (SQLite's `mode=ro`, or `immutable=1` when nobody writes the file)."""
    return Store.unwritable(path)
