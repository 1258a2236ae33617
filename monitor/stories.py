"""Group a month's items into stories: the same event told by several outlets, in either language.

Candidate pairs come only from blocks (a shared company, a shared amount, a shared rare token), never
from all pairs; a pair joins when its similarity passes a threshold and the items are close in time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

from monitor.events import (
    EVENT_WINDOW,
    REACTION_WINDOW,
    SAME_FIGURE,
    EventKeys,
    another_thing,
    attach_reactions,
    conflict,
    event_keys,
    figures_differ,
    no_shared_figure,
    same_figure,
)
from monitor.words import Tokens, Words, item_words, overlap, shared_count

if TYPE_CHECKING:
    import numpy as np

WINDOW = EVENT_WINDOW
JOIN_AT = 0.5
WEAK = 0.45  # a cross-language pair with nothing but the same companies: joins only as mutual best match
PAIR_WINDOW = timedelta(hours=48)
NEAR = timedelta(hours=36)
MAX_BLOCK = 60  # a block larger than this (a company in every item) is too common to pair on alone
NEIGHBOURS = 8  # in such a block, each item is paired with this many next in time


class StoryItem(NamedTuple):  # (made for every item of a month: a named tuple is quick to make)
    id: int
    title: str
    summary: str
    lang: str
    published: datetime
    companies: tuple[str, ...]
    amounts_usd: tuple[float, ...]
    source: str  # outlet: the URL's host without www.
    layer: str | None = None  # primary layer
    named: tuple[str, ...] = ()  # the companies its title names (when known)
    keys: EventKeys | None = None  # events.event_keys(title), when the caller has it already


def _shared_amount(a: Sequence[float], b: Sequence[float]) -> bool:
    for x in a:
        if x > 0:
            for y in b:
                if y > 0 and 0.96 < x / y < 1.04 and abs(math.log(x / y)) < 0.03:  # (outside, |log| > 0.039)
                    return True
    return False


@dataclass(slots=True)  # not frozen: made for every item of a month, it is built twice as fast (`text` comes later)
class _Features:
    at: int  # publication time in microseconds from the first item's
    lang: str
    tokens: Tokens  # of the title
    body: Tokens  # of title and the head of the summary
    latin: Tokens  # the title's tokens in Latin script
    rare: frozenset[str]
    companies: frozenset[str]
    numbers: frozenset[str]
    amounts: tuple[float, ...]  # the positive ones, each once, in no particular order
    keys: EventKeys  # the title's figures and names, and whether it is a reaction
    named: frozenset[str]  # companies the title names
    title: str
    summary: str
    text: str | None = None  # title and summary in lower case, once lower_text() was asked for it

    def lower_text(self) -> str:
        """Title and summary in lower case: few pairs need it (events.another_thing), so it is made when asked."""
        if self.text is None:
            self.text = f"{self.title} {self.summary}".lower()
        return self.text


_MICROSECOND = timedelta(microseconds=1)
_WINDOW, _PAIR_WINDOW, _NEAR, _REACTION = (w // _MICROSECOND for w in (WINDOW, PAIR_WINDOW, NEAR, REACTION_WINDOW))


def _features(items: Sequence[StoryItem], words: Sequence[Words] | None = None) -> list[_Features]:
    """Each item's words, names, numbers and amounts."""
    if not items:
        return []
    if words is None:
        words = item_words([(it.title, it.summary) for it in items])
    origin = items[0].published
    return [
        _Features(
            at=(it.published - origin) // _MICROSECOND,
            lang=it.lang,
            tokens=tokens,
            body=body,
            latin=latin,
            rare=rare,
            companies=frozenset(it.companies),
            numbers=figures,
            amounts=tuple(set(filter((0.0).__lt__, it.amounts_usd))),
            keys=it.keys or event_keys(it.title),
            named=frozenset(it.named),
            title=it.title,
            summary=it.summary,
        )
        for it, (tokens, body, latin, rare, figures) in zip(items, words, strict=True)
    ]


def similarity(fa: _Features, fb: _Features) -> float:
    """Evidence that two items report the same event; JOIN_AT or more joins them; none when their titles name
    different events (_apart) or one states a figure the other's amounts do not have (_other_figure).

    Sharing a company is never enough on its own: a big company is in many stories a month.
    """
    if figures_differ(fa.keys, fb.keys):
        return 0.0  # (_apart's first test; cheap, and it settles most pairs of a month before the evidence is weighed)
    score = _evidence(fa, fb)
    if score and (_apart(fa, fb) or _other_figure(fa, fb) or _other_figure(fb, fa)):
        return 0.0
    return score


