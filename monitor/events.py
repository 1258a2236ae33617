"""What marks one event apart from another in a title: its figures, its product or model names, and whether the item
is a reaction (a stock move, an analysis) that may follow its event by some days.

Pure and small: story grouping (monitor.stories) uses these to refuse a join, never to make one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

from monitor.amounts import Amount, extract_amounts, fold_case

EVENT_WINDOW = timedelta(days=4)  # an event's reports come within this of its first report
REACTION_WINDOW = timedelta(days=7)  # reactions, analyses and stock moves within this
SAME_FIGURE = 0.08  # two figures within 8% are one (a conversion at another rate, a rounding)

_NAME = re.compile(
    r"\b(?:[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+|[A-Za-z]+[0-9][A-Za-z0-9]*|[A-Z][A-Za-z]+ \d+(?:\.\d+)?(?![\d%]))"
)
_NOT_NAME = re.compile(
    r"(?:q[1-4]|h[12]|fy\d+|\w+ \d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|top|no|series|round)\w* \d+)$"
)  # quarters, years, "June 2025", dates
_QUOTED = re.compile(r"[‘'\"“«「『]([^‘’'\"“”«»「」『』?!,.…]{2,24})[’'\"”»」』]")
_REACTION = re.compile(
    r"\b(?:shares?|stocks?|analysts?|what .{3,60} means|why|lessons?|takeaways?|rall(?:y|ies)|"
    r"(?:jump|soar|surge|slip|fall|drop|climb|tumble|sink)s?\b.*\b(?:after|on|as)\b)|주가|주식|증시|시총|분석|의미|"
    r"파장|반응|수혜|셈법|득실|명암|손익",
    re.I,
)


class EventKeys(NamedTuple):  # (made for every title of a month: a named tuple is quick to make)
    figures: tuple[float, ...]  # amounts in the title, in US dollars
    names: frozenset[str]  # model and product names in the title (lower case)
    quoted: frozenset[str]  # names in quotation marks in the title (compared within one language only)
    reaction: bool
    proper: frozenset[str] = frozenset()  # capitalised Latin words after the title's first (lower case)


def event_keys(title: str, krw_per_usd: float = 1400.0, found: Sequence[Amount] | None = None) -> EventKeys:
    """The title's keys; `found`: its amounts when the caller has them (those of "title\nsummary" that begin in the
    title are the title's own: a line break ends a clause)."""
    if found is None:
        found = extract_amounts(title, krw_per_usd, flags=False)
    # An earnings report's titles quote different measures (revenue, one unit's sales): only deals, valuations and
    # the like part two reports.
    figures = () if any(a.kind == "revenue" for a in found) else tuple(a.usd for a in found if a.usd > 0)
    names = frozenset(
        n.lower() for n in _NAME.findall(title) if any(c.isdigit() for c in n) and not _NOT_NAME.match(n.lower())
    )
    quoted = frozenset(q.strip().lower() for q in _QUOTED.findall(title) if q.count(" ") <= 1)
    proper = frozenset(w.lower() for w in _PROPER.findall(title, 1) if not title.startswith(w))
    return EventKeys(figures, names, quoted, _reaction(title), proper)


# A word that every match of _REACTION contains (lower case): most titles have none, and are not searched.
_REACTION_WORDS = ("share", "stock", "analyst", "what", "why", "lesson", "takeaway", "rall", "jump", "soar", "surge",
                   "slip", "fall", "drop", "climb", "tumble", "sink", "주가", "주식", "증시", "시총", "분석", "의미",
                   "파장", "반응", "수혜", "셈법", "득실", "명암", "손익")  # fmt: skip


def _reaction(title: str) -> bool:
    folded = fold_case(title)
    return any(word in folded for word in _REACTION_WORDS) and _REACTION.search(title) is not None


_PROPER = re.compile(r"(?<![\w'’.-])[A-Z][a-z]{3,}(?=[\s,:;.!?]|$|['’]s\b)")


def another_thing(a: EventKeys, b: EventKeys, a_text: str) -> bool:
    """a's title names a model or product (with a number), b's names none but calls its subject by a proper name
    that a's title and summary (`a_text`, lower case) never use: two launches of one company, not one event."""
    if not a.names or b.names or not b.proper or a.reaction or b.reaction:
        return False
    return all(name not in a_text for name in b.proper)


def same_figure(a: float, b: float) -> bool:
    return a > 0 and b > 0 and abs(a - b) <= SAME_FIGURE * max(a, b)


def _same_name(a: str, b: str) -> bool:
    """GPT-5 = gpt-5; MAI-1 = MAI-1-preview (a suffix of letters); GPT-5 is not GPT-5.1 nor GPT-2."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long.startswith(short) and long[len(short)] == "-" and long[len(short) + 1 : len(short) + 2].isalpha()


def no_shared_figure(xs: tuple[float, ...], ys: tuple[float, ...]) -> bool:
    """No figure of xs is the same as one of ys (same_figure, written out: most pairs of a month come here)."""
    for x in xs:
        for y in ys:
            if x > 0 and y > 0 and abs(x - y) <= SAME_FIGURE * (x if x > y else y):
                return False
    return True


def figures_differ(a: EventKeys, b: EventKeys) -> bool:
    """Both titles state figures and share none (reactions aside): two events, the first test of conflict()."""
    return bool(a.figures and b.figures and not (a.reaction or b.reaction) and no_shared_figure(a.figures, b.figures))


def conflict(a: EventKeys, b: EventKeys, same_language: bool) -> bool:
    """True when the two titles name different events: different figures, or different model or product names.

    A reaction's title often quotes another figure (a backlog, a share price), so figures only part two reports.
    """
    if figures_differ(a, b):
        return True
    if a.names and b.names and not any(_same_name(x, y) for x in a.names for y in b.names):
        return True
    if same_language and a.quoted and b.quoted and a.quoted.isdisjoint(b.quoted):
        return not (a.reaction or b.reaction or a.names & b.names)
    return False


def attach_reactions(
    groups: list[list[int]],
    at: Sequence[int],
    companies: Sequence[frozenset[str]],
    reaction: Sequence[bool],
    sources: Sequence[str],
    window: int,
) -> list[list[int]]:
    """A reaction told alone (a stock move, an analysis) joins the one story of several articles that it follows
    within `window` and whose companies contain its own or are contained in them; with two such stories, none."""
    firsts = {n: min(at[i] for i in g) for n, g in enumerate(groups)}
    hosts: dict[str, list[int]] = {}
    for n, group in enumerate(groups):
        if len(group) > 1:
            for company in set().union(*(companies[i] for i in group)):
                hosts.setdefault(company, []).append(n)
    moved: dict[int, int] = {}
    for n, group in enumerate(groups):
        if len(group) != 1 or not reaction[group[0]] or not companies[group[0]]:
            continue
        item = group[0]
        mine = companies[item]
        candidates = set()
        for company in sorted(mine):
            for host in hosts.get(company, ()):
                theirs = frozenset().union(*(companies[i] for i in groups[host]))
                gap = at[item] - firsts[host]
                nested = mine <= theirs or theirs <= mine
                if -window // 7 <= gap <= window and nested and sources[item] not in {sources[i] for i in groups[host]}:
                    candidates.add(host)
        if len(candidates) == 1:
            moved[n] = candidates.pop()
    out = [list(g) for g in groups]
    for n, host in moved.items():
        out[host].extend(out[n])
        out[n] = []
    return [g for g in out if g]
