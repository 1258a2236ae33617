"""`monitor fetch` against a real HTTP server on 127.0.0.1 and a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from monitor.config import settings_from_dict
from monitor.models import FetchResult
from monitor.refresh import BatchWriter, prepare_document
from monitor.rules import load_rules, shipped_rule_files
from monitor.store import Store
from monitor.tag import Tagger
from tests.feeds import Post, atom, json_feed, rss1, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))
NOV = datetime(2025, 11, 10, 9, 0, tzinfo=KST)


def posts(prefix: str, n: int, host: str = "news.example") -> list[Post]:
    return [
        Post(
            f"{prefix} story {i}",
            f"https://{host}/{prefix}/{i}",
            NOV + timedelta(hours=i),
            f"<p>Body {i}</p>",
        )
        for i in range(n)
    ]


def db_rows(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        return conn.execute(sql).fetchall()


def test_every_format_is_stored_and_second_pass_gets_304(server, config_file, invoke, tmp_path):
    urls = [
        server.add("/rss2", Route(rss2(posts("rss", 3)), etag='"r1"')),
        server.add("/atom", Route(atom(posts("atom", 2)), "application/atom+xml", etag='"a1"')),
        server.add(
            "/rdf",
            Route(rss1(posts("rdf", 2)), "application/rdf+xml", last_modified="Mon, 10 Nov 2025 00:00:00 GMT"),
        ),
        server.add("/json", Route(json_feed(posts("json", 2)), "application/feed+json", etag='"j1"')),
    ]
    cfg = config_file(urls)
    first = invoke("--config", cfg, "fetch")
    assert first.code == 0, first.err
    assert "4 ok" in first.out and "9 new items" in first.out
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM items") == [(9,)]

    second = invoke("--config", cfg, "fetch")
    assert second.code == 0
    assert "4 not modified" in second.out and "0 new items" in second.out
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM items") == [(9,)]
    conditional = [h for p, h in server.requests[4:]]
    assert all("If-None-Match" in h or "If-Modified-Since" in h for h in conditional)


def test_same_article_in_two_feeds_and_with_tracking_is_one_item(server, config_file, invoke):
    shared = Post("OpenAI signs $38B AWS deal", "https://wire.example/openai-aws", NOV, "cloud deal")
    tracked = Post(shared.title, "https://WIRE.example:443/openai-aws?utm_source=x#top", NOV, "cloud deal")
    a = server.add("/a", Route(rss2([shared, *posts("a", 1)])))
    b = server.add("/b", Route(atom([tracked])))
    c = server.add("/c", Route(rss2([tracked])))
    cfg = config_file([a, b, c])
    assert invoke("--config", cfg, "fetch").code == 0
    records = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    matching = [r for r in records if r["title"] == shared.title]
    assert len(matching) == 1
    assert matching[0]["url"] == "https://wire.example/openai-aws"
    assert matching[0]["feeds"] == sorted([a, b, c])
    assert len(records) == 2


def test_euc_kr_feed_keeps_korean_titles(server, config_file, invoke):
    korean = [Post("엔비디아, 쿠팡과 GPU 클라우드 협력", "https://hangang.example/1", NOV, "국내 AI 인프라 확대")]
    url = server.add("/euckr", Route(rss2(korean, "한강일보", encoding="euc-kr"), "text/xml"))
    cfg = config_file([url])
    assert invoke("--config", cfg, "fetch").code == 0
    [record] = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    assert record["title"] == "엔비디아, 쿠팡과 GPU 클라우드 협력"
    assert record["summary"] == "국내 AI 인프라 확대"
    assert record["lang"] == "ko"


def test_month_windows_follow_seoul_time(server, config_file, invoke):
    late_nov_utc = datetime(2025, 11, 30, 15, 30, tzinfo=UTC)  # 2025-12-01T00:30+09:00
    early = datetime(2025, 11, 30, 14, 30, tzinfo=UTC)  # 2025-11-30T23:30+09:00
    url = server.add(
        "/m",
        Route(
            rss2(
                [
                    Post("December in Seoul", "https://m.example/dec", late_nov_utc, "x"),
                    Post("Still November", "https://m.example/nov", early, "y"),
                ]
            )
        ),
    )
    cfg = config_file([url])
    invoke("--config", cfg, "fetch")
    dec = invoke("--config", cfg, "items", "--month", "2025-12", "--format", "jsonl").jsonl()
    nov = invoke("--config", cfg, "items", "--month", "2025-11", "--format", "jsonl").jsonl()
    assert [r["title"] for r in dec] == ["December in Seoul"]
    assert [r["title"] for r in nov] == ["Still November"]
    assert dec[0]["published"] == "2025-12-01T00:30:00+09:00"


def test_jsonl_has_the_contract_fields(server, config_file, invoke):
    undated = Post("No date here", "https://d.example/x?utm_medium=rss&id=7", None, "<b>bold</b> &amp; text")
    url = server.add("/d", Route(rss2([undated])))
    cfg = config_file([url])
    invoke("--config", cfg, "--now", "2025-11-20T10:00:00+09:00", "fetch")
    [record] = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    assert set(record) == {
        "url",
        "title",
        "summary",
        "published",
        "date_estimated",
        "feeds",
        "lang",
        "companies",
        "layers",
        "topics",
        "primary_layer",
    }
    assert record["url"] == "https://d.example/x?id=7"
    assert record["summary"] == "bold & text"
    assert record["date_estimated"] is True
    assert record["published"] == "2025-11-20T10:00:00+09:00"
    assert record["feeds"] == [url]
    assert record["lang"] == "en"
    assert isinstance(record["companies"], list) and isinstance(record["layers"], list)


def test_failing_feeds_get_an_error_while_others_are_stored(server, config_file, invoke, tmp_path):
    good = server.add("/good", Route(rss2(posts("good", 2))))
    broken = {
        server.add("/500", Route(b"oops", "text/plain", status=500)): "HTTP 500",
        server.add("/html", Route(b"<!doctype html><html><body>hi</body></html>", "text/html")): "HTML page",
        server.add("/badxml", Route(b"<rss><channel><title>x</title><item><title>a</tit", "text/xml")): "",
        server.add("/slow", Route(rss2(posts("slow", 1)), hang=4)): "timed out",
    }
    cfg = config_file([good, *broken], extra="")
    text = Path(cfg).read_text().replace('timeout = "5s"', 'timeout = "1.5s"')
    Path(cfg).write_text(text)
    started = time.monotonic()
    result = invoke("--config", cfg, "fetch")
    assert time.monotonic() - started < 4
    assert result.code == 1
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM items") == [(2,)]
    errors = dict(db_rows(tmp_path, f"SELECT url, last_error FROM feeds WHERE url != '{good}'"))
    for url, expected in broken.items():
        assert errors[url], f"no error recorded for {url}"
        assert expected in errors[url]
    assert "failed" in result.err


def test_trickling_feed_is_cut_at_its_deadline(server, config_file, invoke, tmp_path):
    url = server.add("/trickle", Route(rss2(posts("t", 3)), trickle=1.0))
    cfg = config_file([url])
    Path(cfg).write_text(Path(cfg).read_text().replace('timeout = "5s"', 'timeout = "1s"'))
    started = time.monotonic()
    result = invoke("--config", cfg, "fetch")
    assert time.monotonic() - started < 3
    assert result.code == 1
    assert db_rows(tmp_path, "SELECT last_error FROM feeds") == [("timed out after 1s",)]


def test_body_over_the_cap_is_cut_while_streaming(server, config_file, invoke, tmp_path):
    endless = server.add("/endless", Route(b"", endless=True))
    big_gzip = server.add("/bomb", Route(b"<rss>" + b" " * 5_000_000 + b"</rss>", gzip=True))
    cfg = config_file([endless, big_gzip], extra="")
    Path(cfg).write_text(Path(cfg).read_text().replace("[fetch]\n", "[fetch]\nmax_bytes = 100000\n"))
    started = time.monotonic()
    result = invoke("--config", cfg, "fetch")
    assert time.monotonic() - started < 4
    assert result.code == 1
    errors = [e for (e,) in db_rows(tmp_path, "SELECT last_error FROM feeds")]
    assert errors == ["response larger than max_bytes (100,000 bytes), cut off"] * 2


def test_gzip_and_permanent_redirect_update_the_feed_url(server, config_file, invoke, tmp_path):
    new = server.add("/new", Route(rss2(posts("moved", 2)), gzip=True))
    old = server.add("/old", Route(status=301, redirect=new))
    cfg = config_file([old])
    assert invoke("--config", cfg, "fetch").code == 0
    assert db_rows(tmp_path, "SELECT url, config_url FROM feeds") == [(new, old)]
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM items") == [(2,)]
    assert invoke("--config", cfg, "fetch").code == 0  # the config still names the old URL: no duplicate feed
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM feeds") == [(1,)]
    assert server.hits("/new") == 2 and server.hits("/old") == 1


def test_retry_after_holds_the_feed_back(server, config_file, invoke, tmp_path):
    url = server.add("/busy", Route(b"", "text/plain", status=429, headers={"Retry-After": "3600"}))
    cfg = config_file([url])
    now = "2025-11-20T10:00:00+00:00"
    assert invoke("--config", cfg, "--now", now, "fetch").code == 1
    [(held,)] = db_rows(tmp_path, "SELECT held_until FROM feeds")
    assert held.startswith("2025-11-20T11:00:00")
    again = invoke("--config", cfg, "--now", "2025-11-20T10:30:00+00:00", "fetch")
    assert "1 skipped" in again.out and server.hits("/busy") == 1
    later = invoke("--config", cfg, "--now", "2025-11-20T11:00:01+00:00", "fetch")
    assert server.hits("/busy") == 2 and later.code == 1


def test_retry_after_is_capped_by_max_backoff(server, config_file, invoke, tmp_path):
    url = server.add(
        "/busy",
        Route(b"", "text/plain", status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}),
    )
    cfg = config_file([url])
    Path(cfg).write_text(Path(cfg).read_text().replace("[fetch]\n", '[fetch]\nmax_backoff = "2h"\n'))
    invoke("--config", cfg, "--now", "2025-11-20T10:00:00+00:00", "fetch")
    [(held,)] = db_rows(tmp_path, "SELECT held_until FROM feeds")
    assert held.startswith("2025-11-20T12:00:00")


def test_failures_back_off_exponentially_and_are_listed(server, config_file, invoke, tmp_path):
    url = server.add("/down", Route(b"", "text/plain", status=500))
    cfg = config_file([{"url": url, "interval": "10m"}])
    base = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
    helds = []
    for _ in range(4):
        [(held,)] = db_rows(tmp_path, "SELECT held_until FROM feeds") if helds else [(base.isoformat(),)]
        moment = max(base, datetime.fromisoformat(held.replace("Z", "+00:00")))
        invoke("--config", cfg, "--now", moment.isoformat(), "fetch")
        [(new_held,)] = db_rows(tmp_path, "SELECT held_until FROM feeds")
        helds.append((datetime.fromisoformat(new_held.replace("Z", "+00:00")) - moment).total_seconds())
    assert helds == [600, 1200, 2400, 4800]
    listing = invoke("--config", cfg, "feeds", "list")
    assert "failing ×4" in listing.out and "HTTP 500" in listing.out


def test_due_skips_feeds_whose_interval_has_not_elapsed(server, config_file, invoke):
    url = server.add("/f", Route(rss2(posts("f", 1))))
    cfg = config_file([{"url": url, "interval": "1h"}])
    invoke("--config", cfg, "--now", "2025-11-20T10:00:00+00:00", "fetch", "--due")
    invoke("--config", cfg, "--now", "2025-11-20T10:30:00+00:00", "fetch", "--due")
    assert server.hits("/f") == 1
    invoke("--config", cfg, "--now", "2025-11-20T11:00:01+00:00", "fetch", "--due")
    assert server.hits("/f") == 2


def test_same_bytes_without_conditional_support_cost_no_write(server, config_file, invoke, tmp_path):
    url = server.add("/plain", Route(rss2(posts("p", 2))))
    cfg = config_file([url])
    invoke("--config", cfg, "fetch")
    second = invoke("--config", cfg, "fetch")
    assert "1 not modified" in second.out
    assert db_rows(tmp_path, "SELECT status FROM fetches ORDER BY id") == [("ok",), ("not_modified",)]


def test_user_agent_is_sent(server, config_file, invoke):
    url = server.add("/ua", Route(rss2(posts("u", 1))))
    cfg = config_file([url])
    Path(cfg).write_text(Path(cfg).read_text().replace("[fetch]\n", '[fetch]\nuser_agent = "probe/1.0"\n'))
    invoke("--config", cfg, "fetch")
    assert server.requests[0][1]["User-Agent"] == "probe/1.0"


def test_a_batch_commits_each_feed_whole_and_a_failing_feed_alone_is_undone(tmp_path):
    """Feeds ready together share one commit; a feed whose write fails is undone alone."""
    tag = Tagger(load_rules(shipped_rule_files())).tag
    with Store.open(tmp_path / "batch.db", NOV) as store:
        for name in ("one", "two", "three"):
            store.feeds.add(f"https://{name}.example/feed.xml", None, "cli", NOV)
        one, two, three = store.feeds.select()
        store.conn.execute("DELETE FROM feeds WHERE id = ?", (two.id,))  # its items can no longer link to it
        settings = settings_from_dict({}, {}, path=None, base_dir=tmp_path)
        writer = BatchWriter(store, settings, lambda: NOV)

        async def arrive_together() -> list[object]:
            writing = asyncio.create_task(writer.run())
            jobs = []
            for feed in (one, two, three):
                body = rss2(posts(feed.url.split("//")[1].split(".")[0], 5, host=feed.url.split("/")[2]))
                prepared = prepare_document(body, "application/rss+xml", feed, NOV, tag)
                jobs.append(writer.submit(feed, FetchResult("ok", 200, body), prepared))
            results = await asyncio.gather(*jobs, return_exceptions=True)
            writing.cancel()
            return results

        first, second, third = asyncio.run(arrive_together())
        assert (first.status, first.new_items, third.status, third.new_items) == ("ok", 5, "ok", 5)
        assert isinstance(second, sqlite3.IntegrityError)
        stored = {row[0].split("/")[2] for row in store.conn.execute("SELECT url FROM items")}
        assert stored == {"one.example", "three.example"}
        assert store.conn.execute("SELECT COUNT(*) FROM fetches").fetchone()[0] == 2
        assert not store.conn.in_transaction
