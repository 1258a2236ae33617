"""Write small feed documents in every format the product reads, from plain tuples."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from monitor.parse import JSON_FEED_VERSION
from monitor.parse import NAMESPACES as NS


@dataclass(frozen=True)
class Post:
    title: str
    link: str | None
    published: datetime | None
    summary: str = ""
    guid: str | None = None


def rss2(posts: list[Post], title: str = "Test feed", encoding: str = "utf-8") -> bytes:
    items = []
    for p in posts:
        parts = [f"<title>{escape(p.title)}</title>"]
        if p.link:
            parts.append(f"<link>{escape(p.link)}</link>")
        if p.guid:
            parts.append(f'<guid isPermaLink="false">{escape(p.guid)}</guid>')
        if p.published:
            parts.append(f"<pubDate>{format_datetime(p.published)}</pubDate>")
        parts.append(f"<description>{escape(p.summary)}</description>")
        items.append("<item>" + "".join(parts) + "</item>")
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        f'<rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>https://feeds.example/</link><description>test</description>{''.join(items)}</channel></rss>"
    )
    return doc.encode(encoding)


def atom(posts: list[Post], title: str = "Test atom") -> bytes:
    entries = []
    for p in posts:
        parts = [f"<title>{escape(p.title)}</title>", f"<id>{escape(p.guid or p.link or p.title)}</id>"]
        if p.link:
            parts.append(f'<link rel="alternate" href="{escape(p.link)}"/>')
        if p.published:
            parts.append(f"<published>{p.published.isoformat()}</published>")
            parts.append(f"<updated>{p.published.isoformat()}</updated>")
        parts.append(f'<summary type="html">{escape(p.summary)}</summary>')
        entries.append("<entry>" + "".join(parts) + "</entry>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{NS["atom"]}">'
        f"<title>{escape(title)}</title><id>urn:test</id><updated>2025-11-01T00:00:00Z</updated>"
        f"{''.join(entries)}</feed>"
    ).encode()


def rss1(posts: list[Post], title: str = "Test RDF") -> bytes:
    items = []
    for p in posts:
        date = f"<dc:date>{p.published.isoformat()}</dc:date>" if p.published else ""
        items.append(
            f'<item rdf:about="{escape(p.link or "")}"><title>{escape(p.title)}</title>'
            f"<link>{escape(p.link or '')}</link><description>{escape(p.summary)}</description>{date}</item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="{NS["rdf"]}"'
        f' xmlns="{NS["rss1"]}" xmlns:dc="{NS["dc"]}">'
        f'<channel rdf:about="https://feeds.example/"><title>{escape(title)}</title>'
        f"<link>https://feeds.example/</link><description>t</description></channel>{''.join(items)}</rdf:RDF>"
    ).encode()


def json_feed(posts: list[Post], title: str = "Test JSON") -> bytes:
    items = []
    for p in posts:
        item = {"id": p.guid or p.link or p.title, "title": p.title, "content_html": p.summary}
        if p.link:
            item["url"] = p.link
        if p.published:
            item["date_published"] = p.published.isoformat()
        items.append(item)
    return json.dumps({"version": JSON_FEED_VERSION + "1.1", "title": title, "items": items}).encode()


def site(name: str, path: str = "/") -> str:
    """A link on a fictitious outlet, https://NAME.example/PATH."""
    return f"https://{name}.example{path}"
