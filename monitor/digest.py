"""Build the monthly digest model from a month's stored items: stories, sections, deals, trends.

Pure: items, the previous month's items, feed health, rules, settings and a writer come in; a typed Digest goes out
(monitor.digest_model; archived as JSON, so a stored digest re-renders exactly as it was). Words come from
monitor.locale, prose from the writer (monitor.writers).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from monitor.amounts import Amount, amounts_usd, extract_amounts
from monitor.config import LAYER_IDS, DigestSettings
from monitor.digest_model import (
    CompanyTrend,
    Deal,
    Digest,
    FeedHealth,
    Footer,
    Health,
    LayerTrend,
    Money,
    Section,
    Source,
    Story,
)
from monitor.locale import Words, words
from monitor.rules import Rules
from monitor.sections import assign, section_key
from monitor.store import StoredItem
from monitor.stories import StoryItem, group_stories
from monitor.writers import MonthFacts, Writer
from monitor.writers.narrative import NarrativeWriter

__all__ = ["FeedHealth", "Story", "build_digest", "group_health", "make_stories", "summarise_month"]

STORIES_PER_SECTION = 5
TOP_COMPANIES = 10
TOP_DEALS = 10
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)\s*")


@dataclass(frozen=True)
class MonthSummary:
    """What the trend tables compare with: a month's stories per company and AI items per primary layer."""

    stories_per_company: Counter[str]
    items_per_layer: Counter[str | None]


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
    writer: Writer | None = None,
    feed_names: Mapping[str, str] | None = None,
) -> Digest:
    """The digest of `month` (see monitor.digest_model for its shape, templates/ for how it is shown).

    `previous` gives summarise_month() of the month before; it is called once this month's stories are built, so
    that the caller can work it out meanwhile. Without a writer, the narrative writer tells the stories.
    `feed_names` (feed URL -> its name) name the outlets of sources.
    """
    writer = writer or NarrativeWriter.from_rules(rules)
    lang, w = language, words(language)
    tz = ZoneInfo(settings.timezone)
    names = _company_names(rules, lang)
    outlets = outlet_names(items, feed_names or {})
    stories = rank_stories(make_stories(items, names, settings.krw_per_usd, lang, outlets))
    ai_items = [i for i in items if i.primary_layer]
    sections = _sections(stories, settings, w, writer)
    deals = top_deals(stories, lang)
    before = previous()
    companies = company_trends(stories, ai_items, before.stories_per_company, names)
    layers = layer_trends(ai_items, before.items_per_layer, lang)
    facts = MonthFacts(month, lang, stories, deals, companies, layers, sections)
    mentioned = {c for i in items for c in i.companies}
    return Digest(
        month=f"{month[0]:04d}-{month[1]:02d}",
        lang=lang,
        title=w.title.format(month=w.month_name(month)),
        date=now.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %z"),
        author=settings.author or "monitor",
        categories=("Blog",),
        tags=(*(c.id for c in companies[:6]), "ai-trends"),
        excerpt=writer.excerpt(facts),
        sections=sections,
        deals=tuple(deals),
        companies=tuple(companies),
        layers=tuple(layers),
        summary=writer.closing(facts),
        health=Health(tuple(health), tuple(sorted(names[c] for c in names if c not in mentioned)) if items else ()),
        footer=Footer(
            period=_period(month, settings.timezone),
            ai_items=len(ai_items),
            stories=len(stories),
            outlets=len({source.outlet for s in stories for source in s.sources}),
            feeds_delivered=len({feed for i in ai_items for feed in i.feeds}),
            generated=now.astimezone(tz).isoformat(timespec="seconds"),
        ),
    )


def _sections(stories: list[Story], settings: DigestSettings, w: Words, writer: Writer) -> tuple[Section, ...]:
    """A section per configured section that has stories (monitor.sections decides which), its best
    STORIES_PER_SECTION told, in config order."""
    out = []
    for spec, selected in zip(settings.sections, assign(stories, settings.sections), strict=True):
        chosen = selected[:STORIES_PER_SECTION]
        if chosen:
            key = section_key(spec)
            heading = section_heading(spec.heading, key, w)
            intro = writer.section_intro(heading, chosen, selected, w.lang)
            out.append(Section(key, heading, intro, tuple(chosen), tuple(spec.layers), tuple(spec.topics)))
    return tuple(out)


