"""Feed list, items, search and backup commands on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from tests.feeds import Post, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))


def test_feeds_add_list_remove_keeps_items(server, config_file, invoke, tmp_path):
    cfg = config_file([])
    url = server.add(
        "/x",
        Route(rss2([Post("엔비디아 실적 발표", "https://k.example/1", datetime(2025, 11, 3, tzinfo=KST))])),
    )
    assert invoke("--config", cfg, "feeds", "add", url, "--name", "K").code == 0
    assert "already" in invoke("--config", cfg, "feeds", "add", url).out
    assert invoke("--config", cfg, "fetch").code == 0
    assert url in invoke("--config", cfg, "feeds", "list").out
    assert invoke("--config", cfg, "feeds", "remove", url).code == 0
    assert url not in invoke("--config", cfg, "feeds", "list").out
    assert url in invoke("--config", cfg, "feeds", "list", "--all").out
    items = invoke("--config", cfg, "items", "--format", "jsonl").jsonl()
    assert [i["title"] for i in items] == ["엔비디아 실적 발표"]
    assert invoke("--config", cfg, "fetch").out.startswith("fetched 0 feeds")


def test_feed_removed_from_config_is_disabled_and_its_items_kept(server, config_file, invoke, tmp_path):
    a = server.add("/a", Route(rss2([Post("A", "https://a.example/1", datetime(2025, 11, 3, tzinfo=KST))])))
    b = server.add("/b", Route(rss2([Post("B", "https://b.example/1", datetime(2025, 11, 3, tzinfo=KST))])))
    invoke("--config", config_file([a, b]), "fetch")
    cfg = config_file([a])
    invoke("--config", cfg, "fetch")
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("SELECT url, enabled FROM feeds ORDER BY url").fetchall() == [(a, 1), (b, 0)]
    assert len(invoke("--config", cfg, "items", "--format", "jsonl").jsonl()) == 2
    assert server.hits("/b") == 1


def test_removing_a_config_feed_points_to_the_config(config_file, invoke):
    cfg = config_file(["https://feeds.example/a.xml"])
    result = invoke("--config", cfg, "feeds", "remove", "https://feeds.example/a.xml")
    assert result.code == 2 and "listed in the config file" in result.err


def test_opml_import_and_export_round_trip(config_file, invoke, tmp_path):
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="AI">'
        '<outline text="One" xmlUrl="https://one.example/feed"/>'
        '<outline text="Two" xmlUrl="https://two.example/rss"/>'
        '<outline text="No feed" htmlUrl="https://three.example/"/></outline></body></opml>'
    )
    cfg = config_file([])
    result = invoke("--config", cfg, "feeds", "import", str(opml))
    assert result.code == 0 and "2 new" in result.out
    assert "0 new" in invoke("--config", cfg, "feeds", "import", str(opml)).out
    exported = invoke("--config", cfg, "feeds", "export").out
    assert 'xmlUrl="https://one.example/feed"' in exported and 'title="Two"' in exported
    (tmp_path / "out.opml").write_text(exported)
    assert invoke("--config", cfg, "feeds", "import", str(tmp_path / "out.opml")).code == 0


def test_bad_opml_is_one_line(config_file, invoke, tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    result = invoke("--config", config_file([]), "feeds", "import", str(bad))
    assert result.code == 2 and "not a readable OPML file" in result.err


def test_search_finds_korean_names_through_particles(server, config_file, invoke):
    posts = [
        Post("엔비디아의 새 GPU 공개", "https://s.example/1", datetime(2025, 11, 3, tzinfo=KST), "블랙웰 후속"),
        Post(
            "Anthropic ships Claude Opus 4.5",
            "https://s.example/2",
            datetime(2025, 11, 24, tzinfo=KST),
            "coding",
        ),
        Post(
            "쿠팡, GPU 클라우드 진출",
            "https://s.example/3",
            datetime(2025, 11, 5, tzinfo=KST),
            "엔비디아와 협력",
        ),
    ]
    cfg = config_file([server.add("/s", Route(rss2(posts)))])
    invoke("--config", cfg, "fetch")
    found = invoke("--config", cfg, "search", "엔비디아", "--format", "jsonl").jsonl()
    assert [r["url"] for r in found] == ["https://s.example/3", "https://s.example/1"]  # newest first
    assert [r["url"] for r in invoke("--config", cfg, "search", "claude opus", "--format", "jsonl").jsonl()] == [
        "https://s.example/2"
    ]
    assert invoke("--config", cfg, "search", '"unbalanced', "--format", "jsonl").code == 0


def test_db_backup_is_a_consistent_copy(server, config_file, invoke, tmp_path):
    cfg = config_file(
        [server.add("/b", Route(rss2([Post("X", "https://b.example/x", datetime(2025, 11, 1, tzinfo=KST))])))]
    )
    invoke("--config", cfg, "fetch")
    target = tmp_path / "backup" / "copy.db"
    assert invoke("--config", cfg, "db", "backup", str(target)).code == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT title FROM items").fetchall() == [("X",)]
    again = invoke("--config", cfg, "db", "backup", str(target))
    assert again.code == 2 and "exists already" in again.err


def test_items_filter_by_month_in_table_form(server, config_file, invoke):
    cfg = config_file(
        [
            server.add(
                "/t",
                Route(
                    rss2(
                        [
                            Post("Oct item", "https://t.example/1", datetime(2025, 10, 31, 23, 0, tzinfo=KST)),
                            Post("Nov item", "https://t.example/2", datetime(2025, 11, 1, 0, 10, tzinfo=KST)),
                        ]
                    )
                ),
            )
        ]
    )
    invoke("--config", cfg, "fetch")
    table = invoke("--config", cfg, "items", "--month", "2025-11").out
    assert "Nov item" in table and "Oct item" not in table
    bad = invoke("--config", cfg, "items", "--month", "2025-13")
    assert bad.code == 2 and "--month: expected YYYY-MM" in bad.err


def test_version_and_help(invoke):
    assert "monitor, version" in invoke("--version").out
    for command in ("fetch", "feeds", "items", "search", "config", "db", "run"):
        result = invoke(command, "--help")
        assert result.code == 0 and "Usage:" in result.out


def test_an_older_database_is_backed_up_then_migrated(tmp_path, invoke):
    from sqlite_utils import Database

    from monitor.store.migrations import migrations

    path = tmp_path / "monitor.db"
    old = Database(path)
    migrations.apply(old, stop_before="m002_digests")  # a database from the first release
    old.execute("INSERT INTO feeds (url, created) VALUES ('https://old.example/feed', 'x')")
    old.conn.commit()
    old.close()
    cfg = tmp_path / "c.toml"
    cfg.write_text('[storage]\ndatabase = "monitor.db"\n')
    assert invoke("--config", str(cfg), "feeds", "list", "--all").code == 0
    backup = tmp_path / "monitor.db.before-m002_digests"
    assert backup.exists()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT url FROM feeds").fetchall() == [("https://old.example/feed",)]
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'digests'").fetchall()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'deliveries'").fetchall()
