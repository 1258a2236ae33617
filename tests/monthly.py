"""Months of made-up news on `.example` outlets, and checks of a built site: links, scripts, escaping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.feeds import Post

KST = timezone(timedelta(hours=9))
COMPANIES_EN = ["OpenAI", "Nvidia", "Anthropic", "Samsung Electronics", "Google"]
COMPANIES_KO = ["오픈AI", "엔비디아", "앤트로픽", "삼성전자", "구글"]
EVENTS_EN = [
    "releases a new reasoning model",
    "opens a data center for AI chips",
    "signs a cloud deal worth $3 billion",
]
EVENTS_KO = ["새 추론 모델 공개", "AI 반도체 데이터센터 개소", "30억 달러 규모 클라우드 계약 체결"]


def month_posts(year: int, month: int, count: int, lang: str) -> list[Post]:
    """`count` stories of one month in one language, each on its own day; titles differ month to month."""
    posts = []
    for n in range(count):
        company = (COMPANIES_EN if lang == "en" else COMPANIES_KO)[(n + month) % 5]
        event = (EVENTS_EN if lang == "en" else EVENTS_KO)[n % 3]
        title = f"{company} {event} (no. {month}-{n})" if lang == "en" else f"{company}, {event} ({month}-{n}호)"
        summary = f"{company} {event}; analysts on day {n + 1} of month {month} called it a step for AI models."
        if lang == "ko":
            summary = f"{company}가 {event}했다. {month}월 {n + 1}일 AI 모델 업계는 이를 주목했다."
        posts.append(Post(title, f"https://{lang}-wire.example/{year}/{month:02d}/{n}",
                          datetime(year, month, 1 + n, 10, tzinfo=KST), summary))  # fmt: skip
    return posts


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def check_site(folder: Path) -> dict[str, int]:
    """Assert that every internal link and image of every page resolves to a file, no page runs or embeds
    anything, and nothing reads as Liquid; returns counts."""
    pages = sorted(folder.rglob("*.html"))
    internal = external = 0
    for page in pages:
        parser = _Links()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        for tag, attrs in parser.tags:
            assert tag not in ("script", "iframe", "object", "embed", "form"), (page, tag)
            for name, value in attrs:
                assert not name.startswith("on"), (page, name)
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), page
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                external += 1
                continue
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), (page, link)
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file() and target.is_relative_to(folder.resolve()), (page, link)
            internal += 1
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "{{" not in text and "{%" not in text and "<script" not in text.lower(), path
    return {"pages": len(pages), "internal": internal, "external": external}
