"""The archive of rendered digests: every render's model and output, by month, language and format."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import orjson

from monitor.store.db import Table, utc_text


class Digests(Table):
    def archive(self, month: str, lang: str, fmt: str, model: dict[str, Any], rendered: str, now: datetime) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO digests (month, lang, format, model, rendered, created)"
                " VALUES (:month, :lang, :format, :model, :rendered, :now)",
                {"month": month, "lang": lang, "format": fmt, "model": orjson.dumps(model).decode(),
                 "rendered": rendered, "now": utc_text(now)},
            )  # fmt: skip

    def latest_per_month(self) -> list[tuple[str, str, str, str, str]]:
        """(month, lang, format, model JSON, created) of the latest archived digest of every month and language."""
        return self.conn.execute(
            "SELECT month, lang, format, model, created FROM digests WHERE id IN"
            " (SELECT MAX(id) FROM digests GROUP BY month, lang) ORDER BY month, lang"
        ).fetchall()

    def latest_model(self, month: str, lang: str) -> dict[str, Any] | None:
        """The model of the latest digest rendered for this month and language."""
        row = self.conn.execute(
            "SELECT model FROM digests WHERE month = :month AND lang = :lang ORDER BY id DESC LIMIT 1",
            {"month": month, "lang": lang},
        ).fetchone()
        return json.loads(row[0]) if row else None
