"""Frozen records that cross stage boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple


def pickled_by_position(record: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle a slotted record as its constructor's arguments: faster both ways than slot state, and the
    fetch pass sends every item between processes."""
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    name: str | None = None
    interval: float | None = None  # seconds; None: the [fetch] interval
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    failures: int = 0
    held_until: datetime | None = None  # backoff or Retry-After
    last_attempt: datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    added_by: str = "config"  # "config" | "cli" | "opml" | "removed"; the store's column `source`
    timezone: str | None = None  # [[feeds]] timezone: the zone of dates that carry none
    date_zone: str | None = None  # the zone used for such dates at the last successful read


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one HTTP exchange for a feed produced."""

    status: str  # "ok" | "not_modified" | "failed"
    http_status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None  # set when every redirect was permanent
    retry_after: float | None = None  # seconds, from a 429/503 answer
    error: str | None = None
    bytes_read: int = 0
    duration: float = 0.0


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry as the parser read it: raw text, no decisions yet."""

    link: str | None
    guid: str | None
    title: str
    summary: str
    published: datetime | None  # aware, any offset; naive: the date carried no zone (publisher's local time)


class Evidence(NamedTuple):
    tag: str  # company, layer or topic id
    kind: str  # "company" | "layer" | "topic"
    term: str
    field: str  # "title" | "summary"
    position: int
    weight: float


class Rejection(NamedTuple):
    term: str
    field: str
    position: int
    reason: str


@dataclass(frozen=True, slots=True)
class Tags:
    companies: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    primary_layer: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    topics: tuple[str, ...] = ()  # what kind of event: talent, security, policy, ... (0-3, strongest first)

    __reduce__ = pickled_by_position


NO_TAGS = Tags()


@dataclass(frozen=True, slots=True)
class Item:
    """A normalised item, ready to store."""

    key: str  # identity: canonical link, else feed+guid, else a hash of title and date
    url: str | None
    guid: str | None
    title: str
    summary: str
    published: datetime  # UTC
    date_estimated: bool
    lang: str  # "ko" | "en"
    tags: Tags = NO_TAGS

    __reduce__ = pickled_by_position


@dataclass(frozen=True, slots=True)
class ItemRow:
    """An item as the store writes it, made by `store.item_row` (pure: the fetch pass's worker makes it,
    so the process that writes does not)."""

    key: str
    url: str | None
    guid: str | None
    title: str
    summary: str
    published: str  # stored text form, UTC
    date_estimated: bool
    lang: str
    content_hash: str
    companies: str  # JSON list
    layers: str  # JSON list
    primary_layer: str | None
    tag_detail: str | None  # JSON: scores and evidence
    tags: tuple[tuple[str, str, float], ...]  # (kind, tag, score) for item_tags
    topics: str = "[]"  # JSON list

    __reduce__ = pickled_by_position


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """One feed's pass: what the fetch gave and what the store took."""

    feed: Feed
    status: str  # "ok" | "not_modified" | "failed"
    new_items: int = 0
    error: str | None = None


class StoredItem(NamedTuple):
    """An item as read back from the store, with the feeds that carried it. (A named tuple: a digest reads a month's
    items, 50,000 of them, and one is made five times quicker than a frozen dataclass.)"""

    id: int
    url: str | None
    title: str
    summary: str
    published: datetime
    date_estimated: bool
    lang: str
    feeds: tuple[str, ...]
    companies: tuple[str, ...]
    layers: tuple[str, ...]
    primary_layer: str | None
    first_seen: datetime
    topics: tuple[str, ...] = ()
    content_hash: str = ""  # what changes when the stored copy is updated