def section_heading(heading: str, key: str, w: Words) -> str:
    """The configured heading, or in a language whose headings are not the configured ones (English) the default
    section's heading in that language, else the layer's name."""
    if w.own_headings:
        return heading
    from monitor.locale.prose import prose

    return prose(w.lang).section_names.get(key) or w.layer_names.get(key, heading)


# --- stories --------------------------------------------------------------------------------


def outlet_of(url: str | None) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def outlet_names(items: Sequence[StoredItem], feed_names: Mapping[str, str]) -> dict[str, str]:
    """Host -> the readable name of its outlet: the name of a feed whose items (at least half of them) come from
    that host. An aggregator's items come from many hosts, so its name names none of them. (The templates show a
    name that looks like a host as the link's real host: render.outlet_label.)"""
    hosts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        for feed in item.feeds:
            if feed in feed_names:
                hosts[feed][outlet_of(item.url)] += 1
    out: dict[str, str] = {}
    for feed, counts in sorted(hosts.items()):
        host, count = counts.most_common(1)[0]
        name = " ".join(feed_names[feed].split())
        if host and name and 2 * count >= counts.total() and host not in out:
            out[host] = name
    return out


def make_stories(
    items: Sequence[StoredItem], names: dict[str, str], krw_per_usd: float, lang: str,
    outlet_name: Mapping[str, str] | None = None,
) -> list[Story]:  # fmt: skip
    """AI items (those with a layer) grouped into stories; a source's outlet is its host, its name the one
    `outlet_name` gives that host (or none)."""
    ai = [i for i in items if i.primary_layer]
    amounts = {i.id: extract_amounts(f"{i.title}\n{i.summary}", krw_per_usd) for i in ai}
    outlets = {i.id: outlet_of(i.url) for i in ai}
    by_id = {i.id: i for i in ai}
    groups = group_stories(_story_items(ai, [tuple(a.usd for a in amounts[i.id]) for i in ai], outlets))
    named = {i: (outlet_name or {}).get(host, "") for i, host in outlets.items()}
    return [_story([by_id[s.id] for s in group], amounts, outlets, named, names, lang) for group in groups]


def summarise_month(items: Sequence[StoredItem], krw_per_usd: float) -> MonthSummary:
    """What the trend tables need of a month: its stories grouped as make_stories() groups them, but only counted."""
    ai = [i for i in items if i.primary_layer]
    usd = [tuple(amounts_usd(f"{i.title}\n{i.summary}", krw_per_usd)) for i in ai]
    per_company: Counter[str] = Counter()
    for group in group_stories(_story_items(ai, usd, {i.id: outlet_of(i.url) for i in ai})):
        per_company.update({c for item in group for c in item.companies})
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


