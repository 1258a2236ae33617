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
from datetime import datetime, tzinfo
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from monitor.amounts import Amount
from monitor.config import LAYER_IDS, DigestSettings
from monitor.digest_model import (
    Brief,
    CompanyTrend,
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
from monitor.facts import StoryFacts, TitleNames, actors, analyse_values, build_stories, outlet_of, story_item
from monitor.locale import Words, words
from monitor.ranking import Selection, deal_rows, rank, select
from monitor.rules import Rules
from monitor.sections import section_key
from monitor.sharing import Helper
from monitor.store import StoredItem
from monitor.stories import group_stories
from monitor.writers import MonthFacts, Writer
from monitor.writers.narrative import NarrativeWriter, highlight

__all__ = ["FeedHealth", "Story", "build_digest", "group_health", "make_stories", "summarise_month"]

TOP_COMPANIES = 10
ALSO = 20  # the "also this month" list: the best-covered stories no section told, at most this many
_IN_WON = re.compile(r"원|₩|KRW")
# A sentence ends at its stop when white space follows or the stop closes "다." (Korean runs on without a space). As a
# split, `(?<=[.!?。])\s+|(?<=다\.)\s*`; written to open with the stop, which lets sre skip ahead to one.
_SENTENCE_END = re.compile(r"[.!?。](?=\s|(?<=다\.))\s*")


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
    helper: Helper | None = None,
    keep: Callable[[MonthSummary], None] | None = None,
) -> Digest:
    """The digest of `month` (see monitor.digest_model for its shape, templates/ for how it is shown).

    `previous` gives summarise_month() of the month before; it is called once this month's stories are built, so
    that the caller can work it out meanwhile. Without a writer, the narrative writer tells the stories.
    `feed_names` (feed URL -> its name) name the outlets of sources. `helper`: see facts.build_stories. `keep` is
    given this month's own summary (what next month's trends compare with), worked out from its stories.
    """
    writer = writer or NarrativeWriter.from_rules(rules)
    lang, w = language, words(language)
    tz = ZoneInfo(settings.timezone)
    names = company_names(rules, lang)
    outlets = outlet_names(items, feed_names or {})
    ranked = rank(build_stories(items, rules, settings.krw_per_usd, lang, helper))
    told = _told(ranked, names, tz, outlets, lambda usd: w.won(usd, settings.krw_per_usd))
    stories = list(told.values())
    ai_items = [i for i in items if i.primary_layer]
    if keep is not None:
        keep(MonthSummary(Counter(c for f in ranked for c in f.companies), Counter(i.primary_layer for i in ai_items)))
    selection = select(ranked, settings.sections, settings.stories_per_section)
    sections = _sections(selection, told, settings, w, writer)
    deals = deal_rows(ranked, lang, settings.krw_per_usd, names, outlet_names=outlets)
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
        valuations=tuple(deal_rows(ranked, lang, settings.krw_per_usd, names, "valuation", outlets)),
        also=tuple(islice((_also(told[id(f)]) for f in selection.also if told[id(f)].sources), ALSO)),
        companies=tuple(companies),
        layers=tuple(layers),
        summary=writer.closing(facts),
        health=Health(tuple(health), tuple(sorted(names[c] for c in names if c not in mentioned)) if items else ()),
        footer=_footer(month, settings.timezone, ai_items, stories, now.astimezone(tz)),
    )


def _footer(
    month: tuple[int, int], tz: str, ai_items: Sequence[StoredItem], stories: Sequence[Story], now: datetime
) -> Footer:
    return Footer(
        period=_period(month, tz),
        ai_items=len(ai_items),
        stories=len(stories),
        outlets=len({source.outlet for s in stories for source in s.sources}),
        feeds_delivered=len({feed for i in ai_items for feed in i.feeds}),
        generated=now.isoformat(timespec="seconds"),
    )


def _sections(
    selection: Selection, told: dict[int, Story], settings: DigestSettings, w: Words, writer: Writer
) -> tuple[Section, ...]:
    """A section per configured section that has stories: those ranking.select() chose, told, in config order."""
    out: list[Section] = []
    for spec in settings.sections:
        key = section_key(spec)
        chosen = [told[id(f)] for f in selection.sections.get(key, [])]
        if chosen:
            heading = section_heading(spec.heading, key, w)
            placed = [told[id(f)] for f in selection.placed.get(key, [])]
            intro = writer.section_intro(heading, chosen, placed, w.lang, opening=not out)
            out.append(
                Section(key, heading, intro, tuple(chosen), tuple(spec.layers), tuple(spec.topics),
                        highlight(chosen, w.lang))
            )  # fmt: skip
    return tuple(out)


def section_heading(heading: str, key: str, w: Words) -> str:
    """The configured heading, or in a language whose headings are not the configured ones (English) the default
    section's heading in that language, else the layer's name."""
    if w.own_headings:
        return heading
    from monitor.locale.prose import prose

    return prose(w.lang).section_names.get(key) or w.layer_names.get(key, heading)


def _also(story: Story) -> Brief:
    return Brief(story.title, story.sources[0].url, story.sources[0].name or story.sources[0].outlet)


