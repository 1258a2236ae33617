"""The narrative writer and the themed sections, on stories written in our own words (fictitious outlets)."""

from __future__ import annotations

import re
from dataclasses import replace

from monitor.config import DigestSettings, Section
from monitor.digest_model import CompanyTrend, Deal, Money, Source, Story
from monitor.digest_model import Section as DigestSection
from monitor.rules import load_rules, shipped_rule_files
from monitor.sections import assign, section_key
from monitor.writers import MonthFacts
from monitor.writers.narrative import NarrativeWriter, highlight
from monitor.writers.sentences import (
    hangul_share,
    join_with_and,
    lead_sentence,
    split_sentences,
    strip_byline,
    unquoted,
)

WRITER = NarrativeWriter.from_rules(load_rules(shipped_rule_files()))


def _outlet(n: int) -> str:
    return f"outlet{n}.example"


def story(title: str, summary: str, companies: tuple[tuple[str, str], ...], layer: str, **kw: object) -> Story:
    outlets = int(kw.pop("outlets", 1))  # type: ignore[call-overload]
    return Story(
        title=title,
        summary=summary,
        companies=tuple(c for c, _n in companies),
        company_names=tuple(n for _c, n in companies),
        layer=layer,
        sources=tuple(Source(f"매체{i}", f"https://{_outlet(i)}/{abs(hash(title))}", title) for i in range(outlets)),
        articles=outlets,
        published="2025-11-10T09:00:00+09:00",
        outlets=outlets,
        **kw,  # type: ignore[arg-type]
    )


CLOUD = story(
    "오픈AI, 아마존과 클라우드 장기 계약",
    "[예시일보=김하늘 기자] 오픈AI가 아마존과 7년짜리 클라우드 이용 계약을 맺었다. 엔비디아 칩을 대량으로 쓴다.",
    (("openai", "오픈AI"), ("amazon", "아마존")),
    "infrastructure",
    amount=Money("380억 달러(약 53조 원)", 38e9, "deal"),
    lang="ko",
    langs=("en", "ko"),
    outlets=4,
)
RENTAL = story(
    "메타, 코어위브 GPU 빌린다",
    "메타가 코어위브와 142억 달러 규모의 GPU 임대 계약을 체결했다.",
    (("meta", "메타"), ("coreweave", "코어위브")),
    "infrastructure",
    amount=Money("142억 달러(약 20조 원)", 14.2e9, "deal"),
    lang="ko",
    outlets=3,
)
CHIPS = story(
    "Google and Anthropic agree on a chip supply pact",
    "Google will supply Anthropic with up to one million of its TPU chips under a new multiyear agreement.",
    (("google", "구글"), ("anthropic", "앤트로픽")),
    "infrastructure",
    amount=Money("500억 달러(약 70조 원)", 50e9, "deal"),
    lang="en",
    langs=("en",),
    outlets=2,
)
NPU = story(
    "리벨리온, 새 추론 칩 양산",
    "(서울=예시통신) 박나래 기자 = 리벨리온이 데이터센터용 추론 칩의 양산을 시작했다.",
    (("rebellions", "리벨리온"),),
    "infrastructure",
    lang="ko",
    langs=("ko",),
)
OPUS = story(
    "앤트로픽 ‘클로드 오퍼스 4.5’ 공개",
    "앤트로픽이 새 최상위 모델 클로드 오퍼스 4.5를 내놓았다.",
    (("anthropic", "앤트로픽"),),
    "model",
    lang="ko",
    outlets=3,
)
GEMINI = story(
    "구글 ‘제미나이 3’ 출시",
    "구글이 차세대 모델 제미나이 3를 검색에 바로 넣었다.",
    (("google", "구글"),),
    "model",
    lang="ko",
    outlets=4,
)
LEAK = story(
    "구글 코딩 에이전트에서 자격 증명 유출 시연",
    "보안 연구자들이 구글 코딩 에이전트가 숨은 명령에 속아 비밀 키를 내보내는 과정을 시연했다.",
    (("google", "구글"),),
    "application",
    topics=("security",),
    lang="ko",
)
HIRE = story(
    "Meta's chief scientist leaves to found a start-up",
    "Meta's long-time chief AI scientist is leaving the company to found a start-up of his own.",
    (("meta", "메타"),),
    "model",
    topics=("talent",),
    lang="en",
)
SECTIONS = DigestSettings().sections


