"""Build the monthly digest model from a month's stored items: stories, sections, deals, trends.

Pure: items, the previous month's items, feed health, rules and settings come in; a plain,
JSON-ready dict goes out (so a stored digest re-renders exactly as it was).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from monitor.amounts import Amount, amounts_usd
from monitor.config import LAYER_IDS, DigestSettings
from monitor.facts import StoryFacts, TitleNames, actors, build_stories
from monitor.ranking import deal_rows, money, rank, select
from monitor.rules import Rules
from monitor.store import StoredItem
from monitor.stories import StoryItem, group_stories

TOP_COMPANIES = 10
TOP_DEALS = 10

LAYER_NAMES = {
    "ko": {"model": "모델", "application": "애플리케이션·서비스", "enterprise": "엔터프라이즈 AI",
           "infrastructure": "AI 인프라", "other": "기타 (인접 산업)"},
    "en": {"model": "Models", "application": "Applications and services", "enterprise": "Enterprise AI",
           "infrastructure": "AI infrastructure", "other": "Adjacent industries"},
}  # fmt: skip
KIND_NAMES = {
    "ko": {"deal": "계약·투자", "valuation": "기업가치", "revenue": "매출", "market": "시장 규모", "pay": "보상"},
    "en": {
        "deal": "deal or investment",
        "valuation": "valuation",
        "revenue": "revenue",
        "market": "market size",
        "pay": "pay",
    },
}
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)\s*")


@dataclass(frozen=True)
class MonthSummary:
    """What the trend tables compare with: a month's stories per company and AI items per primary layer."""

    stories_per_company: Counter[str]
    items_per_layer: Counter[str | None]


@dataclass(frozen=True)
class FeedHealth:
    url: str
    name: str | None
    problems: tuple[str, ...]  # "failed", "rate_limited", "silent"
    detail: str = ""


@dataclass
class Source:
    outlet: str
    url: str
    title: str


@dataclass
class Story:
    title: str
    summary: str
    companies: list[str]
    company_names: list[str]
    layer: str
    sources: list[Source]
    articles: int
    published: str
    amounts: list[dict[str, Any]] = field(default_factory=list)  # the event's figure, when it has one
    mentioned: list[str] = field(default_factory=list)  # companies named but not actors

    @property
    def weight(self) -> int:
        return len(self.sources)


def build_digest(
    month: tuple[int, int],
    items: Sequence[StoredItem],
    previous: Callable[[], MonthSummary],
    rules: Rules,
    settings: DigestSettings,
    *,
    language: str,
    now: datetime,
    health: Sequence[FeedHealth] = (),
) -> dict[str, Any]:
    """The digest of `month` as a JSON-ready dict (see templates/ for how it is shown).

    `previous` gives summarise_month() of the month before; it is called once this month's stories are built, so
    that the caller can work it out meanwhile.
    """
    lang = language
    tz = ZoneInfo(settings.timezone)
    names = _company_names(rules, lang)
    facts = rank(build_stories(items, rules, settings.krw_per_usd, lang))
    told = {id(f): story_from_facts(f, names, lang) for f in facts}
    stories = list(told.values())
    selection = select(facts, [s.layer for s in settings.sections], settings.stories_per_section)
    ai_items = [i for i in items if i.primary_layer]
    sections = []
    for section in settings.sections:
        chosen = [told[id(f)] for f in selection.sections.get(section.layer, [])]
        if chosen:
            heading = section.heading if lang == "ko" else LAYER_NAMES["en"].get(section.layer, section.heading)
            sections.append(
                {
                    "layer": section.layer,
                    "heading": heading,
                    "intro": section_intro(heading, chosen, [s for s in stories if s.layer == section.layer], lang),
                    "stories": [asdict(s) | {"weight": s.weight} for s in chosen],
                }
            )
    deals = deal_rows(facts, lang, settings.krw_per_usd, names)
    before = previous()
    companies = company_trends(stories, ai_items, before.stories_per_company, names)
    layers = layer_trends(ai_items, before.items_per_layer, lang)
    title = month_title(month, lang)
    outlets = sorted({source.outlet for s in stories for source in s.sources})
    mentioned = {c for i in items for c in i.companies}
    digest = {
        "month": f"{month[0]:04d}-{month[1]:02d}",
        "lang": lang,
        "title": title,
        "date": now.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %z"),
        "author": settings.author or "monitor",
        "categories": ["Blog"],
        "tags": [c["id"] for c in companies[:6]] + ["ai-trends"],
        "excerpt": excerpt(month, stories, deals, lang),
        "sections": sections,
        "deals": deals,
        "valuations": deal_rows(facts, lang, settings.krw_per_usd, names, kind="valuation"),
        "also": also_list(selection.also, told),
        "companies": companies,
        "layers": layers,
        "summary": closing_summary(month, stories, layers, companies, deals, lang, settings.krw_per_usd),
        "health": {
            "feeds": [asdict(h) for h in health],
            "never_mentioned": sorted(names[c] for c in names if c not in mentioned),
        },
        "footer": {
            "period": _period(month, settings.timezone),
            "ai_items": len(ai_items),
            "stories": len(stories),
            "outlets": len(outlets),
            "feeds_delivered": len({feed for i in ai_items for feed in i.feeds}),
            "generated": now.astimezone(tz).isoformat(timespec="seconds"),
        },
    }
    return digest


