"""GroundedWriter: the optional writer behind the digest's Writer seam, with the deterministic writer as fallback,
on the typed digest model's records and through the real digest builder."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from monitor.config import DigestSettings, WriterSettings
from monitor.digest import MonthSummary, build_digest
from monitor.digest_model import Deal, Money, Source, Story
from monitor.grounding import CompanyNames
from monitor.llm import DraftSession
from monitor.llm_writer import GroundedWriter, period_words, story_facts
from monitor.rules import load_rules, shipped_rule_files
from monitor.store import StoredItem
from monitor.writers import MonthFacts
from monitor.writers.plain import PLAIN
from tests.llm_server import LLMServer, Recorded, Reply

RULES = load_rules(shipped_rule_files())
NAMES = CompanyNames.from_rules(RULES)


class Plain:
    def section_intro(
        self, heading: str, top: Sequence[Story], stories: Sequence[Story], lang: str, *, opening: bool = True
    ) -> str:
        return f"PLAIN {heading}"

    def excerpt(self, facts: MonthFacts) -> str:
        return "PLAIN excerpt"

    def closing(self, facts: MonthFacts) -> str:
        return "PLAIN closing"


CLOUD = Story(
    title="오픈AI, AWS와 380억 달러 클라우드 계약",
    summary="7년 계약으로 엔비디아 GPU를 쓴다.",
    companies=("openai", "amazon"),
    company_names=("오픈AI", "아마존"),
    layer="infrastructure",
    sources=(
        Source("예시일보", "https://daily.example/1", "오픈AI, AWS와 380억 달러 클라우드 계약"),
        Source("Example Wire", "https://wire.example/2", "OpenAI signs $38 billion deal with AWS"),
    ),
    articles=2,
    published="2025-11-03T09:00:00+09:00",
    amounts=(Money("380억 달러", 38e9, "deal"),),
)
COMPUTE = Story(
    title="메타, 코어위브와 142억 달러 계약",
    summary="",
    companies=("meta", "coreweave"),
    company_names=("메타", "코어위브"),
    layer="infrastructure",
    sources=(Source("예시경제", "https://econ.example/3", "메타, 코어위브와 142억 달러 계약"),),
    articles=1,
    published="2025-11-10T09:00:00+09:00",
    amounts=(Money("142억 달러", 14.2e9, "deal"),),
)
DEAL = Deal("380억 달러", 38e9, "$38B", "deal", "계약", ("openai", "amazon"), ("오픈AI", "아마존"), CLOUD.title, None)
MONTH = MonthFacts((2025, 11), "ko", [CLOUD, COMPUTE], [DEAL], [], [])
SECTION = "우선 오픈AI가 아마존웹서비스(AWS)와 380억 달러(약 53조 원) 규모의 클라우드 계약을 맺었다."
EXCERPT = "2025년 11월에는 오픈AI-AWS 380억 달러 계약과 메타-코어위브 142억 달러 계약이 이어졌습니다."


def test_the_facts_of_a_story_carry_every_outlet_and_headline() -> None:
    facts = story_facts(CLOUD)
    assert facts.actors == ("openai", "amazon") and facts.figures[0].usd == 38e9 and facts.date == "2025-11-03"
    assert facts.outlets == ("예시일보", "Example Wire") and facts.more == ("OpenAI signs $38 billion deal with AWS",)
    assert period_words((2025, 11), "ko") == ("2025년 11월",) and period_words((2025, 11), "en") == ("November 2025",)


def test_grounded_drafts_replace_the_plain_text_and_the_rest_stay() -> None:
    def answer(request: Recorded) -> Reply:
        system = request.body["messages"][0]["content"]
        if "인프라" in system:
            return Reply(content=SECTION)
        if "요약" in system:
            return Reply(content=EXCERPT)
        return Reply(content="종합하면 구글이 이달을 이끌었다.")  # Google is in no fact

    with LLMServer() as server:
        server.answer = answer
        settings = WriterSettings(kind="openai", base_url=server.base_url, model="m", timeout=5.0)
        with DraftSession(settings, NAMES) as session:
            writer = GroundedWriter(Plain(), session, (2025, 11))
            assert writer.section_intro("AI 인프라 경쟁과 동맹", [CLOUD], [CLOUD, COMPUTE], "ko") == SECTION
            assert writer.section_intro("빈 부문", [], [], "ko") == "PLAIN 빈 부문"  # nothing to tell: no request
            assert writer.excerpt(MONTH) == EXCERPT
            assert writer.closing(MONTH) == "PLAIN closing"
        assert [d.key for d in session.drafts] == ["section:AI 인프라 경쟁과 동맹", "excerpt", "summary"]
        assert [d.verdict.split(":")[0] for d in session.drafts] == ["used", "used", "ungrounded"]
        assert len(server.requests) == 3
        user = server.requests[0].body["messages"][1]["content"]
        assert "OpenAI signs $38 billion deal with AWS" in user and "2025년 11월" in user


def test_a_dead_server_leaves_every_plain_paragraph_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    with LLMServer() as server:
        server.default = Reply(status=500, body=b"")
        settings = WriterSettings(kind="openai", base_url=server.base_url, model="m", timeout=5.0)
        with caplog.at_level(logging.WARNING, logger="monitor"), DraftSession(settings, NAMES) as session:
            writer = GroundedWriter(Plain(), session, (2025, 11))
            texts = [writer.section_intro("A", [CLOUD], [CLOUD], "ko"), writer.excerpt(MONTH), writer.closing(MONTH)]
        assert texts == ["PLAIN A", "PLAIN excerpt", "PLAIN closing"]
        assert len(server.requests) == 3  # one paragraph, retried twice; the others are not tried
        assert len(caplog.records) == 1 and "3 of 3 paragraphs" in caplog.records[0].getMessage()


def _item(n: int, title: str, url: str, companies: tuple[str, ...], layer: str) -> StoredItem:
    at = datetime(2025, 11, n, 9, tzinfo=UTC)
    return StoredItem(n, url, title, "A summary. Second.", at, False, "en", ("https://feed.example/rss",),
                      companies, (layer,), layer, at)  # fmt: skip


def test_the_digest_builder_takes_grounded_drafts_and_keeps_plain_text_elsewhere() -> None:
    items = [
        _item(1, "OpenAI raises $2 billion for its models", "https://a.example/1", ("openai",), "model"),
        _item(2, "OpenAI raises $2 billion", "https://b.example/2", ("openai",), "model"),
        _item(3, "Nvidia opens a chip plant", "https://c.example/3", ("nvidia",), "infrastructure"),
    ]

    def build(writer: object) -> object:
        return build_digest(
            (2025, 11), items, lambda: MonthSummary(Counter(), Counter()), RULES, DigestSettings(language="en"),
            language="en", now=datetime(2025, 12, 1, tzinfo=UTC), writer=writer,
        )  # fmt: skip

    def answer(request: Recorded) -> Reply:
        system = request.body["messages"][0]["content"]
        if "'Frontier models and research'" in system:
            return Reply(content="OpenAI raised $2 billion for its models.")
        if "'AI infrastructure: competition and alliances'" in system:
            return Reply(content="Nvidia opened a chip plant in Ohio.")  # Ohio is in no fact
        if "excerpt" in system:
            return Reply(content="In November 2025, OpenAI raised $2 billion.")
        return Reply(body=b"not json")

    plain = build(PLAIN)
    with LLMServer() as server:
        server.answer = answer
        settings = WriterSettings(kind="openai", base_url=server.base_url, model="m", timeout=5.0)
        with DraftSession(settings, NAMES) as session:
            drafted = build(GroundedWriter(PLAIN, session, (2025, 11)))
    assert [s.intro for s in drafted.sections] == [plain.sections[0].intro, "OpenAI raised $2 billion for its models."]
    assert drafted.excerpt == "In November 2025, OpenAI raised $2 billion." and drafted.summary == plain.summary
    verdicts = {d.key: d.verdict for d in session.drafts}
    assert verdicts["section:Frontier models and research"] == "used" and verdicts["excerpt"] == "used"
    assert verdicts["section:AI infrastructure: competition and alliances"] == "ungrounded: name Ohio"
    assert verdicts["summary"].startswith("failed: malformed answer")