def _story(
    group: list[StoredItem],
    amounts: dict[int, list[Amount]],
    outlets: dict[int, str],
    outlet_named: dict[int, str],
    names: dict[str, str],
    lang: str,
) -> Story:
    ordered = sorted(group, key=lambda i: i.published)
    lead = next((i for i in ordered if i.lang == lang), ordered[0])
    sources: dict[str, Source] = {}
    for item in ordered:
        outlet = outlets[item.id]
        if item.url and outlet not in sources:
            sources[outlet] = Source(outlet, item.url, item.title, outlet_named.get(item.id, ""))
    weight: Counter[str] = Counter()
    for item in group:
        for company in item.companies:
            weight[company] += item.scores.get(company, 1.0)
    companies = [c for c, _w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    layer = Counter(i.primary_layer for i in group).most_common(1)[0][0] or "other"
    found = distinct_amounts(amount for item in [lead, *ordered] for amount in amounts.get(item.id, []))
    story_amounts = [Money(amount.text, amount.usd, amount.kind) for amount in found]
    headline = lead.title
    story_amounts.sort(key=lambda a: (a.text not in headline, -a.usd))  # the headline's figure first
    return Story(
        title=lead.title,
        summary=first_sentences(lead.summary),
        companies=tuple(companies),
        company_names=tuple(names.get(c, c) for c in companies),
        layer=layer,
        sources=tuple(sources.values()),
        articles=len(group),
        published=ordered[-1].published.isoformat(),
        amounts=tuple(story_amounts),
    )


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


def rank_stories(stories: list[Story]) -> list[Story]:
    """Most outlets first; ties go to item count, then recency."""
    return sorted(stories, key=lambda s: (-s.weight, -s.articles, _neg_time(s.published)))


def _neg_time(iso: str) -> float:
    return -datetime.fromisoformat(iso).timestamp()


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


def _period(month: tuple[int, int], tz: str) -> str:
    year, mon = month
    last = (datetime(year + (mon == 12), mon % 12 + 1, 1) - datetime(year, mon, 1)).days
    return f"{year:04d}-{mon:02d}-01 – {year:04d}-{mon:02d}-{last:02d} ({tz})"


# --- tables ---------------------------------------------------------------------------------


def top_deals(stories: list[Story], lang: str) -> list[Deal]:
    """The month's largest amounts, one per story."""
    w = words(lang)
    rows = []
    for story in stories:
        # A story's deal is its largest investment or contract, else its valuation; revenue is not a deal.
        candidates = [a for a in story.amounts if a.kind == "deal"] or [
            a for a in story.amounts if a.kind == "valuation"
        ]
        if candidates:
            best = max(candidates, key=lambda a: a.usd)
            url = story.sources[0].url if story.sources else None
            rows.append(
                Deal(best.text, best.usd, w.money(best.usd), best.kind, w.kind_names[best.kind], story.companies,
                     story.company_names, story.title, url)
            )  # fmt: skip
    rows.sort(key=lambda r: -r.usd)
    return rows[:TOP_DEALS]


def company_trends(
    stories: list[Story], items: Sequence[StoredItem], before: Counter[str], names: dict[str, str]
) -> list[CompanyTrend]:
    """The companies in most stories, with their stories the month before (`before`)."""
    now_stories = Counter(c for s in stories for c in s.companies)
    now_items = Counter(c for i in items for c in i.companies)
    ranked = sorted(now_stories.items(), key=lambda kv: (-kv[1], -now_items[kv[0]], kv[0]))[:TOP_COMPANIES]
    peak = max((count for _c, count in ranked), default=1)
    return [
        CompanyTrend(company, names.get(company, company), count, now_items[company], before.get(company, 0),
                     change_mark(count, before.get(company, 0)), round(100 * count / peak))
        for company, count in ranked
    ]  # fmt: skip


def change_mark(now: int, before: int) -> str:
    if before == 0:
        return "new"
    if now > before:
        return f"▲{now - before}"
    if now < before:
        return f"▼{before - now}"
    return "–"


def layer_trends(items: Sequence[StoredItem], before: Counter[str | None], lang: str) -> list[LayerTrend]:
    """AI items per primary layer, with their share the month before (`before`: items per layer)."""
    names = words(lang).layer_names
    now = Counter(i.primary_layer for i in items)
    total, total_before = max(1, sum(now.values())), max(1, sum(before.values()))
    rows = []
    for layer in LAYER_IDS:
        share, prior = now[layer] / total, before[layer] / total_before
        points = round(100 * (share - prior))
        change = "–" if not points else (f"▲{points}%p" if points > 0 else f"▼{-points}%p")
        rows.append(LayerTrend(layer, names[layer], now[layer], share, prior, change, round(100 * share)))
    return rows


def _company_names(rules: Rules, lang: str) -> dict[str, str]:
    return {c.id: (c.name_ko if lang == "ko" else c.name_en) for c in rules.companies}


def group_health(rows: Sequence[dict[str, Any]]) -> list[FeedHealth]:
    """Feed health rows from the store -> FeedHealth records, worst first."""
    out = defaultdict(list)
    for row in rows:
        out[(row["url"], row.get("name"))].append(row)
    return [FeedHealth(url, name, tuple(r["problem"] for r in group), "; ".join(r["detail"] for r in group))
            for (url, name), group in out.items()]  # fmt: skip
