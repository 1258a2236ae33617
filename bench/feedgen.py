"""Deterministic, realistic feed documents for benchmarks: Korean and English AI-industry news."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

COMPANIES_KO = [
    "엔비디아",
    "오픈AI",
    "앤트로픽",
    "구글",
    "삼성전자",
    "SK하이닉스",
    "네이버",
    "카카오",
    "쿠팡",
    "마이크로소프트",
    "메타",
    "아마존",
    "리벨리온",
    "퓨리오사AI",
    "LG AI연구원",
    "업스테이지",
]
COMPANIES_EN = [
    "NVIDIA",
    "OpenAI",
    "Anthropic",
    "Google",
    "Samsung",
    "SK hynix",
    "Microsoft",
    "Meta",
    "Amazon",
    "CoreWeave",
    "AMD",
    "Broadcom",
    "Oracle",
    "Databricks",
    "Snowflake",
    "Mistral AI",
    "xAI",
]
ACTIONS_KO = [
    "신규 데이터센터 투자 발표",
    "차세대 AI 모델 공개",
    "GPU 공급 계약 체결",
    "기업용 AI 에이전트 출시",
    "클라우드 인프라 확장",
    "AI 반도체 양산 돌입",
    "생성형 AI 서비스 가격 인하",
    "휴머노이드 로봇 협력",
]
ACTIONS_EN = [
    "announces new data center investment",
    "unveils next-generation AI model",
    "signs multi-year GPU supply deal",
    "launches enterprise AI agents",
    "expands cloud capacity",
    "begins volume production of AI accelerators",
    "cuts prices of its generative AI service",
    "partners on humanoid robots",
]
FILLER_KO = (
    "업계에서는 이번 결정이 시장 판도에 적지 않은 영향을 줄 것으로 보고 있다. 회사 측은 고객 수요가 "
    "예상보다 빠르게 늘고 있다며 추가 투자 가능성도 열어뒀다. 전문가들은 전력과 부지 확보가 관건이라고 "
    "지적했다. "
)
FILLER_EN = (
    "Analysts said the move could reshape competition in the sector over the next year. The company "
    "said customer demand was growing faster than expected and did not rule out further investment. "
    "Power and land remain the main constraints, according to people familiar with the plans. "
)


def make_items(feed_no: int, count: int, start: datetime | None = None) -> list[dict[str, str]]:
    rng = random.Random(feed_no)
    start = start or datetime(2025, 11, 1, tzinfo=UTC)
    korean = feed_no % 2 == 0
    items = []
    for i in range(count):
        if korean:
            company = rng.choice(COMPANIES_KO)
            other = rng.choice(COMPANIES_KO)
            title = f"{company}, {other}와 {rng.choice(ACTIONS_KO)}…{rng.randint(1, 900)}억 달러 규모"
            filler = FILLER_KO
        else:
            company = rng.choice(COMPANIES_EN)
            title = f"{company} {rng.choice(ACTIONS_EN)} worth ${rng.randint(1, 90)} billion"
            filler = FILLER_EN
        length = rng.randint(400, 800)
        text = (filler * 8)[:length]
        summary = f"<p>{escape(title)}.</p><p>{escape(text)}</p>"
        items.append(
            {
                "title": title,
                "link": f"https://outlet{feed_no}.example/news/{feed_no}-{i}",
                "guid": f"outlet{feed_no}-{i}",
                "summary": summary,
                "published": format_datetime(start + timedelta(minutes=37 * i + feed_no)),
            }
        )
    return items


def rss_document(feed_no: int, items: list[dict[str, str]]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Outlet {feed_no}</title><link>https://outlet{feed_no}.example/</link>",
        "<description>AI industry news</description>",
    ]
    for item in items:
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>{item['link']}</link>"
            f'<guid isPermaLink="false">{item["guid"]}</guid><pubDate>{item["published"]}</pubDate>'
            f"<description>{escape(item['summary'])}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def documents(feeds: int, items: int) -> list[bytes]:
    return [rss_document(n, make_items(n, items)) for n in range(feeds)]