def test_topic_sections_win_over_layer_ones_and_sections_keep_config_order() -> None:
    placed = assign([CLOUD, OPUS, LEAK, HIRE, RENTAL], SECTIONS)
    by_key = {section_key(spec): [s.title for s in told] for spec, told in zip(SECTIONS, placed, strict=True)}
    assert by_key["infrastructure"] == [CLOUD.title, RENTAL.title]
    assert by_key["model"] == [OPUS.title]  # HIRE is a model story, but a talent one first
    assert by_key["talent"] == [LEAK.title, HIRE.title]
    assert by_key["application"] == [] and by_key["other"] == []
    legacy = (Section("model", "모델"), Section("infrastructure", "인프라"))
    assert [[s.title for s in told] for told in assign([CLOUD, OPUS, LEAK], legacy)] == [[OPUS.title], [CLOUD.title]]


def test_a_section_opening_tells_its_lead_stories_actors_and_figures() -> None:
    intro = WRITER.section_intro("AI 인프라 경쟁과 동맹", [CLOUD, RENTAL, CHIPS, NPU], [], "ko")
    first = intro.split("\n\n")[0]
    assert first.startswith("우선 오픈AI")
    assert "380억 달러(약 53조 원)" in first and "142억 달러(약 20조 원)" in first
    assert "메타(Meta)가 코어위브(CoreWeave)와" in first  # a foreign company's first mention carries its Latin name
    assert "500억 달러(약 70조 원)" in intro and "구글(Google)이 앤트로픽(Anthropic)과" in intro
    assert "국내에서도 리벨리온이" in intro and "기자" not in intro and "=" not in intro
    assert not re.search(r"\d+개의 이야기|\d+건의 기사|\d+곳", intro), "no counts in the prose"
    later = WRITER.section_intro("AI 인프라 경쟁과 동맹", [CLOUD, RENTAL, CHIPS, NPU], [], "ko", opening=False)
    # the same paragraphs without the "우선" that only the digest's first section opens with
    assert later == intro.removeprefix("우선 ") and later.startswith("오픈AI(OpenAI)가")


def test_no_sentence_in_another_language_except_a_quoted_headline() -> None:
    for lang, top in (("ko", [CHIPS, CLOUD, HIRE]), ("en", [CLOUD, CHIPS, NPU, LEAK])):
        intro = WRITER.section_intro("섹션", top, top, lang)
        for sentence in split_sentences(intro.replace("\n\n", " ")):
            share = hangul_share(unquoted(sentence))
            assert share >= 0.6 if lang == "ko" else share == 0.0, (lang, sentence)
    # told from its facts when they say who did what for how much; its headline quoted only when they do not
    korean = WRITER.section_intro("섹션", [CHIPS], [CHIPS], "ko")
    assert f"‘{CHIPS.title}’" not in korean and korean.endswith("영문 매체들이 전했다.")
    hire = WRITER.section_intro("섹션", [HIRE], [HIRE], "ko")
    assert hire.count(f"‘{HIRE.title}’") == 1 and "메타(Meta)" in hire


