"""Hostile mail servers: what tests/test_mail.py does not cover. On 127.0.0.1."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.hostile import KST, db_rows
from tests.hostile_server import HostileServer, Static


def _day(day: int) -> datetime:
    return datetime(2025, 11, day, 9, tzinfo=KST)


# --- hostile mail servers: what tests/test_mail.py does not cover ------------------------------------------

READERS = ["analyst@readers.example", "investor@readers.example"]
SEND_AT = "2025-12-01T10:00:00+09:00"


def month_of_news(hostile: HostileServer, tmp_path: Path, invoke, mail: str) -> str:  # type: ignore[no-untyped-def]
    posts = [Post("Nvidia ships AI GPUs for data centers", "https://wire.example/nv", _day(3), "AI infrastructure")]
    cfg = str(write_config(tmp_path / "monitor.toml", [hostile.add("/nov", Static(rss2(posts)))], extra=mail, fetch=""))
    assert invoke("--config", cfg, "fetch").code == 0
    return cfg


def test_a_refused_recipient_fails_alone_and_the_others_get_it_once(hostile, tmp_path, invoke):
    from tests.smtp import Recorder, SmtpServer

    class Picky(Recorder):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
            if address == READERS[1]:
                return "550 5.1.1 no such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    smtp = SmtpServer()
    smtp.recorder = Picky()
    smtp.start()
    try:
        cfg = month_of_news(hostile, tmp_path, invoke, smtp.config(READERS))
        first = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert first.code == 1 and f"failed: 2025-11 to {READERS[1]}: recipient refused: 550" in first.err
        assert len(smtp.recorder.to(READERS[0])) == 1
        status = invoke("--config", cfg, "--now", SEND_AT, "status").out
        assert f"2025-11 monthly to {READERS[1]}: failed (waiting for you)" in status
        assert f"2025-11 monthly to {READERS[0]}: sent" in status
        again = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert again.code == 1 and "retrying deliveries that had failed" in again.out
        assert len(smtp.recorder.to(READERS[0])) == 1, "a recipient who got it was sent it again"
    finally:
        smtp.stop()


def test_a_421_greeting_is_transient_and_the_digest_goes_out_once_later(hostile, tmp_path, invoke):
    import socket
    import threading
    import time

    from tests.smtp import SmtpServer

    smtp = SmtpServer()
    busy = socket.socket()
    busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    busy.bind(("127.0.0.1", smtp.port))
    busy.listen(8)

    def refuse() -> None:
        while True:
            try:
                conn, _ = busy.accept()
            except OSError:
                return
            conn.sendall(b"421 4.3.2 too busy, try later\r\n")
            conn.close()

    refuser = threading.Thread(target=refuse, daemon=True)
    refuser.start()
    try:
        cfg = month_of_news(hostile, tmp_path, invoke, smtp.config(READERS))
        down = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert down.code == 1 and "answered 421" in down.err and "queued for retry" in down.err
        assert "waiting for you" not in invoke("--config", cfg, "--now", SEND_AT, "status").out
    finally:
        busy.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        busy.close()
        refuser.join(timeout=5)
    smtp.start()
    try:
        time.sleep(0.3)  # [mail] retry = "0.2s"
        back = invoke("--config", cfg, "--now", "2025-12-01T10:00:01+09:00", "digest", "--month", "2025-11", "--send")
        assert back.code == 0, back.err
        assert sorted(r[0] for r, _m in smtp.recorder.messages) == READERS
    finally:
        smtp.stop()


def test_a_server_that_stalls_after_data_gets_the_same_message_id_again(hostile, tmp_path, invoke):
    """The server took the message but answered too late: the retry is the same message, same Message-ID."""
    import asyncio
    import time

    from tests.smtp import SmtpServer

    smtp = SmtpServer().start()
    original = smtp.recorder.handle_DATA
    stalls = [True]

    async def stall_then_accept(server, session, envelope):  # type: ignore[no-untyped-def]
        if stalls[0]:
            await asyncio.sleep(1.5)  # longer than [mail] timeout
        return await original(server, session, envelope)

    smtp.recorder.handle_DATA = stall_then_accept  # type: ignore[method-assign]
    try:
        cfg = month_of_news(hostile, tmp_path, invoke, smtp.config([READERS[0]], 'timeout = "0.5s"\n'))
        slow = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert slow.code == 1 and "timed out" in slow.err and "queued for retry" in slow.err
        time.sleep(1.5)
        stalls[0] = False
        later = invoke("--config", cfg, "--now", "2025-12-01T10:00:02+09:00", "digest", "--month", "2025-11", "--send")
        assert later.code == 0, later.err
        ids = {m["Message-ID"] for m in smtp.recorder.to(READERS[0])}
        assert len(ids) == 1, ids  # a mail client shows one message
        stored = db_rows(tmp_path / "monitor.db", "SELECT message_id, status FROM deliveries")
        assert stored == [(ids.pop(), "sent")]
        done = invoke("--config", cfg, "--now", "2025-12-01T10:00:03+09:00", "digest", "--month", "2025-11", "--send")
        assert done.code == 0 and "already sent" in done.out
        assert len(smtp.recorder.to(READERS[0])) <= 2
    finally:
        smtp.stop()


def test_the_service_retries_a_mail_outage_by_itself_and_sends_once(hostile, tmp_path, invoke):
    """`monitor run` with the SMTP server down at catch-up: queued, retried by the deliver job, sent once."""
    import signal
    import time
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from monitor.store import Store, utc_text
    from tests.child import start_monitor, wait_for
    from tests.smtp import SmtpServer

    smtp = SmtpServer()  # not started: connection refused
    now = datetime.now(ZoneInfo("Asia/Seoul"))
    start = datetime(now.year - (now.month <= 3), (now.month - 4) % 12 + 1, 1, tzinfo=ZoneInfo("Asia/Seoul"))
    posts = [Post(f"Nvidia ships AI GPUs for data centers, part {n}", f"https://wire.example/nv{n}",
                  start + timedelta(days=10 + 31 * n), "AI infrastructure") for n in range(3)]  # fmt: skip
    feed = hostile.add("/months", Static(rss2(posts)))
    cfg = write_config(tmp_path / "monitor.toml", [feed], extra=smtp.config(READERS), fetch="")
    assert invoke("--config", str(cfg), "fetch").code == 0  # the news of three months that ended
    db = tmp_path / "monitor.db"
    with Store.open(db, start) as store:
        store.conn.execute("UPDATE meta SET value = ? WHERE key = 'created'", (utc_text(start),))
    log = tmp_path / "service.log"
    proc = start_monitor(cfg, "run", cwd=tmp_path, log=log)
    try:
        assert wait_for(lambda: _deliveries(db, "queued") >= len(READERS), timeout=20), log.read_text()
        assert wait_for(lambda: "connection refused" in log.read_text(), timeout=10)
        smtp.start()
        assert wait_for(lambda: _deliveries(db, "sent") == _deliveries(db, None), timeout=20), log.read_text()
        time.sleep(0.5)  # a few more deliver ticks: nothing more goes out
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        smtp.stop()
    months = {m for (m,) in db_rows(db, "SELECT DISTINCT month FROM deliveries")}
    assert months and len(smtp.recorder.messages) == len(months) * len(READERS)
    for reader in READERS:
        assert len({m["Subject"] for m in smtp.recorder.to(reader)}) == len(months)


def _deliveries(db: Path, status: str | None) -> int:
    try:
        sql = "SELECT COUNT(*) FROM deliveries" + (" WHERE status = ?" if status else "")
        return db_rows(db, sql, (status,) if status else ())[0][0]
    except sqlite3.OperationalError:
        return 0
