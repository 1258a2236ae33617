"""`feeds check`: fetch feeds now, store nothing, and say for each what it is and what is wrong with it.

`check_feeds` does the I/O (the same fetch as a pass, without conditional headers); `assess` is pure: a
fetch result in, one report out."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from monitor.config import FetchSettings
from monitor.discover import FeedLink, advertised_feeds, looks_like_html
from monitor.errors import ParseError
from monitor.fetch import ClientPool, HostLimiter, fetch_feed
from monitor.models import Feed, FetchResult
from monitor.normalize import normalize_entry
from monitor.parse import ParsedFeed, date_zone, parse_feed

# Feed URLs that public evidence of 2026 shows dead or wrong, and where each outlet's feed is now. A config that
# still lists one hears of it from `config check` before any fetch fails.
MOVED_FEEDS: dict[str, str] = {
    "https://www.ddaily.co.kr/rss/allArticle.xml": "https://www.ddaily.co.kr/rss.xml",  # redirected to the home page
    "https://www.mk.co.kr/rss/50300009/": "https://www.mk.co.kr/rss/40300001/",  # was real estate, not IT
    "https://www.itworld.co.kr/rss/feed/index.php": "https://www.itworld.co.kr/feed/",  # before a platform change
    "https://blogs.microsoft.com/ai/feed/": "https://news.microsoft.com/source/topics/ai/feed/",  # 410 Gone
}


def moved_feeds(urls: list[str]) -> list[str]:
    """One line for each configured feed URL known to be dead or wrong, naming its replacement."""
    return [f"feed {url} is dead or wrong: use {MOVED_FEEDS[url]}" for url in urls if url in MOVED_FEEDS]


_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)[\"']")
_CHARSET = re.compile(r"charset=\"?([\w.-]+)", re.I)


@dataclass(frozen=True)
class CheckReport:
    url: str
    http_status: int | None = None
    format: str | None = None
    items: int | None = None
    newest: datetime | None = None  # in the zone the feed's dates were read in
    encoding: str | None = None
    zone: str | None = None  # e.g. "dates carry a zone", "dates without a zone, read in Asia/Seoul"
    problem: str | None = None
    fix: str | None = None
    note: str | None = None  # readable, but worth knowing (a damaged document read leniently)

    @property
    def healthy(self) -> bool:
        return self.problem is None

    def line(self) -> str:
        """One line, starting with the full URL (never cut)."""
        parts = [self.url, f"HTTP {self.http_status}" if self.http_status else "no answer"]
        if self.format:
            parts += [self.format, f"{self.items} items"]
            parts.append(f"newest {self.newest:%Y-%m-%d %H:%M %z}" if self.newest else "no dated item")
            parts += [self.encoding or "encoding unknown", self.zone or ""]
        if self.problem:
            parts.append(f"PROBLEM: {self.problem}" + (f"; FIX: {self.fix}" if self.fix else ""))
        else:
            parts.append("ok" + (f" ({self.note})" if self.note else ""))
        return "  ".join(p for p in parts if p)


def assess(url: str, result: FetchResult, configured_zone: str | None, now: datetime) -> CheckReport:
    """What one fetch of a feed says about it (pure)."""
    status = result.http_status
    if result.status == "failed":
        problem, fix = _failure(result)
        return CheckReport(url, status, problem=problem, fix=fix)
    body = result.body or b""
    if looks_like_html(body, result.content_type):
        links = advertised_feeds(body, result.final_url or url)
        if links:
            return CheckReport(url, status, problem="an HTML page, not a feed", fix=f"use {links[0].url}")
        return CheckReport(url, status, problem="an HTML page that advertises no feed", fix="find the site's feed URL")
    try:
        parsed = parse_feed(body, result.content_type, url)
    except ParseError as exc:
        return CheckReport(url, status, problem=str(exc))
    report = _described(url, status, parsed, body, result.content_type, configured_zone, now)
    if result.final_url and result.final_url != url:
        return _with(report, "moved permanently", f"use {result.final_url}")
    return report


def _described(
    url: str,
    status: int | None,
    parsed: ParsedFeed,
    body: bytes,
    content_type: str | None,
    configured_zone: str | None,
    now: datetime,
) -> CheckReport:
    zone_name = date_zone(parsed, configured_zone)
    zone = ZoneInfo(zone_name)
    items = [item for e in parsed.entries if (item := normalize_entry(e, 0, now, zone)) is not None]
    dated = [item.published for item in items if not item.date_estimated]
    dates = [e.published for e in parsed.entries if e.published is not None]
    if not dates:
        zone_text = "no dates"
    elif parsed.zoneless_dates:
        zone_text = f"dates without a zone ({parsed.zoneless_dates}), read in {zone_name}"
    else:
        zone_text = "dates carry a zone"
    return CheckReport(
        url,
        status,
        format=parsed.format or "unknown",
        items=len(items),
        newest=max(dated).astimezone(zone) if dated else None,
        encoding=_encoding(body, content_type, parsed),
        zone=zone_text,
        note=parsed.warning or ("no items" if not items else None),
    )


def _with(report: CheckReport, problem: str, fix: str | None) -> CheckReport:
    fields = {**report.__dict__, "problem": problem, "fix": fix}
    return CheckReport(**fields)


def _encoding(body: bytes, content_type: str | None, parsed: ParsedFeed) -> str:
    if parsed.format == "JSON Feed":
        return "utf-8"
    charset = _CHARSET.search(content_type or "")
    if charset:
        return charset.group(1).lower()
    declared = _XML_ENCODING.match(body[:200])
    return declared.group(1).decode().lower() if declared else "utf-8"


def _failure(result: FetchResult) -> tuple[str, str | None]:
    status, error = result.http_status, result.error or "failed"
    if status in (404, 410):
        return error, "the feed is dead: remove it, or find the site's new feed"
    if status in (403, 429):
        wait = f"; the server asks to wait {_seconds(result.retry_after)}" if result.retry_after is not None else ""
        return f"{error}: blocked{wait}", "the fetch honours Retry-After and backs off; try later, from another network"
    if status == 503 and result.retry_after is not None:
        return error, f"the server asks to wait {_seconds(result.retry_after)}; try later"
    if error.startswith("name resolution failed"):
        return error, "check the host name, and this machine's network and DNS"
    if error.startswith(("timed out", "connection timed out")):
        return error, "try again later, or raise [fetch] timeout"
    return error, None


def _seconds(value: float | None) -> str:
    value = value or 0.0
    if value >= 3600:
        return f"{value / 3600:.1f}h (Retry-After)"
    if value >= 60:
        return f"{value / 60:.0f}m (Retry-After)"
    return f"{value:.0f}s (Retry-After)"


async def check_feeds(feeds: list[tuple[str, str | None]], settings: FetchSettings) -> list[CheckReport]:
    """Fetch each (url, configured timezone) now, unconditionally, and assess it; reports in input order."""
    limiter = HostLimiter(settings.concurrency, settings.per_host)
    async with ClientPool(settings) as clients:

        async def one(n: int, url: str, zone: str | None) -> CheckReport:
            async with limiter.slot(url):
                result = await fetch_feed(clients.pick(), Feed(id=n, url=url), settings)
            return assess(url, result, zone, datetime.now(UTC))

        return list(await asyncio.gather(*(one(n, url, zone) for n, (url, zone) in enumerate(feeds))))


async def find_feeds(url: str, settings: FetchSettings) -> tuple[list[FeedLink] | None, str | None]:
    """For `feeds add`: the feeds a web page at `url` advertises ([] when none), or None when `url` is not a
    web page (a feed, or nothing readable now) with a note when it could not be fetched."""
    async with ClientPool(settings) as clients:
        result = await fetch_feed(clients.pick(), Feed(id=0, url=url), settings)
    if result.status != "ok":
        return None, result.error
    body = result.body or b""
    if not looks_like_html(body, result.content_type):
        return None, None
    return advertised_feeds(body, result.final_url or url), None
