"""What the hostile-input tests share: their month, a size unit, a secret no store may hold, a database read."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.child import query

KST = timezone(timedelta(hours=9))
NOV = datetime(2025, 11, 10, 9, 0, tzinfo=KST)
MB = 1_000_000
SECRET = "XXE-SECRET-7f3a9c-never-store-me"


def db_rows(db: Path, sql: str, args: tuple = ()) -> list[tuple]:
    return query(db, sql, args)
