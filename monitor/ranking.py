"""Which stories a digest tells, in what order, the deals table, and money in words. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from monitor.facts import StoryFacts

STORIES_PER_SECTION = 8
MIN_SHOWN = 3  # one-outlet stories fill a section only up to this many stories
MIN_DEAL = 1e6
KIND_NAMES = {
    "ko": {"deal": "계약·투자", "valuation": "기업가치", "revenue": "매출", "market": "시장 규모", "pay": "보상",
           "cost": "가격"},
    "en": {"deal": "deal or investment", "valuation": "valuation", "revenue": "revenue", "market": "market size",
           "pay": "pay", "cost": "price or cost"},
}  # fmt: skip


def rank_key(story: StoryFacts) -> tuple[float, ...]:
    """Distinct outlets, then coverage in both languages, then the figure, then articles, then the latest first."""
    figure = story.amount.usd if story.amount is not None and story.amount.kind != "cost" else 0.0
    return (-len(story.outlets), -len(story.langs), -figure, -len(story.items), -story.updated.timestamp())


def rank(stories: Sequence[StoryFacts]) -> list[StoryFacts]:
    return sorted(stories, key=rank_key)


@dataclass(frozen=True)
class Selection:
    sections: dict[str, list[StoryFacts]]  # section layer -> its stories, ranked
    also: list[StoryFacts]  # every other story of the month, ranked


def select(ranked: Sequence[StoryFacts], layers: Sequence[str], per_section: int = STORIES_PER_SECTION) -> Selection:
    """Per section (by layer, first match wins), every story that two or more outlets told, up to `per_section`;
    then one-outlet stories only while the section has fewer than MIN_SHOWN. The rest: `also`, so that nothing
    covered is silently lost."""
    sections: dict[str, list[StoryFacts]] = {}
    shown: set[int] = set()
    for layer in layers:
        if layer in sections:
            continue
        mine = [s for s in ranked if s.layer == layer]
        chosen = [s for s in mine if len(s.outlets) >= 2][:per_section]
        for story in mine:
            if len(chosen) >= min(MIN_SHOWN, per_section):
                break
            if len(story.outlets) < 2:
                chosen.append(story)
        sections[layer] = chosen
        shown.update(id(s) for s in chosen)
    return Selection(sections, [s for s in ranked if id(s) not in shown])


# --- money ------------------------------------------------------------------------------------


def _significant(value: float, digits: int = 3) -> float:
    if value <= 0:
        return 0.0
    return float(f"{value:.{digits}g}")


def korean_number(value: float, digits: int = 3) -> str:
    """12345678900 -> "123억 4600만" (`digits` significant figures, in 조, 억, 만); under 10,000 as it is."""
    if value < 1e4:
        return f"{round(value):,}" if value >= 100 else f"{_significant(value):g}"
    value = _significant(value, digits)
    parts = []
    for unit, size in (("조", 1e12), ("억", 1e8), ("만", 1e4)):
        count = int(value // size)
        if count:
            parts.append(f"{count}{unit}")
            value -= count * size
    if value >= 1:
        parts.append(f"{round(value):,}")
    return " ".join(parts)


def money(usd: float, lang: str, krw_per_usd: float = 1400.0, *, per_year: bool = False, cap: bool = False) -> str:
    """ "380억 달러(약 53조 원)" in Korean, "$38 billion" in English; small amounts exactly ("0.47달러", "$3,499")."""
    if lang == "ko":
        text = f"{korean_number(usd)} 달러" if usd >= 1e4 else f"{korean_number(usd)}달러"
        won = usd * krw_per_usd
        text += f"(약 {korean_number(won, 2)} 원)" if won >= 1e4 else f"(약 {won:,.0f}원)"
        text = f"최대 {text}" if cap else text
        return f"연 {text}" if per_year else text
    if usd >= 1e12:
        text = f"${_significant(usd / 1e12):g} trillion"
    elif usd >= 1e9:
        text = f"${_significant(usd / 1e9):g} billion"
    elif usd >= 1e6:
        text = f"${_significant(usd / 1e6):g} million"
    elif usd >= 1:
        text = f"${usd:,.0f}" if usd >= 1000 else f"${_significant(usd):g}"
    else:
        text = f"${_significant(usd, 2):g}"
    text = f"up to {text}" if cap else text
    return f"{text} a year" if per_year else text


# --- deals ------------------------------------------------------------------------------------


def deal_rows(
    stories: Sequence[StoryFacts], lang: str, krw_per_usd: float, names: dict[str, str], kind: str = "deal"
) -> list[dict[str, Any]]:
    """One row per story whose event figure is a `kind` ("deal", or "valuation" for their own list) of $1 million or
    more, largest first. Rows: text, usd, kind, url (an article of the story), title, companies, company_names."""
    rows = []
    for story in stories:
        figure = story.amount
        if figure is None or figure.kind != kind or figure.usd < MIN_DEAL:
            continue
        rows.append(
            {
                "text": money(figure.usd, lang, krw_per_usd, per_year=figure.per_year, cap=figure.cap),
                "usd": figure.usd,
                "kind": figure.kind,
                "kind_name": KIND_NAMES[lang if lang in KIND_NAMES else "en"][figure.kind],
                "url": story.lead.url,
                "title": story.lead.title,
                "companies": list(story.companies),
                "company_names": [names.get(c, c) for c in story.companies],
            }
        )
    rows.sort(key=lambda r: (-r["usd"], r["title"]))
    return rows


def story_record(story: StoryFacts, rank_: int, tz: tzinfo) -> dict[str, Any]:
    """A story as `monitor stories --format jsonl` prints it (see the contract)."""
    figure = story.amount
    return {
        "rank": rank_,
        "title": story.lead.title,
        "lang": story.lead.lang,
        "layer": story.layer,
        "topics": [],
        "companies": list(story.companies),
        "mentioned": list(story.mentioned),
        "outlets": len(story.outlets),
        "articles": len(story.items),
        "items": [item.url for item in story.items if item.url],
        "amount": {"text": figure.text, "usd": figure.usd, "kind": figure.kind} if figure else None,
        "published": story.published.astimezone(tz).isoformat(),
        "updated": story.updated.astimezone(tz).isoformat(),
    }
