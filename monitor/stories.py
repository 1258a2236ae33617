"""Group a month's items into stories: the same event told by several outlets, in either language.

Candidate pairs come only from blocks (a shared company, a shared amount, a shared rare token), never
from all pairs; a pair joins when its similarity passes a threshold and the items are close in time.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations

WINDOW = timedelta(days=4)
JOIN_AT = 0.5
WEAK = 0.45  # a cross-language pair with nothing but the same companies: joins only as mutual best match
PAIR_WINDOW = timedelta(hours=48)
MAX_BLOCK = 60  # a block larger than this (a company in every item) is too common to pair on alone
NEIGHBOURS = 8  # in such a block, each item is paired with this many next in time

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|\d+(?:[.,]\d+)*(?:gw|mw|gb|tb|nm|%)?", re.I)
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_STOP = frozenset(
    """a an the of to in on for and or with by from at as is are was were be its it this that new says
    said will over into after about than more most up out first ai inc corp co ltd""".split()
)


@dataclass(frozen=True, slots=True)
class StoryItem:
    id: int
    title: str
    summary: str
    lang: str
    published: datetime
    companies: tuple[str, ...]
    amounts_usd: tuple[float, ...]
    source: str  # outlet: the URL's host without www.
    layer: str | None = None  # primary layer


def title_tokens(title: str) -> frozenset[str]:
    """Latin words and numbers, plus Hangul character bigrams (particles glue onto Korean words)."""
    tokens = {t.lower() for t in _LATIN_TOKEN.findall(title)} - _STOP
    for word in _HANGUL_WORD.findall(title):
        if len(word) == 1:
            tokens.add(word)
        tokens.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(tokens)


def rare_tokens(text: str) -> frozenset[str]:
    """Tokens that name a thing in any language: model names, numbers with letters (GPT-5.1, HBM4, 10GW)."""
    return frozenset(
        t.lower() for t in _LATIN_TOKEN.findall(text) if any(c.isdigit() for c in t) and any(c.isalpha() for c in t)
    )


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of the smaller set: an article that names more companies is not penalised."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _shared_amount(a: Sequence[float], b: Sequence[float]) -> bool:
    return any(x > 0 and y > 0 and abs(math.log(x / y)) < 0.03 for x in a for y in b)


_NUMBER = re.compile(r"(?<![\d.,])\d+(?:\.\d+)?(?![\d,])")


def numbers(text: str) -> frozenset[str]:
    """Numbers written the same in any language (4.5, 6, 260), years left out."""
    return frozenset(n for n in _NUMBER.findall(text) if len(n) > 1 and not (len(n) == 4 and n[:2] in ("19", "20")))


@dataclass(frozen=True, slots=True)
class _Features:
    tokens: frozenset[str]  # of the title
    body: frozenset[str]  # of title and summary
    rare: frozenset[str]
    companies: frozenset[str]
    numbers: frozenset[str]


def similarity(a: StoryItem, fa: _Features, b: StoryItem, fb: _Features) -> float:
    """Evidence that two items report the same event; JOIN_AT or more joins them.

    Sharing a company is never enough on its own: a big company is in many stories a month.
    """
    gap = abs(a.published - b.published)
    if gap > WINDOW:
        return 0.0
    companies = (_jaccard(fa.companies, fb.companies) + _overlap(fa.companies, fb.companies)) / 2
    rare = _jaccard(fa.rare, fb.rare)
    if fa.companies and fb.companies and not companies and not rare:
        return 0.0  # about different companies, and no shared name: a coincidence of numbers at most
    several = 0.15 if len(fa.companies & fb.companies) >= 2 else 0.0
    near = 0.05 if gap <= timedelta(hours=36) else 0.0
    amount = 1.0 if _shared_amount(a.amounts_usd, b.amounts_usd) else 0.0
    figures = _jaccard(fa.numbers, fb.numbers)
    if a.lang == b.lang:
        text = max(_jaccard(fa.tokens, fb.tokens), 0.5 * _jaccard(fa.body, fb.body))
        if text < 0.12 and not (amount or rare):
            return 0.0
        return 0.3 * companies + near + 1.0 * text + 0.35 * amount + 0.25 * rare + 0.1 * figures
    # Across languages the words differ: companies plus something specific (an amount, a figure, a name).
    latin = _overlap(frozenset(t for t in fa.tokens if t.isascii()), frozenset(t for t in fb.tokens if t.isascii()))
    figures = _overlap(fa.numbers, fb.numbers)
    if gap > PAIR_WINDOW and not (amount or rare):
        return 0.0  # days apart in two languages: only a shared amount or model name can tie them
    if not (amount or rare or figures or several or latin >= 0.5):
        # Only the same companies, close in time: a candidate that must be each other's best (see below).
        weak = fa.companies == fb.companies and gap <= PAIR_WINDOW
        return WEAK if weak else 0.0
    return 0.4 * companies + several + near + 0.4 * amount + 0.35 * rare + 0.3 * figures + 0.25 * latin


def _block_pairs(members: list[int], items: Sequence[StoryItem]):  # type: ignore[no-untyped-def]
    """All pairs of a block; in a huge block, only pairs of items close in publication order."""
    if len(members) <= MAX_BLOCK:
        return combinations(members, 2)
    ordered = sorted(members, key=lambda n: items[n].published)
    return (
        (ordered[i], ordered[j])
        for i in range(len(ordered))
        for j in range(i + 1, min(i + NEIGHBOURS, len(ordered)))
        if items[ordered[j]].published - items[ordered[i]].published <= WINDOW
    )


def group_stories(items: Sequence[StoryItem]) -> list[list[StoryItem]]:
    """Stories as lists of items, in no particular order; every item is in exactly one story."""
    features = [
        _Features(
            title_tokens(it.title),
            title_tokens(f"{it.title} {it.summary[:300]}"),
            rare_tokens(f"{it.title} {it.summary}"),
            frozenset(it.companies),
            numbers(f"{it.title} {it.summary}"),
        )
        for it in items
    ]
    blocks: dict[str, list[int]] = defaultdict(list)
    for n, (it, f) in enumerate(zip(items, features, strict=True)):
        for company in f.companies:
            blocks[f"c:{company}"].append(n)
        for usd in it.amounts_usd:
            if usd > 0:
                blocks[f"a:{round(math.log(usd), 1)}"].append(n)
        for token in f.rare:
            blocks[f"r:{token}"].append(n)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scored: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        for i, j in _block_pairs(members, items):
            key = (min(i, j), max(i, j))
            if key not in scored:
                scored[key] = similarity(items[i], features[i], items[j], features[j])
    for key in _mutual_best(scored, items, features):
        scored[key] = JOIN_AT
    # Strongest pairs first; an outlet tells a story once, so a merge never puts two items of one outlet together.
    sources = [{it.source} for it in items]
    for (i, j), value in sorted(scored.items(), key=lambda kv: -kv[1]):
        if value < JOIN_AT:
            break
        a, b = find(i), find(j)
        if a != b and not (sources[a] & sources[b]):
            parent[a] = b
            sources[b] |= sources[a]
    groups: dict[int, list[StoryItem]] = defaultdict(list)
    for n, it in enumerate(items):
        groups[find(n)].append(it)
    return list(groups.values())


def _mutual_best(
    scored: dict[tuple[int, int], float], items: Sequence[StoryItem], features: Sequence[_Features]
) -> list[tuple[int, int]]:
    """Weak cross-language pairs in which each item is the other's best candidate: most shared Latin-script
    words (names, model numbers), then the same layer, then closest in time."""
    best: dict[int, tuple[float, float, int]] = {}
    for (i, j), value in scored.items():
        if value != WEAK:
            continue
        latin_i = frozenset(t for t in features[i].tokens if t.isascii())
        latin_j = frozenset(t for t in features[j].tokens if t.isascii())
        affinity = len(latin_i & latin_j) + (0.5 if items[i].layer == items[j].layer else 0.0)
        gap = abs(items[i].published - items[j].published).total_seconds()
        for a, b in ((i, j), (j, i)):
            if a not in best or (affinity, -gap) > best[a][:2]:
                best[a] = (affinity, -gap, b)
    return [(i, j) for (i, j), value in scored.items() if value == WEAK and best[i][2] == j and best[j][2] == i]
