"""OPML in and out: the feed list as other readers exchange it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from monitor.errors import UsageError


def read_opml(path: Path) -> list[tuple[str, str | None]]:
    """(url, title) of every outline with an http(s) xmlUrl, in document order, without repeats."""
    try:
        root = ET.fromstring(path.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except (OSError, ET.ParseError) as exc:
        raise UsageError(f"{path}: not a readable OPML file ({exc})") from None
    seen: dict[str, str | None] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url.lower().startswith(("http://", "https://")) and url not in seen:
            seen[url] = outline.get("title") or outline.get("text")
    if not seen:
        raise UsageError(f"{path}: no feeds found (no <outline xmlUrl=...> elements)")
    return list(seen.items())


def write_opml(feeds: list[tuple[str, str | None]]) -> str:
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = "monitor feeds"
    body = ET.SubElement(root, "body")
    for url, name in feeds:
        ET.SubElement(body, "outline", type="rss", text=name or url, title=name or url, xmlUrl=url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
