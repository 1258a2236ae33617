"""kill -9 at random moments: the database stays sound, nothing is duplicated or half-written, and
the next clean run finishes the job; a digest goes out once, not twice, not never.

Real `python -m monitor` processes against loopback servers (tests/hostile_server.py, tests/smtp.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.child import descendants, kill9, query, start_monitor, wait_for
from tests.conftest import write_config
from tests.feeds import Post, rss2, site
from tests.hostile_server import HostileServer, Static

KST = timezone(timedelta(hours=9))
NOV = datetime(2025, 11, 3, 9, tzinfo=KST)
SEND_AT = "2025-12-01T10:00:00+09:00"
FEEDS = 4
ROUNDS = 20


def feed_posts(feed: int, version: int) -> list[Post]:
    """Version v of a feed: the items of v-1 plus new ones; every fourth item is revised in each version."""
    return [
        Post(
            f"엔비디아 AI 데이터센터 소식 {feed}-{i}" if i % 2 else f"OpenAI AI model news {feed}-{i}",
            site(f"crash{feed}", f"/{i}"),
            NOV + timedelta(minutes=i),
            f"revision {version}" if i % 4 == 0 else f"stable body {feed}-{i}",
        )
        for i in range(feed_size(version))
    ]


def feed_size(version: int) -> int:
    return 500 + 40 * version


class VersionedFeeds:
    """Serves version `current` of every feed and remembers which versions went out."""

    def __init__(self, server: HostileServer) -> None:
        self.current = 0
        self.served: dict[int, set[int]] = {f: set() for f in range(FEEDS)}
        self.docs: dict[tuple[int, int], bytes] = {}
        self.urls = [server.add(f"/crash/{f}", self._route(f)) for f in range(FEEDS)]

    def doc(self, feed: int, version: int) -> bytes:
        if (feed, version) not in self.docs:
            self.docs[feed, version] = rss2(feed_posts(feed, version), title=f"crash feed {feed}")
        return self.docs[feed, version]

    def _route(self, feed: int):  # type: ignore[no-untyped-def]
        def answer(_hit: int) -> Static:
            version = self.current
            self.served[feed].add(version)
            return Static(self.doc(feed, version))

        return answer


def check_sound(db: Path, feeds: VersionedFeeds) -> dict[int, int]:
    """Integrity, no duplicate, nothing half-written; returns each feed's stored version (-1: none)."""
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []
    assert query(db, "SELECT key FROM items GROUP BY key HAVING COUNT(*) > 1") == []
    assert query(db, "SELECT url FROM items WHERE url IS NOT NULL GROUP BY url HAVING COUNT(*) > 1") == []
    items = {row[0]: row for row in query(db, "SELECT id, url, title, summary, companies, layers FROM items")}
    linked = query(db, "SELECT x.item_id, f.url FROM item_feeds x JOIN feeds f ON f.id = x.feed_id")
    assert {item_id for item_id, _ in linked} == set(items), "an item without its feed (half-written)"
    tags: dict[int, set[tuple[str, str]]] = {}
    for item_id, kind, tag in query(db, "SELECT item_id, kind, tag FROM item_tags"):
        tags.setdefault(item_id, set()).add((kind, tag))
    for item_id, _url, _title, _summary, companies, layers in items.values():
        expected = {("company", c) for c in json.loads(companies)} | {("layer", x) for x in json.loads(layers)}
        assert tags.get(item_id, set()) == expected, f"item {item_id}: tags half-written"
    indexed = {rowid for (rowid,) in query(db, "SELECT id FROM items_fts_docsize")}
    assert indexed == set(items), "the full-text index and the items disagree"

    versions = {}
    hashes = {h: f for f, h in query(db, "SELECT url, content_hash FROM feeds")}
    for f, url in enumerate(feeds.urls):
        mine = [items[i] for i, u in linked if u == url]
        if not mine:
            versions[f] = -1
            continue
        sizes = {feed_size(v): v for v in feeds.served[f]}
        assert len(mine) in sizes, f"feed {f}: {len(mine)} items stored, a document was saved in part"
        version = sizes[len(mine)]
        expected = {p.link: p for p in feed_posts(f, version)}
        for _id, link, title, summary, _c, _l in mine:
            post = expected.get(link)
            assert post is not None and (title, summary) == (post.title, post.summary), (
                f"feed {f}: {link} is not as version {version} has it: {summary!r}"
            )
        recorded = next((v for v in feeds.served[f] if hashes.get(_sha(feeds.doc(f, v))) == url), None)
        assert recorded is None or recorded <= version, f"feed {f}: marked up to date with unsaved items"
        versions[f] = version
    return versions


