"""The parse floor: feedparser alone over documents held in memory, against monitor's own
parse + tag + store into a real SQLite file over the same bytes, with the project's own functions:
`refresh.prepare_document` (hash, parse, normalise, tag) then `store.items.known` + `store.items.save`,
as `refresh.store_fetch` does; or, in versions before prepare_document, `items_from_document` + `save_tagged`.

One process, one core, no network. feedparser is timed twice: as monitor calls it (no HTML
sanitising, no relative-URI resolution: the work monitor cannot avoid if it uses feedparser) and
with feedparser's defaults (`feedparser.parse(body)`, what the naive loop pays).
"""

from __future__ import annotations

import gc
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from bench.feedgen import documents
from monitor import refresh as pipeline
from monitor.models import Tags
from monitor.rules import load_rules, shipped_rule_files
from monitor.store import Store
from monitor.tag import Tagger

CONTENT_TYPE = "application/rss+xml; charset=utf-8"  # what the bench server sends


def feedparser_floor(docs: list[bytes], *, as_monitor: bool) -> tuple[float, int]:
    headers = {"content-type": CONTENT_TYPE}
    entries = 0
    started = time.perf_counter()
    for body in docs:
        if as_monitor:
            parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
        else:
            parsed = feedparser.parse(body)
        entries += len(parsed.entries)
    return time.perf_counter() - started, entries


def monitor_pipeline(docs: list[bytes], folder: Path, tagger: Tagger) -> dict[str, float]:
    """monitor's parse + tag + store for every document, into a fresh SQLite file (see the module)."""
    now = datetime(2025, 12, 1, tzinfo=UTC)
    tag_seconds = 0.0

    def timed_tag(title: str, summary: str) -> Tags:
        nonlocal tag_seconds
        started = time.perf_counter()
        tags = tagger.tag(title, summary)
        tag_seconds += time.perf_counter() - started
        return tags

    with Store.open(folder / "floor.db", now) as store:
        for n in range(len(docs)):
            store.feeds.add(f"http://127.0.0.1/feed/{n}.xml", None, "cli", now)
        feeds = store.feeds.select()
        parse_seconds = save_seconds = 0.0
        new = 0
        prepare = getattr(pipeline, "prepare_document", None)
        clock = time.perf_counter
        for feed, body in zip(feeds, docs, strict=True):
            t0 = clock()
            if prepare is not None:  # hash, parse, normalise and tag; then store
                items = prepare(body, CONTENT_TYPE, feed, now, timed_tag).items
                t1 = clock()
                new += _store(store, feed.id, items, now)
            else:  # parse and normalise; then tag and store
                items, _warning, *_zone = pipeline.items_from_document(body, CONTENT_TYPE, feed, now)
                t1 = clock()
                new += pipeline.save_tagged(store, feed.id, items, timed_tag, now)
            t2 = clock()
            parse_seconds += t1 - t0
            save_seconds += t2 - t1
        stored = store.items.count()
    if prepare is not None:
        parse_seconds -= tag_seconds
    else:
        save_seconds -= tag_seconds
    return {
        "total_s": parse_seconds + tag_seconds + save_seconds,
        "parse_normalise_s": parse_seconds,
        "tag_s": tag_seconds,
        "store_s": save_seconds,
        "new_items": new,
        "stored_items": stored,
    }


def _store(store: Store, feed_id: int, items: list[Any], now: datetime) -> int:
    known = store.items.known(feed_id, [item.key for item in items])
    return store.items.save(feed_id, items, known, now)


def measure_parse_floor(feeds: int = 1000, items: int = 50) -> dict[str, Any]:
    docs = documents(feeds, items)
    tagger = Tagger(load_rules(shipped_rule_files()))
    gc.freeze()  # as monitor does after loading its rules
    fp_monitor_s, entries = feedparser_floor(docs, as_monitor=True)
    fp_default_s, _ = feedparser_floor(docs, as_monitor=False)
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        pipeline = monitor_pipeline(docs, Path(tmp), tagger)
    if pipeline["stored_items"] != entries:
        raise RuntimeError(f"monitor stored {pipeline['stored_items']} items of {entries} entries")
    return {
        "feeds": feeds,
        "items": items,
        "bytes": sum(len(d) for d in docs),
        "entries": entries,
        "feedparser_as_monitor_s": round(fp_monitor_s, 3),
        "feedparser_defaults_s": round(fp_default_s, 3),
        "parse_tag_store_s": round(pipeline["total_s"], 3),
        "of_which_parse_normalise_s": round(pipeline["parse_normalise_s"], 3),
        "of_which_tag_s": round(pipeline["tag_s"], 3),
        "of_which_store_s": round(pipeline["store_s"], 3),
        "ratio_vs_feedparser_as_monitor": round(pipeline["total_s"] / fp_monitor_s, 2),
        "ratio_vs_feedparser_defaults": round(pipeline["total_s"] / fp_default_s, 2),
        "stored_items": pipeline["stored_items"],
    }
