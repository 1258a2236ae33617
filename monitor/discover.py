"""Find the feeds a web page advertises: `<link rel="alternate">` of type RSS, Atom or JSON Feed (pure)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urljoin

FEED_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/feed+json": "JSON Feed",
    "application/json": "JSON Feed",
    "application/rdf+xml": "RSS 1.0",
}
MAX_PAGE_CHARS = 2_000_000  # a page's feed links sit in its head; a huge page is not read to the end


class FeedLink(NamedTuple):
    url: str
    kind: str  # "RSS", "Atom", "JSON Feed", "RSS 1.0"
    title: str


class _LinkCollector(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[FeedLink] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"].strip())
            return
        if tag not in ("link", "a"):
            return
        rels = values.get("rel", "").lower().split()
        kind = FEED_TYPES.get(values.get("type", "").split(";")[0].strip().lower())
        href = values.get("href", "").strip()
        if "alternate" in rels and kind and href:
            url = urljoin(self.base, href)
            if url.lower().startswith(("http://", "https://")):
                self.found.append(FeedLink(url, kind, " ".join(values.get("title", "").split())))

    handle_startendtag = handle_starttag


def advertised_feeds(page: str | bytes, page_url: str) -> list[FeedLink]:
    """The feeds a page advertises, in page order, each URL once; relative hrefs resolved against the page
    (or its `<base href>`)."""
    if isinstance(page, bytes):
        page = page[:MAX_PAGE_CHARS].decode("utf-8", errors="replace")
    collector = _LinkCollector(page_url)
    try:
        collector.feed(page[:MAX_PAGE_CHARS])
        collector.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup: keep what it found
        pass
    seen: set[str] = set()
    out = []
    for link in collector.found:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """A web page rather than a feed."""
    head = body[:1024].lstrip().lower()
    if "html" in (content_type or "").lower():
        return True
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
