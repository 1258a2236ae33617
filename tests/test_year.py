"""A year of service on a fixed clock: new items every month from loopback feeds, the digest made, mailed once to
each recipient on a loopback SMTP server and published on the site; a restart mid-year changes nothing."""

from __future__ import annotations

import itertools
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import feedparser

from monitor.cli import main
from tests.conftest import write_config
from tests.feeds import rss2
from tests.feedserver import FeedServer, Route
from tests.monthly import check_site, month_posts
from tests.smtp import SmtpServer

YEAR = [(2025, m) for m in range(1, 13)]
READERS = ["ana@inbox.example", "min@inbox.example"]


def run(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def after(month: tuple[int, int], day: int = 1, hour: int = 9) -> str:
    year, mon = (month[0] + 1, 1) if month[1] == 12 else (month[0], month[1] + 1)
    return f"{year}-{mon:02d}-{day:02d}T{hour:02d}:05:00+09:00"


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def state(db: Path) -> tuple[int, ...]:
    return tuple(count(db, f"SELECT COUNT(*) FROM {t}") for t in ("items", "digests", "deliveries", "item_tags"))


def serve_once(cfg: Path, now: str) -> str:
    """`monitor run` as a real process on the fixed clock, until it has started (and caught up), then SIGTERM."""
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(cfg), "--now", now, "run"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        if "service started" in line:
            break
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=30)  # a loaded machine is slow to stop
    assert proc.returncode == 0, "".join(lines) + rest
    return "".join(lines) + rest


def test_a_year_of_service(tmp_path, capsys):
    started = time.monotonic()
    server, smtp = FeedServer().start(), SmtpServer().start()
    site = tmp_path / "site"
    try:
        urls = [server.add(f"/{lang}.xml", Route(b"")) for lang in ("ko", "en")]
        extra = smtp.config(READERS) + f'\n[site]\npath = "{site}"\n[schedule]\ndigest = "0 9 1 * *"\n'
        cfg = write_config(tmp_path / "monitor.toml", urls, extra)
        args = ["--config", str(cfg)]
        db = tmp_path / "monitor.db"
        sizes, pass_growth = [], []
        for n, (year, month) in enumerate(YEAR):
            for lang in ("ko", "en"):  # this month's news, and last month's still in the feed
                posts = month_posts(year, month, 5, lang) + (month_posts(year, month - 1, 5, lang) if n else [])
                server.routes[f"/{lang}.xml"] = Route(rss2(posts))
            assert run(*args, "--now", f"{year}-{month:02d}-15T12:00:00+09:00", "fetch") == 0
            first = db.stat().st_size
            assert run(*args, "--now", f"{year}-{month:02d}-28T12:00:00+09:00", "fetch") == 0
            pass_growth.append(db.stat().st_size - first)
            if (year, month) == (2025, 6):  # the service itself makes June's digest, then restarts
                log = serve_once(cfg, after((year, month)))
                assert "digest 2025-06 queued for 2 recipient(s)" in log and f"site rebuilt in {site}" in log
                before = state(db), len(smtp.recorder.messages)
                serve_once(cfg, after((year, month), hour=10))
                assert run(*args, "--now", after((year, month), hour=11), "digest", "--send") == 0
                assert (state(db), len(smtp.recorder.messages)) == before
            else:
                assert run(*args, "--now", after((year, month)), "digest", "--send") == 0
            sizes.append(db.stat().st_size)
        capsys.readouterr()
        assert run(*args, "--now", after(YEAR[-1]), "site", "build") == 0
        history_before = count(db, "SELECT COUNT(*) FROM fetches")
        assert run(*args, "--now", "2026-02-20T12:00:00+09:00", "fetch") == 0
        elapsed = time.monotonic() - started
    finally:
        server.stop()
        smtp.stop()

    # twelve digests, each mailed exactly once to each recipient
    for reader in READERS:
        subjects = [m["Subject"] for m in smtp.recorder.to(reader)]
        assert subjects == [f"{y}년 {m}월 AI 동향 리포트" for y, m in YEAR]
    assert count(db, "SELECT COUNT(*) FROM deliveries WHERE status = 'sent'") == 24
    assert count(db, "SELECT COUNT(DISTINCT month) FROM digests") == 12
    # the site lists twelve months, its feed twelve entries per language; no address anywhere on it
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{y}-{m:02d}/ko.html"' in index and f'href="{y}-{m:02d}/en.html"' in index for y, m in YEAR)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and sorted(e.link.split("/")[1] for e in feed.entries) == ["en.html"] * 12 + ["ko.html"] * 12
    assert check_site(site)["pages"] >= 25
    for path in site.rglob("*"):
        assert not path.is_file() or not any(r.encode() in path.read_bytes() for r in READERS), path
    # fetch history older than 13 months pruned; the rest kept
    cutoff = "2025-01-19"
    assert count(db, f"SELECT COUNT(*) FROM fetches WHERE at < '{cutoff}'") == 0
    assert count(db, "SELECT COUNT(*) FROM fetches") == history_before + 2 - 2  # two Jan rows gone, two new
    # the database grows with the items, not with the passes
    assert count(db, "SELECT COUNT(*) FROM items") == 12 * 5 * 2
    assert max(pass_growth) <= 2 * 4096, pass_growth
    growth = [b - a for a, b in itertools.pairwise(sizes)]
    assert max(growth[6:]) <= 1.5 * max(growth[:6]), growth
    with capsys.disabled():
        print(f"\nyear of service: {elapsed:.1f}s; database KiB after each month: {[round(s / 1024) for s in sizes]}")
