"""The digest mail on a real SMTP server (aiosmtpd on 127.0.0.1): RFC 8058 one-click
unsubscribe, and empty months that send nothing unless forced (issue 11, points 7 and 8)."""

from __future__ import annotations

import json
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


# --- the month monitor began collecting in ------------------------------------------------------------------


def began_on(tmp_path, moment: str) -> None:
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'created'", (moment,))


@pytest.mark.parametrize(
    ("fmt", "lang", "note"),
    [
        ("html", "ko", "monitor는 11월 3일부터 기사를 모으기 시작했습니다. 그 전의 기사는 그때 피드에 남아 있던 것만"),
        ("text", "ko", "monitor는 11월 3일부터 기사를 모으기 시작했습니다."),
        ("markdown", "en", "*monitor began collecting on 3 November: earlier news is only what the feeds still"),
        ("text", "en", "monitor began collecting on 3 November: earlier news is only what the feeds still carried"),
    ],
)
def test_the_digest_of_the_month_collection_began_in_says_from_when(server, tmp_path, invoke, fmt, lang, note):
    cfg = configured(server, tmp_path, invoke, AI_POSTS, "")
    began_on(tmp_path, "2025-11-02T15:30:00.000000Z")  # 00:30 on 3 November in Seoul, the digest's zone
    out = tmp_path / f"nov.{fmt}"
    result = invoke("--config", cfg, "digest", "--month", "2025-11", "--format", fmt, "--lang", lang,
                    "--output", str(out))  # fmt: skip
    assert result.code == 0, result.err
    text = out.read_text()
    assert note in text
    assert text.index(note) < text.index("Nvidia" if lang == "en" else "엔비디아")  # read before the stories


def test_a_month_collected_whole_has_no_note_and_the_model_says_which_day(server, tmp_path, invoke):
    cfg = configured(server, tmp_path, invoke, AI_POSTS, "")  # created in October
    whole = invoke("--config", cfg, "digest", "--month", "2025-11", "--format", "json")
    assert whole.code == 0 and json.loads(whole.out)["footer"]["collected_from"] == ""
    began_on(tmp_path, "2025-11-02T15:30:00.000000Z")
    part = invoke("--config", cfg, "digest", "--month", "2025-11", "--format", "json")
    assert json.loads(part.out)["footer"]["collected_from"] == "2025-11-03"
    site = tmp_path / "site"
    assert invoke("--config", cfg, "site", "build", "--output", str(site)).code == 0
    page = (site / "2025-11" / "ko.html").read_text()
    assert "monitor는 11월 3일부터 기사를 모으기 시작했습니다." in page


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2025-10-31T15:30:00+00:00", ""),  # 00:30 on 1 November in Seoul: the whole month
        ("2025-11-01T14:59:00+00:00", ""),  # still the 1st in Seoul
        ("2025-11-01T15:00:00+00:00", "2025-11-02"),
        ("2025-11-30T14:59:00+00:00", "2025-11-30"),
        ("2025-11-30T15:00:00+00:00", ""),  # December in Seoul
        ("2025-09-20T00:00:00+00:00", ""),
    ],
)
def test_started_in_is_a_day_of_the_month_after_its_first(created, expected):
    from monitor.months import started_in

    assert started_in((2025, 11), datetime.fromisoformat(created), KST) == expected
