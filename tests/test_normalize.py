"""Pure normalisation: canonical URLs, clean text, dates, language, identity."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from monitor.models import Entry
from monitor.normalize import canonical_url, clean_text, detect_language, normalize_entry
from monitor.parse import JSON_FEED_VERSION, parse_feed

NOW = datetime(2025, 11, 20, 1, 0, tzinfo=UTC)


def test_canonical_url_drops_tracking_fragment_default_port_and_case():
    assert (
        canonical_url("HTTPS://News.Example:443/a/b?utm_source=x&id=3&fbclid=abc&gclid=1#section")
        == "https://news.example/a/b?id=3"
    )
    assert canonical_url("http://x.example:80") == "http://x.example/"
    assert canonical_url("http://x.example:8080/p?q=1&UTM_Medium=rss") == "http://x.example:8080/p?q=1"
    assert canonical_url("https://x.example/p?b=2&a=1") == "https://x.example/p?b=2&a=1"


urls = st.builds(
    lambda scheme, host, port, path, params, frag: (
        f"{scheme}://{host}{port}/{path}" + ("?" + "&".join(params) if params else "") + frag
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"[A-Za-z0-9]{1,12}\.(example|test)", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.from_regex(r"[a-z0-9/_.%-]{0,30}", fullmatch=True),
    st.lists(st.from_regex(r"[a-z]{1,6}=[a-z0-9%+]{0,6}", fullmatch=True), max_size=4),
    st.sampled_from(["", "#x", "#"]),
)
tracking = st.lists(
    st.sampled_from(["utm_source=rss", "utm_medium=feed", "fbclid=Ab1", "gclid=9", "utm_campaign=x"]),
    min_size=1,
    max_size=3,
)


@given(urls)
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(urls, tracking)
def test_tracking_parameters_never_change_identity(url, params):
    base, _, frag = url.partition("#")
    joiner = "&" if "?" in base else "?"
    tracked = base + joiner + "&".join(params) + (("#" + frag) if frag else "")
    assert canonical_url(tracked) == canonical_url(url)


def test_clean_text_strips_markup_decodes_entities_and_folds_space():
    html = "<p>OpenAI &amp; AWS<br/>sign   a <b>$38B</b> deal</p><script>alert(1)</script><!-- c -->"
    assert clean_text(html, 500) == "OpenAI & AWS sign a $38B deal"
    assert clean_text("&lt;script&gt;x&lt;/script&gt; safe", 500) == "x safe"
    assert clean_text("a\u202eb\u200bc", 500) == "abc"
    assert clean_text("x" * 50, 10) == "xxxxxxxxx…"


def test_language_detection():
    assert detect_language("오픈AI, GPT-5.1 출시… 추론 모드 강화") == "ko"
    assert detect_language("OpenAI ships GPT-5.1 with two modes") == "en"
    assert detect_language("Samsung (삼성) unveils new chips for data centers worldwide today") == "en"


def test_dates_are_utc_and_implausible_ones_are_estimated():
    kst = timezone(timedelta(hours=9))
    entry = Entry("https://x.example/1", None, "T", "", datetime(2025, 12, 1, 0, 30, tzinfo=kst))
    item = normalize_entry(entry, 1, NOW + timedelta(days=20))
    assert item is not None and item.published == datetime(2025, 11, 30, 15, 30, tzinfo=UTC)
    assert not item.date_estimated
    for weird in (datetime(1970, 1, 1, tzinfo=UTC), datetime(2099, 1, 1, tzinfo=UTC), None):
        got = normalize_entry(Entry("https://x.example/2", None, "T", "", weird), 1, NOW)
        assert got is not None and got.date_estimated and got.published == NOW


def test_identity_link_then_guid_then_hash():
    with_link = normalize_entry(Entry("https://x.example/a?utm_source=z", "g1", "T", "", None), 7, NOW)
    with_guid = normalize_entry(Entry(None, "g1", "T", "", None), 7, NOW)
    bare = normalize_entry(Entry(None, None, "T", "", None), 7, NOW)
    assert with_link and with_link.key == "https://x.example/a"
    assert with_guid and with_guid.key == "guid:7:g1"
    other_feed = normalize_entry(Entry(None, "g1", "T", "", None), 8, NOW)
    assert other_feed and other_feed.key != with_guid.key  # GUIDs are never compared across feeds
    assert bare and bare.key.startswith("hash:")
    assert normalize_entry(Entry(None, None, "", "  ", None), 7, NOW) is None


def test_json_feed_and_non_feeds():
    doc = json.dumps(
        {"version": JSON_FEED_VERSION + "1.1", "items": [{"id": 1, "title": "A", "url": "https://j.example/a"}]}
    )
    parsed = parse_feed(doc.encode(), "application/feed+json")
    assert [e.title for e in parsed.entries] == ["A"] and parsed.entries[0].guid == "1"
    for body, message in (
        (b'{"hello": 1}', "JSON without a JSON Feed version"),
        (b"{nope", "invalid JSON"),
        (b"   ", "empty response body"),
    ):
        try:
            parse_feed(body, "application/json")
        except Exception as exc:
            assert message in str(exc)
        else:
            raise AssertionError(f"{body!r} parsed")


def test_inline_markup_does_not_split_a_word_but_blocks_do():
    assert clean_text("<b>제미나이 3 프로</b>를 공개<p>다음</p>문단", 500) == "제미나이 3 프로를 공개 다음 문단"
    assert clean_text("Open<i>AI</i>'s model<br>line", 500) == "OpenAI's model line"