# --- stories --------------------------------------------------------------------------------


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


def _told(
    ranked: Sequence[StoryFacts], names: dict[str, str], tz: tzinfo, outlets: Mapping[str, str],
    won: Callable[[float], str],
) -> dict[int, Story]:  # fmt: skip
    """Each ranked story as the digest tells it (story_from_facts), by the id of its facts."""
    return {id(f): story_from_facts(f, names, tz, outlets, won) for f in ranked}


def make_stories(
    items: Sequence[StoredItem], names: dict[str, str], krw_per_usd: float, lang: str, rules: Rules | None = None
) -> list[Story]:
    """AI items (those with a layer) grouped into stories, ranked."""
    return [story_from_facts(f, names) for f in rank(build_stories(items, rules, krw_per_usd, lang))]


def story_from_facts(
    facts: StoryFacts, names: dict[str, str], tz: tzinfo | None = None, outlet_name: Mapping[str, str] | None = None,
    won: Callable[[float], str] | None = None,
) -> Story:  # fmt: skip
    """The digest's story: actors with display names (`names`), the event's figure, the best article's headline;
    times in `tz` (as stored without one); sources named by `outlet_name` (host -> name); `won` gives a figure not
    written in won its conversion (a Korean digest's)."""
    lead = facts.lead
    sources: dict[str, Source] = {}
    for item in (lead, *facts.items):
        outlet = outlet_of(item.url)
        if item.url and outlet not in sources:
            sources[outlet] = Source(outlet, item.url, item.title, (outlet_name or {}).get(outlet, ""))
    figure = facts.amount
    money = None
    if figure is not None:
        converted = won(figure.usd) if won is not None and not _IN_WON.search(figure.text) else ""
        money = Money(figure.text, figure.usd, figure.kind, converted)
    published = _iso(facts.published, tz)
    return Story(
        title=lead.title,
        summary=first_sentences(lead.summary),
        companies=facts.companies,
        company_names=tuple(names.get(c, c) for c in facts.companies),
        layer=facts.layer,
        sources=tuple(sources.values()),
        articles=len(facts.items),
        published=published,
        amounts=(money,) if money else (),
        amount=money,
        mentioned=facts.mentioned,
        topics=facts.topics,
        lang=lead.lang,
        langs=tuple(sorted(facts.langs)),
        outlets=len(facts.outlets),
        items=tuple(i.url for i in facts.items if i.url),
        updated=published if len(facts.items) == 1 else _iso(facts.updated, tz),
    )


def _iso(when: datetime, tz: tzinfo | None) -> str:
    return (when.astimezone(tz) if tz else when).isoformat()


def summarise_month(items: Sequence[StoredItem], krw_per_usd: float, rules: Rules | None = None) -> MonthSummary:
    """What the trend tables need of a month: its stories grouped as make_stories() groups them, and each story's
    actors counted (as make_stories() finds them: named in most titles, or in most articles)."""
    ai = [i for i in items if i.primary_layer]
    names = TitleNames(rules)
    named = {i.id: names.named(i.title, i.companies) for i in ai}
    story_items = []
    for i in ai:  # grouping needs the values of the amounts and the title's keys (the first step of an analysis)
        values, keys = analyse_values(i.title, i.summary, krw_per_usd)[1]
        story_items.append(story_item(i, values, named[i.id], keys))
    per_company: Counter[str] = Counter()
    for group in group_stories(story_items):
        per_company.update(actors([named[s.id] for s in group], [s.companies for s in group])[0])
    return MonthSummary(per_company, Counter(i.primary_layer for i in ai))


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
    out = ""
    for part in _leading_sentences(text.strip(), 2):
        candidate = f"{out} {part}".strip()
        if out and len(candidate) > limit:
            break
        out = candidate
    if len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def _leading_sentences(text: str, count: int) -> list[str]:
    """The first `count` non-empty sentences of the text (each with its stop), without splitting the rest of it."""
    parts: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if part := text[pos : m.start() + 1]:
            parts.append(part)
            if len(parts) == count:
                return parts
        pos = m.end()
    if tail := text[pos:]:
        parts.append(tail)
    return parts


def _period(month: tuple[int, int], tz: str) -> str:
    year, mon = month
    last = (datetime(year + (mon == 12), mon % 12 + 1, 1) - datetime(year, mon, 1)).days
    return f"{year:04d}-{mon:02d}-01 – {year:04d}-{mon:02d}-{last:02d} ({tz})"


# --- tables ---------------------------------------------------------------------------------


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


def company_names(rules: Rules, lang: str) -> dict[str, str]:
    return {c.id: (c.display_ko if lang == "ko" else c.display_en) for c in rules.companies}


def group_health(rows: Sequence[dict[str, Any]]) -> list[FeedHealth]:
    """Feed health rows from the store -> FeedHealth records, worst first."""
    out = defaultdict(list)
    for row in rows:
        out[(row["url"], row.get("name"))].append(row)
    return [FeedHealth(url, name, tuple(r["problem"] for r in group), "; ".join(r["detail"] for r in group))
            for (url, name), group in out.items()]  # fmt: skip
