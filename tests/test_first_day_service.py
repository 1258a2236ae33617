"""`monitor status` and the service's logs on a first day (issue 11, points 3 and 6)."""

from __future__ import annotations

import logging
import select
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from monitor.passlog import cadence, every
from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))
POSTS = [Post("엔비디아 AI 칩 공개", "https://k.example/1", datetime(2025, 11, 3, 9, tzinfo=KST))]


def test_status_shows_never_fetched_feeds_and_the_next_digest(server, config_file, invoke):
    cfg = config_file([server.add("/k", Route(rss2(POSTS)))])
    assert invoke("--config", cfg, "fetch").code == 0
    assert invoke("--config", cfg, "feeds", "add", "https://later.example/feed.xml").code == 0
    result = invoke("--config", cfg, "--now", "2025-11-20T10:00:00+09:00", "status")
    assert "feeds: 1 ok, 0 failing, 1 never fetched" in result.out, result.out
    assert "  never fetched: https://later.example/feed.xml" in result.out
    assert "next digest: 2025-11, made and written to the outbox folder" in result.out
    assert "at 2025-12-01 09:00 KST ('0 9 1 * *' in Asia/Seoul" in result.out


def test_the_next_digest_follows_the_schedule_and_its_zone(config_file, invoke, tmp_path):
    extra = '[schedule]\ndigest = "30 7 2 * *"\n[digest]\ntimezone = "UTC"\n'
    cfg = config_file([], extra)
    assert invoke("--config", cfg, "fetch").code == 0
    before = invoke("--config", cfg, "--now", "2025-12-02T07:29:00+00:00", "status").out
    assert "next digest: 2025-11, made and written" in before and "at 2025-12-02 07:30 UTC" in before
    after = invoke("--config", cfg, "--now", "2025-12-02T07:31:00+00:00", "status").out
    assert "next digest: 2025-12, made and written" in after and "at 2026-01-02 07:30 UTC" in after


@pytest.mark.parametrize(
    ("seconds", "said"), [(60, "minute"), (1800, "30m"), (21600, "6h"), (0.5, "0.5s"), (90, "90s"), (86400, "1d")]
)
def test_durations_read_as_people_say_them(seconds, said):
    assert every(seconds) == said


def test_cadence_says_both_clocks():
    assert cadence(60, 1800) == "looks for due feeds every minute; each feed every 30m"


def test_the_service_start_line_says_both_clocks(server, tmp_path):
    cfg = write_config(tmp_path / "monitor.toml", [server.add("/k", Route(rss2(POSTS)))])
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("service started" in line for line in seen):
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                seen.append(proc.stdout.readline())
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    [start] = [line for line in seen if "service started" in line]
    assert "looks for due feeds every minute; each feed every 30m" in start, start


@pytest.fixture
def no_dns(monkeypatch):
    """Name resolution fails as on a machine without network; numeric addresses still work."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and not host.replace(".", "").isdigit():
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_pass_without_dns_logs_one_line_then_the_feeds_at_debug(no_dns, config_file, invoke, caplog):
    feeds = ["http://news-one.example/rss", "http://news-two.example/feed", "http://news-three.example/atom"]
    cfg = config_file(feeds)
    with caplog.at_level(logging.DEBUG, logger="monitor"):
        result = invoke("--config", cfg, "fetch")
    assert result.code == 1
    records = [r for r in caplog.records if r.name.startswith("monitor")]
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "no network or DNS" in warnings[0] and "all 3 feeds" in warnings[0], warnings
    debug = [r.getMessage() for r in records if r.levelno == logging.DEBUG and "failed" in r.getMessage()]
    assert sorted(line.split()[1] for line in debug) == sorted(feeds)


def test_a_pass_where_only_some_feeds_fail_logs_each_as_a_warning(no_dns, server, config_file, invoke, caplog):
    good = server.add("/k", Route(rss2(POSTS)))  # 127.0.0.1: needs no name resolution
    cfg = config_file([good, "http://news-one.example/rss", "http://news-two.example/feed"])
    with caplog.at_level(logging.DEBUG, logger="monitor"):
        assert invoke("--config", cfg, "fetch").code == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("monitor")]
    assert len(warnings) == 2 and not any("no network" in w for w in warnings), warnings
