"""Hostile input: feed servers that misbehave, hostile feed text in the digest, hostile SMTP servers,
and bad configuration. Everything on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.child import query, run_measured
from tests.feeds import Post, atom, json_feed, rss1, rss2, site
from tests.hostile_server import Encoded, Endless, HostileServer, Redirect, Static, Trickle, gzip_bomb

KST = timezone(timedelta(hours=9))
NOV = datetime(2025, 11, 10, 9, 0, tzinfo=KST)
MB = 1_000_000
SECRET = "XXE-SECRET-7f3a9c-never-store-me"


@pytest.fixture
def hostile():
    srv = HostileServer().start()
    yield srv
    srv.stop()


def write_config(folder: Path, feeds: list[str | dict], fetch: str = "", extra: str = "") -> Path:
    lines = [f'[storage]\ndatabase = "{folder / "monitor.db"}"\n', f"[fetch]\n{fetch}\n"]
    for feed in feeds:
        entry = feed if isinstance(feed, dict) else {"url": feed}
        lines.append("[[feeds]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in entry.items()))
    path = folder / "monitor.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def db_rows(db: Path, sql: str, args: tuple = ()) -> list[tuple]:
    return query(db, sql, args)


# --- one pass over 20 good feeds and every kind of hostile one ------------------------------------------


def good_posts(n: int) -> list[Post]:
    ko = n % 2 == 0
    return [
        Post(
            f"엔비디아, AI 데이터센터 GPU 공급 확대 {n}-{i}" if ko else f"OpenAI ships a new AI model {n}-{i}",
            site(f"good{n}", f"/story/{i}?utm_source=rss"),
            NOV + timedelta(hours=n, minutes=i),
            f"<p>본문 {n}-{i}</p>" if ko else f"<p>Body {n}-{i}</p>",
        )
        for i in range(4)
    ]


GOOD_FORMATS = [
    (rss2, "application/rss+xml; charset=utf-8"),
    (atom, "application/atom+xml"),
    (rss1, "application/rdf+xml"),
    (json_feed, "application/feed+json"),
]


PADDING = "<!--" + "padding " * 1000 + "-->\n"  # pushes the DOCTYPE past a reader's first 4 KiB


def billion_laughs(prolog: str = "") -> bytes:
    entities = '<!ENTITY lol0 "lol">\n' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<!DOCTYPE rss [\n{entities}]>\n'
        '<rss version="2.0"><channel><title>laughs</title>'
        "<item><title>&lol9;</title><link>https://laughs.example/1</link><description>&lol9;&lol9;</description>"
        "</item></channel></rss>"
    ).encode()


def quadratic_blowup(prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<!DOCTYPE rss [<!ENTITY a "{"A" * 50_000}">]>\n'
        '<rss version="2.0"><channel>'
        f"<title>quadratic</title><item><title>{'&a;' * 20_000}</title><link>https://quad.example/1</link>"
        f"<description>{'&a;' * 20_000}</description></item></channel></rss>"
    ).encode()


def external_entity(secret_file: Path, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">\n'
        f'<!ENTITY % dtd SYSTEM "file://{secret_file}"> %dtd;]>\n<rss version="2.0"><channel><title>xxe</title>'
        "<item><title>leak &xxe; here</title><link>https://xxe.example/1</link><description>&xxe;</description>"
        "</item></channel></rss>"
    ).encode()


def invalid_in_declared_encoding() -> bytes:
    good = rss2([Post("엔비디아, 새 AI GPU 공개", "https://enc.example/1", NOV, "국내 AI 인프라")])
    bad = b"<item><title>broken \xff\xfe\xc0\xaf bytes</title><link>https://enc.example/2</link></item>"
    return good.replace(b"</channel>", bad + b"</channel>")


def ten_thousand() -> list[Post]:
    return [
        Post(f"AI item {i}", f"https://many.example/{i}", NOV + timedelta(seconds=i), f"summary {i}")
        for i in range(10_000)
    ]


HUGE_TITLE = "Huge " + "가나다라마바사 AI " * 110_000  # about 1.1 M characters, over 2 MB as UTF-8


def duplicate_guids() -> bytes:
    body = rss2(
        [
            Post("First copy", None, NOV, "a", guid="dup-1"),
            Post("Second copy, same GUID", None, NOV, "b", guid="dup-1"),
            Post("Linked one", "https://dup.example/1", NOV, "c", guid="dup-2"),
            Post("Linked two, same GUID", "https://dup.example/2", NOV, "d", guid="dup-2"),
            Post("Linked one again", "https://dup.example/1", NOV, "e", guid="dup-3"),
        ]
    )
    return body


DATED = [
    Post("From 1970", "https://dates.example/1970", datetime(1970, 1, 1, tzinfo=UTC), "epoch"),
    Post("From 2099", "https://dates.example/2099", datetime(2099, 1, 1, tzinfo=UTC), "future"),
    Post("From November", "https://dates.example/ok", NOV, "fine"),
]

# path -> (what the server does, a substring the feed's recorded error must contain)
FAILING = {
    "/e500": (Static(b"oops", 500, "text/plain"), "HTTP 500"),
    "/e503": (Static(b"busy", 503, "text/plain"), "HTTP 503"),
    "/e429": (Static(b"slow down", 429, "text/plain", {"Retry-After": "120"}), "HTTP 429"),
    "/e429-long": (Static(b"", 429, "text/plain", {"Retry-After": str(30 * 86400)}), "HTTP 429"),
    "/loop-a": (Redirect("/loop-b"), "too many redirects"),
    "/loop-b": (Redirect("/loop-a"), None),  # reached only through /loop-a
    "/html": (Static(b"<!DOCTYPE html><html><body><h1>Moved</h1></body></html>", 200, "text/html"), "HTML page"),
    "/endless": (Endless(), "max_bytes"),
    "/bomb": (Encoded(b""), "max_bytes"),  # body filled in at test time (1 GiB of zeros, gzip)
    "/empty": (Static(b"", 200), "empty response body"),
    "/json-garbage": (Static(b'{"items": [1, 2, {"title": ', 200), "not a feed"),
    "/trickle": (Trickle(rss2(good_posts(99)), pause=1.0), "timed out after 2s"),
}
LENIENT = (
    "/billion",
    "/quadratic",
    "/xxe",
    "/billion-padded",
    "/quadratic-padded",
    "/xxe-padded",
)  # read leniently; must record why and expand nothing


def test_one_pass_over_hostile_feeds_is_bounded_and_keeps_every_good_item(hostile, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    good = {}
    for n in range(20):
        make, kind = GOOD_FORMATS[n % 4]
        good[hostile.add(f"/good/{n}", Static(make(good_posts(n)), content_type=kind))] = good_posts(n)
    odd = {
        "/many": rss2(ten_thousand()),
        "/huge-title": rss2(
            [Post(HUGE_TITLE, "https://huge.example/1", NOV, "x"), Post("Small", "https://huge.example/2", NOV)]
        ),
        "/dup-guids": duplicate_guids(),
        "/dates": rss2(DATED),
    }
    for path, body in odd.items():
        hostile.add(path, Static(body))
    for path, (behaviour, _expected) in FAILING.items():
        hostile.add(path, Encoded(gzip_bomb()) if path == "/bomb" else behaviour)
    hostile.add("/billion", Static(billion_laughs()))
    hostile.add("/quadratic", Static(quadratic_blowup()))
    hostile.add("/xxe", Static(external_entity(secret_file)))
    hostile.add("/billion-padded", Static(billion_laughs(PADDING)))
    hostile.add("/quadratic-padded", Static(quadratic_blowup(PADDING)))
    hostile.add("/xxe-padded", Static(external_entity(secret_file, PADDING)))
    hostile.add("/bad-encoding", Static(invalid_in_declared_encoding()))
    failing = {hostile.url(p): expected for p, (_b, expected) in FAILING.items() if expected}
    failing[hostile.tarpit_url] = "timed out after 2s"
    feeds = [*good, *(hostile.url(p) for p in odd), *failing, *(hostile.url(p) for p in LENIENT)]
    feeds.append(hostile.url("/bad-encoding"))
    cfg = write_config(tmp_path, feeds, fetch='timeout = "2s"\nmax_backoff = "1h"\n')
    db = tmp_path / "monitor.db"

    started = datetime.now(UTC)
    result = run_measured(cfg, "fetch", cwd=tmp_path, kill_after=40)
    ended = datetime.now(UTC)

    # Bounded: one pass within 15 s and 200 MB, one summary line, exit 1 (some feeds failed), no traceback.
    assert result.seconds < 15, result
    assert 0 < result.max_rss_mb < 200, result  # the fetch process itself
    assert result.worst_process_mb < 200 and result.tree_peak_mb < 200, result  # with any worker it starts
    assert result.code == 1, result.err
    assert "Traceback" not in result.err + result.out
    assert re.search(rf"^fetched {len(feeds)} feeds in [\d.]+s: ", result.out), result.out

    # Every good item is stored, once, under its canonical URL.
    for url, posts in good.items():
        stored = _items_of(db, url)
        assert {u for u, *_ in stored} == {p.link.split("?")[0] for p in posts}, url
    assert len(_items_of(db, hostile.url("/many"))) == 10_000
    [(title, *_rest)] = [r[1:] for r in _items_of(db, hostile.url("/huge-title")) if r[0].endswith("/1")]
    assert title.startswith("Huge 가나다라마바사 AI") and len(title) <= 500
    dup = {r[0]: r[1] for r in _items_of(db, hostile.url("/dup-guids"))}
    [(feed_id,)] = db_rows(db, "SELECT id FROM feeds WHERE url = ?", (hostile.url("/dup-guids"),))
    assert dup == {f"guid:{feed_id}:dup-1": "First copy", "https://dup.example/1": "Linked one",
                   "https://dup.example/2": "Linked two, same GUID"}  # fmt: skip
    dates = {r[0]: r for r in _items_of(db, hostile.url("/dates"))}
    for year in ("1970", "2099"):
        _url, _title, _summary, published, estimated = dates[f"https://dates.example/{year}"]
        assert estimated == 1
        assert started - timedelta(seconds=1) <= _utc(published) <= ended + timedelta(seconds=1)
    assert dates["https://dates.example/ok"][3:] == (NOV.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), 0)

    # One clear error per bad feed: on the feed, and on its one recorded attempt.
    state = {url: (status, error, held) for url, status, error, held in
             db_rows(db, "SELECT url, last_status, last_error, held_until FROM feeds")}  # fmt: skip
    for url, expected in failing.items():
        status, error, held = state[url]
        assert status == "failed" and error and expected in error, (url, error)
        assert "\n" not in error and len(error) < 300, error
        attempts = db_rows(db, "SELECT status, error FROM fetches f JOIN feeds d ON d.id = f.feed_id WHERE d.url = ?",
                           (url,))  # fmt: skip
        assert attempts == [("failed", error)], url
        assert held is not None, url
    for path in LENIENT:
        status, error, _held = state[hostile.url(path)]
        assert error, f"{path}: read leniently without recording why"
    held_429 = _utc(state[hostile.url("/e429")][2])
    assert started + timedelta(seconds=119) <= held_429 <= ended + timedelta(seconds=121)
    held_long = _utc(state[hostile.url("/e429-long")][2])  # Retry-After of 30 days, capped at max_backoff
    assert started + timedelta(hours=1) - timedelta(seconds=1) <= held_long <= ended + timedelta(hours=1, seconds=1)
    for url in good:
        assert state[url][:2] == ("ok", None), url

    # Nothing expanded, nothing leaked: no stored text over 1 MB (titles 500, summaries 4,000 characters),
    # and the external entity's file is nowhere in the database.
    assert _longest_text(db) <= MB
    [(longest_title, longest_summary)] = db_rows(db, "SELECT MAX(LENGTH(title)), MAX(LENGTH(summary)) FROM items")
    assert longest_title <= 500 and longest_summary <= 4000
    for suffix in ("", "-wal"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            assert SECRET.encode() not in path.read_bytes()
    assert not any(SECRET in row for (row,) in db_rows(db, "SELECT title || summary FROM items"))
    # The redirect loop cost a bounded number of requests; every feed was asked once.
    assert hostile.hits["/loop-a"] + hostile.hits["/loop-b"] <= 7
    assert hostile.hits["/e429"] == 1 and hostile.hits["<tarpit>"] == 1


def _items_of(db: Path, feed_url: str) -> list[tuple]:
    return db_rows(
        db,
        "SELECT i.key, i.title, i.summary, i.published, i.date_estimated FROM items i"
        " JOIN item_feeds x ON x.item_id = i.id JOIN feeds f ON f.id = x.feed_id WHERE f.url = ? ORDER BY i.id",
        (feed_url,),
    )


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _longest_text(db: Path) -> int:
    longest = 0
    tables = [t for (t,) in db_rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table.startswith("items_fts_"):
            continue
        for _cid, name, *_rest in db_rows(db, f"PRAGMA table_info({table})"):
            [(size,)] = db_rows(db, f'SELECT COALESCE(MAX(LENGTH("{name}")), 0) FROM "{table}"')
            longest = max(longest, size or 0)
    return longest


# --- the same defences, measured in this process -------------------------------------------------------


def fetch_once(url: str, **fetch: object) -> tuple[object, float, int]:
    """One fetch_feed call: (result, seconds, peak bytes allocated while it ran)."""
    import asyncio
    import time
    import tracemalloc

    from monitor.config import FetchSettings
    from monitor.fetch import fetch_feed, make_client
    from monitor.models import Feed

    settings = FetchSettings(**fetch)  # type: ignore[arg-type]

    async def go():  # type: ignore[no-untyped-def]
        async with make_client(settings) as client:
            return await fetch_feed(client, Feed(id=1, url=url), settings)

    tracemalloc.start()
    started = time.monotonic()
    try:
        result = asyncio.run(go())
        return result, time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", ["gzip-bomb", "deflate-bomb", "endless"])
def test_bombs_and_endless_bodies_are_cut_off_in_bounded_memory(hostile, kind):
    from tests.hostile_server import compression_bomb

    if kind == "endless":
        url = hostile.add("/x", Endless())
    else:
        encoding = kind.split("-")[0]
        url = hostile.add("/x", Encoded(compression_bomb(encoding), encoding=encoding))
    result, seconds, peak = fetch_once(url, timeout=5.0, max_bytes=1_000_000)
    assert result.status == "failed" and result.error == "response larger than max_bytes (1,000,000 bytes), cut off"
    assert seconds < 3
    assert peak < 8 * MB, f"{peak / MB:.1f} MB allocated to read a body capped at 1 MB"


def test_a_response_trickled_byte_by_byte_is_cut_at_the_total_deadline(hostile):
    url = hostile.add("/slow", Trickle(b"x" * 300, pause=0.3))  # each byte well within any read timeout
    result, seconds, _peak = fetch_once(url, timeout=1.0)
    assert result.status == "failed" and result.error == "timed out after 1s"
    assert seconds < 2.5


@pytest.mark.parametrize(
    ("status", "retry_after", "max_backoff", "held"),
    [
        (429, "120", "1h", 120),  # shorter than the feed's interval: honoured as it is
        (503, "7200", "30m", 1800),  # longer than max_backoff: capped
        (429, "date+5400", "1h", 3600),  # an HTTP date, capped
        (503, "date+90", "1h", 90),
    ],
)
def test_retry_after_is_honoured_up_to_max_backoff(hostile, tmp_path, invoke, status, retry_after, max_backoff, held):
    from email.utils import format_datetime

    if retry_after.startswith("date+"):  # the product reads a date against the real clock
        retry_after = format_datetime(datetime.now(UTC) + timedelta(seconds=int(retry_after[5:])), usegmt=True)
    url = hostile.add("/busy", Static(b"", status, "text/plain", {"Retry-After": retry_after}))
    cfg = str(write_config(tmp_path, [{"url": url, "interval": "10m"}], fetch=f'max_backoff = "{max_backoff}"\n'))
    t0 = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
    first = invoke("--config", cfg, "--now", t0.isoformat(), "fetch")
    assert first.code == 1 and f"HTTP {status}" in first.err
    [(held_until,)] = db_rows(tmp_path / "monitor.db", "SELECT held_until FROM feeds")
    assert abs((_utc(held_until) - t0).total_seconds() - held) <= 3, held_until
    before = invoke("--config", cfg, "--now", (t0 + timedelta(seconds=held - 5)).isoformat(), "fetch")
    assert "1 skipped" in before.out and hostile.hits["/busy"] == 1, "asked again before Retry-After"
    after = invoke("--config", cfg, "--now", (t0 + timedelta(seconds=held + 5)).isoformat(), "fetch")
    assert "1 failed" in after.out and hostile.hits["/busy"] == 2, "not asked again once Retry-After passed"


def test_a_feed_that_keeps_failing_backs_off_is_reported_and_never_dropped(hostile, tmp_path, invoke):
    down = [True]
    recovered = Static(rss2([Post("Back again: AI news", "https://flaky.example/1", NOV, "ok")]))
    url = hostile.add("/flaky", lambda _n: Static(b"down", 500, "text/plain") if down[0] else recovered)
    fine = hostile.add("/fine", Static(rss2([Post("Steady AI news", "https://fine.example/1", NOV)])))
    cfg = str(write_config(tmp_path, [{"url": url, "interval": "10m"}, fine], fetch='max_backoff = "1h"\n'))
    db = tmp_path / "monitor.db"
    moment = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
    waits = []
    for attempt in range(1, 9):
        hits = hostile.hits["/flaky"]
        assert invoke("--config", cfg, "--now", moment.isoformat(), "fetch").code == 1
        assert hostile.hits["/flaky"] == hits + 1, f"attempt {attempt}: the failing feed was not asked"
        [(held, failures)] = db_rows(db, "SELECT held_until, failures FROM feeds WHERE url = ?", (url,))
        assert failures == attempt
        waits.append((_utc(held) - moment).total_seconds())
        early = invoke("--config", cfg, "--now", (_utc(held) - timedelta(seconds=1)).isoformat(), "fetch")
        assert "1 skipped" in early.out and hostile.hits["/flaky"] == hits + 1
        moment = _utc(held)
    assert waits == [600, 1200, 2400, 3600, 3600, 3600, 3600, 3600]  # doubling, capped at max_backoff

    listing = invoke("--config", cfg, "--now", moment.isoformat(), "feeds", "list")
    [row] = [line.split("\t") for line in listing.out.splitlines() if line.startswith(url)]
    assert "failing ×8" in row and any("HTTP 500" in cell for cell in row) and row[-2], row  # held until: set
    status = invoke("--config", cfg, "--now", moment.isoformat(), "status")
    assert "feeds: 1 ok, 1 failing" in status.out
    assert f"failing x8: {url}: HTTP 500" in status.out

    down[0] = False  # the site comes back: the feed was never dropped
    back = invoke("--config", cfg, "--now", moment.isoformat(), "fetch")
    assert back.code == 0 and "1 new items" in back.out
    assert db_rows(db, "SELECT failures, held_until, last_error FROM feeds WHERE url = ?", (url,)) == [(0, None, None)]
    assert "feeds: 2 ok, 0 failing" in invoke("--config", cfg, "--now", moment.isoformat(), "status").out


def test_invalid_bytes_in_the_declared_encoding_spoil_nothing_else_and_are_recorded(hostile, tmp_path, invoke):
    url = hostile.add("/enc", Static(invalid_in_declared_encoding()))
    cfg = str(write_config(tmp_path, [url]))
    invoke("--config", cfg, "fetch")
    titles = {r["url"]: r["title"] for r in invoke("--config", cfg, "items", "--format", "jsonl").jsonl()}
    [(error,)] = db_rows(tmp_path / "monitor.db", "SELECT last_error FROM feeds")
    assert titles.get("https://enc.example/1") == "엔비디아, 새 AI GPU 공개", titles
    assert error and "encod" in error.lower(), error


def test_one_malformed_item_link_costs_only_that_item(hostile, tmp_path, invoke):
    bad = hostile.add("/bad-link", Static(rss2([Post("Broken link AI item", "http://[oops/", NOV, "x"),
                                                 Post("Fine AI item", "https://ok.example/2", NOV, "y")])))  # fmt: skip
    others = [hostile.add(f"/ok{n}", Static(rss2([Post(f"Other {n}", site(f"ok{n}"), NOV)])))
              for n in range(3)]  # fmt: skip
    cfg = str(write_config(tmp_path, [bad, *others]))
    result = invoke("--config", cfg, "fetch")
    assert result.code in (0, 1) and "Traceback" not in result.err
    urls = {r["url"] for r in invoke("--config", cfg, "items", "--format", "jsonl").jsonl()}
    assert {"https://ok.example/2", *(site(f"ok{n}") for n in range(3))} <= urls


# --- untrusted feed text in every digest format ------------------------------------------------------------


def _day(day: int) -> datetime:
    return datetime(2025, 11, day, 9, tzinfo=KST)


FRONT_MATTER_TITLE = "OpenAI GPT-6 AI model launch {{ page.secret }} {% raw %} <img src=x onerror=alert('fm')//"
HOSTILE_POSTS = [
    Post("엔비디아 AI GPU 공개 <script>alert('t1')</script> &lt;script&gt;alert('t2')&lt;/script&gt; &amp;lt;b&amp;gt;",
         "https://wire.example/a", _day(3),
         '<img src=x onerror="alert(\'h1\')"> AI 데이터센터 <a href="javascript:alert(\'j1\')" '
         'onclick="alert(\'h2\')">x</a> <div style="width: expression(alert(\'c1\'))">y</div> <iframe src="https://evil.example/"></iframe>'),
    Post("OpenAI raises $40 billion in AI funding <img src=x onerror=alert('h3')//",
         "https://openai.example@evil.example/login", _day(4),
         "The AI model maker raised $40 billion. [click](javascript:alert('m1')) "
         "![p](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) <javascript:alert('m2')> <http://evil.example/>"),
    Post("앤트로픽, 클로드 AI 모델 공개 {{ site.secret }} {% include secret.txt %} {%- raw -%} {% endraw %} "
         "{{'a'|append:'b'}}",
         "https://anthropic-news.example/x", _day(5),
         "AI 모델 --><script>alert('k1')</script><!-- <![CDATA[<script>alert('k2')</script>]]> "
         "<!--[if gte mso 9]><script>alert('k3')</script><![endif]--> ]]> <!-- unterminated"),
    Post("Meta signs $14.2 billion AI data center deal \u202egnp.exe\u202c \u2066x\u2069 \u200e\u200f "
         "zero\u200bwidth\ufeff",
         "https://meta-news.example/deal", _day(6),
         "AI infrastructure deal with CoreWeave for GPU cloud <style>body{background:url(javascript:alert('c2'))}"
         "</style> <p style=\"behavior:url(x.htc);-moz-binding:url(y)\">`code` **bold** _em_ # head | pipe ~~s~~</p>"),
    Post("https://openai.example/pricing — Microsoft invests $10 billion in AI data centers",
         "https://evil.example/phish", _day(7),
         "Microsoft AI cloud investment. \" onmouseover=\"alert('h4') ' onfocus='alert(5) &#x6a;avascript:alert(6)"),
    Post("구글, AI 칩 공개 ---\nlayout: evil\ntitle: pwned\n---", "JaVaScRiPt:alert('j2')", _day(8),
         "AI 반도체 TPU 데이터센터\n[a]: javascript:alert('m3')\n<https://evil.example/auto>"),
    Post("Nvidia ships AI GPUs for data centers", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
         _day(9), "AI infrastructure GPU cluster"),
    Post("애플, 온디바이스 AI 모델 공개", "https://\u0430pple.example/ai", _day(10), "AI 모델 \u061c 표시\u2060 여기"),
    *(Post(FRONT_MATTER_TITLE, site(f"outlet{n}", "/gpt6"), _day(11 + n), "OpenAI's new AI model.")
      for n in range(3)),
]  # fmt: skip
FEED_URLS = {
    "https://wire.example/a", "https://evil.example/login", "https://anthropic-news.example/x",
    "https://meta-news.example/deal", "https://evil.example/phish", "https://\u0430pple.example/ai",
    "https://xn--pple-43d.example/ai",  # the same link, its host in ASCII as the digest writes it
    *(site(f"outlet{n}", "/gpt6") for n in range(3)),
}  # fmt: skip
HANDLED_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MORE_INVISIBLE = re.compile("[\u061c\u2060-\u2064\u180e]")  # Bidi_Control U+061C; word joiner and friends


@pytest.fixture(scope="module")
def hostile_digest(tmp_path_factory) -> dict[str, str]:
    """The November digest of hostile feed text: HTML, Markdown and text files, and the email in the outbox."""
    from email import message_from_bytes
    from email.policy import default

    from monitor.cli import main

    folder = tmp_path_factory.mktemp("hostile-digest")
    server = HostileServer().start()
    try:
        cfg = str(write_config(folder, [server.add("/evil", Static(rss2(HOSTILE_POSTS)))]))

        def run(*args: str) -> None:
            try:
                main(["--config", cfg, "--now", "2025-12-01T10:00:00+09:00", *args])
            except SystemExit as exc:
                assert exc.code in (0, None), args

        run("fetch")
    finally:
        server.stop()
    out = {}
    for fmt, name in (("html", "digest.html"), ("markdown", "digest.md"), ("text", "digest.txt")):
        run("digest", "--month", "2025-11", "--format", fmt, "--output", str(folder / name))
        out[fmt] = (folder / name).read_text(encoding="utf-8")
    run("digest", "--month", "2025-11", "--send")  # no [mail]: to the outbox
    message = message_from_bytes((folder / "outbox" / "digest-2025-11-ko.eml").read_bytes(), policy=default)
    out["email-html"] = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    out["email-text"] = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    out["outbox-html"] = (folder / "outbox" / "digest-2025-11-ko.html").read_text(encoding="utf-8")
    out["headers"] = "\n".join(f"{k}: {v}" for k, v in message.items())
    out["config"] = cfg
    return out


HTML_FORMATS = ("html", "email-html", "outbox-html")
TEXT_FORMATS = ("text", "email-text")
ALL_FORMATS = (*HTML_FORMATS, "markdown", *TEXT_FORMATS)


class _Markup:
    def __init__(self, markup: str) -> None:
        from html.parser import HTMLParser

        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self.anchors: list[tuple[str, str]] = []  # (href, visible text)
        self.style_blocks: list[str] = []
        outer = self

        class Collect(HTMLParser):
            anchor: list[str] | None = None
            in_style = False

            def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
                attributes = {k.lower(): v or "" for k, v in attrs}
                outer.tags.append((tag, attributes))
                if tag == "a":
                    self.anchor = [attributes.get("href", ""), ""]
                self.in_style = tag == "style"

            def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
                if tag == "a" and self.anchor is not None:
                    outer.anchors.append((self.anchor[0], " ".join(self.anchor[1].split())))
                    self.anchor = None
                self.in_style = False

            def handle_data(self, data):  # type: ignore[no-untyped-def]
                if self.anchor is not None:
                    self.anchor[1] += data
                if self.in_style:
                    outer.style_blocks.append(data)

            def handle_comment(self, data):  # type: ignore[no-untyped-def]
                outer.comments.append(data)

            def unknown_decl(self, data):  # type: ignore[no-untyped-def]
                outer.declarations.append(data)

        Collect(convert_charrefs=True).feed(markup)


ACTIVE_TAGS = set(
    "script svg math iframe frame frameset object embed applet form input button base link video audio source "
    "textarea select template portal".split()
)
OUR_META = {"charset", "viewport", "color-scheme", "supported-color-schemes"}


@pytest.mark.parametrize("fmt", HTML_FORMATS)
def test_hostile_feed_text_is_inert_in_every_html(hostile_digest, fmt):
    markup = hostile_digest[fmt]
    assert "엔비디아 AI GPU 공개" in markup and "OpenAI raises $40 billion" in markup  # the items are there
    page = _Markup(markup)
    names = [name for name, _attrs in page.tags]
    assert not ACTIVE_TAGS & set(names), ACTIVE_TAGS & set(names)
    assert names.count("style") == 1, "only the template's own <style>"
    assert not re.search(r"alert|javascript|expression|@import|behavior|binding", "".join(page.style_blocks), re.I)
    for name, attrs in page.tags:
        if name == "meta":
            assert attrs.get("name", "charset" if "charset" in attrs else "") in OUR_META, attrs
            assert "http-equiv" not in attrs, attrs
        for key, value in attrs.items():
            assert not key.startswith("on"), (name, key, value)
            assert not re.search(r"(java|vb)script:|data:|alert", value, re.I), (name, key, value)
            if key == "href":
                assert re.fullmatch(r"https?://[^\s\"'<>`]+", value), value
            if key == "src":
                assert value.startswith("cid:chart-") or re.fullmatch(r"[\w.-]+\.png", value), value
            if key == "style":
                assert not re.search(r"expression|url\(|behavior|binding|javascript", value, re.I), value
    assert {_link_key(href) for href, _text in page.anchors} <= {_link_key(url) for url in FEED_URLS}
    assert not [c for c in page.comments if re.search(r"alert|script|\[if|CDATA", c, re.I)], page.comments
    assert not page.declarations and "<![CDATA[" not in markup
    assert not HANDLED_INVISIBLE.search(markup), f"{fmt}: a direction override or zero-width character"
    for href, text in page.anchors:  # source links are labelled with the host they really go to
        if re.fullmatch(r"[\w.-]+", text) and "." in text:
            assert text in _real_host(href), (href, text)


def test_hostile_feed_text_is_inert_in_markdown(hostile_digest):
    import yaml

    md = hostile_digest["markdown"]
    assert md.startswith("---\n")
    front, body = md[4:].split("\n---\n", 1)
    meta = yaml.safe_load(front)
    assert set(meta) == {"layout", "title", "date", "author", "categories", "tags", "excerpt"}
    assert meta["layout"] == "post" and meta["title"] == "2025년 11월 AI 동향 리포트"
    assert all(isinstance(v, str) for v in (meta["excerpt"], meta["author"]))
    assert re.findall(r"(?m)^(layout|title):", md) == ["layout", "title"], "a feed title made front matter"
    assert not re.search(r"<[A-Za-z!/?]", body), "raw HTML in the Markdown body"
    assert "{{" not in body and "{%" not in body, "Liquid in the Markdown body"
    assert not re.search(r"(?m)^ {0,3}\[[^\]]*\]:", body), "a link reference definition from a feed"
    assert not re.search(r"<(https?|javascript|data):", body, re.I), "an autolink from a feed"
    for target in re.findall(r"(?<!\\)\]\(([^)]*)\)", body):
        assert re.fullmatch(r"https?://[^\s\"'<>`]+", target) or re.fullmatch(r"[\w.-]+\.png", target), target
    for text, target in re.findall(r"(?<![\\!])\[((?:[^\]\\]|\\.)*)\]\((https?://[^)]*)\)", body):
        if re.fullmatch(r"[\w.\\-]+", text) and "." in text and text.isascii():  # a source link: its real host
            assert text.replace("\\", "") in _real_host(target), (text, target)
    assert not HANDLED_INVISIBLE.search(md)
    assert "엔비디아 AI GPU 공개" in body and "OpenAI raises $40 billion" in body


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_hostile_feed_text_is_inert_in_plain_text(hostile_digest, fmt):
    text = hostile_digest[fmt]
    assert "엔비디아 AI GPU 공개" in text
    assert not HANDLED_INVISIBLE.search(text)
    links = re.findall(r"(?m)^\s+- ([^\s:]+): (\S+)$", text)
    assert links and all(_link_key(url) in {_link_key(u) for u in FEED_URLS} for _label, url in links), links
    for label, url in links:
        assert label in _real_host(url), (label, url)


def test_stored_feed_text_has_no_direction_overrides_or_markup(hostile_digest):
    db = Path(hostile_digest["config"]).parent / "monitor.db"
    rows = db_rows(db, "SELECT title, summary FROM items")
    assert len(rows) >= 9
    for title, summary in rows:
        assert not HANDLED_INVISIBLE.search(title + summary), repr(title)
        assert not re.search(r"<(script|style|iframe|img|a|div|p)\b[^>]*>", title + summary, re.I), title + summary
        # what script, style and comment blocks held is not text a reader saw
        assert not re.search(r"alert\('(t1|k1|k2|k3)'\)|background:url|\[if gte mso", title + summary), title + summary


HOSTILE_LINKS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(2)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(3)",
    "//evil.example/scheme-relative",
    "java\tscript:alert(4)",
    "https:evil.example",
]


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_an_archived_model_with_hostile_links_still_renders_inert(hostile_digest, tmp_path, fmt):
    """The renderer's own defence, behind the normaliser's: `digest --stored` re-renders whatever model was
    archived (an older version's, an edited one) with links that are not http(s) and direction overrides."""
    from monitor.cli import main

    cfg = hostile_digest["config"]
    db = Path(cfg).parent / "monitor.db"
    [(model_text,)] = db_rows(db, "SELECT model FROM digests WHERE month = '2025-11' ORDER BY id DESC LIMIT 1")
    model = json.loads(model_text)
    links = iter(HOSTILE_LINKS * 20)
    for section in model["sections"]:
        for n, story in enumerate(section["stories"]):
            story["title"] = "\u202e" + story["title"]
            for source in story["sources"] if n % 2 == 0 else ():  # every other story keeps its real links
                source["url"] = next(links)
    for deal in model["deals"]:
        deal["url"] = next(links)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO digests (month, lang, format, model, rendered, created)"
            " VALUES ('2025-11', 'ko', 'html', ?, '', '2025-12-01T01:00:00.000000Z')",
            (json.dumps(model, ensure_ascii=False),),
        )
    out = tmp_path / f"stored.{fmt}"
    try:
        main(["--config", cfg, "digest", "--month", "2025-11", "--stored", "--format", fmt, "--output", str(out)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    rendered = out.read_text(encoding="utf-8")
    assert "\u202e" not in rendered
    if fmt == "html":
        for name, attrs in _Markup(rendered).tags:
            for key, value in attrs.items():
                assert not re.search(r"(java|vb)script|data:", value, re.I), (name, key, value)
                if key == "href":
                    assert re.fullmatch(r"https?://[^\s\"'<>`]+", value), value
    elif fmt == "markdown":
        for target in re.findall(r"(?<!\\)\]\(([^)]*)\)", rendered):
            assert re.fullmatch(r"https?://[^\s\"'<>`]+", target) or re.fullmatch(r"[\w.-]+\.png", target), target
    else:
        links = re.findall(r"(?m)^\s+- ([^\s:]+): (\S+)$", rendered)
        assert links and all(url.startswith(("http://", "https://")) for _label, url in links), links
        assert not re.search(r"(?m)^\s+- [^\s:]*: *(java|vb)script|data:text/html;base64", rendered, re.I)


def test_the_message_headers_carry_nothing_from_feeds(hostile_digest):
    headers = hostile_digest["headers"]
    assert "Subject: 2025년 11월 AI 동향 리포트" in headers
    assert not re.search(r"(?im)^(bcc|cc|reply-to|layout|title):", headers)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_invisible_direction_mark_is_removed(hostile_digest, fmt):
    assert "온디바이스" in hostile_digest[fmt] or "애플" in hostile_digest[fmt]
    assert not MORE_INVISIBLE.search(hostile_digest[fmt]), repr(MORE_INVISIBLE.findall(hostile_digest[fmt]))


@pytest.mark.parametrize("fmt", [*HTML_FORMATS, "markdown"])
def test_no_link_text_names_another_host_than_its_target(hostile_digest, fmt):
    if fmt == "markdown":
        anchors = re.findall(r"(?<![\\!])\[((?:[^\]\\]|\\.)*)\]\((https?://[^)]*)\)", hostile_digest[fmt])
        anchors = [(target, text.replace("\\", "")) for text, target in anchors]
    else:
        anchors = _Markup(hostile_digest[fmt]).anchors
    for href, text in anchors:
        if text in _real_host(href):  # a source link, labelled with its host
            continue
        named = re.findall(r"(?:https?://|www\.)([^\s/<>\"'?#]+)", text) + re.findall(
            r"\b((?:[a-z0-9-]+\.)+(?:com|net|org|io|ai|co|kr|dev|app))\b", text.lower()
        )
        assert all(_real_host(f"https://{host}") & _real_host(href) for host in named), (href, text)


@pytest.mark.parametrize("fmt", [*HTML_FORMATS, *TEXT_FORMATS])
def test_a_homograph_host_is_shown_as_its_real_ascii_name(hostile_digest, fmt):
    shown = hostile_digest[fmt]
    assert "xn--pple-43d.example" in shown
    assert not re.search(r"\u0430pple\.example(?!/ai)", shown), "the look-alike host is shown as a label"


def test_front_matter_carries_no_liquid_or_markup(hostile_digest):
    import yaml

    front = yaml.safe_load(hostile_digest["markdown"][4:].split("\n---\n", 1)[0])
    for key, value in front.items():
        for text in value if isinstance(value, list) else [str(value)]:
            assert "{{" not in text and "{%" not in text and "<" not in text, (key, text)


def _link_key(url: str) -> tuple[str, str, str, str]:
    """A link, whether its host is written as it came or in ASCII (xn--), percent-encoded or not."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    host = unquote(parts.hostname or "").lower()
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return parts.scheme.lower(), host, unquote(parts.path), parts.query


def _real_host(url: str) -> set[str]:
    """The host a link goes to, as a reader may be shown it: as written, or in ASCII (xn--); no www."""
    from urllib.parse import unquote, urlsplit

    host = unquote(urlsplit(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    try:
        return {host, host.encode("idna").decode("ascii")}
    except UnicodeError:
        return {host}


# --- hostile mail servers: what tests/test_mail.py does not cover ------------------------------------------

READERS = ["analyst@readers.example", "investor@readers.example"]
SEND_AT = "2025-12-01T10:00:00+09:00"


def month_of_news(hostile: HostileServer, tmp_path: Path, invoke, mail: str) -> str:  # type: ignore[no-untyped-def]
    posts = [Post("Nvidia ships AI GPUs for data centers", "https://wire.example/nv", _day(3), "AI infrastructure")]
    cfg = str(write_config(tmp_path, [hostile.add("/nov", Static(rss2(posts)))], extra=mail))
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


def test_the_service_retries_a_mail_outage_by_itself_and_sends_once(tmp_path):
    """`monitor run` with the SMTP server down at catch-up: queued, retried by the deliver job, sent once."""
    import signal
    import time
    from zoneinfo import ZoneInfo

    from monitor.store import Store, utc_text
    from tests.child import start_monitor, wait_for
    from tests.smtp import SmtpServer

    smtp = SmtpServer()  # not started: connection refused
    cfg = write_config(tmp_path, [], extra=smtp.config(READERS))
    db = tmp_path / "monitor.db"
    now = datetime.now(ZoneInfo("Asia/Seoul"))
    start = datetime(now.year - (now.month <= 2), (now.month - 3) % 12 + 1, 1, tzinfo=ZoneInfo("Asia/Seoul"))
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


# --- bad configuration and rules: one line, exit 2, nothing stored is lost ---------------------------------

MAIL = '\n[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\n'
BROKEN_RULES = '[[company]]\nid = "acme"\naliases = ["Acme AI"]\npatterns = ["Acme-(\\\\d+"]\n'
BAD_SETUPS = {
    "malformed TOML": ("\n[digest\nlanguage = 'ko'\n", r"invalid TOML"),
    "unknown key in [fetch]": ('\n[fetch]\ntimout = "2s"\n', r"unknown key \[fetch\.timout\]"),
    "unknown key in [[feeds]]": ('\n[[feeds]]\nurl = "https://x.example/f"\nintervall = "1h"\n',
                                 r"unknown key \[feeds\[2\]\.intervall\]"),
    "unknown key in [mail]": (MAIL + 'passwd = "x"\n', r"unknown key \[mail\.passwd\]"),
    "bad duration": ('\n[fetch]\ninterval = "30 minutes"\n', r"\[fetch\.interval\] expected a duration"),
    "negative duration": ('\n[fetch]\ntimeout = "-1s"\n', r"\[fetch\.timeout\] expected a duration"),
    "zero duration": ('\n[fetch]\nmax_backoff = "0s"\n', r"\[fetch\.max_backoff\] expected a duration above zero"),
    "duration as a number": ('\n[[feeds]]\nurl = "https://x.example/f"\ninterval = 30\n',
                             r"\[feeds\[2\]\.interval\] expected a duration string"),
    "bad mail retry": (MAIL + 'retry = "1w"\n', r"\[mail\.retry\] expected a duration"),
    "broken regex in a rule": ("rules", r"company 'acme': broken regex"),
    "unknown layer in [[digest.sections]]": ('\n[[digest.sections]]\nlayer = "robots"\nheading = "R"\n',
                                             r"\[digest\.sections\[1\]\.layer\] expected one of model"),
    "unwritable database path": ("database=/proc/monitor.db",  # reading commands: there is no database there
                                 r"/proc/monitor.db: cannot open the database|no database at /proc/monitor.db;"),
    "database is not SQLite": ("database=notes.txt", r"notes.txt: cannot open the database \(file is not a database\)"),
    "mail without a sender": (MAIL.replace('from = "a@x.example"\n', ""), r"\[mail\.from\] expected a value"),
    "mail port as text": (MAIL + 'port = "25"\n', r"\[mail\.port\] expected a positive whole number"),
    "mail without recipients": ('\n[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = []\n',
                                r"\[mail\.recipients\] expected at least one address"),
}  # fmt: skip
COMMANDS = [  # (arguments, what the command needs: the config always, then rules and/or the database)
    (("config", "check"), {"rules"}),
    (("fetch",), {"rules", "db"}),
    (("digest", "--month", "2025-11"), {"rules", "db"}),
    (("digest", "--month", "2025-11", "--send"), {"db"}),  # sent already: nothing to render
    (("retag",), {"rules", "db"}),
    (("status",), {"db"}),
    (("feeds", "list"), {"db"}),
    (("run",), {"rules", "db"}),
]


@pytest.fixture(scope="module")
def stored_month(tmp_path_factory) -> tuple[Path, str]:
    """A database with a month of items, their tags, fetch history and a digest sent to the outbox."""
    from monitor.cli import main

    folder = tmp_path_factory.mktemp("stored")
    server = HostileServer().start()
    try:
        posts = [Post(f"엔비디아, AI 데이터센터 GPU 공급 {i}", f"https://kept.example/{i}", _day(3 + i), "AI 인프라")
                 for i in range(5)]  # fmt: skip
        feed = server.add("/kept", Static(rss2(posts)))
        cfg = write_config(folder, [feed], extra=f'[outbox]\npath = "{folder / "outbox"}"\n')
        for args in (["fetch"], ["--now", SEND_AT, "digest", "--month", "2025-11", "--send"]):
            try:
                main(["--config", str(cfg), *args])
            except SystemExit as exc:
                assert exc.code in (0, None)
    finally:
        server.stop()
    return folder / "monitor.db", feed


def _dump(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("setup", list(BAD_SETUPS))
def test_bad_configuration_is_one_line_exit_2_and_loses_nothing(setup, stored_month, tmp_path, invoke, monkeypatch):
    import shutil

    golden, feed = stored_month
    db = tmp_path / "monitor.db"
    shutil.copy(golden, db)
    before = _dump(db)
    assert "kept.example/4" in before
    change, message = BAD_SETUPS[setup]
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes, not a database\n" * 100)
    database = str(db)
    extra = ""
    if change == "rules":
        rules = tmp_path / "rules.toml"
        rules.write_text(BROKEN_RULES)
        extra = f'\n[rules]\npaths = ["{rules}"]\n'
    elif change.startswith("database="):
        database = change.split("=", 1)[1]
        database = str(tmp_path / database) if not database.startswith("/") else database
    else:
        extra = change
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\ndatabase = "{database}"\n\n[[feeds]]\nurl = "{feed}"\n\n[outbox]\npath = "{tmp_path / "out"}"\n'
        + extra,
        encoding="utf-8",
    )

    def never_serve(*_args: object) -> None:
        raise AssertionError(f"{setup}: the service started on a bad configuration")

    monkeypatch.setattr("monitor.schedule.run_service", never_serve)
    kind = "rules" if change == "rules" else ("db" if change.startswith("database=") else "config")
    for command, needs in COMMANDS:
        if kind != "config" and kind not in needs:
            continue  # e.g. `config check` does not open the database; `status` does not load the rules
        result = invoke("--config", str(cfg), *command)
        lines = result.err.strip().splitlines()
        assert result.code == 2, (command, result)
        assert len(lines) == 1 and lines[0].startswith("monitor: error: "), (command, result.err)
        assert re.search(message, lines[0]), (command, lines[0])
        assert "Traceback" not in result.err + result.out
        where = rules if change == "rules" else (database if change.startswith("database=") else cfg)
        assert str(where) in lines[0], (command, lines[0])
    assert _dump(db) == before, "a failed command changed the database"
    assert notes.read_bytes() == b"my notes, not a database\n" * 100
    assert not (tmp_path / "out").exists(), "a failed command wrote to the outbox"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["monitor.db", "monitor.toml", "notes.txt", *(["rules.toml"] if change == "rules" else [])]
    ), "a failed command left files behind"


def _copy_of(stored_month: tuple[Path, str], folder: Path, extra: str = "") -> tuple[Path, Path]:
    import shutil

    golden, feed = stored_month
    shutil.copy(golden, folder / "monitor.db")
    cfg = folder / "monitor.toml"
    cfg.write_text(
        f'[storage]\ndatabase = "{folder / "monitor.db"}"\n\n[[feeds]]\nurl = "{feed}"\n\n'
        f'[outbox]\npath = "{folder / "out"}"\n{extra}',
        encoding="utf-8",
    )
    return cfg, folder / "monitor.db"


@pytest.mark.parametrize("broken", ["rule file", "user template"])
def test_a_forced_resend_that_cannot_render_keeps_the_record_of_the_send(stored_month, tmp_path, invoke, broken):
    if broken == "rule file":
        (tmp_path / "rules.toml").write_text(BROKEN_RULES)
        extra = f'\n[rules]\npaths = ["{tmp_path / "rules.toml"}"]\n'
    else:
        (tmp_path / "tpl").mkdir()
        (tmp_path / "tpl" / "digest.html.j2").write_text("{% for x in %}broken\n")
        extra = f'\n[digest]\ntemplates = "{tmp_path / "tpl"}"\n'
    cfg, db = _copy_of(stored_month, tmp_path, extra)
    sent = db_rows(db, "SELECT month, recipient, message_id, status FROM deliveries")
    assert sent and all(row[3] == "sent" for row in sent)
    with contextlib.suppress(Exception):  # a template error escapes as a traceback: its own defect, below
        invoke("--config", str(cfg), "--now", SEND_AT, "digest", "--month", "2025-11", "--send", "--force")
    assert db_rows(db, "SELECT month, recipient, message_id, status FROM deliveries") == sent


def test_a_broken_user_template_is_one_line_and_exit_2(stored_month, tmp_path, invoke):
    (tmp_path / "tpl").mkdir()
    template = tmp_path / "tpl" / "digest.txt.j2"
    template.write_text("{{ d.title }}\n{% for x in %}broken\n")
    cfg, db = _copy_of(stored_month, tmp_path, f'\n[digest]\ntemplates = "{tmp_path / "tpl"}"\n')
    before = _dump(db)
    for command in (("config", "check"), ("digest", "--month", "2025-11", "--format", "text")):
        result = invoke("--config", str(cfg), *command)
        lines = result.err.strip().splitlines()
        assert result.code == 2 and len(lines) == 1 and str(template) in lines[0], (command, result)
    assert _dump(db) == before


def test_a_broken_regex_with_an_escape_is_reported_with_its_line(tmp_path, invoke):
    rules = tmp_path / "rules.toml"
    rules.write_text(BROKEN_RULES)
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(f'[rules]\npaths = ["{rules}"]\n')
    result = invoke("--config", str(cfg), "config", "check")
    assert result.code == 2 and f"{rules}:4: company 'acme': broken regex" in result.err, result.err