# --- stories --------------------------------------------------------------------------------


def outlet_of(url: str | None) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def make_stories(
    items: Sequence[StoredItem], names: dict[str, str], krw_per_usd: float, lang: str, rules: Rules | None = None
) -> list[Story]:
    """AI items (those with a layer) grouped into stories."""
    return [story_from_facts(f, names, lang) for f in build_stories(items, rules, krw_per_usd, lang)]


def story_from_facts(facts: StoryFacts, names: dict[str, str], lang: str) -> Story:
    """The digest's story: actors with display names, the event's figure, the best article's headline."""
    sources: dict[str, Source] = {outlet_of(facts.lead.url): Source(outlet_of(facts.lead.url), facts.lead.url or "",
                                                                       facts.lead.title)}  # fmt: skip
    for item in facts.items:
        outlet = outlet_of(item.url)
        if item.url and outlet not in sources:
            sources[outlet] = Source(outlet, item.url, item.title)
    figure = facts.amount
    return Story(
        title=facts.lead.title,
        summary=first_sentences(facts.lead.summary),
        companies=list(facts.companies),
        company_names=[names.get(c, c) for c in facts.companies],
        layer=facts.layer,
        sources=[s for s in sources.values() if s.url],
        articles=len(facts.items),
        published=facts.items[-1].published.isoformat(),
        amounts=[{"text": figure.text, "usd": figure.usd, "kind": figure.kind}] if figure else [],
        mentioned=list(facts.mentioned),
    )


def summarise_month(items: Sequence[StoredItem], krw_per_usd: float, rules: Rules | None = None) -> MonthSummary:
    """What the trend tables need of a month: its stories grouped as make_stories() groups them, and each story's
    actors counted."""
    ai = [i for i in items if i.primary_layer]
    usd = [tuple(amounts_usd(f"{i.title}\n{i.summary}", krw_per_usd)) for i in ai]
    per_company: Counter[str] = Counter()
    names = TitleNames(rules)
    for group in group_stories(_story_items(ai, usd, {i.id: outlet_of(i.url) for i in ai})):
        titles = [names.named(item.title, item.companies) for item in group]
        per_company.update(actors(titles, [item.companies for item in group])[0])
    return MonthSummary(per_company, Counter(i.primary_layer for i in ai))


def _story_items(
    ai: Sequence[StoredItem], amounts_usd: Sequence[tuple[float, ...]], outlets: dict[int, str]
) -> list[StoryItem]:
    return [
        StoryItem(
            id=i.id,
            title=i.title,
            summary=i.summary,
            lang=i.lang,
            published=i.published,
            companies=i.companies,
            amounts_usd=usd,
            source=outlets[i.id],
            layer=i.primary_layer,
        )
        for i, usd in zip(ai, amounts_usd, strict=True)
    ]


def also_list(also: Sequence[StoryFacts], told: dict[int, Story]) -> list[dict[str, str]]:
    """The month's other AI stories, title and link: "그 밖의 소식" / "Also this month"."""
    return [
        {"title": told[id(f)].title, "url": told[id(f)].sources[0].url, "outlet": told[id(f)].sources[0].outlet}
        for f in also
        if told[id(f)].sources
    ]