def test_particles_follow_the_last_syllable_of_a_name() -> None:
    deal_a = story("x", "", (("openai", "오픈AI"), ("meta", "메타")), "infrastructure", lang="en",
                   amount=Money("10억 달러", 1e9, "deal"))  # fmt: skip
    deal_b = story("y", "", (("google", "구글"), ("anthropic", "앤트로픽")), "infrastructure", lang="en",
                   amount=Money("20억 달러", 2e9, "deal"))  # fmt: skip
    text = WRITER.section_intro("섹션", [deal_a, deal_b], [], "ko")
    assert "오픈AI(OpenAI)가 메타(Meta)와" in text and "구글(Google)이 앤트로픽(Anthropic)과" in text
    leaders = [
        DigestSection("talent", "인재", "", (story("a", "", (("openai", "오픈AI"),), "model", outlets=2),)),
        DigestSection("model", "모델", "", (story("b", "", (("anthropic", "앤트로픽"),), "model"),)),
    ]
    closing = WRITER.closing(MonthFacts((2025, 11), "ko", [], [], [], [], leaders)) or WRITER.closing(
        MonthFacts((2025, 11), "ko", [s for sec in leaders for s in sec.stories], [], [], [], leaders)
    )
    assert "오픈AI가" in closing and "앤트로픽이" in closing


def _deal(s: Story, lang: str = "ko") -> Deal:
    assert s.amount is not None
    usd = f"{s.amount.usd / 1e8:,.0f}억 달러" if lang == "ko" else f"${s.amount.usd / 1e9:,.1f} billion"
    return Deal(s.amount.text, s.amount.usd, usd, "deal", "계약·투자", s.companies, s.company_names, s.title, None)


def test_the_excerpt_names_the_biggest_deals_with_amounts_and_the_launches() -> None:
    stories = [GEMINI, CLOUD, RENTAL, OPUS, CHIPS, NPU]
    deals = [_deal(CHIPS), _deal(CLOUD), _deal(RENTAL)]
    infra = DigestSection(
        "infrastructure", "AI 인프라 경쟁과 동맹", "", (CLOUD, RENTAL, CHIPS, NPU), ("infrastructure",)
    )
    model = DigestSection("model", "거대 모델 경쟁과 기술 혁신", "", (GEMINI, OPUS), ("model",))
    trends = [CompanyTrend("google", "구글", 4, 6, 1, "▲3", 100), CompanyTrend("meta", "메타", 2, 2, 0, "new", 50)]
    facts = MonthFacts((2025, 11), "ko", stories, deals, trends, [], [infra, model])
    excerpt = WRITER.excerpt(facts)
    assert "구글-앤트로픽 500억 달러" in excerpt and "오픈AI-아마존 380억 달러" in excerpt
    assert "제미나이 3" in excerpt and "클로드 오퍼스 4.5" in excerpt
    assert 2 <= len(split_sentences(excerpt)) <= 3 and excerpt.endswith("습니다.")
    closing = WRITER.closing(facts)
    assert closing.startswith("종합하면 2025년 11월") and "380억 달러" in closing
    assert "구글 소식이 가장 크게 늘었다" in closing and "메타가 새로" in closing
    deals = [_deal(CHIPS, "en"), _deal(CLOUD, "en"), _deal(RENTAL, "en")]
    english = WRITER.excerpt(MonthFacts((2025, 11), "en", stories, deals, trends, [], [infra, model]))
    assert "between Google and Anthropic" in english and hangul_share(english.split(";")[0]) == 0.0


def test_a_deal_is_called_what_its_title_calls_it() -> None:
    invested, capped = replace(_deal(CHIPS), deal_type="investment"), replace(_deal(CLOUD), deal_type="funding")
    facts = MonthFacts((2025, 11), "ko", [CHIPS, CLOUD], [invested, capped], [], [], [])
    assert "구글-앤트로픽 500억 달러 투자" in WRITER.excerpt(facts)
    english = [replace(_deal(CHIPS, "en"), deal_type="investment"), replace(_deal(CLOUD, "en"), deal_type="contract")]
    english[0] = replace(english[0], usd_text="up to " + english[0].usd_text)
    excerpt = WRITER.excerpt(MonthFacts((2025, 11), "en", [CHIPS, CLOUD], english, [], [], []))
    assert "an investment of up to $50 billion involving Google and Anthropic" in excerpt
    assert "contract between OpenAI and Amazon" in excerpt


