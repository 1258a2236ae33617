"""Mailing the digest through a real SMTP server on 127.0.0.1: exactly once, queued through outages."""

from __future__ import annotations

import logging
import socket
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.feedserver import Route
from tests.smtp import SmtpServer, free_port

KST = timezone(timedelta(hours=9))
SEND_AT = "2025-12-01T10:00:00+09:00"
READERS = ["analyst@readers.example", "investor@readers.example"]

POSTS = [
    Post("OpenAI signs $38 billion AI cloud deal with AWS", "https://wire.example/openai-aws",
         datetime(2025, 11, 3, 9, tzinfo=KST), "OpenAI will run its models on Nvidia GPUs in AWS data centers."),
    Post("오픈AI, AWS와 380억 달러 클라우드 계약", "https://hangang.example/204101",
         datetime(2025, 11, 4, 8, tzinfo=KST), "오픈AI가 아마존웹서비스와 AI 데이터센터 계약을 맺었다."),
    Post("Anthropic launches Claude Opus 4.5 model", "https://wire.example/opus",
         datetime(2025, 11, 24, 9, tzinfo=KST), "The new AI model leads coding benchmarks."),
]  # fmt: skip


@pytest.fixture
def month_config(server, tmp_path, invoke):
    """A database with November 2025 AI news, created in October 2025."""

    def make(mail: str = "") -> str:
        cfg = write_config(tmp_path / "monitor.toml", [server.add("/nov", Route(rss2(POSTS)))], extra=mail)
        assert invoke("--config", str(cfg), "fetch").code == 0
        with sqlite3.connect(tmp_path / "monitor.db") as conn:
            conn.execute("UPDATE meta SET value = '2025-10-15T00:00:00.000000Z' WHERE key = 'created'")
        return str(cfg)

    return make


def test_the_digest_arrives_once_per_recipient_with_both_parts(smtp, month_config, invoke):
    cfg = month_config(smtp.config(READERS))
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert result.code == 0, result.err
    for reader in READERS:
        [msg] = smtp.recorder.to(reader)
        assert msg["Subject"] == "2025년 11월 AI 동향 리포트"
        assert msg["List-Unsubscribe"] == "<mailto:monitor@news.example?subject=stop>"
        assert msg.get_content_type() == "multipart/alternative"
        assert "오픈AI" in msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert "<html" in html and 'class="bar-now"' in html and "cid:" not in html  # charts drawn as tables
        assert not [p for p in msg.walk() if p.get_content_maintype() == "image"]
    ids = {m["Message-ID"] for _r, m in smtp.recorder.messages}
    assert len(ids) == 2

    again = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert again.code == 0 and "already sent to 2 recipient(s) (use --force" in again.out
    assert len(smtp.recorder.messages) == 2

    forced = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send", "--force")
    assert forced.code == 0 and len(smtp.recorder.messages) == 4
    assert {m["Message-ID"] for _r, m in smtp.recorder.messages} == ids  # stable per month and recipient


def test_a_test_copy_goes_to_one_address_only(smtp, month_config, invoke):
    cfg = month_config(smtp.config(READERS))
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send", "--to",
                    "me@readers.example")  # fmt: skip
    assert result.code == 0
    assert [r for r, _m in smtp.recorder.messages] == [["me@readers.example"]]
    assert invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send").code == 0
    assert len(smtp.recorder.messages) == 3  # the test copy did not count as the month's send


def test_the_monthly_job_run_twice_sends_once_and_skips_a_month_without_ai_news(smtp, month_config, caplog):
    from monitor.config import load_settings
    from monitor.rules import load_rules, shipped_rule_files
    from monitor.schedule import monthly_digest
    from monitor.store import Store

    cfg = Path(month_config(smtp.config(READERS)))
    settings = load_settings(cfg, {})
    rules = load_rules(shipped_rule_files())
    now = datetime.fromisoformat(SEND_AT)
    with caplog.at_level(logging.INFO, logger="monitor.service"), Store.open(settings.database, now) as store:
        monthly_digest(store, settings, rules, now)
        first = len(smtp.recorder.messages)
        monthly_digest(store, settings, rules, now + timedelta(hours=1))
        queued = store.deliveries.queued_months()
    # October, the database's first month, has no item: due, but nothing of it is mailed or queued
    assert len(smtp.recorder.messages) == first == 2
    assert sorted(m["Subject"] for _r, m in smtp.recorder.messages) == ["2025년 11월 AI 동향 리포트"] * 2
    assert "2025-10" not in queued and "2025-11" in queued
    assert "digest 2025-10 not sent: no AI item was collected that month" in caplog.text


def test_smtp_down_the_digest_stays_queued_and_goes_out_once_when_back(smtp, month_config, invoke):
    cfg = month_config(smtp.config(READERS))
    smtp.stop()
    down = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert down.code == 1 and "queued for retry" in down.err and "connection refused" in down.err
    status = invoke("--config", cfg, "--now", SEND_AT, "status").out
    assert "2025-11 monthly to analyst@readers.example: queued" in status and "connection refused" in status
    smtp.start()
    time.sleep(0.3)  # [mail] retry = "0.2s"
    later = "2025-12-01T10:00:01+09:00"
    back = invoke("--config", cfg, "--now", later, "digest", "--month", "2025-11", "--send")
    assert back.code == 0, back.err
    assert sorted(r[0] for r, _m in smtp.recorder.messages) == READERS
    invoke("--config", cfg, "--now", later, "digest", "--month", "2025-11", "--send")
    assert len(smtp.recorder.messages) == 2


