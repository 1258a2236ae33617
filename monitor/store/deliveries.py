"""The mail queue: one row per message and recipient, its attempts, and whether it was sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monitor.store.db import Table, rows_as_dicts, utc_text, utc_text_or_none

_QUEUE = (
    "INSERT OR IGNORE INTO deliveries (month, lang, recipient, kind, message_id, message, next_attempt, queued)"
    " VALUES (:month, :lang, :recipient, :kind, :message_id, :message, :now, :now)"
)
_MARK = (
    "UPDATE deliveries SET status = :status, last_error = :error, permanent = :permanent,"
    " attempts = attempts + (CASE WHEN :status = 'sending' THEN 1 ELSE 0 END),"
    " next_attempt = COALESCE(:retry_at, next_attempt), sent = CASE WHEN :status = 'sent' THEN :now ELSE sent END"
    " WHERE id = :id"
)


class Deliveries(Table):
    def queue(
        self, *, month: str, lang: str, recipient: str, kind: str, message_id: str, message: bytes, now: datetime
    ) -> bool:
        """Queue one message; False when this month's monthly message to this recipient exists already."""
        values = {"month": month, "lang": lang, "recipient": recipient, "kind": kind, "message_id": message_id,
                  "message": message, "now": utc_text(now)}  # fmt: skip
        with self.transaction():
            cur = self.conn.execute(_QUEUE, values)
        return cur.rowcount == 1

    def select(self, month: str | None = None, kind: str | None = "monthly") -> list[dict[str, Any]]:
        where = [f"{name} = :{name}" for name, value in (("month", month), ("kind", kind)) if value]
        sql = "SELECT * FROM deliveries" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return rows_as_dicts(self.conn, sql, {"month": month, "kind": kind})

    def due(self, now: datetime) -> list[dict[str, Any]]:
        """Queued messages whose time has come, oldest month first; also ones a crash left mid-send."""
        return rows_as_dicts(
            self.conn,
            "SELECT * FROM deliveries WHERE status IN ('queued', 'sending') AND permanent = 0 AND next_attempt <= :now"
            " ORDER BY month, id",
            {"now": utc_text(now)},
        )

    def mark(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        *,
        error: str | None = None,
        permanent: bool = False,
        retry_at: datetime | None = None,
    ) -> None:
        values = {"id": delivery_id, "status": status, "error": error, "permanent": int(permanent),
                  "retry_at": utc_text_or_none(retry_at), "now": utc_text(now)}  # fmt: skip
        with self.transaction():
            self.conn.execute(_MARK, values)

    def retry_now(self, now: datetime) -> int:
        """Messages waiting out a transient failure are tried at once (the service does this on start)."""
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE deliveries SET next_attempt = :now WHERE status IN ('queued', 'sending') AND permanent = 0",
                {"now": utc_text(now)},
            )
        return cur.rowcount

    def requeue_failed(self, month: str, now: datetime) -> int:
        """Give permanently failed monthly deliveries of a month another go (the user fixed the cause)."""
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE deliveries SET status = 'queued', permanent = 0, next_attempt = :now WHERE month = :month"
                " AND kind = 'monthly' AND status = 'failed'",
                {"now": utc_text(now), "month": month},
            )
        return cur.rowcount

    def forget_month(self, month: str) -> None:
        """Drop a month's monthly deliveries so they can be sent again."""
        with self.transaction():
            self.conn.execute("DELETE FROM deliveries WHERE month = :month AND kind = 'monthly'", {"month": month})

    def last_sent_month(self) -> str | None:
        row = self.conn.execute(
            "SELECT MAX(month) FROM deliveries WHERE kind = 'monthly' AND status = 'sent'"
        ).fetchone()
        return row[0] if row else None

    def queued_months(self) -> set[str]:
        rows = self.conn.execute("SELECT DISTINCT month FROM deliveries WHERE kind = 'monthly'").fetchall()
        return {r[0] for r in rows}
