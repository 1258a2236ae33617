"""Read feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) from bytes into entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from monitor.errors import ParseError
from monitor.models import Entry


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: list[Entry]
    warning: str | None = None  # the document was damaged but readable


def parse_feed(body: bytes, content_type: str | None = None, base_url: str | None = None) -> ParsedFeed:
    """Parse a feed document. Raises ParseError when it is not a feed we can read."""
    head = body[:2048].lstrip()
    if not head:
        raise ParseError("empty response body")
    if head.startswith((b"{", b"[")) or "json" in (content_type or "").lower():
        return _parse_json_feed(body)
    return _parse_xml_feed(body, content_type, base_url)


def _parse_xml_feed(body: bytes, content_type: str | None, base_url: str | None) -> ParsedFeed:
    headers = {"content-type": _xml_content_type(content_type)}
    if base_url:
        headers["content-location"] = base_url
    result = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    entries = [_entry_from_feedparser(e) for e in result.entries]
    problem = result.get("bozo_exception") if result.get("bozo") else None
    if not result.get("version") and not entries:
        if _looks_like_html(body, content_type):
            raise ParseError("not a feed: the server sent an HTML page")
        raise ParseError(f"not a feed: {_describe(problem) if problem else 'no RSS, Atom or JSON Feed found'}")
    warning = None
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        warning = f"damaged feed, read leniently: {_describe(problem)}"
    title = result.feed.get("title") if result.get("feed") else None
    return ParsedFeed(title=title, entries=entries, warning=warning)


def _xml_content_type(content_type: str | None) -> str:
    """Let the XML declaration decide the encoding unless the server named a charset."""
    if content_type and "charset=" in content_type.lower():
        return content_type
    return "application/xml"


def _looks_like_html(body: bytes, content_type: str | None) -> bool:
    head = body[:1024].lower()
    return "html" in (content_type or "").lower() or b"<html" in head or b"<!doctype html" in head


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _entry_from_feedparser(e: Any) -> Entry:
    summary = e.get("summary") or ""
    if not summary and e.get("content"):
        summary = e["content"][0].get("value") or ""
    parsed = e.get("published_parsed") or e.get("updated_parsed") or e.get("created_parsed")
    return Entry(
        link=e.get("link"),
        guid=e.get("id"),
        title=e.get("title") or "",
        summary=summary,
        published=_from_struct_time(parsed),
    )


def _from_struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"not a feed: invalid JSON ({_describe(exc)})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ParseError("not a feed: JSON without a JSON Feed version")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed: JSON Feed without an items list")
    entries = [_entry_from_json(item) for item in items if isinstance(item, dict)]
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    return ParsedFeed(title=title, entries=entries)


def _entry_from_json(item: dict[str, Any]) -> Entry:
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    return Entry(
        link=text("url") or text("external_url") or None,
        guid=str(item["id"]) if item.get("id") not in (None, "") else None,
        title=text("title"),
        summary=text("summary") or text("content_html") or text("content_text"),
        published=_from_iso(text("date_published") or text("date_modified")),
    )


def _from_iso(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
