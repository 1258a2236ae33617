"""Tagging throughput on one core: shipped rules, and shipped rules plus 2,000 synthetic companies."""

from __future__ import annotations

import gc
import random
import time
from dataclasses import replace

from bench.feedgen import make_items
from monitor.normalize import clean_text
from monitor.rules import CompanyRule, load_rules, shipped_rule_files
from monitor.tag import Tagger

HANGUL = [chr(c) for c in range(0xAC00, 0xD7A4, 97)]


def sample_texts(count: int) -> list[tuple[str, str]]:
    """Realistic items: title + ~400-character summary, alternating Korean and English feeds."""
    texts: list[tuple[str, str]] = []
    feed = 0
    while len(texts) < count:
        for item in make_items(feed, 50):
            texts.append((item["title"], clean_text(item["summary"], 4000)[:420]))
        feed += 1
    return texts[:count]


def synthetic_companies(n: int, seed: int = 7) -> list[CompanyRule]:
    rng = random.Random(seed)
    companies = []
    for i in range(n):
        latin = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4)).capitalize()
        hangul = "".join(rng.choice(HANGUL) for _ in range(3))
        companies.append(
            CompanyRule(id=f"synthetic{i}", name_en=latin, name_ko=hangul, aliases=(latin, f"{latin} AI", hangul))
        )
    return companies


def rate(tagger: Tagger, texts: list[tuple[str, str]]) -> float:
    tag = tagger.tag
    started = time.perf_counter()
    for title, summary in texts:
        tag(title, summary)
    return len(texts) / (time.perf_counter() - started)


def measure_tagging(count: int = 100_000) -> dict[str, float]:
    texts = sample_texts(count)
    shipped = load_rules(shipped_rule_files())
    bigger = replace(shipped, companies=shipped.companies + tuple(synthetic_companies(2000)))
    started = time.perf_counter()
    base_tagger = Tagger(shipped)
    compile_s = time.perf_counter() - started
    big_tagger = Tagger(bigger)
    gc.freeze()  # as `monitor` does after loading its rules
    base = rate(base_tagger, texts)
    big = rate(big_tagger, texts)
    return {
        "items": count,
        "compile_shipped_s": round(compile_s, 3),
        "shipped_items_per_s": round(base),
        "with_2000_companies_items_per_s": round(big),
        "cost_ratio": round(base / big, 2),
    }
