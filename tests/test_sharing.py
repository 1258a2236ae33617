"""What crosses between the digest's two processes comes back as it went: analyses, items (as far as the facts of a
story read them) and the facts of stories."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from monitor.facts import StoryFacts, analyse, story_facts
from monitor.sharing import (
    pack_analysis,
    pack_facts,
    pack_item,
    split_by_cost,
    tell_packed,
    unpack_analysis,
    unpack_fields,
    unpack_item,
)
from monitor.store import StoredItem

TEXTS = [
    ("오픈AI, AWS와 380억 달러(약 53조 원) 클라우드 계약", "오픈AI가 아마존웹서비스와 7년간 380억 달러 계약을 맺었다."),
    ("OpenAI signs $38 billion cloud deal with AWS", "The deal, up to $38bn, follows Microsoft's $250 billion."),
    ("Nvidia shares rise after OpenAI deal", ""),
    ("Cursor raises $2.3 billion at a $29.3 billion valuation", "Anysphere's round values it at $29.3bn."),
]


def _outlet(n: int) -> str:
    return f"outlet{n}.example"


def _items() -> list[StoredItem]:
    at = datetime(2025, 11, 3, 9, tzinfo=UTC)
    companies = [("openai", "amazon"), ("openai", "amazon", "microsoft"), ("nvidia", "openai"), ("anysphere",)]
    return [
        StoredItem(n, f"https://{_outlet(n)}/{n}", title, summary, at + timedelta(hours=n), False,
                   "ko" if n == 0 else "en", (), companies[n], ("cloud",), "cloud", at, ("funding",) if n else ())
        for n, (title, summary) in enumerate(TEXTS)
    ]  # fmt: skip


def test_an_analysis_comes_back_as_it_went():
    analyses = [analyse(title, summary, 1400.0) for title, summary in TEXTS]
    assert sum(len(found) for found, _keys in analyses) >= 6 and any(keys.reaction for _found, keys in analyses)
    for analysis in analyses:
        assert unpack_analysis(pack_analysis(analysis)) == analysis


def test_a_storys_facts_from_packed_items_are_those_from_the_items():
    items = _items()
    analyses = {i.id: analyse(i.title, i.summary, 1400.0) for i in items}
    amounts = {n: a for n, (a, _k) in analyses.items()}
    keys = {n: k for n, (_a, k) in analyses.items()}
    named = {0: frozenset({"openai"}), 1: frozenset({"openai", "amazon"}), 2: frozenset({"nvidia"}), 3: frozenset()}
    outlets = Counter({"o0.example": 9, "o1.example": 2})
    groups = [items[:3], items[3:]]
    here = [story_facts(g, amounts, named, outlets, "en", keys) for g in groups]
    assert here[0].amount is not None and here[0].amount.usd == 38e9 and len(here[0].items) == 3

    def tell(group, found, title_keys):  # type: ignore[no-untyped-def]
        return story_facts(group, found, named, outlets, "en", title_keys)

    packed_groups = [[pack_item(i) for i in g] for g in groups]
    told = tell_packed(packed_groups, {n: pack_analysis(a) for n, a in analyses.items()}, tell)
    by_id = {i.id: i for i in items}
    assert [StoryFacts(*unpack_fields(p, by_id)) for p in told] == here
    assert [StoryFacts(*unpack_fields(pack_facts(f), by_id)) for f in here] == here


def test_a_packed_item_keeps_whether_it_had_a_summary():
    for item in _items():
        stand_in = unpack_item(pack_item(item))
        assert bool(stand_in.summary) == bool(item.summary)
        assert (stand_in.id, stand_in.url, stand_in.title, stand_in.published, stand_in.lang) == (
            item.id, item.url, item.title, item.published, item.lang,
        )  # fmt: skip
        assert (stand_in.companies, stand_in.primary_layer, stand_in.topics) == (
            item.companies, item.primary_layer, item.topics,
        )  # fmt: skip


def test_stories_are_shared_by_their_cost():
    groups = [[1]] * 600 + [[1, 2, 3]] * 300
    here, there = split_by_cost(groups, 0.45)
    assert sorted(here + there) == list(range(900))
    cost = lambda ns: sum(1 if len(groups[n]) == 1 else 5 for n in ns)  # noqa: E731
    assert abs(cost(there) / (cost(here) + cost(there)) - 0.45) < 0.01
    assert split_by_cost([], 0.45) == ([], [])
