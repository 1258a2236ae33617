"""Writers: the digest's prose from the month's facts. The builder (monitor.digest) takes one; `narrative` (the
stories told one after another from their facts) is the default, `plain` the older count-and-headline sentences.
A new writer (an LLM's, say) implements Writer and nothing else changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from monitor.digest_model import CompanyTrend, Deal, LayerTrend, Section, Story


@dataclass(frozen=True)
class MonthFacts:
    """What the month-wide paragraphs may draw on: every story of the month, ranked, and the tables."""

    month: tuple[int, int]
    lang: str
    stories: Sequence[Story]
    deals: Sequence[Deal]
    companies: Sequence[CompanyTrend]
    layers: Sequence[LayerTrend]
    sections: Sequence[Section] = ()  # the digest's sections, as told


class Writer(Protocol):
    def section_intro(
        self, heading: str, top: Sequence[Story], stories: Sequence[Story], lang: str, *, opening: bool = True
    ) -> str:
        """A section's opening paragraph: `top` are the stories it tells, `stories` all of its layer's; `opening`:
        the digest's first section (the one whose first story a Korean digest opens with "우선")."""
        ...

    def excerpt(self, facts: MonthFacts) -> str:
        """Two or three sentences at the top of the digest (and its front matter)."""
        ...

    def closing(self, facts: MonthFacts) -> str:
        """The closing paragraph ("" for none)."""
        ...
