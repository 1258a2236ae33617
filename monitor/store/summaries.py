"""Each month's summary for the trend tables of the month after, with the fingerprint it is valid for."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from monitor.store.db import Table, utc_text


class Summaries(Table):
    def get(self, month: str, fingerprint: str) -> tuple[dict[str, int], dict[str, int]] | None:
        """(stories per company, AI items per layer) kept for the month with this fingerprint, else None."""
        try:
            row = self.conn.execute(
                "SELECT companies, layers FROM month_summaries WHERE month = :month AND fingerprint = :fingerprint",
                {"month": month, "fingerprint": fingerprint},
            ).fetchone()
        except sqlite3.OperationalError:  # a database from before m007, read without migrating
            return None
        return (json.loads(row[0]), json.loads(row[1])) if row else None

    def any_kept(self, month: str) -> bool:
        """Whether a summary of the month is kept at all (for whatever it held then)."""
        try:
            return (
                self.conn.execute("SELECT 1 FROM month_summaries WHERE month = :month", {"month": month}).fetchone()
                is not None
            )
        except sqlite3.OperationalError:
            return False

    def put(
        self, month: str, fingerprint: str, companies: dict[str, int], layers: dict[str, int], now: datetime
    ) -> None:
        """Keep the month's summary under its fingerprint (a summary kept under the same one is left as it is)."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO month_summaries (month, fingerprint, companies, layers, created)"
                " VALUES (:month, :fingerprint, :companies, :layers, :now) ON CONFLICT (month) DO UPDATE SET"
                " fingerprint = :fingerprint, companies = :companies, layers = :layers, created = :now"
                " WHERE fingerprint != :fingerprint",
                {"month": month, "fingerprint": fingerprint, "companies": json.dumps(companies, sort_keys=True),
                 "layers": json.dumps(layers, sort_keys=True), "now": utc_text(now)},
            )  # fmt: skip
