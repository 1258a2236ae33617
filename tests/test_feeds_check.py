"""`feeds check` on loopback, page discovery (pure), one article per link variant (and the migration that
merges an older database's duplicates)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from monitor.discover import advertised_feeds
from monitor.normalize import article_identity, canonical_url
from monitor.store import Store
from monitor.store.migrations import migrations
from tests.feeds import Post, atom, json_feed, rss1, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))
NOV = datetime(2025, 11, 20, 9, 0, tzinfo=KST)
PAGE = (
    b'<html><head><link rel="alternate" type="application/rss+xml" href="/real/feed.xml">'
    b"</head><body>a page</body></html>"
)


def _lines(out: str) -> dict[str, str]:
    return {line.split("  ", 1)[0]: line for line in out.splitlines()}


def test_feeds_check_names_each_problem_and_its_fix(server, config_file, invoke, tmp_path):
    good = server.add("/good", Route(rss2([Post("AI 칩", "https://a.example/1", NOV)])))
    page = server.add("/page", Route(PAGE, content_type="text/html; charset=utf-8"))
    gone = server.add("/gone", Route(b"gone", status=410, content_type="text/plain"))
    busy = server.add("/busy", Route(b"no", status=429, content_type="text/plain", headers={"Retry-After": "600"}))
    moved = server.add("/moved", Route(status=301, redirect=good))
    cfg = config_file([good])
    result = invoke("--config", cfg, "feeds", "check", good, page, gone, busy, moved)
    assert result.code == 1
    lines = _lines(result.out)
    assert set(lines) == {good, page, gone, busy, moved}  # each line starts with the whole URL
    assert "HTTP 200  RSS 2.0  1 items  newest 2025-11-20 00:00 +0000  utf-8  dates carry a zone  ok" in lines[good]
    assert f"FIX: use {server.url('/real/feed.xml')}" in lines[page]
    assert "HTTP 410" in lines[gone] and "dead" in lines[gone]
    assert "HTTP 429" in lines[busy] and "blocked" in lines[busy] and "10m (Retry-After)" in lines[busy]
    assert f"moved permanently; FIX: use {good}" in lines[moved]
    assert not (tmp_path / "monitor.db").exists()  # stores nothing


def test_feeds_check_without_urls_checks_config_and_database_feeds_and_exits_0_when_healthy(
    server, config_file, invoke
):
    ko = server.add("/ko", Route(rss2([Post("삼성전자 HBM", "https://k.example/1", NOV)])))
    atom_url = server.add("/atom", Route(atom([Post("Chips", "https://e.example/1", NOV)])))
    rdf = server.add("/rdf", Route(rss1([Post("RDF", "https://r.example/1", NOV)])))
    jf = server.add("/json", Route(json_feed([Post("JSON", "https://j.example/1", NOV)]), "application/feed+json"))
    cfg = config_file([ko, atom_url])
    assert invoke("--config", cfg, "feeds", "add", rdf).code == 0
    assert invoke("--config", cfg, "feeds", "add", jf).code == 0
    result = invoke("--config", cfg, "feeds", "check")
    assert result.code == 0, result.out
    lines = _lines(result.out)
    assert [lines[u].split("  ")[2] for u in (ko, atom_url, rdf, jf)] == ["RSS 2.0", "Atom", "RSS 1.0", "JSON Feed"]
    assert "4 healthy, 0 with a problem" in result.err


def test_feeds_check_shows_the_zone_of_dates_without_one(server, config_file, invoke):
    doc = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        b"<language>ko</language><item><title>x</title><link>https://k.example/z</link>"
        b"<pubDate>2025-11-30 23:30:00</pubDate></item></channel></rss>"
    )
    url = server.add("/cms", Route(doc))
    line = invoke("--config", config_file([]), "feeds", "check", url).out
    assert "newest 2025-11-30 23:30 +0900" in line and "dates without a zone (1), read in Asia/Seoul" in line


def test_advertised_feeds_resolves_relative_links_and_respects_base():
    page = (
        '<html><head><base href="https://cdn.example/site/">'
        '<link rel="alternate" type="application/rss+xml" title="RSS" href="rss.xml">'
        '<link rel="Alternate feed" type="application/atom+xml" href="/atom.xml">'
        '<link rel="alternate" type="application/feed+json" href="https://j.example/feed.json">'
        '<link rel="alternate" hreflang="en" href="/en/">'
        '<link rel="alternate" type="application/rss+xml" href="rss.xml">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        "</head></html>"
    )
    found = advertised_feeds(page, "https://www.example/news/")
    assert [(f.url, f.kind) for f in found] == [
        ("https://cdn.example/site/rss.xml", "RSS"),
        ("https://cdn.example/atom.xml", "Atom"),
        ("https://j.example/feed.json", "JSON Feed"),
    ]
    assert advertised_feeds(b"<p>no head at all", "https://x.example/") == []


# --- one article, one item ----------------------------------------------------------------------------------


def test_article_identity_ignores_scheme_www_and_a_trailing_slash():
    same = ["https://x.example/a", "http://x.example/a", "https://www.x.example/a/", "http://www.x.example/a//"]
    assert {article_identity(canonical_url(u)) for u in same} == {"https://x.example/a"}
    assert article_identity("https://x.example/") == "https://x.example/"
    assert article_identity("https://x.example/a/?id=1") == "https://x.example/a?id=1"
    assert article_identity("https://x.example/a") != article_identity("https://x.example/b")
    for url in same:
        once = article_identity(canonical_url(url))
        assert article_identity(once) == once


def test_link_variants_are_one_item_in_one_feed_and_across_feeds(server, config_file, invoke):
    one = server.add(
        "/one",
        Route(
            rss2(
                [
                    Post("엔비디아 발표", "https://news.example/a", NOV),
                    Post("엔비디아 발표", "https://news.example/a/", NOV),
                ]
            )
        ),
    )
    two = server.add("/two", Route(rss2([Post("엔비디아 발표", "http://www.news.example/a", NOV)])))
    cfg = config_file([one, two])
    invoke("--config", cfg, "fetch")
    items = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    assert len(items) == 1 and items[0]["feeds"] == sorted([one, two])


def test_the_migration_merges_an_older_databases_duplicates(tmp_path):
    path = tmp_path / "monitor.db"
    db = Database(path)
    migrations.apply(db, stop_before="m005_feed_zones_and_article_identity")
    conn = db.conn
    for n in (1, 2, 3):
        host = f"f{n}.example"
        conn.execute(
            "INSERT INTO feeds (id, url, created) VALUES (?, ?, '2025-11-01T00:00:00Z')", (n, f"https://{host}/")
        )
    rows = [  # id, key, first_seen, feeds
        (1, "https://x.example/a/", "2025-11-05T00:00:00.000000Z", [1]),
        (2, "http://www.x.example/a", "2025-11-03T00:00:00.000000Z", [2]),
        (3, "https://x.example/a", "2025-11-04T00:00:00.000000Z", [1, 3]),
        (4, "https://x.example/other/", "2025-11-04T00:00:00.000000Z", [3]),
    ]
    for item_id, key, seen, feeds in rows:
        conn.execute(
            "INSERT INTO items (id, key, url, title, summary, published, lang, first_seen, updated, content_hash)"
            " VALUES (?, ?, ?, 'T', '', ?, 'en', ?, ?, 'h')",
            (item_id, key, key, seen, seen, seen),
        )
        for feed in feeds:
            conn.execute("INSERT INTO item_feeds VALUES (?, ?, ?)", (item_id, feed, seen))
    conn.execute("INSERT INTO items_fts (rowid, title, summary) SELECT id, title, summary FROM items")  # as saved
    conn.commit()
    conn.close()
    with Store.open(path, datetime(2025, 12, 1, tzinfo=UTC)) as store:
        items = store.conn.execute("SELECT id, key, first_seen FROM items ORDER BY id").fetchall()
        links = store.conn.execute("SELECT item_id, feed_id, first_seen FROM item_feeds ORDER BY 2").fetchall()
    assert items == [
        (2, "https://x.example/a", "2025-11-03T00:00:00.000000Z"),
        (4, "https://x.example/other", "2025-11-04T00:00:00.000000Z"),
    ]
    assert links == [
        (2, 1, "2025-11-04T00:00:00.000000Z"),
        (2, 2, "2025-11-03T00:00:00.000000Z"),
        (2, 3, "2025-11-04T00:00:00.000000Z"),
        (4, 3, "2025-11-04T00:00:00.000000Z"),
    ]
    assert (tmp_path / "monitor.db.before-m005_feed_zones_and_article_identity").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'T'").fetchone() == (2,)


_SEGMENT = st.text(alphabet="abcxyz019-_.~%", min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))


@settings(deadline=None, max_examples=150, derandomize=True)
@given(
    host=st.from_regex(r"[a-z][a-z0-9-]{0,8}\.example", fullmatch=True),
    path=st.lists(_SEGMENT, max_size=4),
    query=st.sampled_from(["", "?id=7", "?a=1&b=2"]),
)
def test_article_identity_is_one_for_every_variant_and_idempotent(host, path, query):
    tail = "/" + "/".join(path)
    variants = [
        f"{scheme}://{www}{host}{tail}{slash}{query}"
        for scheme in ("http", "https")
        for www in ("", "www.")
        for slash in ("", "/")
    ]
    identities = {article_identity(canonical_url(v)) for v in variants}
    assert len(identities) == 1
    (identity,) = identities
    assert article_identity(identity) == identity == article_identity(canonical_url(identity))
    if path:  # another article on the same site stays another
        assert article_identity(canonical_url(f"https://{host}{tail}x{query}")) != identity


def test_explain_finds_an_item_by_any_variant_of_its_link(server, config_file, invoke):
    cfg = config_file([server.add("/e", Route(rss2([Post("엔비디아 칩", "https://www.news.example/e/", NOV)])))])
    invoke("--config", cfg, "fetch")
    result = invoke("--config", cfg, "explain", "http://news.example/e")
    assert result.code == 0 and "nvidia" in result.out
