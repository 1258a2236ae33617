"""Issue 11 on loopback: the shipped feeds, dates without a zone, pages that advertise feeds, the habits of
real feeds (429 with Retry-After, title-only items, a feed of ~1,100 items, Atom) and `fetch --force`."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

from monitor.check import MOVED_FEEDS
from monitor.config import load_settings
from monitor.normalize import canonical_url
from monitor.parse import date_zone, parse_feed
from monitor.resources import shipped_path
from tests.feeds import Post, atom, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))
ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# --- the shipped feeds --------------------------------------------------------------------------------------


def test_the_shipped_feeds_are_alive_by_the_evidence_and_enough():
    feeds = load_settings(shipped_path("config") / "monitor.toml", {}).feeds
    urls = {f.url for f in feeds}
    assert not urls & set(MOVED_FEEDS)  # the known-dead URLs of issue 11
    assert urls >= set(MOVED_FEEDS.values())
    assert len(feeds) >= 30 and len(urls) == len(feeds)
    korean = [f for f in feeds if f.name and HANGUL.search(f.name)]
    assert len(korean) >= 12
    etnews = [f for f in feeds if "etnews" in f.url]
    assert [(urlsplit(f.url).path, "속보" in (f.name or "")) for f in etnews] == [("/Section902.xml", True)]  # 속보
    assert not any("anthropic" in (urlsplit(u).hostname or "") for u in urls)  # no third-party mirror either
    assert all(urlsplit(u).scheme == "https" for u in urls)


def test_the_readme_says_anthropic_has_no_feed_and_to_run_feeds_check_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"Anthropic publishes no (RSS |Atom )?feed", readme)
    assert "monitor feeds check" in readme


# --- dates without a zone -----------------------------------------------------------------------------------

CMS = (  # a widely used Korean news CMS: <pubDate> without a zone
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{language}'
    "<link>https://news.example/</link><description>d</description>{items}</channel></rss>"
)


def cms_feed(items: list[tuple[str, str, str]], language: str | None = "ko", title: str = "뉴스") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{t} 본문</description><pubDate>{d}</pubDate></item>"
        for t, link, d in items
    )
    lang = f"<language>{language}</language>" if language else ""
    return CMS.format(title=title, language=lang, items=body).encode()


MONTH_EDGE = [
    ("엔비디아 11월 마지막 밤 발표", "https://news.example/a", "2025-11-30 23:30:00"),
    ("삼성전자 12월 첫 아침 발표", "https://news.example/b", "2025-12-01 08:30:00"),
    ("SK하이닉스 ISO 형식 날짜", "https://news.example/c", "2025-11-30T23:45:00"),
]


def _published(invoke, cfg: str) -> dict[str, str]:
    return {i["url"]: i["published"] for i in invoke("--config", cfg, "items", "--format", "jsonl").jsonl()}


def test_a_korean_feed_without_zones_is_read_in_seoul_on_both_sides_of_a_month(server, config_file, invoke):
    url = server.add("/cms", Route(cms_feed(MONTH_EDGE)))
    cfg = config_file([url])
    assert invoke("--config", cfg, "fetch").code == 0
    published = _published(invoke, cfg)
    assert published["https://news.example/a"] == "2025-11-30T23:30:00+09:00"
    assert published["https://news.example/b"] == "2025-12-01T08:30:00+09:00"
    assert published["https://news.example/c"] == "2025-11-30T23:45:00+09:00"
    november = invoke("--config", cfg, "items", "--month", "2025-11", "--format", "jsonl").jsonl()
    assert sorted(i["url"] for i in november) == ["https://news.example/a", "https://news.example/c"]
    listed = invoke("--config", cfg, "feeds", "list").out
    assert "Asia/Seoul" in listed


def test_korean_text_without_a_language_tag_is_seoul_and_english_is_utc(server, config_file, invoke):
    ko = server.add("/ko", Route(cms_feed(MONTH_EDGE[:1], language=None)))
    en = server.add(
        "/en", Route(cms_feed([("Chip news at night", "https://en.example/a", "2025-11-30 23:30:00")], None, "News"))
    )
    cfg = config_file([ko, en])
    invoke("--config", cfg, "fetch")
    published = _published(invoke, cfg)
    assert published["https://news.example/a"] == "2025-11-30T23:30:00+09:00"
    assert published["https://en.example/a"] == "2025-12-01T08:30:00+09:00"  # 23:30 UTC


def test_the_feeds_timezone_overrides_the_language(server, config_file, invoke):
    url = server.add("/ny", Route(cms_feed(MONTH_EDGE[:1])))
    cfg = config_file([{"url": url, "timezone": "America/New_York"}])
    invoke("--config", cfg, "fetch")
    assert _published(invoke, cfg)["https://news.example/a"] == "2025-12-01T13:30:00+09:00"  # 23:30 EST
    assert "America/New_York (config)" in invoke("--config", cfg, "feeds", "list").out


def test_a_bad_feed_timezone_is_a_config_error(config_file, invoke):
    cfg = config_file([{"url": "https://feeds.example/a.xml", "timezone": "Mars/Olympus"}])
    result = invoke("--config", cfg, "config", "check")
    assert result.code == 2 and "timezone" in result.err and "Traceback" not in result.err


def test_both_readers_keep_a_zone_less_date_naive_and_a_zoned_one_aware():
    doc = cms_feed([*MONTH_EDGE, ("zoned", "https://news.example/z", "Sun, 30 Nov 2025 23:30:00 +0900")])
    fast, slow = parse_feed(doc), parse_feed(doc, fast=False)
    assert [e.published for e in fast.entries] == [e.published for e in slow.entries]
    assert [e.published.tzinfo is None for e in fast.entries] == [True, True, True, False]
    assert fast.entries[-1].published == datetime(2025, 11, 30, 14, 30, tzinfo=UTC)
    assert fast.language == slow.language == "ko" and fast.zoneless_dates == 3
    assert date_zone(fast, None) == "Asia/Seoul" and date_zone(fast, "Europe/Paris") == "Europe/Paris"


def test_a_zone_name_feedparser_does_not_know_is_the_feeds_local_time():
    # "KST" is not a zone feedparser knows: it would read the time as UTC, nine hours late.
    doc = cms_feed([("x", "https://news.example/k", "Sun, 30 Nov 2025 23:30:00 KST")])
    entry = parse_feed(doc).entries[0]
    assert entry.published == datetime(2025, 11, 30, 23, 30)  # naive: read in the feed's zone


# --- pages that advertise feeds -----------------------------------------------------------------------------

PAGE = (
    b'<!doctype html><html><head><title>Outlet</title><link rel="stylesheet" href="/s.css">'
    b'<link rel="alternate" type="application/rss+xml" title="All news" href="feeds/all.xml">'
    b'<link rel="alternate" type="application/atom+xml" title="AI" href="/ai.atom">'
    b"</head><body><p>hello</p></body></html>"
)


def test_feeds_add_with_a_page_adds_the_feed_it_advertises(server, config_file, invoke):
    page = server.add("/site/", Route(PAGE, content_type="text/html; charset=utf-8"))
    cfg = config_file([])
    result = invoke("--config", cfg, "feeds", "add", page)
    assert result.code == 0, result.err
    assert f"added RSS feed {server.url('/site/feeds/all.xml')} (All news)" in result.out
    assert "1 more" in result.out and "--all" in result.out
    listed = invoke("--config", cfg, "feeds", "list").out
    assert server.url("/site/feeds/all.xml") in listed and server.url("/ai.atom") not in listed
    result = invoke("--config", cfg, "feeds", "add", page, "--all")
    assert f"added Atom feed {server.url('/ai.atom')}" in result.out and "already" in result.out


def test_a_page_without_feeds_is_a_usage_error(server, config_file, invoke):
    page = server.add("/plain", Route(b"<!doctype html><html><head></head></html>", content_type="text/html"))
    result = invoke("--config", config_file([]), "feeds", "add", page)
    assert result.code == 2 and page in result.err and "advertises no" in result.err


def test_feeds_add_canonicalises_the_feed_url(server, config_file, invoke):
    feed = server.add("/feed.xml", Route(rss2([Post("A", "https://k.example/a", datetime(2025, 11, 3, tzinfo=UTC))])))
    cfg = config_file([])
    assert invoke("--config", cfg, "feeds", "add", f"{feed}?utm_source=x&utm_medium=y").code == 0
    again = invoke("--config", cfg, "feeds", "add", feed)
    assert f"{feed} is already in the feed list" in again.out
    assert "utm_" not in invoke("--config", cfg, "feeds", "list").out
    # host case and the scheme's default port, without a fetch (a .example host is never asked)
    assert canonical_url("https://FEEDS.example:443/feed.xml?utm_source=x") == "https://feeds.example/feed.xml"


def test_config_check_names_a_configured_feed_known_to_be_dead(config_file, invoke):
    dead, alive = next(iter(MOVED_FEEDS.items()))
    result = invoke("--config", config_file([dead]), "config", "check")
    assert result.code == 0 and f"{dead} is dead or wrong: use {alive}" in result.err


def test_a_configured_url_answering_a_page_names_the_feed_it_advertises(server, config_file, invoke, tmp_path):
    page = server.add("/home", Route(PAGE, content_type="text/html"))
    result = invoke("--config", config_file([page]), "fetch")
    assert result.code == 1
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        (error,) = conn.execute("SELECT last_error FROM feeds").fetchone()
    assert "HTML page" in error and server.url("/feeds/all.xml") in error


# --- habits of real feeds -----------------------------------------------------------------------------------


def test_a_429_with_retry_after_is_honoured_visible_in_status_and_forced_through(server, config_file, invoke):
    url = server.add("/vb", Route(b"slow down", status=429, content_type="text/plain", headers={"Retry-After": "7200"}))
    cfg = config_file([url])
    assert invoke("--config", cfg, "fetch").code == 1
    held = invoke("--config", cfg, "fetch")
    assert server.hits("/vb") == 1
    assert "1 skipped (held back), the first tried again at" in held.out and "--force" in held.out
    status = invoke("--config", cfg, "status").out
    assert "Retry-After" in status and "held back until" in status
    invoke("--config", cfg, "fetch", "--force")
    assert server.hits("/vb") == 2


def test_a_title_only_item_is_tagged_on_its_title(server, config_file, invoke):
    doc = cms_feed([("엔비디아, 새 AI 가속기 공개", "https://hk.example/1", "2025-11-20 10:00:00")])
    doc = re.sub(rb"<description>.*?</description>", b"", doc)
    cfg = config_file([server.add("/hk", Route(doc))])
    invoke("--config", cfg, "fetch")
    (item,) = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    assert item["summary"] == "" and "nvidia" in item["companies"]


def test_a_feed_of_1100_items_is_stored_whole_and_fast(server, config_file, invoke):
    start = datetime(2025, 11, 1, tzinfo=UTC)
    posts = [
        Post(f"OpenAI update number {i}", f"https://openai.example/news/{i}", start + timedelta(hours=i), "Text " * 40)
        for i in range(1100)
    ]
    cfg = config_file([server.add("/openai", Route(rss2(posts)))])
    began = time.monotonic()
    result = invoke("--config", cfg, "fetch")
    assert result.code == 0 and "1100 new items" in result.out
    assert time.monotonic() - began < 20  # a few tenths of a second on a quiet machine


def test_an_atom_feed_is_read(server, config_file, invoke):
    posts = [Post("Verge story on AI chips", "https://verge.example/1", datetime(2025, 11, 5, 12, tzinfo=UTC))]
    cfg = config_file([server.add("/verge", Route(atom(posts), content_type="application/atom+xml"))])
    invoke("--config", cfg, "fetch")
    (item,) = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    assert item["published"] == "2025-11-05T21:00:00+09:00"