def distinct_amounts(amounts: Iterable[Amount]) -> list[Amount]:
    """The amounts in order, less each within 2% (or $0.02) of one kept before it: the same figure told again."""
    kept: list[Amount] = []
    values: list[float] = []  # of those kept, sorted
    for amount in amounts:
        usd = amount.usd
        # Only kept values in this (generous) range can be within 2% of usd; the exact test decides. (An infinite
        # amount, from a number of 309 digits, is compared with every kept one, as the rule says.)
        if math.isfinite(usd) and not (values and math.isinf(values[-1])):
            near = values[bisect_left(values, (usd - 1) / 1.03 - 1) : bisect_right(values, (usd + 1) / 0.97 + 1)]
        else:
            near = values
        if all(abs(usd - seen) > 0.02 * max(seen, 1) for seen in near):
            insort(values, usd)
            kept.append(amount)
    return kept


def first_sentences(text: str, limit: int = 220) -> str:
    """One or two sentences, at most about `limit` characters."""
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p]
    out = ""
    for part in parts[:2]:
        candidate = f"{out} {part}".strip()
        if out and len(candidate) > limit:
            break
        out = candidate
    if len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


# --- prose ----------------------------------------------------------------------------------


def _who(story: Story | dict[str, Any], lang: str) -> str:
    names = story["company_names"] if isinstance(story, dict) else story.company_names
    names = names[:3]
    if not names:
        return "업계" if lang == "ko" else "The industry"
    if lang == "ko":
        return "·".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _amount_phrase(story: Story, lang: str) -> str:
    if not story.amounts:
        return ""
    return f" ({story.amounts[0]['text']})" if lang == "en" else f"({story.amounts[0]['text']})"


def section_intro(heading: str, top: list[Story], all_in_section: list[Story], lang: str) -> str:
    """A paragraph in full sentences naming the top three stories' companies and their amounts."""
    count = len(all_in_section)
    items = sum(s.articles for s in all_in_section)
    first, rest = top[0], top[1:3]
    if lang == "ko":
        text = (
            f"{heading} 부문에서는 이번 달 {count}개의 이야기를 {items}건의 기사가 다뤘다. "
            f"가장 많은 매체({first.weight}곳)가 주목한 소식은 {_who(first, lang)}의 "
            f"'{first.title}'{_amount_phrase(first, lang)}이다."
        )
        if rest:
            follow = ", ".join(f"{_who(s, lang)}의 '{s.title}'{_amount_phrase(s, lang)}" for s in rest)
            text += f" 이어 {follow} 소식이 뒤를 이었다."
        return text
    text = (
        f"{count} stories in {items} articles this month. The most widely reported, by {first.weight} "
        f"outlet{'s' if first.weight != 1 else ''}, was {_who(first, lang)}: "
        f'"{first.title}"{_amount_phrase(first, lang)}.'
    )
    if rest:
        follow = "; ".join(f'{_who(s, lang)}: "{s.title}"{_amount_phrase(s, lang)}' for s in rest)
        text += f" It was followed by {follow}."
    return text


def excerpt(month: tuple[int, int], stories: list[Story], deals: list[dict[str, Any]], lang: str) -> str:
    """Two or three sentences naming the biggest stories and their amounts."""
    label = month_label(month, lang)
    top = stories[:3]
    if not top:
        return f"{label}에는 수집된 AI 업계 소식이 없습니다." if lang == "ko" else f"No AI-industry news in {label}."
    lead, rest = top[0], top[1:]
    named = {s.title for s in top}
    biggest = next((d for d in deals if d["title"] not in named), None)
    if lang == "ko":
        text = f"{label} AI 업계의 가장 큰 소식은 {_who(lead, lang)}의 '{lead.title}'였습니다."
        if rest:
            text += (
                " "
                + ", ".join(f"{_who(s, lang)}{_amount_phrase(s, lang)}" for s in rest)
                + " 관련 소식도 주목받았습니다."
            )
        if biggest:
            text += f" 이달의 최대 거래는 {_who(biggest, lang)}의 {biggest['text']} 규모 거래입니다."
        return text
    text = f'The biggest AI-industry story of {label} was {_who(lead, lang)}: "{lead.title}".'
    if rest:
        text += " " + " and ".join(f"{_who(s, lang)}{_amount_phrase(s, lang)}" for s in rest) + " also made news."
    if biggest:
        text += f" The largest deal was {_who(biggest, lang)}'s {biggest['text']}."
    return text


