"""What a story states: its actors, its event's figure, and the article that tells it best.

Pure: grouped items and the rules come in; a StoryFacts per story goes out, which the digest, `monitor stories` and
the deals table read. Grouping itself is monitor.stories; ranking, selection and money are monitor.ranking.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from monitor.amounts import Amount, Span, amounts_at, extract_amounts, money_spans
from monitor.events import EventKeys, event_keys, same_figure
from monitor.rules import CompanyRule, Rules
from monitor.sharing import (
    CHUNK,
    Analysis,
    Helper,
    PackedFacts,
    Values,
    pack_analysis,
    pack_groups,
    split_by_cost,
    unpack_amounts,
    unpack_fields,
    unpack_values,
)
from monitor.store import StoredItem
from monitor.stories import StoryItem, group_stories
from monitor.words import item_words, title_tokens

MAX_ACTORS = 4
BIG_OUTLET = 5  # an outlet with this many AI items in the month writes the headline when it can
KIND_ORDER = ("deal", "valuation", "revenue", "pay", "market", "cost")


@dataclass(frozen=True)
class StoryFacts:
    items: tuple[StoredItem, ...]  # oldest first
    lead: StoredItem  # the article that tells it best in the wanted language
    companies: tuple[str, ...]  # actors, most central first
    mentioned: tuple[str, ...]
    amount: Amount | None  # the event's own figure
    layer: str
    outlets: tuple[str, ...]  # distinct, in order of first report
    langs: frozenset[str]
    topics: tuple[str, ...] = ()  # those most of its items carry, sorted

    @property
    def published(self) -> datetime:
        return self.items[0].published

    @property
    def updated(self) -> datetime:
        return self.items[-1].published


# The host of a plain http(s) link (no user part, no bracketed address, nothing urlsplit would clean first): what
# urlsplit(url).hostname gives for it, some ten times faster. Other links go through urlsplit.
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?::[0-9]*)?(?=[/?#]|$)")


@lru_cache(maxsize=1 << 17)
def outlet_of(url: str | None) -> str:
    plain = _PLAIN_HOST.match(url or "")
    host = plain.group(1).lower() if plain else (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class TitleNames:
    """Which of an item's companies its title names (by any alias, products included)."""

    def __init__(self, rules: Rules | None) -> None:
        self._rules = {c.id: c for c in rules.companies} if rules else {}
        self._patterns: dict[str, re.Pattern[str] | None] = {}

    def _pattern(self, company: str) -> re.Pattern[str] | None:
        if company not in self._patterns:
            rule: CompanyRule | None = self._rules.get(company)
            aliases = sorted({a for a in (rule.aliases if rule else ()) if a}, key=len, reverse=True)
            parts = [rf"(?<![A-Za-z0-9]){re.escape(a)}(?![A-Za-z0-9])" if a.isascii() else re.escape(a)
                     for a in aliases]  # fmt: skip
            self._patterns[company] = re.compile("|".join(parts), re.I) if parts else None
        return self._patterns[company]

    def named(self, title: str, companies: Sequence[str]) -> tuple[str, ...]:
        """The companies the title names, in the order it first names them (its subject first, as a rule)."""
        found = []
        for company in companies:
            pattern = self._pattern(company)
            if pattern is not None and (match := pattern.search(title)) is not None:
                found.append((match.start(), company))
        return tuple(company for _at, company in sorted(found))