def _evidence(fa: _Features, fb: _Features) -> float:
    gap = abs(fa.at - fb.at)
    if gap > _WINDOW and not (gap <= _REACTION and (fa.keys.reaction or fb.keys.reaction)):
        return 0.0
    ca, cb = fa.companies, fb.companies
    if ca and cb:
        both = len(ca & cb)
        companies = (both / (len(ca) + len(cb) - both) + both / min(len(ca), len(cb))) / 2
    else:
        both, companies = 0, 0.0
    ra, rb = fa.rare, fb.rare
    if ra and rb:  # _jaccard, written out
        shared = len(ra & rb)
        rare = shared / (len(ra) + len(rb) - shared)
    else:
        rare = 0.0
    if ca and cb and not companies and not rare:
        return 0.0  # about different companies, and no shared name: a coincidence of numbers at most
    several = 0.15 if both >= 2 and 2 * both >= len(ca | cb) else 0.0
    near = 0.05 if gap <= _NEAR else 0.0
    amount = 1.0 if fa.amounts and fb.amounts and _shared_amount(fa.amounts, fb.amounts) else 0.0
    if fa.lang == fb.lang:
        na, nb = fa.numbers, fb.numbers
        if na and nb:
            shared = len(na & nb)
            figures = shared / (len(na) + len(nb) - shared)
        else:
            figures = 0.0
        mask_a, rest_a, size_a = fa.tokens
        mask_b, rest_b, size_b = fb.tokens
        if size_a and size_b:  # jaccard_tokens, written out: this runs for most of a million pairs
            shared = (mask_a & mask_b).bit_count() + (len(rest_a & rest_b) if rest_a and rest_b else 0)
            words = shared / (size_a + size_b - shared)
        else:
            words = 0.0
        mask_a, rest_a, size_a = fa.body
        mask_b, rest_b, size_b = fb.body
        if size_a and size_b:
            shared = (mask_a & mask_b).bit_count() + (len(rest_a & rest_b) if rest_a and rest_b else 0)
            body = shared / (size_a + size_b - shared)
        else:
            body = 0.0
        text = max(words, 0.5 * body)
        if text < 0.12 and not (amount or rare):
            return 0.0
        return 0.3 * companies + near + 1.0 * text + 0.35 * amount + 0.25 * rare + 0.1 * figures
    # Across languages the words differ: companies plus something specific (an amount, a figure, a name).
    la, lb = fa.latin, fb.latin
    latin = shared_count(la, lb) / min(la.size, lb.size) if la.size and lb.size else 0.0
    figures = overlap(fa.numbers, fb.numbers)
    if gap > _PAIR_WINDOW and not (amount or rare):
        return 0.0  # days apart in two languages: only a shared amount or model name can tie them
    if not (amount or rare or figures or latin >= 0.5 or (several and 4 * both >= 3 * len(ca | cb))):
        # Only the same companies, close in time: a candidate that must be each other's best (see below).
        # (the same actors: the same companies, or the same companies named in both titles and nothing else)
        same = ca == cb or (fa.named and fa.named == fb.named and fa.named == ca & cb)
        weak = bool(same) and gap <= _PAIR_WINDOW
        return WEAK if weak else 0.0
    return 0.4 * companies + several + near + 0.4 * amount + 0.35 * rare + 0.3 * figures + 0.25 * latin


def _apart(fa: _Features, fb: _Features) -> bool:
    """Their titles name different events (events.conflict), or, in one language, two things of one company
    (events.another_thing)."""
    ka, kb = fa.keys, fb.keys
    if ((ka.figures and kb.figures) or (ka.names and kb.names) or (ka.quoted and kb.quoted)) and conflict(
        ka, kb, fa.lang == fb.lang
    ):
        return True
    if fa.lang != fb.lang or not (ka.names or kb.names):
        return False  # a proper name is written in another script in the other language
    return another_thing(fa.keys, fb.keys, fa.lower_text()) or another_thing(fb.keys, fa.keys, fb.lower_text())


def _other_figure(fa: _Features, fb: _Features) -> bool:
    """fa's title states a figure, and fb, with none in its title, quotes amounts that are all other ones."""
    if not fa.keys.figures or fb.keys.figures or not fb.amounts or fa.keys.reaction or fb.keys.reaction:
        return False
    return not any(same_figure(x, y) for x in fa.keys.figures for y in fb.amounts)


def _block_pairs(members: list[int], at: Sequence[int]) -> Iterator[tuple[int, int]]:
    """All pairs of a block; in a huge block, only pairs of items close in publication order."""
    if len(members) <= MAX_BLOCK:
        yield from combinations(members, 2)
        return
    ordered = sorted(members, key=at.__getitem__)
    times = [at[n] for n in ordered]
    for i, first in enumerate(ordered):
        limit = times[i] + _WINDOW
        for j in range(i + 1, min(i + NEIGHBOURS, len(ordered))):
            if times[j] <= limit:
                yield first, ordered[j]


