"""The narrative writer's words (monitor.writers.narrative), one Prose record per language.

Patterns are str.format patterns with named fields; a name followed by a Korean particle is written
{a} + korean.with_particle by the writer, never here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from monitor.locale.en import WORDS as ENGLISH_WORDS
from monitor.locale.ko import WORDS as KOREAN_WORDS


@dataclass(frozen=True)
class Prose:
    lang: str
    first: str  # the connective before a section's first story (when it tells more than one)
    within: tuple[str, ...]  # connectives for the next stories of a paragraph, in turn
    next_paragraph: tuple[str, ...]  # for the first story of a later paragraph, in turn
    domestic: str  # the first Korean-angle story of a section
    section_names: Mapping[str, str]  # the default sections' headings in this language, by section key
    themes: Mapping[str, str]  # a section key as a theme of the month ("AI 인프라 확충 경쟁")
    nouns: Mapping[str, str]  # a topic or layer as what a story is about ("보안", "AI 모델")
    after_amount: Mapping[str, str]  # {amount}: the figure told after a lead sentence that lacks it, by kind
    what_amount: Mapping[str, str]  # {amount}: what a framed story is about, by the kind of its figure
    foreign: tuple[str, ...]  # a story told only in the other language: {conn} {about} {headline} {headline_as}
    foreign_bare: str  # the same when no company acts: {conn} {headline} {headline_as}
    foreign_facts: tuple[str, ...]  # the same told from its actors and figure, in turn: {about} {told} (Korean only)
    about: str  # {who} {what}: what a framed story is about
    about_bare: str  # {who}: the same when neither its figure nor its topic says what
    deal_words: Mapping[str, str]  # an excerpt's word for a deal: by its type (amounts.DEAL_TYPES), "deal" unsaid
    excerpt_theme: str  # {month} {themes}
    excerpt_deals: str  # {deals}
    excerpt_launches: str  # {launches}
    excerpt_both: str  # {deals} {launches}
    excerpt_none: str  # {month}
    closing_lead: str  # {month} {themes}
    closing_deals: tuple[str, ...]  # {theme} {deals}: two or more deals, in turn
    closing_deal: str  # {theme} {deal}: one
    closing_launches: str  # {theme} {who} {launches}
    closing_leaders: str  # {theme} {who}
    closing_movers: str  # {up}
    closing_new: str  # {new}
    and_word: str  # between the last two of a list
    list_sep: str


KO = Prose(
    lang="ko",
    first="우선 ",
    within=("또한 ", "아울러 ", "이 밖에 "),  # (not "이어": the stories need not have come in that order)
    next_paragraph=("한편 ", "이와 함께 ", "또 "),
    domestic="국내에서도 ",
    section_names={},
    themes={
        "infrastructure": "AI 인프라 확보 경쟁",
        "model": "거대 모델 경쟁",
        "application": "AI 서비스의 기업 시장 확산",
        "enterprise": "기업용 AI 확산",
        "talent": "인재 이동과 보안 이슈",
        "security": "AI 보안 이슈",
        "policy": "AI 정책 논의",
        "research": "AI 연구 성과",
        "other": "인접 산업의 AI 도입",
    },
    nouns={
        "talent": "인력 이동",
        "security": "보안",
        "policy": "정책·규제",
        "research": "연구",
        "funding": "투자",
        "earnings": "실적",
        "model": "AI 모델",
        "application": "AI 서비스",
        "enterprise": "기업용 AI",
        "infrastructure": "AI 인프라",
        "other": "",
    },
    after_amount={
        "deal": "거래 규모는 {amount}에 이른다.",
        "valuation": "기업가치는 {amount_ro} 평가됐다.",
        "revenue": "매출은 {amount}에 달했다.",
        "market": "시장 규모는 {amount_ro} 전망됐다.",
        "pay": "보상 규모는 {amount}에 이른다.",
        "cost": "비용은 {amount}에 이른다.",
    },
    what_amount={
        "deal": "{amount} 규모 거래",
        "valuation": "기업가치 {amount}",
        "revenue": "매출 {amount}",
        "market": "{amount} 규모 시장 전망",
        "pay": "{amount} 규모 보상",
        "cost": "{amount} 규모 비용",
    },
    foreign=(
        "{conn}{about} 소식은 영문 매체를 통해 전해졌다({headline}).",
        "{conn}영문 매체는 {about} 소식을 {headline_as} 제목으로 전했다.",
    ),
    foreign_bare="{conn}영문 매체는 {headline_as} 제목의 기사를 실었다.",
    foreign_facts=("{about} 소식을 {told} 전했다.", "{about} 소식이 영문 매체를 통해 전해졌다."),
    about="{who}의 {what}",
    about_bare="{who} 관련",
    deal_words={"deal": "계약", "valuation": "기업가치", **KOREAN_WORDS.deal_types},  # (the deals table's names)
    excerpt_theme="{month} AI 업계에서는 {themes} 두드러졌습니다.",
    excerpt_deals="{deals} 등 대형 거래가 잇따랐습니다.",
    excerpt_launches="{launches} 등 새 모델이 공개됐습니다.",
    excerpt_both="{deals} 등 대형 거래가 잇따랐고, {launches} 등 새 모델도 공개됐습니다.",
    excerpt_none="{month}에는 수집된 AI 업계 소식이 없습니다.",
    closing_lead="종합하면 {month}의 AI 업계는 {themes} 이끌었다.",
    closing_deals=(" {theme}에서는 {deals} 등 대형 거래가 이어졌다.", " {theme}에서도 {deals} 등이 뒤따랐다."),
    closing_deal=" {theme}에서는 {deal} 소식이 나왔다.",
    closing_launches=" {theme}에서는 {who} {launches} 등을 잇달아 내놓았다.",
    closing_leaders=" {theme}에서는 {who} 소식의 중심에 섰다.",
    closing_movers=" 전월과 비교하면 {up} 소식이 가장 크게 늘었다.",
    closing_new=" 지난달에는 보이지 않던 {new} 새로 이름을 올렸다.",
    and_word="와",
    list_sep=", ",
)

EN = Prose(
    lang="en",
    first="",
    within=("", "Meanwhile, ", "Separately, "),
    next_paragraph=("Elsewhere, ", "Meanwhile, ", ""),
    domestic="In Korea, ",
    section_names={
        "infrastructure": "AI infrastructure: competition and alliances",
        "model": "Frontier models and research",
        "application": "AI services and the enterprise market",
        "talent": "People, security and policy",
        "other": "Adjacent industries: energy, robots, chips",
    },
    themes={
        "infrastructure": "the race for AI infrastructure",
        "model": "the frontier-model race",
        "application": "AI services moving into business",
        "enterprise": "enterprise AI",
        "talent": "talent moves and security",
        "security": "AI security",
        "policy": "AI policy",
        "research": "AI research",
        "other": "AI in adjacent industries",
    },
    nouns={
        "talent": "people moves",
        "security": "security",
        "policy": "policy",
        "research": "research",
        "funding": "funding",
        "earnings": "earnings",
        "model": "AI models",
        "application": "AI services",
        "enterprise": "enterprise AI",
        "infrastructure": "AI infrastructure",
        "other": "",
    },
    after_amount={
        "deal": "The deal is worth {amount}.",
        "valuation": "The valuation is put at {amount}.",
        "revenue": "Revenue came to {amount}.",
        "market": "The market is put at {amount}.",
        "pay": "The pay involved comes to {amount}.",
        "cost": "The cost is put at {amount}.",
    },
    what_amount={
        "deal": "{amount} deal",
        "valuation": "{amount} valuation",
        "revenue": "{amount} revenue",
        "market": "{amount} market estimate",
        "pay": "{amount} pay",
        "cost": "{amount} cost",
    },
    foreign=(
        "{conn}Korean-language outlets reported {about}.",
        "{conn}Korean-language outlets also covered {about}.",
    ),
    foreign_bare="{conn}Korean-language outlets carried one more report in this area.",
    foreign_facts=(),  # (an English digest tells a Korean story by `foreign`, which quotes no headline)
    about="{what} news from {who}",
    about_bare="news from {who}",
    deal_words={"deal": "deal", "valuation": "valuation", **ENGLISH_WORDS.deal_types, "funding": "funding round"},
    excerpt_theme="In {month}, {themes} set the pace in the AI industry.",
    excerpt_deals="The largest deals were {deals}.",
    excerpt_launches="{launches} were released.",
    excerpt_both="The largest deals were {deals}; {launches} were released.",
    excerpt_none="No AI-industry news in {month}.",
    closing_lead="In sum, {month} in AI was shaped by {themes}.",
    closing_deals=(" In {theme}, the largest deals were {deals}.", " {theme_cap} brought {deals}."),
    closing_deal=" {theme_cap} brought {deal}.",
    closing_launches=" In {theme}, {who} released {launches}.",
    closing_leaders=" In {theme}, {who} led the news.",
    closing_movers=" Against the month before, {up} gained the most coverage.",
    closing_new=" New to the news this month: {new}.",
    and_word=" and ",
    list_sep=", ",
)


def prose(lang: str) -> Prose:
    return KO if lang == "ko" else EN
