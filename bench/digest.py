"""`monitor digest` for one month of N items in databases of different sizes.

The databases are built quickly with direct SQL in the real schema (Store.open applies the project's
migrations; rows are written as Store.save_items writes them, full-text index included):
`per_month` items in every month up to November 2025 (Asia/Seoul), so a database of 100,000 holds
October and November and one of 1,000,000 holds twenty months. The month and the one before it (which
the digest reads for its trends) are the same in every database: only the size around them changes.

Item texts are bench/feedgen.py's Korean and English AI-industry items, normalised as monitor does and
tagged by the shipped rules (real companies, layers, primary layer, scores and evidence).
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.feedgen import make_items
from bench.proc import Contention, run_measured
from monitor.models import Item, Tags
from monitor.normalize import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, clean_text, detect_language
from monitor.rules import load_rules, shipped_rule_files
from monitor.store import Store, item_row, utc_text
from monitor.tag import Tagger

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Seoul")
MONTH = (2025, 11)
NOW = "2025-12-01T09:00:00+09:00"


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=TZ)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=TZ)
    return start.astimezone(UTC), end.astimezone(UTC)


def months_back(count: int, last: tuple[int, int] = MONTH) -> list[tuple[int, int]]:
    """`count` months ending with `last`, oldest first."""
    year, month = last
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


@dataclass(frozen=True, slots=True)
class PoolItem:
    """One normalised, tagged text and its tag columns as store.items.save writes them (from store.item_row)."""

    title: str
    summary: str
    lang: str
    tags: Tags
    companies: str
    layers: str
    detail: str | None
    tag_rows: tuple[tuple[str, str, float], ...]


def text_pool(count: int) -> list[PoolItem]:
    """`count` distinct texts, normalised and tagged as monitor would."""
    tagger = Tagger(load_rules(shipped_rule_files()))
    pool = []
    feed = 0
    while len(pool) < count:
        for item in make_items(feed, 50):
            title = clean_text(item["title"], MAX_TITLE_CHARS)
            summary = clean_text(item["summary"], MAX_SUMMARY_CHARS)
            tags = tagger.tag(title, summary)
            lang = detect_language(title + " " + summary[:400])
            row = item_row(Item("", None, None, title, summary, datetime.now(UTC), False, lang, tags))
            pool.append(PoolItem(title, summary, lang, tags, row.companies, row.layers, row.tag_detail, row.tags))
        feed += 1
    return pool[:count]


def build_database(path: Path, total: int, per_month: int, pool: list[PoolItem], feeds: int) -> dict[str, Any]:
    """A store of `total` items, `per_month` a month up to MONTH; returns what it holds."""
    created = datetime(2020, 1, 1, tzinfo=UTC)
    months = months_back(-(-total // per_month))
    counts = [per_month] * len(months)
    counts[0] = total - per_month * (len(months) - 1)
    started = time.monotonic()
    with Store.open(path, created) as store:
        conn = store.conn
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO feeds (id, url, name, source, created, last_status) VALUES (?, ?, ?, 'cli', ?, 'ok')",
            [(n + 1, f"https://outlet{n}.example/feed.xml", f"Outlet {n}", utc_text(created)) for n in range(feeds)],
        )
        # Before migration m004 a trigger filled the full-text index row by row; since, save_items fills it
        triggered = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'items_ai'").fetchone()
        item_id = 0
        for month_no, ((year, month), count) in enumerate(zip(months, counts, strict=True)):
            start, end = month_bounds(year, month)
            span = (end - start) / count
            # the last two months (the digest's month and the one before) take distinct texts from the pool
            offset = ((len(months) - 1 - month_no) % 2) * per_month
            rows, tag_rows, links = [], [], []
            for k in range(count):
                item_id += 1
                text = pool[(offset + k) % len(pool)]
                feed = k % feeds
                url = f"https://outlet{feed}.example/news/{year}{month:02d}/{k}"
                published = start + span * (k + 0.5)
                item = Item(url, url, None, text.title, text.summary, published, False, text.lang, text.tags)
                at = utc_text(published + span / 4)
                rows.append(
                    (item_id, url, url, None, text.title, text.summary, utc_text(published), 0, text.lang, at, at,
                     item_row(item).content_hash, text.companies, text.layers, text.tags.primary_layer, text.detail)
                )  # fmt: skip
                tag_rows += [(item_id, kind, tag, score) for kind, tag, score in text.tag_rows]
                links.append((item_id, feed + 1, at))
            conn.executemany(
                "INSERT INTO items (id, key, url, guid, title, summary, published, date_estimated, lang, first_seen,"
                " updated, content_hash, companies, layers, primary_layer, tag_detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if not triggered:
                conn.execute(
                    "INSERT INTO items_fts (rowid, title, summary) SELECT id, title, summary FROM items WHERE id > ?",
                    (item_id - count,),
                )
            conn.executemany("INSERT INTO item_tags (item_id, kind, tag, score) VALUES (?, ?, ?, ?)", tag_rows)
            conn.executemany("INSERT INTO item_feeds (item_id, feed_id, first_seen) VALUES (?, ?, ?)", links)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = store.items.count()
        start, end = month_bounds(*MONTH)
        in_month, with_layer = conn.execute(
            "SELECT COUNT(*), SUM(primary_layer IS NOT NULL) FROM items WHERE published >= ? AND published < ?",
            (utc_text(start), utc_text(end)),
        ).fetchone()
    return {
        "items": stored,
        "months": len(months),
        "month_items": in_month,
        "month_items_with_layer": with_layer,
        "build_s": round(time.monotonic() - started, 1),
        "db_mib": round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20),
    }


def time_digest(folder: Path, runs: int) -> list[dict[str, Any]]:
    cfg = folder / "bench.toml"
    cfg.write_text('[storage]\ndatabase = "bench.db"\n\n[outbox]\npath = "outbox"\n')
    out = []
    (folder / "out").mkdir(exist_ok=True)  # digest --output writes into an existing folder only
    for run in range(runs):
        output = folder / "out" / f"digest-{run}.html"
        command = [sys.executable, "-m", "monitor", "--config", str(cfg), "--now", NOW, "digest", "--month",
                   f"{MONTH[0]}-{MONTH[1]:02d}", "--format", "html", "--output", str(output)]  # fmt: skip
        with Contention() as contention:
            # the month before is summarised in a second process (via a forkserver): sample the whole tree
            measured = run_measured(command, cwd=ROOT, tree=True)
            tree = measured.tree or {}
            contention.extra = max(0.0, tree.get("cpu_sum_s", 0.0) - measured.cpu_s)
        html = output.read_text(encoding="utf-8")
        out.append(
            {
                "wall_s": round(measured.wall_s, 2),
                "cpu_s": round(max(measured.cpu_s, tree.get("cpu_sum_s", 0.0)), 2),
                "peak_rss_mib": round(measured.peak_rss_mib, 1),
                "tree_processes": tree.get("processes"),
                "tree_peak_rss_mib": tree.get("peak_rss_sum_mib"),
                "html_kib": round(len(html.encode()) / 1024),
                "stories_shown": html.count("<h3") or None,
                "others_cpu_s": contention.others_s,
            }
        )
    return out


def measure_digest(
    sizes: tuple[int, ...] = (100_000, 1_000_000), per_month: int = 50_000, feeds: int = 1000, runs: int = 2,
    log=lambda _line: None,  # type: ignore[no-untyped-def]
) -> dict[str, Any]:  # fmt: skip
    started = time.monotonic()
    pool = text_pool(min(2 * per_month, max(sizes)))
    gc.collect()
    result: dict[str, Any] = {"per_month": per_month, "pool_s": round(time.monotonic() - started, 1)}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-digest-") as tmp:
            folder = Path(tmp)
            log(f"digest: building a database of {size:,} items")
            built = build_database(folder / "bench.db", size, per_month, pool, feeds)
            log(f"digest: {built}; timing `monitor digest` x{runs}")
            timings = time_digest(folder, runs)
            result[str(size)] = {
                **built,
                "runs": timings,
                "digest_s": min(t["wall_s"] for t in timings),
                "first_s": timings[0]["wall_s"],  # the month before grouped too (a fresh database keeps no summary)
                "peak_rss_mib": max(t["peak_rss_mib"] for t in timings),
                "tree_peak_rss_mib": max((t["tree_peak_rss_mib"] or 0) for t in timings) or None,
            }
    if len(sizes) == 2:
        small, large = (result[str(s)]["digest_s"] for s in sizes)
        result["large_over_small"] = round(large / small, 2)
    return result