def test_lead_sentences_lose_bylines_and_keep_the_written_style() -> None:
    assert strip_byline("[예시일보=김하늘 기자] 오픈AI가 계약을 맺었다.") == "오픈AI가 계약을 맺었다."
    assert strip_byline("(서울=예시통신) 박나래 기자 = 리벨리온이 칩을 만든다.") == "리벨리온이 칩을 만든다."
    assert strip_byline("SEOUL (Example Wire) — Samsung said on Monday it would ...").startswith("Samsung")
    assert lead_sentence("구글이 새 모델을 공개했다. 둘째 문장이다.", "ko") == "구글이 새 모델을 공개했다."
    assert lead_sentence("구글 새 모델 공개…검색에 바로", "ko") is None  # a headline, not a sentence
    assert lead_sentence("Google released a new model in Search on Tuesday.", "ko") is None
    assert lead_sentence("The U.S. Commerce Department tightened rules on chips. More.", "en") == (
        "The U.S. Commerce Department tightened rules on chips."
    )


def test_the_table_of_contents_shows_each_section_in_the_digests_language() -> None:
    assert highlight([CHIPS, CLOUD], "ko") == CLOUD.title  # the first story told in Korean, though ranked second
    assert highlight([CHIPS], "ko") == "구글과 앤트로픽의 500억 달러(약 70조 원) 규모 거래"  # only English reports
    valued = replace(CHIPS, amount=Money("$350 billion", 350e9, "valuation"), companies=("anthropic",),
                     company_names=("앤트로픽",))  # fmt: skip
    assert highlight([valued], "ko") == "앤트로픽의 기업가치 3,500억 달러"
    raised = replace(valued, title="Anthropic raises $13 billion", amount=Money("$13 billion", 13e9, "deal"))
    assert highlight([raised], "ko") == "앤트로픽의 130억 달러 투자 유치"  # a deal as its title calls it
    latin = replace(CLOUD, company_names=("OpenAI", "Amazon"))
    assert highlight([latin], "en") == "$38 billion contract news from OpenAI and Amazon"  # its title: 계약
    assert highlight([CLOUD], "en") == CLOUD.title  # no English names to tell it by
    nameless = replace(CHIPS, companies=(), company_names=())
    assert highlight([nameless], "ko") == nameless.title and highlight([], "ko") == ""


def test_a_dollar_figure_in_korean_prose_gets_its_won_conversion() -> None:
    cloud = replace(CLOUD, amount=Money("380억 달러", 38e9, "deal", won="약 53조 원"),
                    summary="오픈AI가 아마존과 380억 달러 규모의 클라우드 이용 계약을 맺었다.")  # fmt: skip
    told = WRITER.section_intro("AI 인프라", [cloud], [cloud], "ko")
    assert "380억 달러(약 53조 원) 규모의" in told
    unconverted = replace(cloud, amount=Money("380억 달러", 38e9, "deal"))  # an English digest, or a figure in won
    assert "380억 달러 규모의" in WRITER.section_intro("AI 인프라", [unconverted], [unconverted], "ko")
    valued = replace(cloud, amount=Money("3,500억 달러", 350e9, "valuation", won="약 490조 원"),
                     summary="구글이 앤트로픽 추가 투자를 협상하고 있다.")  # fmt: skip
    assert "기업가치는 3,500억 달러(약 490조 원)로 평가됐다." in WRITER.section_intro("AI", [valued], [valued], "ko")


def test_korean_lists_join_with_one_particle() -> None:
    assert join_with_and(["AI 인프라 경쟁", "거대 모델 경쟁", "보안"], "ko") == "AI 인프라 경쟁, 거대 모델 경쟁과 보안"
    three = ["AI 인프라 경쟁", "거대 모델 경쟁", "인재 이동과 보안 이슈"]
    assert join_with_and(three, "ko") == "AI 인프라 경쟁, 거대 모델 경쟁, 인재 이동과 보안 이슈"  # never 과 twice
    assert join_with_and(three, "en") == "AI 인프라 경쟁, 거대 모델 경쟁 and 인재 이동과 보안 이슈"


