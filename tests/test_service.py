"""`monitor run` as a real process: fetches on schedule, survives dead feeds, stops cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
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
    assert failures and all("Traceback" not in line for line in out.splitlines()), out
    assert "connection refused" in failures[0]
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_pass_under_way_at_sigterm_gets_its_grace_and_is_stored(server, tmp_path):
    posts = [Post(f"Item {i}", f"https://slow.example/{i}", datetime(2025, 11, 3, tzinfo=KST)) for i in range(3)]
    slow = server.add("/slow", Route(rss2(posts), hang=1.5))
    cfg = write_config(tmp_path / "monitor.toml", [{"url": slow}])
    proc = start_service(cfg)
    try:
        assert wait_for(lambda: server.hits("/slow") >= 1), "the first pass did not start"
        proc.send_signal(signal.SIGTERM)  # while the server is still holding its answer
        out, _ = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert "Traceback" not in out and "abandoned" not in out, out
    assert out.index("stopping") < out.index("fetch pass: 1 feeds"), out
    assert item_count(tmp_path / "monitor.db") == 3


def test_catch_up_sends_the_missed_month_once_across_restarts(server, tmp_path):
    from tests.smtp import SmtpServer

    smtp = SmtpServer().start()
    try:
        posts = [Post("Nvidia ships AI GPUs for data centers", "https://svc.example/oct",
                      datetime(2025, 10, 14, tzinfo=KST), "AI infrastructure")]  # fmt: skip
        cfg = write_config(tmp_path / "monitor.toml", [server.add("/feed", Route(rss2(posts)))],
                           extra=smtp.config(["reader@readers.example"]))  # fmt: skip
        db = tmp_path / "monitor.db"
        subprocess.run([sys.executable, "-m", "monitor", "--config", str(cfg), "--now", "2025-10-20T12:00:00+09:00",
                        "fetch"], check=True, capture_output=True)  # fmt: skip
        # the database was created in August; August and September went out earlier
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE meta SET value = '2025-08-10T03:00:00.000000Z' WHERE key = 'created'")
            for month in ("2025-08", "2025-09"):
                conn.execute(
                    "INSERT INTO deliveries (month, lang, recipient, message_id, message, status, next_attempt,"
                    " queued, sent) VALUES (?, 'ko', 'reader@readers.example', ?, x'00', 'sent', 'x', 'x', 'x')",
                    (month, f"<{month}>"),
                )
        for _ in range(2):  # the second start must send nothing
            proc = subprocess.Popen(
                [sys.executable, "-m", "monitor", "--config", str(cfg), "--now", "2025-11-05T10:00:00+09:00", "run"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            try:
                assert wait_for(lambda since=started: _sent(db) >= 3 and _beat_since(db, since), timeout=30)
                proc.send_signal(signal.SIGTERM)
                out, _ = proc.communicate(timeout=10)
            finally:
                if proc.poll() is None:
                    proc.kill()
            assert proc.returncode == 0, out
        subjects = [m["Subject"] for _r, m in smtp.recorder.messages]
        assert subjects == ["2025년 10월 AI 동향 리포트"]
    finally:
        smtp.stop()


def _beat_since(db: Path, moment: str) -> bool:
    """The service of this start has written a heartbeat (it is up, past its start-up)."""
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT heartbeat FROM jobs WHERE name = 'service'").fetchone()
    return bool(row and row[0] and row[0] > moment)


def _sent(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_monitor_demo_works_offline_from_any_folder(tmp_path):
    started = time.monotonic()
    env = {**os.environ, "MONITOR_CONFIG": str(tmp_path / "absent.toml")}
    command = [sys.executable, "-m", "monitor", "demo"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    folder = tmp_path / "monitor-demo"
    md = (folder / "digest-2025-11-ko.md").read_text(encoding="utf-8")
    assert md.startswith('---\nlayout: post\ntitle: "2025년 11월 AI 동향 리포트"')
    assert "380억 달러" in md and "## AI 인프라 경쟁" in md
    assert (folder / "digest-2025-11-en.html").exists() and (folder / "digest-2025-11-ko.txt").exists()
    assert (folder / "outbox" / "digest-2025-11-ko.eml").exists()
    for path in ("digest-2025-11-ko.md", "outbox/digest-2025-11-ko.eml"):
        assert str(folder / path) in result.stdout