def group_stories(items: Sequence[StoryItem], words: Sequence[Words] | None = None) -> list[list[StoryItem]]:
    """Stories as lists of items, in no particular order; every item is in exactly one story. `words`: item_words()
    of the items, when the caller has them already."""
    features = _features(items, words)
    scored = _scored(_blocks(items, features), features)
    for key in _mutual_best(scored, items, features):
        scored[key] = JOIN_AT
    # Strongest pairs first (ties in the order found); an outlet tells a story once, so a merge never puts two items
    # of one outlet together.
    joins = sorted(((key, value) for key, value in scored.items() if value >= JOIN_AT), key=lambda kv: -kv[1])
    del scored
    return _union(items, features, [key for key, _value in joins])


def _blocks(items: Sequence[StoryItem], features: Sequence[_Features]) -> dict[str, list[int]]:
    """The items (by index) of each block: a company, an amount (to a tenth of its logarithm), a rare token."""
    blocks: dict[str, list[int]] = defaultdict(list)
    amount_blocks: dict[float, str] = {}  # (news repeats its figures: each one's block named once)
    for n, f in enumerate(features):
        for company in sorted(f.companies):  # in a fixed order: ties between pairs go to the one found first
            blocks[f"c:{company}"].append(n)
        for usd in items[n].amounts_usd:
            if usd > 0:
                if (block := amount_blocks.get(usd)) is None:
                    block = amount_blocks[usd] = f"a:{round(math.log(usd), 1)}"
                blocks[block].append(n)
        for token in sorted(f.rare):
            blocks[f"r:{token}"].append(n)
    return blocks


def _scored(
    blocks: dict[str, list[int]], features: Sequence[_Features], vector: bool | None = None
) -> dict[tuple[int, int], float]:
    """similarity() of each candidate pair that scores, in the order found (each pair is weighed once). A pair whose
    titles state different figures scores 0 without the rest of it being weighed: in a month where many titles
    state one, most pairs end there. `vector`: find the pairs with numpy (default: from VECTOR_FROM items)."""
    count = len(features)
    at = [f.at for f in features]
    figures = [() if f.keys.reaction else f.keys.figures for f in features]  # (what events.figures_differ compares)
    vector = count >= VECTOR_FROM if vector is None else vector
    if vector:
        pairs = _vector_pairs(blocks, at, figures, [f.companies for f in features], [bool(f.rare) for f in features])
    else:
        pairs = _pairs(blocks, at)
    scored: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        a, b = figures[i], figures[j]
        if not (a and b and no_shared_figure(a, b)) and (score := similarity(features[i], features[j])):
            scored[(i, j)] = score
    return scored


