"""Which stories a digest tells, in what order, the deals table, and money in words. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.amounts import deal_type
from monitor.digest_model import Deal, Story
from monitor.facts import StoryFacts, outlet_of
from monitor.locale import words
from monitor.sections import SectionSpec, assign, section_key

STORIES_PER_SECTION = 8
MIN_SHOWN = 3  # one-outlet stories fill a section only up to this many stories
MIN_DEAL = 1e6


def rank_key(story: StoryFacts) -> tuple[float | str, ...]:
    """Distinct outlets, then coverage in both languages, then the figure, then articles, then the latest first, then
    by its first report's link (not by the order the reports arrived in)."""
    figure = story.amount.usd if story.amount is not None and story.amount.kind != "cost" else 0.0
    return (
        -len(story.outlets), -len(story.langs), -figure, -len(story.items), -story.updated.timestamp(),
        story.items[0].url or "",
    )  # fmt: skip


def rank(stories: Sequence[StoryFacts]) -> list[StoryFacts]:
    return sorted(stories, key=rank_key)


@dataclass(frozen=True)
class Selection:
    sections: dict[str, list[StoryFacts]]  # section key (monitor.sections.section_key) -> the stories it tells
    placed: dict[str, list[StoryFacts]]  # section key -> every story of the month it holds, ranked
    also: list[StoryFacts]  # every other story of the month, ranked


@dataclass(frozen=True)
class _LayerSection:
    """A section of one layer, given by its name."""

    layer: str
    heading: str = ""
    layers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


def select(
    ranked: Sequence[StoryFacts], sections: Sequence[str | SectionSpec], per_section: int = STORIES_PER_SECTION
) -> Selection:
    """Per section (monitor.sections decides which holds a story; a plain string is one layer's section), every
    story that two or more outlets told, up to `per_section`; then one-outlet stories only while the section has
    fewer than MIN_SHOWN. The rest: `also`, so that nothing covered is silently lost."""
    specs = [_LayerSection(s) if isinstance(s, str) else s for s in sections]
    chosen_for: dict[str, list[StoryFacts]] = {}
    placed: dict[str, list[StoryFacts]] = {}
    shown: set[int] = set()
    for spec, mine in zip(specs, assign(ranked, specs), strict=True):
        key = section_key(spec)
        chosen = [s for s in mine if len(s.outlets) >= 2][:per_section]
        for story in mine:
            if len(chosen) >= min(MIN_SHOWN, per_section):
                break
            if len(story.outlets) < 2:
                chosen.append(story)
        placed.setdefault(key, []).extend(mine)
        chosen_for.setdefault(key, []).extend(chosen)
        shown.update(id(s) for s in chosen)
    return Selection(chosen_for, placed, [s for s in ranked if id(s) not in shown])


# --- money ------------------------------------------------------------------------------------


def money(usd: float, lang: str, krw_per_usd: float = 1400.0, *, per_year: bool = False, cap: bool = False) -> str:
    """ "380억 달러(약 53조 원)" in Korean, "$38 billion" in English (monitor.locale's money)."""
    return words(lang).money(usd, krw_per_usd, per_year=per_year, cap=cap)


# --- deals ------------------------------------------------------------------------------------


def deal_rows(
    stories: Sequence[StoryFacts], lang: str, krw_per_usd: float, names: dict[str, str], kind: str = "deal",
    outlet_names: Mapping[str, str] | None = None,
) -> list[Deal]:  # fmt: skip
    """One row per story whose event figure is a `kind` ("deal", or "valuation" for their own list) of $1 million or
    more, largest first: text (in `lang`, with a conversion), usd, kind, url (an article of the story), title, and
    the name of that article's outlet (`outlet_names`: host -> name) when known."""
    w = words(lang)
    rows = []
    for story in stories:
        figure = story.amount
        if figure is None or figure.kind != kind or figure.usd < MIN_DEAL:
            continue
        text = w.money(figure.usd, krw_per_usd, per_year=figure.per_year, cap=figure.cap)
        plain = w.money(figure.usd, per_year=figure.per_year, cap=figure.cap)  # without the conversion, for prose
        title = story.lead.title
        type_ = deal_type(title, figure.text) if kind == "deal" else ""
        kind_name = w.deal_types.get(type_) or w.kind_names.get(figure.kind, figure.kind)
        rows.append(
            Deal(text, figure.usd, plain, figure.kind, kind_name, story.companies,
                 tuple(names.get(c, c) for c in story.companies), title, story.lead.url, type_,
                 (outlet_names or {}).get(outlet_of(story.lead.url), ""))
        )  # fmt: skip
    rows.sort(key=lambda r: (-r.usd, r.title))
    return rows


def story_record(story: Story, rank_: int) -> dict[str, Any]:
    """A story of the digest model as `monitor stories --format jsonl` prints it (see the contract)."""
    figure = story.amount
    return {
        "rank": rank_,
        "title": story.title,
        "lang": story.lang,
        "layer": story.layer,
        "topics": list(story.topics),
        "companies": list(story.companies),
        "mentioned": list(story.mentioned),
        "outlets": story.outlets,
        "articles": story.articles,
        "items": list(story.items),
        "amount": {"text": figure.text, "usd": figure.usd, "kind": figure.kind} if figure else None,
        "published": story.published,
        "updated": story.updated,
    }
