"""Read feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) from bytes into entries."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from monitor.discover import advertised_feeds
from monitor.errors import ParseError
from monitor.models import Entry
from monitor.normalize import detect_language

JSON_FEED_VERSION = "https://jsonfeed.org/version/"  # the spec's version identifier, never fetched


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: list[Entry]
    warning: str | None = None  # the document was damaged but readable
    format: str = ""  # "RSS 2.0", "Atom", "RSS 1.0", "JSON Feed", ...
    language: str | None = None  # the feed's declared language (<language>, xml:lang, JSON Feed language)

    @property
    def zoneless_dates(self) -> int:
        """How many entries have a date without a zone (the publisher's local time)."""
        return sum(1 for e in self.entries if e.published is not None and e.published.tzinfo is None)


KOREAN_ZONE = "Asia/Seoul"


def date_zone(parsed: ParsedFeed, configured: str | None) -> str:
    """The zone of the feed's dates that carry none: the feed's `timezone`, else Asia/Seoul for a feed
    whose language or text is Korean, else UTC."""
    if configured:
        return configured
    if parsed.language:
        return KOREAN_ZONE if parsed.language.strip().lower().startswith("ko") else "UTC"
    text = " ".join(e.title for e in parsed.entries[:20]) or (parsed.title or "")
    return KOREAN_ZONE if detect_language(text) == "ko" else "UTC"


def parse_feed(
    body: bytes, content_type: str | None = None, base_url: str | None = None, *, fast: bool = True
) -> ParsedFeed:
    """Parse a feed document. Raises ParseError when it is not a feed we can read.

    Plain UTF-8 RSS 2.0 and Atom documents go through a fast reader (the C expat parser via
    ElementTree) that takes only what it reads exactly as feedparser does; everything else, and
    anything unusual inside such a document, goes to feedparser. `fast=False` forces feedparser.
    """
    head = body[:2048].lstrip()
    if not head:
        raise ParseError("empty response body")
    if head.startswith((b"{", b"[")) or "json" in (content_type or "").lower():
        return _parse_json_feed(body)
    if fast:
        parsed = read_simple_feed(body, content_type)
        if parsed is not None:
            return parsed
    return _parse_xml_feed(body, content_type, base_url)


def _repair_encoding(body: bytes, content_type: str | None) -> tuple[bytes, str | None, str | None]:
    """Bytes invalid in the declared encoding are replaced, so they cannot spoil the rest of the document."""
    charset = re.search(r"charset=([\w.-]+)", content_type or "", re.I)
    declared = _XML_DECL.match(body[:200])
    name = charset.group(1) if charset else (declared.group(1).decode() if declared else "utf-8")
    try:
        body.decode(name)
        return body, content_type, None
    except LookupError:
        return body, content_type, None  # an encoding Python does not know: feedparser decides
    except UnicodeDecodeError as exc:
        text = body.decode(name, errors="replace")
        text = re.sub(r"^(\s*<\?xml[^>]*encoding=[\"'])[A-Za-z0-9_.-]+", r"\g<1>utf-8", text, count=1)
        warning = f"bytes invalid in the declared encoding {name} were replaced (first at byte {exc.start})"
        return text.encode("utf-8"), "application/xml; charset=utf-8", warning


def _parse_xml_feed(body: bytes, content_type: str | None, base_url: str | None) -> ParsedFeed:
    body, content_type, repaired = _repair_encoding(body, content_type)
    headers = {"content-type": _xml_content_type(content_type)}
    if base_url:
        headers["content-location"] = base_url
    result = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    entries = [_entry_from_feedparser(e) for e in result.entries]
    problem = result.get("bozo_exception") if result.get("bozo") else None
    if not result.get("version") and not entries:
        if _looks_like_html(body, content_type):
            raise ParseError(html_page_problem(body, base_url))
        raise ParseError(f"not a feed: {_describe(problem) if problem else 'no RSS, Atom or JSON Feed found'}")
    warning = repaired
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        warning = f"damaged feed, read leniently: {_describe(problem)}"
    feed = result.get("feed") or {}
    return ParsedFeed(
        title=feed.get("title"),
        entries=entries,
        warning=warning,
        format=_format_name(result.get("version") or ""),
        language=feed.get("language") or None,
    )


def _format_name(version: str) -> str:
    """feedparser's version code as people say it: 'rss20' -> 'RSS 2.0', 'atom10' -> 'Atom'."""
    if version == "atom10":
        return "Atom"
    family = "Atom" if version.startswith("atom") else "RSS" if version.startswith("rss") else ""
    if not family:
        return version.upper() or "unknown"
    digits = version[len(family) :].rstrip("un")
    return f"{family} {digits[0]}.{digits[1:]}" if len(digits) >= 2 else family


def html_page_problem(body: bytes, page_url: str | None) -> str:
    """What to say when a feed URL answers with a web page: the feed the page advertises, when it does."""
    links = advertised_feeds(body, page_url) if page_url else []
    if not links:
        return "not a feed: the server sent an HTML page that advertises no feed"
    return f"not a feed: the server sent an HTML page; it advertises the feed {links[0].url} (use that URL)"


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
    published = None
    for field in ("published", "updated", "created"):
        if e.get(f"{field}_parsed"):
            # feedparser reads a date without a zone (or with one it does not know) as UTC: such a date is
            # the publisher's local time, so it stays naive and the feed's zone decides.
            published = _from_struct_time(e[f"{field}_parsed"], has_zone(e.get(field) or ""))
            break
    return Entry(
        link=e.get("link"),
        guid=e.get("id"),
        title=e.get("title") or "",
        summary=summary,
        published=published,
    )


# A zone feedparser reads correctly at the end of a date: an offset, Z, or a name it knows.
_ZONE_AT_END = re.compile(r"(?:[+-]\d\d:?\d\d|\dZ|\b(?:GMT|UTC?|[ECMP][SD]T))\s*$", re.I)


def has_zone(raw: str) -> bool:
    """Whether a date as written in a feed names its zone (one feedparser understands)."""
    return bool(_ZONE_AT_END.search(raw))


def _from_struct_time(value: Any, zoned: bool = True) -> datetime | None:
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = value[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC if zoned else None)
    except (TypeError, ValueError):
        return None


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"not a feed: invalid JSON ({_describe(exc)})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(JSON_FEED_VERSION):
        raise ParseError("not a feed: JSON without a JSON Feed version")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed: JSON Feed without an items list")
    entries = [_entry_from_json(item) for item in items if isinstance(item, dict)]
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    language = doc.get("language") if isinstance(doc.get("language"), str) else None
    return ParsedFeed(title=title, entries=entries, format="JSON Feed", language=language)


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
        return datetime.fromisoformat(value.strip())  # naive when written without a zone
    except ValueError:
        return None


# --- the fast reader --------------------------------------------------------------------------------

NAMESPACES = {  # XML namespace names: identifiers in documents, never fetched
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rss1": "http://purl.org/rss/1.0/",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
_ATOM = f"{{{NAMESPACES['atom']}}}"
_CONTENT_ENCODED = f"{{{NAMESPACES['content']}}}encoded"
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)[\"']")
_RFC822_ZONE = re.compile(r"\d\d:\d\d(?::\d\d)?\s+(?:[+-]\d{4}|GMT|UTC?|Z)\s*$")
_ISO_LOCAL = re.compile(r"\s*\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\s*")  # a common Korean CMS: no zone
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE_LIKE = ("date", "updated", "published", "modified", "issued", "created")


class _NotSimple(Exception):
    """The document needs feedparser to be read the same way."""


def read_simple_feed(body: bytes, content_type: str | None) -> ParsedFeed | None:
    """RSS 2.0 or Atom 1.0 in UTF-8 without a DOCTYPE, read directly; None to leave it to feedparser."""
    # Anywhere in the document, not only its head: a long comment can push a DOCTYPE far down.
    if not _plain_utf8(body, content_type) or b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return None
    try:
        root = ET.fromstring(body)
        if root.tag == "rss" and root.get("version") == "2.0":
            return _read_rss(root)
        if root.tag == f"{_ATOM}feed":
            return _read_atom(root)
    except (ET.ParseError, _NotSimple, ValueError, TypeError, OverflowError):
        return None
    return None


def _plain_utf8(body: bytes, content_type: str | None) -> bool:
    charset = re.search(r"charset=([\w.-]+)", content_type or "", re.I)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        return False
    declared = _XML_DECL.match(body[:200])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def _read_rss(root: ET.Element) -> ParsedFeed:
    channel = root.find("channel")
    if channel is None:
        raise _NotSimple
    entries = []
    for item in channel.iter("item"):
        link = _text(item, "link")
        if not link or not link.lstrip().lower().startswith(("http://", "https://")):
            raise _NotSimple  # feedparser would take the link from elsewhere (guid, relative base)
        summary = _text(item, "description") or _text(item, _CONTENT_ENCODED) or ""
        guid = _text(item, "guid")
        entries.append(
            Entry(
                link=link.strip(),
                guid=guid.strip() if guid else None,
                title=_text(item, "title") or "",
                summary=summary,
                published=_rss_date(item),
            )
        )
    language = (_text(channel, "language") or "").strip() or None
    return ParsedFeed(title=_text(channel, "title"), entries=entries, format="RSS 2.0", language=language)


def _rss_date(item: ET.Element) -> datetime | None:
    text = _text(item, "pubDate")
    if text is None:
        if any(child.tag.lower().endswith(_DATE_LIKE) for child in item):
            raise _NotSimple
        return None
    if _ISO_LOCAL.fullmatch(text):
        return datetime.fromisoformat(text.strip())  # naive: the publisher's local time
    if not _RFC822_ZONE.search(text):
        raise _NotSimple  # feedparser has its own rules for dates without a plain zone
    return _utc_second(parsedate_to_datetime(text.strip()))


def _read_atom(root: ET.Element) -> ParsedFeed:
    entries = []
    for entry in root.iter(f"{_ATOM}entry"):
        link = None
        for candidate in entry.findall(f"{_ATOM}link"):
            if candidate.get("rel", "alternate") == "alternate" and link is None:
                link = candidate.get("href")
        if not link or not link.lower().startswith(("http://", "https://")):
            raise _NotSimple
        summary_el = entry.find(f"{_ATOM}summary")
        if summary_el is None:
            summary_el = entry.find(f"{_ATOM}content")
        title_el = entry.find(f"{_ATOM}title")
        for element in (summary_el, title_el):
            if element is not None and (element.get("type") == "xhtml" or len(element)):
                raise _NotSimple  # inline XHTML: feedparser serialises it its own way
        published = _text(entry, f"{_ATOM}published") or _text(entry, f"{_ATOM}updated")
        entries.append(
            Entry(
                link=link.strip(),
                guid=(_text(entry, f"{_ATOM}id") or "").strip() or None,
                title=(title_el.text or "") if title_el is not None else "",
                summary=(summary_el.text or "") if summary_el is not None else "",
                published=_utc_second(datetime.fromisoformat(published.strip().replace("Z", "+00:00")))
                if published
                else None,
            )
        )
    language = (root.get(_XML_LANG) or "").strip() or None
    return ParsedFeed(title=_text(root, f"{_ATOM}title"), entries=entries, format="Atom", language=language)


def _text(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    return None if found is None else (found.text or "")


def _utc_second(moment: datetime) -> datetime:
    """As feedparser reads dates: in UTC, to the second; a date without a zone stays naive (local time)."""
    if moment.tzinfo is None:
        return moment.replace(microsecond=0)
    return moment.astimezone(UTC).replace(microsecond=0)