def _sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _config(folder: Path, urls: list[str], extra: str = "") -> Path:
    return write_config(folder / "monitor.toml", urls, extra, fetch='timeout = "5s"\n')


def _progress(db: Path) -> tuple[int, int]:
    """What a pass has written so far: rows in items and in fetches (-1 before the database exists)."""
    if not db.exists():
        return (-1, -1)
    try:
        return query(db, "SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM fetches)")[0]
    except sqlite3.OperationalError:
        return (-1, -1)


def _started(pid: int) -> str | None:
    """A process's start time (from /proc), to tell it from a later process that reuses its pid."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _kill_tree(proc) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL the fetch process; then any worker it had started, by pid, so none outlives the test."""
    below = [(pid, _started(pid)) for pid in descendants(proc.pid)]
    kill9(proc)
    deadline = time.monotonic() + 3
    for pid, started in below:
        while _started(pid) == started and time.monotonic() < deadline:
            time.sleep(0.02)
        if started is not None and _started(pid) == started:  # still that same process
            os.kill(pid, signal.SIGKILL)


def test_fetch_killed_20_times_at_random_moments_stays_sound_and_a_clean_pass_completes(tmp_path):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    server = HostileServer().start()
    try:
        feeds = VersionedFeeds(server)
        cfg = _config(tmp_path, feeds.urls)
        db = tmp_path / "monitor.db"
        killed_mid_run = 0
        for round_ in range(ROUNDS):
            feeds.current = round_
            mark = _progress(db)
            proc = start_monitor(cfg, "fetch", cwd=tmp_path, log=tmp_path / "fetch.log")
            if round_ % 2 == 0:  # just after the first write of this run becomes visible, then a little later
                wait_for(lambda m=mark, p=proc: _progress(db) != m or p.poll() is not None, timeout=30, step=0.002)
                time.sleep(rng.uniform(0, 0.15))
            else:  # anywhere in the run: start-up, requests, parsing, tagging, writing
                time.sleep(rng.uniform(0.05, 1.2))
            running = proc.poll() is None
            _kill_tree(proc)
            killed_mid_run += running
            check_sound(db, feeds)
        assert killed_mid_run >= ROUNDS // 2, f"only {killed_mid_run} kills landed while the pass ran (seed {seed})"

        feeds.current = ROUNDS  # a clean pass over a new version of every feed holds exactly the full set
        proc = start_monitor(cfg, "fetch", cwd=tmp_path, log=tmp_path / "fetch.log")
        assert proc.wait(timeout=60) == 0, (tmp_path / "fetch.log").read_text()[-2000:]
        assert check_sound(db, feeds) == dict.fromkeys(range(FEEDS), ROUNDS), f"seed {seed}"
        assert query(db, "SELECT COUNT(*) FROM items") == [(FEEDS * feed_size(ROUNDS),)]
    finally:
        server.stop()


# --- `monitor run` killed while it mails the digest ------------------------------------------------------------

READERS = ["analyst@readers.example", "investor@readers.example"]


class StallingRecorder:
    """An aiosmtpd handler that can hold DATA open; counts a message as delivered only when the 250 reply
    goes to a client that is still there."""

    def __init__(self) -> None:
        import threading

        self.stall = 0.0
        self.in_data = threading.Event()
        self.transactions: list[tuple[str, str]] = []  # (recipient, Message-ID) of every DATA received
        self.delivered: list[tuple[str, str]] = []  # ... and of those acknowledged to a live client

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        import asyncio
        from email import message_from_bytes
        from email.policy import default

        message = message_from_bytes(envelope.original_content or envelope.content, policy=default)
        for rcpt in envelope.rcpt_tos:
            self.transactions.append((rcpt, message["Message-ID"]))
        self.in_data.set()
        if self.stall:
            await asyncio.sleep(self.stall)
        if server.transport is None or server.transport.is_closing():
            return "451 4.4.2 client went away"
        for rcpt in envelope.rcpt_tos:
            self.delivered.append((rcpt, message["Message-ID"]))
        return "250 OK"