def actors(
    titles: Sequence[Collection[str]], articles: Sequence[Sequence[str]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(actors, mentioned): the companies named in more than half of the titles (each in the order the title names
    them), or where none is, in most articles; most central first (most titles, then most articles, then most often
    named first: a headline's subject), at most MAX_ACTORS. The rest are mentioned."""
    n = len(articles)
    if n == 1:  # (most stories of a month: what the counts below come to for one article)
        companies = set(articles[0])
        subject = next(iter(titles[0]), None)
        named = sorted(titles[0], key=lambda c: (c not in companies, c != subject, c)) or sorted(companies)
        chosen = tuple(named[:MAX_ACTORS])
        return chosen, tuple(sorted(companies.difference(chosen)))
    in_titles = Counter(c for named in titles for c in named)
    in_articles = Counter(c for companies in articles for c in set(companies))
    first = Counter(next(iter(named)) for named in titles if named)
    actors_ = [c for c, k in in_titles.items() if 2 * k > n]
    if not actors_:
        actors_ = [c for c, k in in_articles.items() if 2 * k > n]
    actors_.sort(key=lambda c: (-in_titles[c], -in_articles[c], -first[c], c))
    chosen = tuple(actors_[:MAX_ACTORS])
    others = sorted((c for c in in_articles if c not in chosen), key=lambda c: (-in_articles[c], c))
    return chosen, tuple(others)


def event_figure(articles: Sequence[tuple[int, Sequence[Amount]]], prefer: int = 0) -> Amount | None:
    """The figure of a story's event, from its articles' (title length, amounts): the one its titles state and most
    of its articles agree on; not a total, an order book or an earlier figure (context), nor an "up to" beside an
    actual figure. `prefer`: the article whose wording to show. None when the articles agree on none."""
    found = _event_cluster(articles)
    return None if found is None else _shown(*found, prefer)


_Cluster = list[tuple[int, Amount]]


def _event_cluster(articles: Sequence[tuple[int, Sequence[Amount]]]) -> tuple[str, _Cluster] | None:
    """(kind, the articles' mentions of it) of the event's figure (see event_figure), or None."""
    if not any(amounts for _title_len, amounts in articles):
        return None
    clusters: list[list[tuple[int, Amount]]] = []
    for n, (_title_len, amounts) in enumerate(articles):
        for amount in amounts:
            home = next((c for c in clusters if same_figure(c[0][1].usd, amount.usd)), None)
            if home is None:
                clusters.append([(n, amount)])
            else:
                home.append((n, amount))
    scored = []
    for cluster in clusters:
        titles = {n for n, a in cluster if a.position < articles[n][0]}
        told = {n for n, _a in cluster}
        plain = [a for _n, a in cluster if not (a.context or a.cap)]
        if not plain and not any(a.cap for _n, a in cluster):
            continue  # only ever context
        if not titles and 2 * len(told) < len(articles):
            continue  # a figure that few articles mention, none in a title
        kind = _kind(cluster, articles)
        first = min((a.position for n, a in cluster if n in titles), default=10_000)
        key = (len(titles) + len(told), len(titles), -first, len(plain), -KIND_ORDER.index(kind))
        scored.append((key, kind, cluster))
    if not scored:
        return None
    # An "up to" cap beside the actual figure it caps (of the same kind, below it) is not the figure.
    capped = [s for s in scored if not any(not (a.context or a.cap) for _n, a in s[2])]
    actual = [s for s in scored if s not in capped]

    def beside(cap: tuple[object, str, list[tuple[int, Amount]]]) -> bool:
        top = cap[2][0][1].usd
        return any(t[1] == cap[1] and t[0][1] and 0.75 * top <= t[2][0][1].usd <= top for t in actual)

    pool = [s for s in scored if s not in capped or not beside(s)]
    _key, kind, cluster = max(pool, key=lambda s: s[0])
    return kind, cluster


def _shown(kind: str, cluster: _Cluster, prefer: int) -> Amount:
    """The event's figure as article `prefer` words it (else the first plain mention)."""
    shown = next((a for n, a in cluster if n == prefer), None) or min(
        (a for _n, a in cluster), key=lambda a: (a.context or a.cap, a.position)
    )
    return Amount(shown.text, shown.usd, kind, shown.position, shown.per_year, shown.cap, False)


def _kind(cluster: Sequence[tuple[int, Amount]], articles: Sequence[tuple[int, Sequence[Amount]]]) -> str:
    votes: dict[str, int] = {}
    for n, amount in cluster:
        votes[amount.kind] = votes.get(amount.kind, 0) + (2 if amount.position < articles[n][0] else 1)
    return max(votes, key=lambda k: (votes[k], -KIND_ORDER.index(k)))


_SHARED_WITH = 24  # a headline candidate's words are compared with at most this many other titles


def headline(
    candidates: Sequence[StoredItem],
    titles: Sequence[Collection[str]],
    actors_: Sequence[str],
    figure_in_title: Sequence[bool],
    outlet_items: Counter[str],
    lang: str,
    keys: Sequence[EventKeys] | None = None,
) -> int:
    """Index of the article that best tells the story in `lang`: from an outlet with BIG_OUTLET or more AI items
    when there is one, whose title names the actors and the figure or a product, sharing most with the others.
    `keys`: event_keys() of the candidates' titles, when known."""
    if len(candidates) == 1:
        return 0
    wanted = [n for n, item in enumerate(candidates) if item.lang == lang] or list(range(len(candidates)))
    compared = set(range(min(len(candidates), _SHARED_WITH + 1))) | set(wanted)
    tokens = {n: title_tokens(candidates[n].title) for n in sorted(compared)}
    title_keys = keys if keys is not None else [event_keys(item.title) for item in candidates]

    def shared(n: int) -> float:
        others = [tokens[m] for m in range(min(len(candidates), _SHARED_WITH + 1)) if m != n][:_SHARED_WITH]
        if not others:
            return 0.0
        mine = tokens[n]
        return sum((both := len(mine & t)) / max(1, len(mine) + len(t) - both) for t in others) / len(others)

    def telling(n: int) -> tuple[bool, bool, float]:
        item = candidates[n]
        named = sum(c in titles[n] for c in actors_) / max(1, len(actors_))
        specific = figure_in_title[n] or bool(title_keys[n].names)
        return (
            outlet_items[outlet_of(item.url)] >= BIG_OUTLET,
            not title_keys[n].reaction,  # a stock move or an analysis tells the event second-hand
            named + specific,
        )

    def then(n: int) -> tuple[float, bool, float]:
        item = candidates[n]
        return shared(n), len(item.title.split()) >= 4 and bool(item.summary), -item.published.timestamp()

    # The best by telling(), then then(): the words shared with the others are weighed for the best tellers only.
    told = {n: telling(n) for n in wanted}
    best = max(told.values())
    tellers = [n for n in wanted if told[n] == best]
    return tellers[0] if len(tellers) == 1 else max(tellers, key=then)


def story_facts(
    group: Sequence[StoredItem],
    amounts: dict[int, list[Amount]],
    names: dict[int, tuple[str, ...]],
    outlet_items: Counter[str],
    lang: str,
    keys: dict[int, EventKeys],
) -> StoryFacts:
    """The facts of one story from its items (`amounts`, title `names` and title `keys` by item id)."""
    # (reports of one moment in the order of their links, not of their arrival: the same news, the same story)
    ordered = sorted(group, key=lambda i: (i.published, i.url or "", i.id))
    titles = [names[i.id] for i in ordered]
    chosen, mentioned = actors(titles, [i.companies for i in ordered])
    spans = [(len(i.title), amounts.get(i.id, [])) for i in ordered]
    found = _event_cluster(spans)
    figure = None if found is None else _shown(*found, 0)
    lead = 0
    if len(ordered) > 1:  # (one article tells its story itself; most stories of a month have one)
        in_title = [
            figure is not None
            and any(a.position < len(i.title) and same_figure(a.usd, figure.usd) for a in spans[n][1])
            for n, i in enumerate(ordered)
        ]
        lead = headline(ordered, titles, chosen, in_title, outlet_items, lang, [keys[i.id] for i in ordered])
    if found is not None and lead:
        figure = _shown(*found, lead)
    outlets = tuple(dict.fromkeys(outlet_of(i.url) for i in ordered))
    langs = frozenset(i.lang for i in ordered)
    return StoryFacts(
        tuple(ordered), ordered[lead], chosen, mentioned, figure, _layer(ordered), outlets, langs, _topics(ordered)
    )


def _layer(items: Sequence[StoredItem]) -> str:
    """The primary layer most of the items have (the first item's on a tie)."""
    if len(items) == 1:
        return items[0].primary_layer or "other"
    return Counter(i.primary_layer for i in items).most_common(1)[0][0] or "other"


def _topics(items: Sequence[StoredItem]) -> tuple[str, ...]:
    """The topics more than half of the items carry."""
    if len(items) == 1:
        return tuple(sorted(set(items[0].topics)))
    counts = Counter(t for i in items for t in set(i.topics))
    return tuple(sorted(t for t, k in counts.items() if 2 * k > len(items)))


def story_item(item: StoredItem, usd: tuple[float, ...], named: Collection[str], keys: EventKeys) -> StoryItem:
    """What grouping reads of an item: `usd`, the values of its amounts; `named`, the companies its title names;
    `keys`, its title's event keys."""
    return StoryItem(
        item.id, item.title, item.summary, item.lang, item.published, item.companies, usd, outlet_of(item.url),
        item.primary_layer, tuple(sorted(named)), keys,
    )  # fmt: skip


def analyse(title: str, summary: str, krw_per_usd: float) -> Analysis:
    """What story building reads of one item's text: its amounts, and its title's event keys."""
    amounts = extract_amounts(f"{title}\n{summary}", krw_per_usd)
    end = len(title)
    return amounts, event_keys(title, found=[a for a in amounts if a.position < end])


def analyse_values(title: str, summary: str, krw_per_usd: float) -> tuple[list[Span], Values]:
    """analyse() in two steps: this one gives what grouping reads (the values of the amounts, the title's event keys)
    and where the amounts are; amounts_at(f"{title}\n{summary}", spans) gives the amounts themselves."""
    text = f"{title}\n{summary}"
    spans = money_spans(text, krw_per_usd)
    in_title = amounts_at(text, spans, flags=False, before=len(title))  # (kinds, without flags: all event_keys reads)
    return spans, (tuple(usd for _start, _end, usd in spans), event_keys(title, found=in_title))


def analyse_claimed(
    ai: Sequence[StoredItem], helper: Helper, krw_per_usd: float, chunk: int = CHUNK
) -> dict[int, Analysis]:
    """analyse() of each chunk of the items that this process claims from the helper's count, until none is left."""
    analysed = {}
    while (claimed := helper.claim(math.ceil(len(ai) / chunk))) is not None:
        for i in ai[claimed * chunk : (claimed + 1) * chunk]:
            analysed[i.id] = analyse(i.title, i.summary, krw_per_usd)
    return analysed


TELL_SHARE = 0.35  # of a month's stories, what a helper tells (it unpacks them first, and this process packs them)


def build_stories(
    items: Sequence[StoredItem], rules: Rules | None, krw_per_usd: float, lang: str, helper: Helper | None = None
) -> list[StoryFacts]:
    """Every AI item (one with a layer) in exactly one story; an item without a layer in none. `helper`: another
    process that meanwhile analyses the chunks of the items it claims (analyse_claimed): first what grouping reads of
    them, then, while this process groups, their amounts' kinds and flags; and then tells some of the stories."""
    ai = [i for i in items if i.primary_layer]
    words = item_words([(i.title, i.summary) for i in ai]) if helper is not None else None  # (meanwhile)
    if helper is None:
        analysed = {i.id: analyse(i.title, i.summary, krw_per_usd) for i in ai}
    else:
        analysed = analyse_claimed(ai, helper, krw_per_usd)
    outlet_items = Counter(outlet_of(i.url) for i in ai)
    title_names = TitleNames(rules)
    named = {i.id: title_names.named(i.title, i.companies) for i in ai}  # (before the helper's share is waited for)
    values = _values(ai, analysed, helper, krw_per_usd)
    keys = {n: found_keys for n, (_usd, found_keys) in values.items()}
    by_id = {i.id: i for i in ai}
    story_items = [story_item(i, values[i.id][0], named[i.id], keys[i.id]) for i in ai]
    groups = [[by_id[s.id] for s in g] for g in group_stories(story_items, words)]
    amounts = _amounts(ai, analysed, helper, krw_per_usd)
    sent = _send(groups, amounts, keys, named, outlet_items, lang, helper) if helper is not None else None
    there = sent[0] if sent is not None else []
    elsewhere = set(there)
    out = {
        n: story_facts(g, amounts, named, outlet_items, lang, keys) for n, g in enumerate(groups) if n not in elsewhere
    }
    told = sent[1]() if sent is not None else None
    for k, n in enumerate(there):
        if told is None:  # (the helper stopped)
            out[n] = story_facts(groups[n], amounts, named, outlet_items, lang, keys)
        else:
            out[n] = StoryFacts(*unpack_fields(told[k], by_id))
    return [out[n] for n in range(len(groups))]


def _values(
    ai: Sequence[StoredItem], analysed: dict[int, Analysis], helper: Helper | None, krw_per_usd: float
) -> dict[int, Values]:
    """What grouping reads of each item: from its analysis here, else from the helper's values; an item the helper
    has none of is analysed here (and added to `analysed`)."""
    theirs = helper.values() if helper is not None else {}
    out = {}
    for i in ai:
        mine = analysed.get(i.id)
        if mine is None:
            packed = theirs.get(i.id)
            if packed is not None:
                out[i.id] = unpack_values(packed)
                continue
            mine = analysed[i.id] = analyse(i.title, i.summary, krw_per_usd)
        out[i.id] = (tuple(a.usd for a in mine[0]), mine[1])
    return out


def _amounts(
    ai: Sequence[StoredItem], analysed: dict[int, Analysis], helper: Helper | None, krw_per_usd: float
) -> dict[int, list[Amount]]:
    """Each item's amounts: from its analysis here, else from the helper's, else found here."""
    theirs = helper.amounts() if helper is not None else {}
    out = {}
    for i in ai:
        mine = analysed.get(i.id)
        if mine is not None:
            out[i.id] = mine[0]
        elif (packed := theirs.get(i.id)) is not None:
            out[i.id] = unpack_amounts(packed)
        else:
            out[i.id] = extract_amounts(f"{i.title}\n{i.summary}", krw_per_usd)
    return out


def _send(
    groups: list[list[StoredItem]],
    amounts: dict[int, list[Amount]],
    keys: dict[int, EventKeys],
    named: dict[int, tuple[str, ...]],
    outlet_items: Counter[str],
    lang: str,
    helper: Helper,
) -> tuple[list[int], Callable[[], list[PackedFacts] | None]] | None:
    """Hand a share of the stories to the helper: (their indexes, what gives their facts), or None if it is busy."""
    _here, there = split_by_cost(groups, TELL_SHARE)
    ids = [i.id for n in there for i in groups[n]]
    pending = helper.tell(
        pack_groups(groups, there), {n: pack_analysis((amounts[n], keys[n])) for n in ids},
        {n: named[n] for n in ids}, outlet_items, lang,
    )  # fmt: skip
    return None if pending is None else (there, pending)
