"""Hostile feed servers and documents: bombs, trickles, entities, Retry-After, backoff, bad bytes. On 127.0.0.1."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.child import run_measured
from tests.conftest import write_config
from tests.feeds import Post, atom, json_feed, rss1, rss2, site
from tests.hostile import MB, NOV, SECRET, db_rows
from tests.hostile_server import Encoded, Endless, Redirect, Static, Trickle, gzip_bomb

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
    cfg = write_config(tmp_path / "monitor.toml", feeds, fetch='timeout = "2s"\nmax_backoff = "1h"\n')
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
    cfg = str(
        write_config(
            tmp_path / "monitor.toml", [{"url": url, "interval": "10m"}], fetch=f'max_backoff = "{max_backoff}"\n'
        )
    )
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
    cfg = str(
        write_config(tmp_path / "monitor.toml", [{"url": url, "interval": "10m"}, fine], fetch='max_backoff = "1h"\n')
    )
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
    cfg = str(write_config(tmp_path / "monitor.toml", [url], fetch=""))
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
    cfg = str(write_config(tmp_path / "monitor.toml", [bad, *others], fetch=""))
    result = invoke("--config", cfg, "fetch")
    assert result.code in (0, 1) and "Traceback" not in result.err
    urls = {r["url"] for r in invoke("--config", cfg, "items", "--format", "jsonl").jsonl()}
    assert {"https://ok.example/2", *(site(f"ok{n}") for n in range(3))} <= urls
