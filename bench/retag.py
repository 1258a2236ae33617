"""`monitor retag` over a store of N items: the whole command, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.tagging import sample_texts
from monitor.models import Item
from monitor.store import Store, item_row


def build_store(path: Path, count: int) -> None:
    now = datetime(2025, 12, 1, tzinfo=UTC)
    with Store.open(path, now) as store:
        store.conn.execute("INSERT INTO feeds (url, created) VALUES ('https://bench.example/feed', 'x')")
        texts = sample_texts(count)
        batch = []
        for n, (title, summary) in enumerate(texts):
            url = f"https://bench.example/item/{n}"
            published = now - timedelta(minutes=n)
            batch.append(Item(url, url, None, title, summary, published, False, "ko" if n % 2 else "en"))
            if len(batch) == 5000:
                store.items.save(1, [item_row(i) for i in batch], {}, now)
                batch = []
        if batch:
            store.items.save(1, [item_row(i) for i in batch], {}, now)


def measure_retag(count: int = 100_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_store(folder / "bench.db", count)
        (folder / "bench.toml").write_text('[storage]\ndatabase = "bench.db"\n')
        command = [sys.executable, "-m", "monitor", "--config", str(folder / "bench.toml"), "retag"]
        started = time.monotonic()
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        first = time.monotonic() - started
        started = time.monotonic()
        subprocess.run(command, capture_output=True, text=True, check=True)
        second = time.monotonic() - started
    return {
        "items": count,
        "retag_s": round(first, 1),
        "retag_unchanged_s": round(second, 1),
        "output": out.strip(),
    }
