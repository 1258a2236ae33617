"""The scheduler's jobs as last seen: heartbeat, last run and how it ended, next run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monitor.store.db import Table, rows_as_dicts, utc_text, utc_text_or_none

_RECORD = (
    "UPDATE jobs SET heartbeat = :now, interval = COALESCE(:interval, interval),"
    " next_run = COALESCE(:next_run, next_run), last_status = COALESCE(:status, last_status),"
    " last_error = CASE WHEN :ran THEN :error ELSE last_error END,"
    " last_run = CASE WHEN :ran THEN :now ELSE last_run END WHERE name = :name"
)


class Jobs(Table):
    def record(
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
        values = {"name": name, "now": utc_text(now), "interval": interval, "next_run": utc_text_or_none(next_run),
                  "status": status, "error": error, "ran": ran}  # fmt: skip
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO jobs (name) VALUES (:name)", values)
            self.conn.execute(_RECORD, values)

    def select(self) -> list[dict[str, Any]]:
        return rows_as_dicts(self.conn, "SELECT * FROM jobs ORDER BY name", {})