def _pairs(blocks: dict[str, list[int]], at: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Each candidate pair (i < j) once, in the order the blocks give it first."""
    count = len(at)
    seen: set[int] = set()  # pairs given, as i * count + j
    for members in blocks.values():
        for i, j in _block_pairs(members, at):
            if i > j:
                i, j = j, i
            key = i * count + j
            if key in seen or i == j:
                # (An item with one amount written twice is twice in that amount's block. Paired with itself it
                # would join nothing, and with that amount shared it scores far from the weak 0.45.)
                continue
            seen.add(key)
            yield i, j


VECTOR_FROM = 5_000  # items from which _vector_pairs finds the candidate pairs (below, importing numpy costs more)


def _vector_pairs(
    blocks: dict[str, list[int]],
    at: Sequence[int],
    figures: Sequence[tuple[float, ...]],
    companies: Sequence[frozenset[str]],
    rare: Sequence[bool],
) -> Iterator[tuple[int, int]]:
    """What _pairs() gives, less pairs that similarity() scores 0 at its first tests, found with numpy block by block,
    in the same order: two titles that each state one figure, not the same (no_shared_figure would refuse them), and
    two items that name companies, none the same, with no rare token in common (`rare`: whether an item has any;
    _evidence: a coincidence of numbers at most). Of 216,000 pairs of a 50,000-item month, 167,000 were such
    strangers; scoring them in pure Python took half a second."""
    import numpy as np

    count = len(at)
    times = np.asarray(at, dtype=np.int64)
    found = [_block_keys(np.asarray(members, dtype=np.int64), times, count) for members in blocks.values()]
    keys = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    _keys, first = np.unique(keys, return_index=True)
    keys = keys[np.sort(first)]  # each pair once, where it was first found
    i, j = keys // count, keys % count
    one = np.array([f[0] if len(f) == 1 else np.nan for f in figures], dtype=np.float64)
    x, y = one[i], one[j]
    with np.errstate(invalid="ignore"):  # (nan: no single figure; inf: a number of 309 digits, left to the check)
        differ = np.abs(x - y) > SAME_FIGURE * np.maximum(x, y)
    keep = ~(differ | _strangers(i, j, companies, np.asarray(rare, dtype=bool)))
    return zip(i[keep].tolist(), j[keep].tolist(), strict=True)


def _strangers(i: np.ndarray, j: np.ndarray, companies: Sequence[frozenset[str]], rare: np.ndarray) -> np.ndarray:
    """For each pair (i[k], j[k]): both items name companies, none in common, and not both have rare tokens (two
    that have may share one: left to _evidence). Each item's companies as a bit mask in 64-bit words."""
    import numpy as np

    bits: dict[str, int] = {}
    masks = [sum(1 << bits.setdefault(c, len(bits)) for c in named) for named in companies]
    shared = np.zeros(len(i), dtype=bool)
    for word in range(0, len(bits), 64):
        part = np.array([(mask >> word) & 0xFFFF_FFFF_FFFF_FFFF for mask in masks], dtype=np.uint64)
        shared |= (part[i] & part[j]) != 0
    named = np.array([bool(c) for c in companies], dtype=bool)
    return named[i] & named[j] & ~shared & ~(rare[i] & rare[j])


def _block_keys(members: np.ndarray, times: np.ndarray, count: int) -> np.ndarray:
    """The block's pairs as _block_pairs() gives them, each as min * count + max, less an item paired with itself."""
    import numpy as np

    n = len(members)
    if n <= MAX_BLOCK:
        first, second = np.triu_indices(n, 1)  # (the order of itertools.combinations)
        a, b = members[first], members[second]
    else:  # each item with the next NEIGHBOURS - 1 in publication order within the window, row by row
        ordered = members[np.argsort(times[members], kind="stable")]
        at = times[ordered]
        a = np.full((n, NEIGHBOURS - 1), -1, dtype=np.int64)
        b = np.full((n, NEIGHBOURS - 1), -1, dtype=np.int64)
        for k in range(1, min(NEIGHBOURS, n)):
            near = at[k:] <= at[:-k] + _WINDOW
            a[: n - k, k - 1] = np.where(near, ordered[:-k], -1)
            b[: n - k, k - 1] = np.where(near, ordered[k:], -1)
        a, b = a.ravel(), b.ravel()
    keep = (a != b) & (a >= 0)
    a, b = a[keep], b[keep]
    return np.minimum(a, b) * count + np.maximum(a, b)


def _union(
    items: Sequence[StoryItem], features: Sequence[_Features], joins: Sequence[tuple[int, int]]
) -> list[list[StoryItem]]:
    """Joins in order, each only when the two stories have no outlet in common and stay one event (_compatible)."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sources = [{it.source} for it in items]
    members = [[n] for n in range(len(items))]
    for i, j in joins:
        a, b = find(i), find(j)
        if a != b and sources[a].isdisjoint(sources[b]) and _compatible(members[a], members[b], features):
            if len(sources[a]) > len(sources[b]):
                a, b = b, a  # the smaller story joins the larger one
            parent[a] = b
            sources[b] |= sources[a]
            members[b].extend(members[a])
            members[a] = []
    roots: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        roots[find(n)].append(n)
    groups = attach_reactions(
        list(roots.values()),
        [f.at for f in features],
        [f.companies for f in features],
        [f.keys.reaction for f in features],
        [it.source for it in items],
        _REACTION,
    )
    return [[items[n] for n in group] for group in groups]


_COMPARED = 24  # members of each story compared when two join


def _compatible(a: list[int], b: list[int], features: Sequence[_Features]) -> bool:
    """Two stories are one event: no two titles name different figures or products, the reports (not counting
    reactions) come within the event window of each other, and reactions within the reaction window."""
    for i in a[:_COMPARED]:
        fi = features[i]
        for j in b[:_COMPARED]:
            fj = features[j]
            if _apart(fi, fj):
                return False
    times = [features[n].at for n in (*a, *b)]
    reports = [features[n].at for n in (*a, *b) if not features[n].keys.reaction] or times
    return max(reports) - min(reports) <= _WINDOW and max(times) - min(reports) <= _REACTION


def _mutual_best(
    scored: dict[tuple[int, int], float], items: Sequence[StoryItem], features: Sequence[_Features]
) -> list[tuple[int, int]]:
    """Weak cross-language pairs in which each item is the other's best candidate: most shared Latin-script
    words (names, model numbers), then the same layer, then closest in time."""
    best: dict[int, tuple[float, float, int]] = {}
    weak = [key for key, value in scored.items() if value == WEAK]
    for i, j in weak:
        same_layer = 0.5 if items[i].layer == items[j].layer else 0.0
        affinity = shared_count(features[i].latin, features[j].latin) + same_layer
        gap = abs(features[i].at - features[j].at)
        for a, b in ((i, j), (j, i)):
            if a not in best or (affinity, -gap) > best[a][:2]:
                best[a] = (affinity, -gap, b)
    return [(i, j) for i, j in weak if best[i][2] == j and best[j][2] == i]
