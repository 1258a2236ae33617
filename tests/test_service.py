"""`monitor run` as a real process: fetches on schedule, survives dead feeds, stops cleanly."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))


def start_service(cfg: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def item_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_service_fetches_then_exits_0_on_signal(server, tmp_path, sig):
    posts = [Post(f"Item {i}", f"https://svc.example/{i}", datetime(2025, 11, 3, tzinfo=KST)) for i in range(3)]
    good = server.add("/feed", Route(rss2(posts)))
    dead = "http://127.0.0.1:9/never"  # discard port: connection refused
    cfg = write_config(tmp_path / "monitor.toml", [{"url": good, "interval": "0.3s"}, {"url": dead}])
    cfg.write_text(cfg.read_text().replace('timeout = "5s"', 'timeout = "1s"\ninterval = "0.3s"'))
    proc = start_service(cfg)
    try:
        assert wait_for(lambda: item_count(tmp_path / "monitor.db") == 3)
        assert wait_for(lambda: server.hits("/feed") >= 2), "the fetch job did not run again"
        proc.send_signal(sig)
        started = time.monotonic()
        out, _ = proc.communicate(timeout=10)
        assert time.monotonic() - started < 10
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    failures = [line for line in out.splitlines() if "failed" in line and dead in line]
    assert failures and all("Traceback" not in line for line in out.splitlines())
    assert "connection failed" in failures[0]
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
