"""What crosses between the two processes that build a big month's stories, as plain tuples (several times quicker to
send than the records they stand for): items' analyses, the items a share of the stories is told from, and those
stories' facts. Pure; monitor.month_model sends them, monitor.facts uses them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from monitor.amounts import Amount
from monitor.events import EventKeys
from monitor.store import StoredItem

Analysis = tuple[list[Amount], EventKeys]  # an item's amounts (of title and summary) and its title's event keys
# What grouping reads of an analysis: the amounts' values, the title's keys
Values = tuple[tuple[float, ...], EventKeys]
PackedAnalysis = tuple[list[tuple[Any, ...]], tuple[Any, ...]]
PackedValues = tuple[tuple[float, ...], tuple[Any, ...]]
PackedAmounts = list[tuple[Any, ...]]
PackedItem = tuple[int, str | None, str, bool, datetime, str, tuple[str, ...], str | None, tuple[str, ...]]
PackedFacts = tuple[
    tuple[int, ...], int, tuple[str, ...], tuple[str, ...], tuple[Any, ...] | None, str, tuple[str, ...],
    tuple[str, ...], tuple[str, ...],
]  # fmt: skip


CHUNK = 400  # AI items of a month, in its order (published, id), that one claim hands out


class Helper(Protocol):
    """Another process that works out part of a month's stories meanwhile (monitor.month_model's)."""

    def claim(self, chunks: int) -> int | None:
        """The next of the month's `chunks` chunks of AI items to analyse in this process (chunk k is items
        k * CHUNK up to (k + 1) * CHUNK in the month's order), or None when the helper has the rest. The helper
        claims from the other end, so the two share the analyses however fast each goes."""
        ...

    def values(self) -> Mapping[int, PackedValues]:
        """What grouping reads of the items of the chunks the helper claimed (facts.analyse_values): it goes on to
        find those amounts' kinds meanwhile (any it lacks are analysed here)."""
        ...

    def amounts(self) -> Mapping[int, PackedAmounts]:
        """The amounts of the items whose values() it gave (any it lacks are found here)."""
        ...

    def tell(
        self, groups: list[list[PackedItem]], analysed: dict[int, PackedAnalysis], named: dict[int, tuple[str, ...]],
        outlet_items: Counter[str], lang: str,
    ) -> Callable[[], list[PackedFacts] | None] | None:  # fmt: skip
        """Start working out the facts of these stories (facts.story_facts) from their items, and the items'
        analyses and title names; what it gives is theirs in order, or None (then they are told here). None when the
        helper is busy."""
        ...


def pack_analysis(analysis: Analysis) -> PackedAnalysis:
    found, keys = analysis
    return pack_amounts(found), tuple(keys)


def unpack_analysis(packed: PackedAnalysis) -> Analysis:
    found, keys = packed
    return unpack_amounts(found), EventKeys(*keys)


def pack_values(values: Values) -> PackedValues:
    usd, keys = values
    return usd, tuple(keys)


def unpack_values(packed: PackedValues) -> Values:
    return packed[0], EventKeys(*packed[1])


def pack_amounts(amounts: list[Amount]) -> PackedAmounts:
    return [tuple(a) for a in amounts]


def unpack_amounts(packed: PackedAmounts) -> list[Amount]:
    return [Amount(*a) for a in packed]


def pack_item(item: StoredItem) -> PackedItem:
    """What story_facts() reads of an item: its summary only as whether there is one."""
    return (item.id, item.url, item.title, bool(item.summary), item.published, item.lang, item.companies,
            item.primary_layer, item.topics)  # fmt: skip


def unpack_item(packed: PackedItem) -> StoredItem:
    """A stand-in for the item, for story_facts() only (a summary of one character if it had one)."""
    n, url, title, has_summary, published, lang, companies, layer, topics = packed
    return StoredItem(n, url, title, "…" if has_summary else "", published, False, lang, (), companies, (), layer,
                      published, topics)  # fmt: skip


def pack_facts(facts: Any) -> PackedFacts:
    """A facts.StoryFacts, its items by id."""
    amount = facts.amount
    return (
        tuple(i.id for i in facts.items), facts.items.index(facts.lead), facts.companies, facts.mentioned,
        None if amount is None else (amount.text, amount.usd, amount.kind, amount.position, amount.per_year,
                                     amount.cap, amount.context),
        facts.layer, facts.outlets, tuple(sorted(facts.langs)), facts.topics,
    )  # fmt: skip


def unpack_fields(packed: PackedFacts, by_id: Mapping[int, StoredItem]) -> tuple[Any, ...]:
    """The fields of the facts.StoryFacts, with this process's own items."""
    ids, lead, companies, mentioned, amount, layer, outlets, langs, topics = packed
    items = tuple(by_id[n] for n in ids)
    figure = None if amount is None else Amount(*amount)
    return items, items[lead], companies, mentioned, figure, layer, outlets, frozenset(langs), topics


def split_by_cost(groups: Sequence[Sequence[object]], share: float) -> tuple[list[int], list[int]]:
    """(indexes kept here, indexes sent) of the groups, the sent ones about `share` of the work: a story of one
    article costs about a fifth of one of several."""
    here: list[int] = []
    there: list[int] = []
    cost_here = cost_there = 0.0
    for n, group in enumerate(groups):
        cost = 1.0 if len(group) == 1 else 5.0
        if cost_there * (1 - share) < cost_here * share:
            there.append(n)
            cost_there += cost
        else:
            here.append(n)
            cost_here += cost
    return here, there


def pack_groups(groups: Sequence[Sequence[StoredItem]], indexes: Sequence[int]) -> list[list[PackedItem]]:
    return [[pack_item(i) for i in groups[n]] for n in indexes]


def tell_packed(
    groups: list[list[PackedItem]], analysed: dict[int, PackedAnalysis], tell: Callable[..., Any]
) -> list[PackedFacts]:
    """`tell` (facts.story_facts with its other arguments bound) of each group of packed items."""
    analyses = {n: unpack_analysis(a) for n, a in analysed.items()}
    amounts = {n: found for n, (found, _keys) in analyses.items()}
    keys = {n: found_keys for n, (_found, found_keys) in analyses.items()}
    return [pack_facts(tell([unpack_item(i) for i in group], amounts, keys)) for group in groups]
