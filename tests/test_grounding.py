"""The grounding gate: names, amounts, numbers and product names in a draft must come from its facts."""

from __future__ import annotations

import pytest

from monitor.grounding import CompanyNames, DraftFacts, Figure, check_grounding
from monitor.rules import load_rules, shipped_rule_files

NAMES = CompanyNames.from_rules(load_rules(shipped_rule_files()))

DEAL = DraftFacts(
    title="OpenAI signs $38 billion cloud deal with Amazon Web Services",
    summary="The seven-year agreement gives OpenAI access to Nvidia chips in AWS data centers.",
    actors=("openai", "amazon"),
    figures=(Figure("$38 billion", 38e9),),
    date="2025-11-03",
)
LAUNCH = DraftFacts(
    title="앤트로픽, 클로드 오퍼스 4.5 공개…가격 3분의 1로 낮춰",
    summary="Anthropic released Claude Opus 4.5, its strongest coding model.",
    actors=("anthropic",),
    date="2025-11-24",
)
FACTS = (DEAL, LAUNCH)


def verdict(text: str, facts: tuple[DraftFacts, ...] = FACTS, context: tuple[str, ...] = ("2025년 11월",)):
    return check_grounding(text, facts, NAMES, krw_per_usd=1400.0, context=context)


@pytest.mark.parametrize(
    "text",
    [
        "오픈AI가 아마존 웹서비스(AWS)와 380억 달러(약 53조 원) 규모의 클라우드 계약을 맺었다.",
        "OpenAI가 AWS와 새 계약을 맺었다는 소식이 11월 3일 전해졌다.",
        "2025년 11월, 앤트로픽은 클로드 오퍼스 4.5를 공개하며 가격을 3분의 1로 낮췄다.",
        "Anthropic released Claude Opus 4.5 on November 24, and OpenAI signed a $38 billion deal with AWS.",
        "Meanwhile, OpenAI agreed to pay Amazon $38B over seven years for Nvidia chips.",
        "오픈AI는 엔비디아 칩을 쓰는 AWS 데이터센터를 이용한다.",
    ],
)
def test_a_paragraph_built_from_the_facts_passes(text: str) -> None:
    result = verdict(text)
    assert result.grounded, result.missing


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("오픈AI가 마이크로소프트와 380억 달러 계약을 맺었다.", "company 마이크로소프트"),
        ("OpenAI also struck a deal with Oracle.", "company Oracle"),
        ("오픈AI가 AWS와 500억 달러 규모의 계약을 맺었다.", "amount 500억 달러"),
        ("OpenAI signed a $50 billion deal with AWS.", "amount $50 billion"),
        ("오픈AI가 AWS와 380억 달러(약 80조 원) 계약을 맺었다.", "amount 80조 원"),
        ("앤트로픽은 가격을 5분의 1로 낮췄다.", "number 5"),
        ("오픈AI는 GPT-5.2를 함께 공개했다.", "name GPT-5.2"),
        ("앤트로픽은 Claude Opus 4.7을 공개했다.", "number 4.7"),
        ("앤트로픽은 Zephyr 2 모델도 공개했다.", "name Zephyr"),
        ("Anthropic's rival Zephyrix Labs sued it.", "name Zephyrix"),
    ],
)
def test_an_invented_company_amount_number_or_product_fails(text: str, what: str) -> None:
    result = verdict(text)
    assert not result.grounded
    assert any(m.startswith(what) for m in result.missing), result.missing
    assert result.describe().startswith("ungrounded: ")


def test_companies_are_compared_by_id_through_any_alias_in_either_language() -> None:
    korean_only = DraftFacts(title="메타, 코어위브와 142억 달러 계약", actors=())
    assert verdict("Meta signed a $14.2 billion deal with CoreWeave.", (korean_only,)).grounded
    assert verdict("페이스북 모회사 메타(Meta)가 코어위브(CoreWeave)와 계약했다.", (korean_only,)).grounded
    assert not verdict("메타가 엔비디아와 계약했다.", (korean_only,)).grounded


def test_an_actor_grounds_its_company_even_when_its_name_is_not_written() -> None:
    bare = DraftFacts(title="새 데이터센터 계약 체결", actors=("coreweave",))
    assert verdict("코어위브가 새 데이터센터 계약을 체결했다.", (bare,)).grounded


def test_a_word_inside_a_longer_korean_word_is_not_a_company() -> None:
    facts = (DraftFacts(title="가상세계 플랫폼 경쟁"),)
    assert verdict("메타버스 플랫폼 경쟁이 이어졌다.", facts).grounded
    assert not verdict("메타가 플랫폼 경쟁에 나섰다.", facts).grounded


def test_numbers_are_compared_by_value() -> None:
    facts = (DraftFacts(title="Apple will pay about $1 billion a year; 3,500 engineers and 10,000 GPUs"),)
    assert verdict("애플은 엔지니어 3500명과 GPU 1만 개를 확보했다.", facts).grounded
    assert verdict("애플은 연간 약 10억 달러(약 1조 4천억 원)를 지불한다.", facts).grounded
    assert not verdict("애플은 엔지니어 4000명을 뽑았다.", facts).grounded


def test_a_number_the_facts_spell_out_may_be_written_in_digits() -> None:
    assert verdict("오픈AI는 AWS와 7년간의 계약을 맺었다.").grounded  # "The seven-year agreement"
    assert not verdict("오픈AI는 AWS와 8년간의 계약을 맺었다.").grounded


def test_the_context_grounds_the_period() -> None:
    undated = (DraftFacts(title="OpenAI and AWS team up", actors=("openai", "amazon")),)
    assert verdict("2025년 11월 오픈AI가 AWS와 손잡았다.", undated).grounded
    assert not verdict("2025년 11월 오픈AI가 AWS와 손잡았다.", undated, context=()).grounded


def test_an_empty_paragraph_is_grounded_and_a_verdict_names_each_miss_once() -> None:
    assert verdict("").grounded
    result = verdict("구글과 구글이 구글을 만났다.")
    assert result.missing == ("company 구글",)


def test_a_report_style_paragraph_over_two_stories_passes() -> None:
    compute = DraftFacts(
        title="Meta signs six-year, $14.2 billion compute deal with CoreWeave",
        actors=("meta", "coreweave"),
        figures=(Figure("$14.2 billion", 14.2e9),),
    )
    paragraph = (
        "우선 오픈AI(OpenAI)가 아마존 웹서비스(AWS)와 380억 달러(약 51조 원) 규모의 클라우드 계약을 체결했다. "
        "한편 메타(Meta)는 코어위브(CoreWeave)와 6년간 $142억 규모의 인프라 계약을 맺었다."
    )
    assert verdict(paragraph, (DEAL, compute)).grounded
    assert set(verdict(paragraph, (DEAL,)).missing) >= {"company 메타", "company 코어위브", "amount $142억"}
