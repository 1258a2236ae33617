"""한국어: every user-facing word of the Korean digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from monitor.locale import Words, on_day


def month_name(month: tuple[int, int]) -> str:
    return f"{month[0]}년 {month[1]}월"


def started(when: date) -> str:
    return (
        f"monitor는 {when.month}월 {when.day}일부터 기사를 모으기 시작했습니다. "
        "그 전의 기사는 그때 피드에 남아 있던 것만 담겼습니다."
    )


def _significant(value: float, digits: int = 3) -> float:
    return float(f"{value:.{digits}g}") if value > 0 else 0.0


def korean_number(value: float, digits: int = 3) -> str:
    """12345678900 -> "123억 4600만" (`digits` significant figures, in 조, 억, 만); under 10,000 as it is."""
    if value < 1e4:
        return f"{round(value):,}" if value >= 100 else f"{_significant(value):g}"
    value = _significant(value, digits)
    parts = []
    for unit, size in (("조", 1e12), ("억", 1e8), ("만", 1e4)):
        count = int(value // size)
        if count:
            parts.append(f"{count:,}{unit}")
            value -= count * size
    if value >= 1:
        parts.append(f"{round(value):,}")
    return " ".join(parts)


@lru_cache(maxsize=1 << 12)  # a month's deals table formats the same figures again and again
def money(usd: float, krw_per_usd: float | None = None, *, per_year: bool = False, cap: bool = False) -> str:
    """ "380억 달러", with `krw_per_usd` "380억 달러(약 53조 원)"; small amounts exactly ("0.47달러", "3,499달러")."""
    text = f"{korean_number(usd)} 달러" if usd >= 1e4 else f"{korean_number(usd)}달러"
    if krw_per_usd:
        text += f"({won(usd, krw_per_usd)})"
    text = f"최대 {text}" if cap else text
    return f"연 {text}" if per_year else text


@lru_cache(maxsize=1 << 12)
def won(usd: float, krw_per_usd: float) -> str:
    """A dollar figure in won, as its conversion says it: "약 53조 원", "약 650원"."""
    value = usd * krw_per_usd
    return f"약 {korean_number(value, 2)} 원" if value >= 1e4 else f"약 {value:,.0f}원"


def names(companies: Sequence[str]) -> str:
    return "·".join(companies[:3])


WORDS = Words(
    lang="ko",
    layer_names={
        "model": "모델",
        "application": "애플리케이션·서비스",
        "enterprise": "엔터프라이즈 AI",
        "infrastructure": "AI 인프라",
        "other": "기타 (인접 산업)",
    },
    kind_names={
        "deal": "계약·투자",
        "valuation": "기업가치",
        "revenue": "매출",
        "market": "시장 규모",
        "pay": "보상",
        "cost": "가격",
    },
    deal_types={
        "investment": "투자",
        "funding": "투자 유치",
        "acquisition": "인수",
        "purchase": "구매",
        "sale": "매각",
        "financing": "자금 조달",
        "contract": "계약",
    },
    own_headings=True,
    month_name=month_name,
    title="{month} AI 동향 리포트",
    money=money,
    won=won,
    names=names,
    industry="업계",
    outlets=lambda n: "곳",
    amount="({text})",
    intro_lead=(
        "{heading} 부문에서는 이번 달 {count}개의 이야기를 {items}건의 기사가 다뤘다. "
        "가장 많은 매체({weight}곳)가 주목한 소식은 {who}의 '{title}'{amount}이다."
    ),
    intro_item="{who}의 '{title}'{amount}",
    intro_sep=", ",
    intro_follow=" 이어 {follow} 소식이 뒤를 이었다.",
    excerpt_none="{month}에는 수집된 AI 업계 소식이 없습니다.",
    excerpt_lead="{month} AI 업계의 가장 큰 소식은 {who}의 '{title}'였습니다.",
    excerpt_item="{who}{amount}",
    excerpt_sep=", ",
    excerpt_rest=" {rest} 관련 소식도 주목받았습니다.",
    excerpt_deal=" 이달의 최대 거래는 {who}의 {text} 규모 거래입니다.",
    closing_lead="종합하면 {month}의 AI 업계는 {count}개의 이야기로 요약된다.",
    closing_busiest=" 가장 많은 기사가 나온 분야는 {name}로, 전체 AI 기사의 {share:.0%}를 차지했다.",
    closing_leaders=" {leaders}가 가장 자주 이야기의 중심에 섰다.",
    leaders_sep="·",
    closing_deals=" 100만 달러 이상 거래 {count}건의 규모는 모두 합쳐 약 {total}에 달했다.",
    deals_heading="이달의 주요 거래",
    valuations_heading="기업가치 (거래 아님)",
    also_heading="그 밖의 소식",
    col_amount="금액",
    col_kind="종류",
    col_deal_companies="기업",
    col_story="이야기",
    companies_heading="기업별 이야기 수",
    companies_chart="기업별 이야기 수",
    col_company="기업",
    col_stories="이야기",
    col_articles="기사",
    col_change="전월 대비",
    layers_heading="계층별 비중",
    layers_chart="계층별 비중",
    col_layer="계층",
    col_share="비중",
    summary_heading="정리",
    health_heading="부록: 소스 상태",
    col_feed="피드",
    col_problem="문제",
    no_trouble="이번 달에는 문제가 있는 피드가 없었습니다.",
    no_feed_delivered="이번 달에는 AI 기사를 보낸 피드가 없었습니다.",
    never_mentioned="한 번도 언급되지 않은 추적 기업: ",
    footer_line=(
        "기간 {f.period} · AI 기사 {f.ai_items}건 · 이야기 {f.stories}개 · 매체 {f.outlets}곳 · "
        "기사를 보낸 피드 {f.feeds_delivered}개 · 작성 {f.generated}"
    ),
    articles="기사",
    stories="이야기",
    outlets_word="매체",
    feeds_word="피드",
    masthead="월간 AI 산업 동향",
    started=on_day(started),
    edition="{month}호 · 이야기 {f.stories}개 · 매체 {f.outlets}곳 · AI 기사 {f.ai_items}건",
    new_mark="신규",
    in_this_issue="이번 호",
    top_story="주요 소식",
    sources_label="출처",
    this_month="이번 달",
    last_month="지난달",
    companies_caption="기업별로 다룬 이야기 수, 상위 10곳",
    layers_caption="이번 달 AI 기사 중 계층별 비중",
)
