"""Which writer writes a digest's prose: the narrative writer, or with `[writer]` set the optional writer's
grounded drafts (monitor.llm_writer) with the narrative writer's paragraphs wherever a draft is not used.

digest_writer() is a context manager: inside it, `chosen.writer` is what build_digest takes; after it (the
session closed, its one warning logged) `chosen.record()` is what the digest archives as `writer`: the model,
the prompt version and each paragraph's verdict and text, so that `digest --stored` re-renders without a request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from monitor.config import Settings
from monitor.rules import Rules
from monitor.writers import Writer
from monitor.writers.narrative import NarrativeWriter


@dataclass
class ChosenWriter:
    writer: Writer
    session: Any = None  # monitor.llm.DraftSession when [writer] is set
    model: str = ""

    def record(self) -> dict[str, Any] | None:
        """What the digest archives of the optional writer (None without one)."""
        if self.session is None:
            return None
        from monitor.llm import PROMPT_VERSION

        drafts = [d.to_dict() for d in self.session.drafts]
        return {"model": self.model, "prompt_version": PROMPT_VERSION, "paragraphs": drafts}


@contextmanager
def digest_writer(settings: Settings, rules: Rules, month: tuple[int, int]) -> Iterator[ChosenWriter]:
    narrative = NarrativeWriter.from_rules(rules)
    if settings.writer is None:
        yield ChosenWriter(narrative)
        return
    from monitor.grounding import CompanyNames
    from monitor.llm import DraftSession
    from monitor.llm_writer import GroundedWriter

    names = CompanyNames.from_rules(rules)
    with DraftSession(settings.writer, names, krw_per_usd=settings.digest.krw_per_usd) as session:
        yield ChosenWriter(GroundedWriter(narrative, session, month), session, settings.writer.model)