def test_an_english_only_deal_says_how_many_english_outlets_reported_it() -> None:
    """CHIPS is told by two English outlets: "영문 매체들이"; the same story from one outlet: "영문 매체가"."""
    both = WRITER.section_intro("AI 인프라", [CHIPS], [CHIPS], "ko")
    assert both.endswith("거래를 맺었다고 영문 매체들이 전했다.")
    alone = replace(CHIPS, outlets=1, sources=CHIPS.sources[:1], articles=1)
    told = WRITER.section_intro("AI 인프라", [alone], [alone], "ko")
    assert told.endswith("거래를 맺었다고 영문 매체가 전했다.") and "매체들이" not in told


def test_an_english_only_story_with_one_actor_and_a_figure_is_told_in_korean_from_its_facts() -> None:
    """Who, what kind of deal (its title's word) and how much, with the won conversion; no English headline."""
    figure = Money("$2.3 billion", 2.3e9, "deal", won="약 3조 2,200억 원")
    funding = story("Cursor maker raises $2.3 billion in new funding", "", (("anysphere", "애니스피어"),),
                    "application", amount=figure, lang="en", outlets=1)  # fmt: skip
    pay = story("Shareholders back a pay package for the chief", "", (("tesla", "테슬라"),), "application",
                amount=Money("$1 trillion", 1e12, "pay", won="약 1,400조 원"), lang="en", outlets=2)  # fmt: skip
    writer = NarrativeWriter({"anysphere": "Anysphere", "tesla": "Tesla"})
    text = writer.section_intro("AI 서비스", [funding, pay], [], "ko")
    assert "애니스피어(Anysphere)의 23억 달러(약 3조 2,200억 원) 투자 유치 소식" in text
    assert "테슬라(Tesla)의 1조 달러(약 1,400조 원) 규모 보상 소식" in text
    assert "‘" not in text and "Cursor" not in text


def test_a_headline_the_prose_could_only_quote_is_left_to_the_list_unless_it_is_all_there_is() -> None:
    sleeve = story("A robotic sleeve helps patients move an injured arm again", "A start-up began clinical trials.",
                   (), "adjacent", lang="en", langs=("en",))  # fmt: skip
    beside = WRITER.section_intro("인접 산업", [NPU, sleeve], [], "ko")
    assert "리벨리온" in beside and "‘" not in beside and "robotic" not in beside
    alone = WRITER.section_intro("인접 산업", [sleeve], [], "ko")
    assert alone.count(f"‘{sleeve.title}’") == 1


def test_a_per_year_figure_told_another_way_gets_its_conversion_in_place_not_a_second_sentence() -> None:
    yearly = replace(CLOUD, summary="하나폰이 해마다 10억 달러 안팎을 내고 검색 모델을 쓰기로 했다.",
                     amount=Money("연간 10억 달러", 1e9, "deal", won="약 1조 4,000억 원"))  # fmt: skip
    told = WRITER.section_intro("AI", [yearly], [yearly], "ko")
    assert "해마다 10억 달러(약 1조 4,000억 원) 안팎을" in told and "거래 규모는" not in told
    longer = replace(yearly, summary="하나폰이 110억 달러 규모의 검색 계약을 맺었다.")  # "10억" inside "110억"
    assert "110억 달러(" not in WRITER.section_intro("AI", [longer], [longer], "ko")


def test_an_english_digest_names_a_korean_only_storys_product_by_its_latin_gloss() -> None:
    chip = story(
        "퓨리오사AI, 추론 칩 ‘레니게이드’ 생산 물량 두 배로",
        "퓨리오사AI가 추론용 칩 ‘레니게이드(RNGD)’의 생산 물량을 내년까지 두 배로 늘린다.",
        (("furiosa", "퓨리오사AI"),),
        "infrastructure",
        lang="ko",
    )
    told = WRITER.section_intro("Chips", [chip], [chip], "en")
    assert "FuriosaAI's RNGD" in told and hangul_share(told) == 0.0
    unglossed = replace(chip, summary="퓨리오사AI가 추론용 칩의 생산 물량을 내년까지 두 배로 늘린다.")
    assert "news from FuriosaAI" in WRITER.section_intro("Chips", [unglossed], [unglossed], "en")