@pytest.mark.parametrize(
    ("reply", "code", "expected", "permanent"),
    [
        ("451 4.3.0 try again later", 1, "answered 451", False),
        ("554 5.7.1 rejected as spam", 1, "answered 554", True),
    ],
)
def test_smtp_refusals_are_queued_with_a_reason(smtp, month_config, invoke, reply, code, expected, permanent):
    cfg = month_config(smtp.config(READERS))
    smtp.recorder.reply = reply
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert result.code == code and expected in result.err
    status = invoke("--config", cfg, "--now", SEND_AT, "status").out
    assert expected in status
    assert ("waiting for you" in status) is permanent


def test_rejected_authentication_waits_for_the_user(month_config, invoke, monkeypatch):
    server = SmtpServer(user="monitor", password="right").start()
    try:
        monkeypatch.setenv("SMTP_PASSWORD_FOR_TEST", "wrong")
        cfg = month_config(server.config(READERS, 'username = "monitor"\npassword_env = "SMTP_PASSWORD_FOR_TEST"\n'))
        result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert result.code == 1 and "authentication rejected" in result.err
        assert "wrong" not in result.err + result.out  # the secret is never shown
        assert "waiting for you" in invoke("--config", cfg, "--now", SEND_AT, "status").out
        monkeypatch.setenv("SMTP_PASSWORD_FOR_TEST", "right")
        fixed = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert fixed.code == 0 and "retrying deliveries that had failed" in fixed.out
        assert len(server.recorder.messages) == 2
    finally:
        server.stop()


def test_a_silent_smtp_server_times_out_and_stays_queued(month_config, invoke):
    port = free_port()
    listener = socket.socket()
    listener.bind(("127.0.0.1", port))
    listener.listen(5)  # accepts connections, never says hello
    try:
        mail = (f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nfrom = "m@news.example"\n'
                f'recipients = ["a@readers.example"]\ntimeout = "1s"\n')  # fmt: skip
        cfg = month_config(mail)
        started = time.monotonic()
        result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
        assert time.monotonic() - started < 5
        assert result.code == 1 and "timed out" in result.err
    finally:
        listener.close()


def test_without_mail_the_digest_goes_to_the_outbox(month_config, invoke, tmp_path):
    cfg = month_config("")
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert result.code == 0
    eml, page = tmp_path / "outbox" / "digest-2025-11-ko.eml", tmp_path / "outbox" / "digest-2025-11-ko.html"
    assert eml.read_bytes().startswith(b"Subject:") and "<html" in page.read_text()
    assert "cid:" not in page.read_text() and 'class="bar-share"' in page.read_text()
    assert not list((tmp_path / "outbox").glob("*.png"))
    assert "already sent" in invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send").out


def test_status_is_unhealthy_without_a_service_and_with_an_old_queue(month_config, invoke, tmp_path):
    cfg = month_config("")
    result = invoke("--config", cfg, "status")
    assert result.code == 1 and "the service has never run" in result.out
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        conn.execute("INSERT INTO jobs (name, heartbeat, interval) VALUES ('service', ?, 60)", (now,))
    healthy = invoke("--config", cfg, "status")
    assert healthy.code == 0, healthy.out
    assert "health: ok" in healthy.out and "items per month: 2025-11 3" in healthy.out
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        conn.execute(
            "INSERT INTO deliveries (month, lang, recipient, message_id, message, next_attempt, queued, last_error)"
            " VALUES ('2025-10', 'ko', 'x@readers.example', '<x>', x'00', ?, '2025-01-01T00:00:00.000000Z', 'down')",
            (now,),
        )
    stale = invoke("--config", cfg, "status")
    assert stale.code == 1 and "digest 2025-10 to x@readers.example waiting since 2025-01-01" in stale.out


def test_invalid_mail_sections_are_configuration_errors(tmp_path, invoke):
    for text, message in (
        ('[mail]\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\n', "[mail.host] expected a value"),
        ('[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\nsecurity = "ssl"\n', "security"),
        ('[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\npassword_env = "NO_SUCH_VAR_X"\n',
         "NO_SUCH_VAR_X to be set"),
    ):  # fmt: skip
        cfg = tmp_path / "c.toml"
        cfg.write_text(text)
        result = invoke("--config", str(cfg), "run")
        assert result.code == 2 and message in result.err


def test_smtp_outage_at_send_time_with_threads(smtp, month_config, invoke):
    """The server goes away between two recipients: the first is sent, the second queued, none lost."""
    cfg = month_config(smtp.config(READERS))
    original = smtp.recorder.handle_DATA

    async def stop_after_first(server, session, envelope):
        answer = await original(server, session, envelope)
        threading.Thread(target=smtp.stop, daemon=True).start()
        return answer

    smtp.recorder.handle_DATA = stop_after_first  # type: ignore[method-assign]
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    time.sleep(0.5)
    assert len(smtp.recorder.messages) == 1
    assert result.code == 1 and "queued for retry" in result.err
    smtp.recorder.handle_DATA = original  # type: ignore[method-assign]
    smtp.start()
    time.sleep(0.3)
    invoke("--config", cfg, "--now", "2025-12-01T10:00:05+09:00", "digest", "--month", "2025-11", "--send")
    assert sorted(r[0] for r, _m in smtp.recorder.messages) == READERS
