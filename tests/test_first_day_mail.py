"""The digest mail on a real SMTP server (aiosmtpd on 127.0.0.1): RFC 8058 one-click
unsubscribe, and empty months that send nothing unless forced (issue 11, points 7 and 8)."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from monitor.mail import one_click_unsubscribe
from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))
SEND_AT = "2025-12-01T10:00:00+09:00"
READER = "analyst@readers.example"
MAILTO = "<mailto:monitor@news.example?subject=stop>"
AI_POSTS = [
    Post("Nvidia unveils a new AI chip for data centers", "https://wire.example/chip",
         datetime(2025, 11, 3, 9, tzinfo=KST), "The GPU doubles AI training speed."),
]  # fmt: skip
OTHER_POSTS = [
    Post("City opens a new public library", "https://town.example/library", datetime(2025, 11, 3, 9, tzinfo=KST),
         "Reading rooms and a garden."),
]  # fmt: skip


def configured(server, tmp_path, invoke, posts: list[Post], mail: str) -> str:
    cfg = write_config(tmp_path / "monitor.toml", [server.add("/feed", Route(rss2(posts)))], extra=mail)
    assert invoke("--config", str(cfg), "fetch").code == 0
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        conn.execute("UPDATE meta SET value = '2025-10-15T00:00:00.000000Z' WHERE key = 'created'")
    return str(cfg)


def test_an_https_unsubscribe_is_one_click(server, smtp, tmp_path, invoke):
    header = "<https://news.example/unsubscribe?list=ai>, " + MAILTO
    cfg = configured(server, tmp_path, invoke, AI_POSTS, smtp.config([READER]).replace(MAILTO, header))
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert result.code == 0, result.err
    [msg] = smtp.recorder.to(READER)
    assert msg["List-Unsubscribe"] == header
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_mailto_only_unsubscribe_gets_no_one_click_header(server, smtp, tmp_path, invoke):
    cfg = configured(server, tmp_path, invoke, AI_POSTS, smtp.config([READER]))
    assert invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send").code == 0
    [msg] = smtp.recorder.to(READER)
    assert msg["List-Unsubscribe"] == MAILTO and msg["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize(
    ("header", "one_click"),
    [
        ("<https://news.example/u>", True),
        ("<mailto:a@news.example>, <https://news.example/u>", True),
        ("<mailto:a@news.example>", False),
        ("<http://news.example/u>", False),
        ("https://news.example/u", True),
    ],
)
def test_one_click_needs_an_https_uri(header, one_click):
    assert one_click_unsubscribe(header) is one_click


# --- 7. empty months ------------------------------------------------------------------------------------


def test_a_month_without_ai_items_is_not_sent_unless_forced(server, smtp, tmp_path, invoke):
    cfg = configured(server, tmp_path, invoke, OTHER_POSTS, smtp.config([READER]))
    result = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send")
    assert result.code == 0 and "2025-11 has no AI item: nothing sent" in result.out and "--force" in result.out
    assert smtp.recorder.messages == []
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0
    forced = invoke("--config", cfg, "--now", SEND_AT, "digest", "--month", "2025-11", "--send", "--force")
    assert forced.code == 0, forced.err
    [msg] = smtp.recorder.to(READER)
    html = msg.get_body(("html",)).get_content()
    assert 'class="bar-' not in html  # no bar of nothing


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_an_empty_digest_claims_nothing_it_cannot_know(tmp_path, invoke, fmt):
    cfg = write_config(tmp_path / "monitor.toml", [])
    assert invoke("--config", str(cfg), "fetch").code == 0
    out = tmp_path / f"empty.{fmt}"
    result = invoke("--config", str(cfg), "digest", "--month", "2025-11", "--format", fmt, "--lang", "en",
                    "--output", str(out))  # fmt: skip
    assert result.code == 0, result.err
    text = out.read_text()
    assert "No feed had trouble" not in text and "No feed delivered an AI article this month." in text
    assert "never mentioned" not in text
    assert 'class="bar-' not in text  # html's bars (bar-now, bar-prev, bar-share)
    assert not re.search(r"%? #+ ", text)  # text's bars ("Nvidia  3 ###### ▲")
    assert not list(tmp_path.glob("*.png"))


def test_a_month_with_news_still_reports_its_health_and_bars(server, tmp_path, invoke):
    cfg = configured(server, tmp_path, invoke, AI_POSTS, "")
    out = tmp_path / "nov.html"
    result = invoke("--config", cfg, "digest", "--month", "2025-11", "--format", "html", "--lang", "en",
                    "--output", str(out))  # fmt: skip
    assert result.code == 0, result.err
    html = out.read_text()
    assert "No feed had trouble this month." in html and 'class="bar-now"' in html and 'class="bar-share"' in html
    assert "Tracked companies never mentioned: " in html  # one company named; the others are listed
    assert not list(tmp_path.glob("*.png"))  # the charts are drawn in the page
