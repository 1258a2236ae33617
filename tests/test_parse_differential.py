"""The fast feed reader takes only documents it reads exactly as feedparser does.

Differential test: every sample, test and benchmark document is read both ways and the stored
items must be identical; documents outside the fast reader's scope must fall back to feedparser.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bench.feedgen import documents
from monitor.normalize import normalize_entry
from monitor.parse import NAMESPACES as NS
from monitor.parse import parse_feed, read_simple_feed
from monitor.resources import shipped_path
from tests.feeds import Post, atom, json_feed, rss1, rss2

FETCHED = datetime(2025, 12, 1, tzinfo=UTC)
KST = timezone(timedelta(hours=9))


def items(body: bytes, fast: bool, content_type: str | None = None) -> list[tuple]:
    parsed = parse_feed(body, content_type, "https://feeds.example/feed", fast=fast)
    out = []
    for entry in parsed.entries:
        item = normalize_entry(entry, 1, FETCHED)
        out.append(None if item is None else (item.key, item.url, item.guid, item.title, item.summary,
                                              item.published, item.date_estimated, item.lang))  # fmt: skip
    return out


def tricky_documents() -> dict[str, bytes]:
    when = datetime(2025, 11, 3, 9, 30, tzinfo=KST)
    posts = [
        Post("A &amp; B <b>bold</b> “quotes” 엔비디아의", "https://x.example/1", when, "<p>para &lt;tag&gt;</p>"),
        Post("  spaced   title  ", "https://x.example/2?utm_source=a", when, "  lots\n\n of   space "),
        Post("no date", "https://x.example/3", None, "s"),
        Post("guid only", "https://x.example/4", when, "s", guid="urn:uuid:4"),
        Post("emoji 🚀 and 中文", "https://X.Sub.example:443/5#frag", when, "<![CDATA[raw]]>"),
        Post("", "https://x.example/6", when, "summary only"),
    ]
    rss = rss2(posts)
    return {
        "rss2": rss,
        "atom": atom(posts),
        "rss2-cdata": rss.replace(
            b"<description>s</description>", b"<description><![CDATA[<i>c</i> &amp;]]></description>"
        ),
        "rss2-content-encoded": (
            b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="'
            + NS["content"].encode()
            + b'"><channel><title>t</title><item><title>T</title><link>https://x.example/c</link>'
            b"<content:encoded><![CDATA[<p>full</p>]]></content:encoded><pubDate>Mon, 03 Nov 2025 09:00:00 GMT"
            b"</pubDate></item></channel></rss>"
        ),
        "rss2-dc-date": (
            b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="' + NS["dc"].encode() + b'"><channel>'
            b"<item><title>T</title><link>https://x.example/d</link><dc:date>2025-11-03T09:00:00Z</dc:date>"
            b"</item></channel></rss>"
        ),
        "rss2-relative-link": rss.replace(b"https://x.example/1</link>", b"/relative</link>"),
        "rss2-naive-date": rss.replace(b"+0900</pubDate>", b"</pubDate>", 1),
        "rss2-gmt": rss.replace(b"+0900", b"GMT"),
        "atom-xhtml": atom(posts).replace(
            b'<summary type="html">', b'<summary type="xhtml"><div xmlns="' + NS["xhtml"].encode() + b'">x</div>', 1
        ),
        "atom-updated-only": atom(posts).replace(b"<published>", b"<x>").replace(b"</published>", b"</x>"),
        "latin1": rss2([Post("Café", "https://x.example/l", when, "é")], encoding="iso-8859-1"),
        "euc-kr": rss2([Post("엔비디아 GPU", "https://x.example/k", when, "국내")], encoding="euc-kr"),
        "rdf": rss1(posts),
        "doctype-after-a-long-comment": b'<?xml version="1.0"?><!--' + b"x" * 6000 + b'--><!DOCTYPE rss ['
        b'<!ENTITY e "EEEEEEEEEE"><!ENTITY e2 "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><rss version="2.0"><channel>'
        b"<item><title>&e2;</title><link>https://x.example/d2</link></item></channel></rss>",
        "doctype": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "E">]><rss version="2.0"><channel><item>'
                   b"<title>&e;</title><link>https://x.example/e</link></item></channel></rss>",
    }  # fmt: skip


def all_documents() -> dict[str, bytes]:
    docs = {f"demo/{p.name}": p.read_bytes() for p in sorted((shipped_path("demo") / "feeds").iterdir())}
    docs.update({f"bench/{n}": d for n, d in enumerate(documents(6, 20))})
    docs.update(tricky_documents())
    return docs


@pytest.mark.parametrize("name", sorted(all_documents()))
def test_the_fast_reader_reads_like_feedparser_or_declines(name):
    body = all_documents()[name]
    kind = "application/feed+json" if name.endswith(".json") else None
    assert items(body, fast=True, content_type=kind) == items(body, fast=False, content_type=kind)


def test_the_fast_reader_takes_the_common_cases_and_declines_the_rest():
    docs = all_documents()
    taken = {name for name, body in docs.items() if read_simple_feed(body, None) is not None}
    assert {"rss2", "atom", "rss2-cdata", "rss2-content-encoded", "rss2-gmt", "bench/0"} <= taken
    assert {"demo/frontier-wire.xml", "demo/bay-signal.atom"} <= taken
    declined = {
        "rss2-dc-date",
        "rss2-relative-link",
        "atom-xhtml",
        "latin1",
        "euc-kr",
        "rdf",
        "doctype",
        "doctype-after-a-long-comment",
    }
    assert not (declined & taken)
    assert read_simple_feed(json_feed([Post("j", "https://x.example/j", None)]), None) is None
