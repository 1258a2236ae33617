"""Escape untrusted text for Markdown that kramdown (Jekyll) and GFM both render as the text itself.

Pure. Only what would change the rendering is escaped, so `GPT-5.1`, `2025-11-01`, `(주)` and `A&B` stay as
written in the Markdown source too. Everything feed text could do is made inert: raw HTML and autolinks (`<`),
Liquid (`{{`, `{%`), kramdown extensions and attribute lists (`{:`), links and images (`[`), emphasis, code,
strikethrough, math (`$$`), tables (`|`), bare URLs that GFM would link, and the constructs that only count at
the start of a line (headings, quotes, lists, rules, definitions). The text always comes out on one line.
GFM still links a bare e-mail address (mailto:, whatever is escaped); kramdown does not.
"""

from __future__ import annotations

import re
from typing import Any

_INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u2060-\u2064\u180e]"
)
_INLINE = re.compile(
    r"""(?P<backslash>\\)
    |(?P<always>[`*\[\]|])
    |(?P<entity>&(?=\#?[A-Za-z0-9]+;))
    |(?P<lt><(?=[A-Za-z/!?]))
    |(?P<brace>\{(?=[{%:\#]))
    |(?P<math>\$\$)
    |(?P<dashes>-(?=-))
    |(?P<angles>>>|<<)
    |(?P<scheme>(?<![A-Za-z])(?:https?|ftp|mailto):)
    |(?P<www>(?<![A-Za-z0-9])www(?=\.))""",
    re.X | re.I,
)
# At the start of a line: ATX heading, quote, list bullet, ordered list marker, definition, fence, rule
_LINE_START = re.compile(r"^(?:#|>|[-+=:](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")


def markdown_escape(value: Any) -> str:
    """Text that kramdown, GFM, HTML and Liquid all show as written, on one line."""
    text = " ".join(_INVISIBLE.sub("", str(value)).split())
    text = _INLINE.sub(_escape, text)
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)  # _ not between two letters could pair
    if text.count("~") >= 2:  # a pair of tildes strikes through in GFM; kramdown has no \~
        text = text.replace("~", "&#126;")
    start = _LINE_START.match(text)
    if start:
        end = start.end()
        text = text[:end] + "\\" + text[end:] if text[:end].isdigit() else "\\" + text
    if text == "^":
        return "&#94;"  # alone on a line, kramdown's end-of-block marker
    return _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), text)


def _escape(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind in ("backslash", "always"):
        return "\\" + m.group()
    if kind == "entity":
        return "&amp;"
    if kind == "lt":
        return "&lt;"
    if kind == "brace":
        return "&#123;"
    if kind == "math":
        return "\\$\\$"
    if kind == "dashes":
        return "-\\"  # kramdown turns -- into a dash
    if kind == "angles":
        return "\\" + m.group()[0] + "\\" + m.group()[0]  # kramdown turns >> and << into » and «
    if kind == "scheme":
        return m.group()[:-1] + "&#58;"  # GFM links bare URLs, but not once the colon is an entity
    return "ww&#119;"  # www.: GFM links it, but not once a letter is an entity
