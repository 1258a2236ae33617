"""Render a digest model with Jinja2: HTML (CSS inlined, for email and the web), text, Markdown.

Feed text is untrusted. HTML is autoescaped and links are http(s) only, shown by their real host;
Markdown escapes only what kramdown or GFM would render (monitor.markdown), raw HTML and Liquid included;
front-matter values are quoted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import css_inline
import orjson
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
)

from monitor.amounts import figure_flags
from monitor.digest_model import Digest, Money, digest_to_json
from monitor.errors import ConfigError
from monitor.locale import words
from monitor.markdown import markdown_escape
from monitor.resources import shipped_path
from monitor.writers.sentences import in_language

FORMATS = {"html": "digest.html.j2", "text": "digest.txt.j2", "markdown": "digest.md.j2"}
_BLANK_LINE = re.compile(r"\n\s*\n")
_LATIN_GLOSS = re.compile(r"\([A-Za-z][\w .&'-]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?。]) +")
_INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u2060-\u2064\u180e]"
)


def template_environment(user_folder: Path | None) -> Environment:
    """Shipped templates, overridden file by file by a user's folder."""
    loaders = [FileSystemLoader(str(user_folder))] if user_folder else []
    loaders.append(FileSystemLoader(str(shipped_path("templates"))))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=markdown_escape, yaml=yaml_string, link=safe_url, mdlink=markdown_url, host=host_of,
                       pct=lambda v: f"{v:.0%}", plain=plain, outlet=outlet_label, paragraphs=paragraphs,
                       untold=untold, figure=figure_in, pad=pad)  # fmt: skip
    return env


def pad(text: str, width: int) -> str:
    """The text padded with spaces to `width` terminal columns: a Hangul syllable takes two (the text digest's
    chart rows line up in a monospace font); a longer text as it is."""
    from rich.cells import cell_len  # (only the text digest pads: the others need not import it)

    return text + " " * max(0, width - cell_len(text))


def figure_in(money: Money, lang: str) -> str:
    """A story's figure on its card: as written when that is in the digest's language, else in that language's money
    words ("$130 billion" in a Korean digest: "1,300억 달러") with its "up to" or "a year"; a range as written."""
    if not money.usd or in_language(money.text, lang):
        return money.text
    flags = figure_flags(money.text)
    if flags is None:
        return money.text
    return words(lang).money(money.usd, per_year=flags[0], cap=flags[1])


def render_digest(model: Digest, fmt: str, env: Environment) -> str:
    """Templates see the digest as `d` (monitor.digest_model), its language's words as `t` (monitor.locale).

    Charts are drawn by the templates (HTML bars, text rows); `charts` stays an empty mapping for templates written
    when they were PNG images. "json" is the model itself, exactly as it is archived (digest_to_json)."""
    if fmt == "json":
        return orjson.dumps(digest_to_json(model)).decode() + "\n"  # (a tenth of json.dumps's time, 22,000 deals)
    template = load_template(env, FORMATS[fmt])
    try:
        text = template.render(d=model, t=words(model.lang), charts={})
    except TemplateError as exc:  # a user's template that does not fit the digest model
        raise ConfigError(f"{template.filename}: template error: {exc}") from None
    if fmt == "html":
        text = css_inline.CSSInliner(keep_style_tags=True).inline(text)
    return text


def load_template(env: Environment, name: str) -> Template:
    try:
        return env.get_template(name)
    except TemplateSyntaxError as exc:
        raise ConfigError(f"{exc.filename}:{exc.lineno}: template syntax error: {exc.message}") from None
    except TemplateError as exc:
        raise ConfigError(f"{name}: cannot load template ({exc})") from None


def check_templates(env: Environment) -> None:
    """Load every template once, so a broken one is reported by `monitor config check`."""
    for name in FORMATS.values():
        load_template(env, name)


def paragraphs(text: str) -> list[str]:
    """A prose block's paragraphs (the writers separate them by a blank line)."""
    return [p.strip() for p in _BLANK_LINE.split(str(text)) if p.strip()]


def untold(summary: str, told: str) -> str:
    """A story's summary without the sentences its section's prose already told, so a card adds to the prose
    instead of repeating it."""
    told = _LATIN_GLOSS.sub("", str(told))  # the prose glosses a first mention: 코어위브(CoreWeave)
    sentences = _SENTENCE_END.split(str(summary).strip())
    return " ".join(s for s in sentences if s and _LATIN_GLOSS.sub("", s) not in told)


def plain(text: str) -> str:
    """Untrusted text without control or direction-override characters."""
    return _INVISIBLE.sub("", str(text))


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) with a host, else None (never javascript:, data:, ...).

    A host written with look-alike letters links to, and shows, its real ASCII name (xn--...).
    """
    if not url:
        return None
    url = plain(url).strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not parts.netloc.isascii():
        netloc = _ascii_host(parts.hostname) + (f":{parts.port}" if parts.port else "")
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


def host_of(url: str | None) -> str:
    """The host a link really goes to, in ASCII, without www."""
    host = _ascii_host((urlsplit(url or "").hostname or "").lower())
    return host[4:] if host.startswith("www.") else host


def outlet_label(name: str | None, url: str | None) -> str:
    """A source link's label: its outlet's name, unless that looks like a host name (a feed calling itself
    "bank.example", or an unnamed outlet's host as it came): then the host the link really goes to, in ASCII."""
    name = " ".join(plain(name or "").split())
    if not name or _HOST_LIKE.fullmatch(name):
        return host_of(url) or name
    return name


_HOST_LIKE = re.compile(r"[^\s/]+\.[^\s/.]+\.?")


def _ascii_host(host: str) -> str:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host.encode("ascii", "backslashreplace").decode("ascii")


def markdown_url(url: str | None) -> str | None:
    safe = safe_url(url)
    return quote(safe, safe=":/?&=#%@+,;~!$'*") if safe else None


def yaml_string(value: Any) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) that a theme may print as it is:
    no Liquid delimiters, no markup."""
    text = plain(str(value)).replace("\n", " ").translate(_FRONT_MATTER)
    return json.dumps(text, ensure_ascii=False)


_FRONT_MATTER = str.maketrans({"{": "(", "}": ")", "<": "‹", ">": "›"})
