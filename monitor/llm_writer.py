"""The optional writer as a digest Writer: each paragraph is drafted on the server and kept only if grounded,
else the fallback (deterministic) writer's paragraph stands.

Duck-typed on the typed digest model (monitor.digest_model: Story, Deal; monitor.writers: MonthFacts, Writer), so
it needs none of their imports: a story has title, summary, companies, amounts (text, usd), sources (outlet,
title) and published; a deal has text, usd, companies and title; the month's facts have month, lang, stories
and deals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monitor.grounding import DraftFacts, Figure
from monitor.llm import DraftRequest, DraftSession

MONTH_STORIES = 8  # stories the excerpt and the closing paragraph are written from
MONTH_DEALS = 5
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")  # fmt: skip


def story_facts(story: Any) -> DraftFacts:
    """What a story of the digest model lets a draft say."""
    others = tuple(dict.fromkeys(s.title for s in story.sources if s.title and s.title != story.title))
    return DraftFacts(
        title=story.title,
        summary=story.summary,
        actors=tuple(story.companies),
        figures=tuple(Figure(m.text, m.usd) for m in story.amounts),
        date=str(story.published)[:10],
        outlets=tuple(dict.fromkeys(s.name or s.outlet for s in story.sources if s.name or s.outlet)),
        more=others,
    )


def deal_facts(deal: Any) -> DraftFacts:
    return DraftFacts(title=deal.title, actors=tuple(deal.companies), figures=(Figure(deal.text, deal.usd),))


def period_words(month: tuple[int, int], lang: str) -> tuple[str, ...]:
    """The month as a draft may name it: '2025년 11월' or 'November 2025'."""
    year, number = month
    return (f"{year}년 {number}월",) if lang == "ko" else (f"{_EN_MONTHS[number - 1]} {year}",)


class GroundedWriter:
    """A Writer: section_intro, excerpt and closing drafted through `session`, `fallback`'s text where a draft
    is not used. The session's drafts are the verdicts to archive with the digest."""

    def __init__(self, fallback: Any, session: DraftSession, month: tuple[int, int]) -> None:
        self.fallback = fallback
        self.session = session
        self.month = month

    def section_intro(
        self, heading: str, top: Sequence[Any], stories: Sequence[Any], lang: str, *, opening: bool = True
    ) -> str:
        plain = self.fallback.section_intro(heading, top, stories, lang, opening=opening)
        if not top:
            return plain
        facts = tuple(story_facts(s) for s in top)
        request = DraftRequest(f"section:{heading}", "section", lang, facts, heading, period_words(self.month, lang))
        return self.session.draft(request).text or plain

    def excerpt(self, facts: Any) -> str:
        return self._month("excerpt", facts, self.fallback.excerpt(facts))

    def closing(self, facts: Any) -> str:
        return self._month("summary", facts, self.fallback.closing(facts))

    def _month(self, kind: str, facts: Any, plain: str) -> str:
        told = [story_facts(s) for s in list(facts.stories)[:MONTH_STORIES]]
        told += [deal_facts(d) for d in list(facts.deals)[:MONTH_DEALS]]
        if not told:
            return plain
        request = DraftRequest(kind, kind, facts.lang, tuple(told), "", period_words(tuple(facts.month), facts.lang))
        return self.session.draft(request).text or plain
