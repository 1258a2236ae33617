"""Labelled sets for story grouping and story facts, as stored items tagged by the shipped rules.

Three sets: the shared dev set, our labelled month (tests/data/stories_month.jsonl) and the demo's labels (the
demo feeds parsed as `monitor fetch` parses them). In each, an item the labels call AI news (a primary layer) is
given a layer even where the tagger gives none, so that grouping is scored on exactly the labelled AI items.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from monitor.normalize import canonical_url, normalize_entry
from monitor.parse import parse_feed
from monitor.resources import shipped_path
from monitor.rules import load_rules, shipped_rule_files
from monitor.store import StoredItem
from monitor.tag import Tagger

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent.parent / "shared"
OWN = ROOT / "tests" / "data" / "stories_month.jsonl"
OWN_LABELS = ROOT / "tests" / "data" / "stories_month_labels.jsonl"
DEV = SHARED / "eval" / "dev_items.jsonl" if (SHARED / "eval").exists() else Path("/work/shared/eval/dev_items.jsonl")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_TAGGER: list[Tagger] = []


def tagger() -> Tagger:
    if not _TAGGER:
        _TAGGER.append(Tagger(load_rules(shipped_rule_files())))
    return _TAGGER[0]


def stored(n: int, url: str, title: str, summary: str, lang: str, published: datetime, layer: str | None) -> StoredItem:
    tags = tagger().tag(title, summary)
    primary = (tags.primary_layer or layer) if layer else None
    return StoredItem(
        n, url, title, summary, published, False, lang, (), tags.companies, tags.layers, primary, published
    )  # fmt: skip


def labelled(path: Path) -> list[tuple[StoredItem, str | None]]:
    """(item, its story label) of a jsonl set with title, summary and layer_primary per item."""
    out = []
    for n, g in enumerate(load(path)):
        item = stored(
            n, g["url"], g["title"], g["summary"], g["lang"], datetime.fromisoformat(g["published"]), g["layer_primary"]
        )
        out.append((item, g["story"]))
    return out


def demo() -> list[tuple[StoredItem, str | None]]:
    """The demo feeds' items with the demo's story labels (October and November)."""
    labels = {canonical_url(x["url"]): x for x in load(shipped_path("demo") / "labels.jsonl")}
    seen: dict[str, tuple[StoredItem, str | None]] = {}
    fetched = datetime(2025, 12, 1, tzinfo=UTC)
    for feed in sorted((shipped_path("demo") / "feeds").iterdir()):
        for entry in parse_feed(feed.read_bytes()).entries:
            item = normalize_entry(entry, 1, fetched)
            if item is None or item.url is None:
                continue
            url = canonical_url(item.url)
            label = labels.get(url)
            if label is None or url in seen:
                continue
            when = datetime.fromisoformat(label["published"]) if label["published"] else item.published
            it = stored(len(seen), url, item.title, item.summary, item.lang, when, label["layer_primary"])
            seen[url] = (it, label["story"])
    return list(seen.values())


def pairwise(groups: Sequence[Sequence[int]], gold: dict[int, str | None]) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of `groups` (item ids) against gold story labels, and the counts of gold pairs
    and false pairs."""
    story_of = {i: n for n, group in enumerate(groups) for i in group}
    tp = fp = fn = 0
    for i, j in combinations(sorted(gold), 2):
        same = gold[i] is not None and gold[i] == gold[j]
        grouped = story_of[i] == story_of[j]
        tp += same and grouped
        fp += grouped and not same
        fn += same and not grouped
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp + fn, fp
