"""A first day without surprises: user mistakes are one line and exit 2, reading never writes, unknown ids
name the closest valid one (issue 11, "A first day without surprises")."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from monitor import readonly
from tests.feeds import Post, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))
AS_ROOT = os.geteuid() == 0
POSTS = [
    Post("엔비디아, 새 AI 반도체 공개", "https://k.example/1", datetime(2025, 11, 3, 9, tzinfo=KST),
         "엔비디아가 데이터센터용 GPU를 발표했다."),
    Post("OpenAI ships a new AI model", "https://w.example/2", datetime(2025, 11, 5, 9, tzinfo=KST),
         "The model leads reasoning benchmarks."),
]  # fmt: skip


def fetched(server, config_file, invoke) -> str:
    cfg = config_file([server.add("/k", Route(rss2(POSTS)))])
    assert invoke("--config", cfg, "fetch").code == 0
    return cfg


def one_line_error(result, *needles: str) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("monitor: error: "), result.err
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


# --- 1. paths the user gave ----------------------------------------------------------------------------


def test_demo_into_an_existing_file_or_an_uncreatable_folder_is_one_line(invoke, tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    one_line_error(invoke("demo", "--folder", str(afile)), str(afile), "is a file")
    under_file = afile / "demo"
    one_line_error(invoke("demo", "--folder", str(under_file)), str(under_file), "cannot create")
    assert afile.read_text() == "mine"


def test_digest_output_into_a_missing_folder_or_a_folder_path_is_one_line(server, config_file, invoke, tmp_path):
    cfg = fetched(server, config_file, invoke)
    missing = tmp_path / "nowhere" / "digest.md"
    one_line_error(invoke("--config", cfg, "digest", "--month", "2025-11", "--output", str(missing)), str(missing))
    assert not missing.parent.exists()
    one_line_error(invoke("--config", cfg, "digest", "--month", "2025-11", "--output", str(tmp_path)), "is a folder")
    good = tmp_path / "digest.html"
    result = invoke("--config", cfg, "digest", "--month", "2025-11", "--format", "html", "--output", str(good))
    assert result.code == 0 and good.exists() and f"wrote {good}" in result.out


@pytest.mark.skipif(AS_ROOT, reason="root may write anywhere: permissions cannot be tested as root")
def test_digest_output_into_an_unwritable_folder_is_one_line(server, config_file, invoke, tmp_path):
    cfg = fetched(server, config_file, invoke)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    target = locked / "d.md"
    one_line_error(invoke("--config", cfg, "digest", "--month", "2025-11", "--output", str(target)), str(target))


# --- 2. reading never writes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("status",), ("items",), ("search", "엔비디아"), ("feeds", "list"), ("digest", "--month", "2025-11")],
)
def test_reading_where_there_is_no_database_creates_none(config_file, invoke, tmp_path, args):
    cfg = config_file(["https://feeds.example/a.xml"])
    result = invoke("--config", cfg, *args)
    one_line_error(result, f"no database at {tmp_path / 'monitor.db'}", "run `monitor fetch` or `monitor run` first")
    assert not (tmp_path / "monitor.db").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monitor.toml"]


def test_the_default_database_is_not_created_by_reading(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("items")
    one_line_error(result, "no database at", "monitor.db")
    assert not (tmp_path / "var").exists()


@pytest.mark.parametrize(
    "args",
    [("status",), ("items", "--format", "jsonl"), ("search", "엔비디아"), ("feeds", "list"), ("feeds", "export")],
)
def test_reading_a_read_only_database_works_and_writes_nothing(server, config_file, invoke, tmp_path, monkeypatch,
                                                               args):  # fmt: skip
    cfg = fetched(server, config_file, invoke)
    before = tree(tmp_path)
    monkeypatch.setattr(readonly, "can_write", lambda _path: False)  # as root, permissions cannot say so
    result = invoke("--config", cfg, *args)
    assert result.code in (0, 1) and "Traceback" not in result.err, result.err
    assert tree(tmp_path) == before
    if args[0] in ("items", "search"):
        assert "엔비디아" in result.out


def test_digest_of_a_read_only_database_renders_without_archiving(server, config_file, invoke, tmp_path, monkeypatch):
    cfg = fetched(server, config_file, invoke)
    monkeypatch.setattr(readonly, "can_write", lambda _path: False)
    before = tree(tmp_path)
    result = invoke("--config", cfg, "digest", "--month", "2025-11")
    assert result.code == 0 and "엔비디아" in result.out
    assert "read-only" in result.err and "not archived" in result.err
    assert tree(tmp_path) == before
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        assert conn.execute("SELECT count(*) FROM digests").fetchone()[0] == 0


@pytest.mark.skipif(AS_ROOT, reason="root may write anywhere: permissions cannot be tested as root")
def test_a_database_in_a_read_only_folder_is_read_immutably(server, config_file, invoke, tmp_path):
    cfg = fetched(server, config_file, invoke)
    for leftover in tmp_path.glob("monitor.db-*"):
        leftover.unlink()
    os.chmod(tmp_path / "monitor.db", 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        result = invoke("--config", cfg, "items", "--format", "jsonl")
        digest = invoke("--config", cfg, "digest", "--month", "2025-11")
    finally:
        os.chmod(tmp_path, 0o755)
    assert result.code == 0 and len(result.jsonl()) == 2
    assert digest.code == 0 and "not archived" in digest.err


def test_open_read_only_leaves_no_wal_or_shm_behind(server, config_file, invoke, tmp_path):
    fetched(server, config_file, invoke)
    before = tree(tmp_path)
    store = readonly.open_read_only(tmp_path / "monitor.db")
    try:
        assert len(store.items.select()) == 2
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM items")
    finally:
        store.close()
    assert tree(tmp_path) == before


# --- 4. unknown ids ------------------------------------------------------------------------------------


def test_an_unknown_company_or_layer_names_the_closest_valid_id(server, config_file, invoke):
    cfg = fetched(server, config_file, invoke)
    one_line_error(invoke("--config", cfg, "items", "--company", "nvdia"), "--company", "'nvdia'", "'nvidia'")
    one_line_error(invoke("--config", cfg, "items", "--layer", "infra"), "--layer", "'infra'", "'infrastructure'")
    assert invoke("--config", cfg, "items", "--company", "nvidia", "--format", "jsonl").code == 0


# --- 9. one error style --------------------------------------------------------------------------------


def test_click_usage_errors_take_the_apps_shape(config_file, invoke):
    cfg = config_file([])
    one_line_error(invoke("--config", cfg, "items", "--bogus"), "--bogus", "monitor items -h")
    one_line_error(invoke("--config", cfg, "digest", "--format", "pdf"), "--format", "monitor digest -h")
    one_line_error(invoke("--config", cfg, "search"), "QUERY", "monitor search -h")
    one_line_error(invoke("--config", cfg, "no-such-command"), "no-such-command")
    one_line_error(invoke("--config", cfg, "items", "--month", "2025-13"), "2025-13")


# --- 11. small ------------------------------------------------------------------------------------------


def test_explain_without_argument_says_what_to_give(config_file, invoke):
    one_line_error(invoke("--config", config_file([]), "explain"), "URL", "--text")


def test_empty_search_and_negative_limit_are_usage_errors(server, config_file, invoke):
    cfg = fetched(server, config_file, invoke)
    one_line_error(invoke("--config", cfg, "search", ""), "search")
    one_line_error(invoke("--config", cfg, "search", "   "), "search")
    one_line_error(invoke("--config", cfg, "search", "엔비디아", "--limit", "-1"), "--limit")
    one_line_error(invoke("--config", cfg, "search", "엔비디아", "--limit", "0"), "--limit")
    assert invoke("--config", cfg, "search", "엔비디아", "--limit", "1").code == 0


def test_config_check_reports_a_database_folder_that_cannot_be_made(invoke, tmp_path):
    (tmp_path / "blocker").write_text("a file where the database folder should be")
    cfg = tmp_path / "monitor.toml"
    cfg.write_text('[storage]\ndatabase = "blocker/monitor.db"\n')
    one_line_error(invoke("--config", str(cfg), "config", "check"), "[storage] database", "blocker")
    cfg.write_text('[storage]\ndatabase = "data/monitor.db"\n')
    assert invoke("--config", str(cfg), "config", "check").code == 0


@pytest.mark.skipif(AS_ROOT, reason="root may write anywhere: permissions cannot be tested as root")
def test_config_check_reports_an_unwritable_database_folder(invoke, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    cfg = tmp_path / "monitor.toml"
    cfg.write_text('[storage]\ndatabase = "locked/monitor.db"\n')
    one_line_error(invoke("--config", str(cfg), "config", "check"), "cannot be written", str(locked))


def test_a_backup_under_a_file_is_one_line(server, config_file, invoke, tmp_path):
    cfg = fetched(server, config_file, invoke)
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    one_line_error(invoke("--config", cfg, "db", "backup", str(afile / "copy.db")), str(afile), "not a folder")
