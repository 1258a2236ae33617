"""Turn parsed entries into items: canonical URLs, clean text, UTC dates, language, identity."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime, timedelta, tzinfo
from urllib.parse import urlsplit, urlunsplit

from monitor.models import Entry, Item

MAX_TITLE_CHARS = 500
MAX_SUMMARY_CHARS = 4000
EARLIEST_PLAUSIBLE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "vero_id",
        "oly_enc_id",
        "oly_anon_id",
        "rb_clickid",
        "s_cid",
        "ncid",
        "cmpid",
        "spm",
        "from_rss",
        "rss",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACES_IN_URL = re.compile(r"\s")

_DROP_BLOCKS = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_HIDDEN_BLOCK = re.compile(r"<(?:script|style|template)\b", re.I)
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"<(?:br|/?p|/?div|/?li|/?h\d|/?tr|/?td|/?blockquote)\b[^>]*>", re.I)
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u2060-\u2064\u180e\ufeff]"
)
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


# A link already in canonical form but for its query: lower-case scheme and host, no port, user, fragment
# or spaces, a path. Most links are; they skip urlsplit and urlunsplit (same result, a third of the time).
_PLAIN_URL = re.compile(r"(https?://[a-z0-9.-]+/[^?#\s]*)(?:\?([^#\s]*))?")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default port, fragment and tracking parameters.

    Idempotent; the query string is otherwise kept byte for byte, in its order.
    """
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    if plain is None:
        return _canonical_general(url)
    base, query = plain.groups()
    if query:
        query = _kept_query(query)
    return f"{base}?{query}" if query else base


def article_identity(url: str) -> str:
    """The identity of a canonical link: one article whatever its scheme, a leading `www.` or a trailing
    slash on its path (`http://www.x.example/a/` is `https://x.example/a`). Idempotent; cheap string work."""
    if url.startswith("https://"):
        rest = url[8:]
    elif url.startswith("http://"):
        rest = url[7:]
    else:
        return url
    if rest.startswith("www."):
        rest = rest[4:]
    head, mark, query = rest.partition("?")
    if head.endswith("/"):
        head = head.rstrip("/")
        if "/" not in head:
            head += "/"
    return f"https://{head}{mark}{query}"


def _canonical_general(url: str) -> str:
    parts = urlsplit(_SPACES_IN_URL.sub("%20", url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    host = f"[{host}]" if ":" in host else host
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    path = parts.path or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, _kept_query(parts.query), ""))


def _kept_query(query: str) -> str:
    return "&".join(p for p in query.split("&") if p and not _is_tracking(p.split("=", 1)[0]))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in _TRACKING_PARAMS


def clean_text(markup: str, limit: int) -> str:
    """HTML or plain text -> one line of plain text: tags stripped, entities decoded, spaces folded."""
    if not markup:
        return ""
    text = markup
    if "<" in text:
        if "<!--" in text or _HIDDEN_BLOCK.search(text):
            text = _DROP_BLOCKS.sub(" ", text)
        text = _TAG.sub("", _BLOCK_TAG.sub(" ", text))  # <b>엔비디아</b>의 stays one word; <p>s break
    if "&" in text:
        text = html.unescape(text)
        if "<" in text:  # entities that decoded to markup are text, but tags in text are noise
            text = _TAG.sub("", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def detect_language(text: str) -> str:
    """'ko' when Hangul is a real part of the text, else 'en'."""
    if text.isascii():
        return "en"
    hangul = sum(map(len, _HANGUL_RUN.findall(text)))
    if hangul < 2:
        return "en"
    if hangul * 10 >= len(text):
        return "ko"
    return "ko" if hangul * 10 >= sum(map(len, _LATIN_RUN.findall(text))) else "en"


def normalize_entry(entry: Entry, feed_id: int, fetched_at: datetime, zone: tzinfo = UTC) -> Item | None:
    """An item from a parsed entry, or None when it has neither a title nor a summary.

    A date without a zone is the publisher's local time, `zone` (see `parse.date_zone`)."""
    title = clean_text(entry.title, MAX_TITLE_CHARS)
    summary = clean_text(entry.summary, MAX_SUMMARY_CHARS)
    if not title and not summary:
        return None
    published, estimated = _publication_time(entry.published, fetched_at, zone)
    url = _usable_link(entry.link)
    guid = entry.guid.strip()[:1000] if entry.guid else None
    return Item(
        key=item_key(url, feed_id, guid, title, entry.published),
        url=url,
        guid=guid,
        title=title or summary[:120],
        summary=summary,
        published=published,
        date_estimated=estimated,
        lang=detect_language(title + " " + summary[:400]),
    )


def item_key(url: str | None, feed_id: int, guid: str | None, title: str, published: datetime | None) -> str:
    """Identity: the canonical link as an article (`article_identity`); else (feed, guid); else a hash of
    title and date."""
    if url:
        return article_identity(url)
    if guid:
        return f"guid:{feed_id}:{guid}"
    stamp = published.isoformat() if published else ""
    return "hash:" + hashlib.sha1(f"{title}\x00{stamp}".encode()).hexdigest()


def _usable_link(link: str | None) -> str | None:
    if not link:
        return None
    link = link.strip()
    if not link.lower().startswith(("http://", "https://")) or len(link) > 2000:
        return None
    try:
        return canonical_url(link)
    except ValueError:  # not a URL after all ('http://[oops/'): the item keeps its guid or text identity
        return None


def _publication_time(published: datetime | None, fetched_at: datetime, zone: tzinfo) -> tuple[datetime, bool]:
    if published is None:
        return fetched_at.astimezone(UTC), True
    if published.tzinfo is None:
        published = published.replace(tzinfo=zone)
    published = published.astimezone(UTC)
    if published < EARLIEST_PLAUSIBLE or published > fetched_at + FUTURE_TOLERANCE:
        return fetched_at.astimezone(UTC), True
    return published, False