@pytest.fixture
def november_db(tmp_path):
    """A database with November 2025 AI news, created on 1 November (so only November is due)."""
    from tests.smtp import SmtpServer

    server = HostileServer().start()
    smtp = SmtpServer()
    smtp.recorder = StallingRecorder()  # type: ignore[assignment]
    posts = [Post(f"엔비디아, AI 데이터센터 GPU 공급 {i}", f"https://send.example/{i}", NOV + timedelta(days=i),
                  "AI 인프라") for i in range(5)]  # fmt: skip
    cfg = _config(tmp_path, [server.add("/nov", Static(rss2(posts)))], smtp.config(READERS))
    proc = start_monitor(cfg, "fetch", cwd=tmp_path)
    assert proc.wait(timeout=30) == 0
    server.stop()
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        conn.execute("UPDATE meta SET value = '2025-11-01T00:00:00.000000Z' WHERE key = 'created'")
    yield cfg, tmp_path / "monitor.db", smtp
    smtp.stop()


def _deliveries(db: Path) -> list[tuple[str, str, str]]:
    try:
        return query(db, "SELECT recipient, status, message_id FROM deliveries WHERE kind = 'monthly' ORDER BY id")
    except sqlite3.OperationalError:
        return []


def _run(cfg: Path, folder: Path):  # type: ignore[no-untyped-def]
    return start_monitor(cfg, "--now", SEND_AT, "run", cwd=folder, log=folder / "service.log")


def test_run_killed_during_the_digest_send_mails_it_once_on_restart(november_db):
    cfg, db, smtp = november_db
    rng = random.Random()
    recorder: StallingRecorder = smtp.recorder  # type: ignore[assignment]
    recorder.stall = 3.0
    smtp.start()
    folder = db.parent
    for _kill in range(2):  # twice in a row, each time while the SMTP conversation is open
        recorder.in_data.clear()
        proc = _run(cfg, folder)
        try:
            assert recorder.in_data.wait(timeout=30), (folder / "service.log").read_text()[-2000:]
            time.sleep(rng.uniform(0, 0.5))
        finally:
            kill9(proc)
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
        states = _deliveries(db)
        assert "sending" in {s for _r, s, _m in states}, states  # killed between 'sending' and 'sent'
    recorder.stall = 0.0
    log = folder / "service.log"
    for _start in range(2):  # the restart sends what is left; a second restart sends nothing
        started = log.read_text().count("service started")
        proc = _run(cfg, folder)
        try:  # "service started" is logged after the catch-up has queued and delivered what was due
            assert wait_for(lambda n=started: log.read_text().count("service started") > n, timeout=30)
            assert wait_for(lambda: [s for _r, s, _m in _deliveries(db)] == ["sent"] * len(READERS), timeout=30)
            time.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        finally:
            if proc.poll() is None:
                kill9(proc)
    stored = {r: m for r, _s, m in _deliveries(db)}
    for reader in READERS:
        assert [m for r, m in recorder.delivered if r == reader] == [stored[reader]], "not exactly once"
        assert {m for r, m in recorder.transactions if r == reader} == {stored[reader]}, "a resend is another message"


def test_run_killed_while_queueing_the_digest_still_mails_every_recipient(november_db):
    import shutil

    cfg, db, smtp = november_db
    folder = db.parent
    shutil.copy(db, folder / "pristine.db")
    proc = _run(cfg, folder)  # the mail server is down: nothing can be sent in this run
    try:  # killed as soon as the month is queued: all recipients are queued together, or none
        assert wait_for(lambda: len(_deliveries(db)) >= 1, timeout=30, step=0.0005)
    finally:
        kill9(proc)
    assert len(_deliveries(db)) in (0, len(READERS))
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    smtp.start()
    log = folder / "service.log"
    started = log.read_text().count("service started")
    proc = _run(cfg, folder)
    try:  # "service started" is logged once the catch-up has queued and delivered all it will
        assert wait_for(lambda: log.read_text().count("service started") > started, timeout=30)
        time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    recorder: StallingRecorder = smtp.recorder  # type: ignore[assignment]
    assert sorted(r for r, _m in recorder.delivered) == READERS