def closing_summary(
    month: tuple[int, int],
    stories: list[Story],
    layers: list[dict[str, Any]],
    companies: list[dict[str, Any]],
    deals: list[dict[str, Any]],
    lang: str,
    krw_per_usd: float = 1400.0,
) -> str:
    label = month_label(month, lang)
    if not stories:
        return ""
    busiest = max(layers, key=lambda x: x["articles"]) if layers else None
    total = sum(d["usd"] for d in deals)
    leaders = [c["name"] for c in companies[:3]]
    if lang == "ko":
        text = f"종합하면 {label}의 AI 업계는 {len(stories)}개의 이야기로 요약된다."
        if busiest:
            text += (
                f" 가장 많은 기사가 나온 분야는 {busiest['name']}로, 전체 AI 기사의 {busiest['share']:.0%}를 차지했다."
            )
        if leaders:
            text += f" {'·'.join(leaders)}가 가장 자주 이야기의 중심에 섰다."
        if deals:
            text += f" 거래 {len(deals)}건의 규모는 모두 합쳐 약 {money(total, lang, krw_per_usd)}에 달했다."
        return text
    text = f"In sum, {label} in the AI industry came down to {len(stories)} stories."
    if busiest:
        text += f" The busiest area was {busiest['name']} ({busiest['share']:.0%} of the articles)."
    if leaders:
        text += f" {', '.join(leaders)} were most often at the centre of the news."
    if deals:
        text += f" The {len(deals)} deals added up to about {money(total, lang, krw_per_usd)}."
    return text


def month_label(month: tuple[int, int], lang: str) -> str:
    if lang == "ko":
        return f"{month[0]}년 {month[1]}월"
    return datetime(month[0], month[1], 1).strftime("%B %Y")


def month_title(month: tuple[int, int], lang: str) -> str:
    return (
        f"{month_label(month, lang)} AI 동향 리포트"
        if lang == "ko"
        else f"AI industry report: {month_label(month, lang)}"
    )


def _period(month: tuple[int, int], tz: str) -> str:
    year, mon = month
    last = (datetime(year + (mon == 12), mon % 12 + 1, 1) - datetime(year, mon, 1)).days
    return f"{year:04d}-{mon:02d}-01 – {year:04d}-{mon:02d}-{last:02d} ({tz})"


# --- tables ---------------------------------------------------------------------------------


def company_trends(
    stories: list[Story], items: Sequence[StoredItem], before: Counter[str], names: dict[str, str]
) -> list[dict[str, Any]]:
    """The companies in most stories, with their stories the month before (`before`)."""
    now_stories = Counter(c for s in stories for c in s.companies)
    now_items = Counter(c for i in items for c in i.companies)
    rows = []
    for company, count in sorted(now_stories.items(), key=lambda kv: (-kv[1], -now_items[kv[0]], kv[0])):
        prior = before.get(company, 0)
        rows.append(
            {
                "id": company,
                "name": names.get(company, company),
                "stories": count,
                "articles": now_items[company],
                "previous": prior,
                "change": change_mark(count, prior),
            }
        )
    top = rows[:TOP_COMPANIES]
    peak = max((r["stories"] for r in top), default=1)
    for row in top:
        row["bar"] = round(100 * row["stories"] / peak)
    return top


def change_mark(now: int, before: int) -> str:
    if before == 0:
        return "new"
    if now > before:
        return f"▲{now - before}"
    if now < before:
        return f"▼{before - now}"
    return "–"


def layer_trends(items: Sequence[StoredItem], before: Counter[str | None], lang: str) -> list[dict[str, Any]]:
    """AI items per primary layer, with their share the month before (`before`: items per layer)."""
    now = Counter(i.primary_layer for i in items)
    total, total_before = max(1, sum(now.values())), max(1, sum(before.values()))
    rows = []
    for layer in LAYER_IDS:
        share, prior = now[layer] / total, before[layer] / total_before
        points = round(100 * (share - prior))
        rows.append(
            {
                "id": layer,
                "name": LAYER_NAMES[lang][layer],
                "articles": now[layer],
                "share": share,
                "previous_share": prior,
                "change": "–" if not points else (f"▲{points}%p" if points > 0 else f"▼{-points}%p"),
                "bar": round(100 * share),
            }
        )
    return rows


def _company_names(rules: Rules, lang: str) -> dict[str, str]:
    return {c.id: (c.display_ko if lang == "ko" else c.display_en) for c in rules.companies}


def group_health(rows: Sequence[dict[str, Any]]) -> list[FeedHealth]:
    """Feed health rows from the store -> FeedHealth records, worst first."""
    out = defaultdict(list)
    for row in rows:
        out[(row["url"], row.get("name"))].append(row)
    return [FeedHealth(url, name, tuple(r["problem"] for r in group), "; ".join(r["detail"] for r in group))
            for (url, name), group in out.items()]  # fmt: skip
