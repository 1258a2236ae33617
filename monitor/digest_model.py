"""The digest as typed, frozen records, and its one JSON form: what the store archives, `digest --stored` re-renders
and the static site reads.

The archived JSON (digest_to_json) is one object:

    month "YYYY-MM", lang "ko"|"en", title, date ("YYYY-MM-DD HH:MM:SS +ZZZZ"), author, categories [str],
    tags [company id..., "ai-trends"], excerpt, summary (closing paragraph, may be ""),
    sections [{layer, heading, intro, stories [STORY]}],
    deals [{text, usd, usd_text, kind, kind_name, companies [id], company_names [str], title, url|null}],
    companies [{id, name, stories, articles, previous, change ("new", "▲2", "▼1", "–"), bar (0-100)}],
    layers [{id, name, articles, share (0-1), previous_share, change ("▲3%p", "▼1%p", "–"), bar}],
    health {feeds [{url, name|null, problems ["failed"|"rate_limited"|"silent"], detail}], never_mentioned [str]},
    footer {period, ai_items, stories, outlets, feeds_delivered, generated (ISO 8601)}

    STORY = {title, summary, companies [id, most central first], company_names [str], layer,
             sources [{outlet (host), url, title, name (the outlet's name or "")}], articles,
             published (ISO 8601, the last item),
             amounts [{text, usd, kind}] (the headline's figure first), weight (= number of sources)}

digest_from_json() reads that shape back (keys it does not know are ignored; `weight` is derived), so a digest
archived by any version since the first re-renders as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any


@dataclass(frozen=True)
class Money:
    """An amount a story tells: as written, in US dollars, and its kind (deal, valuation, revenue, market, pay)."""

    text: str
    usd: float
    kind: str
    won: str = ""  # in a Korean digest, the conversion of a figure not written in won ("약 53조 원")


@dataclass(frozen=True)
class Source:
    outlet: str  # the host the link goes to, without www.
    url: str
    title: str
    name: str = ""  # the outlet's readable name (its feed's name), when known; archives before it have none


@dataclass(frozen=True)
class Story:
    title: str
    summary: str
    companies: tuple[str, ...]
    company_names: tuple[str, ...]
    layer: str
    sources: tuple[Source, ...]
    articles: int
    published: str
    amounts: tuple[Money, ...] = ()
    # Facts of the story (the stories-and-facts issue); defaults keep older archives readable.
    amount: Money | None = None  # the event's own figure, not the largest amount quoted
    mentioned: tuple[str, ...] = ()  # companies named but not acting: never in headlines or actor lists
    topics: tuple[str, ...] = ()  # sorted topic ids
    lang: str = ""  # language of title and summary (the lead article's)
    langs: tuple[str, ...] = ()  # languages the story was reported in, sorted
    outlets: int = 0  # distinct outlets
    items: tuple[str, ...] = ()  # canonical URLs of its items
    updated: str = ""  # the last item (ISO 8601); `published` is the first

    @property
    def weight(self) -> int:
        return len(self.sources)


@dataclass(frozen=True)
class Section:
    layer: str  # the section's key: its layer, or the first of its layers/topics for a themed section
    heading: str
    intro: str
    stories: tuple[Story, ...]
    layers: tuple[str, ...] = ()  # what the section selects by (themed sections)
    topics: tuple[str, ...] = ()
    highlight: str = ""  # its line in the table of contents (writers.narrative.highlight)


@dataclass(frozen=True)
class Brief:
    """A story not told in a section, listed by title and link ("그 밖의 소식" / "Also this month")."""

    title: str
    url: str
    outlet: str = ""


@dataclass(frozen=True)
class Deal:
    text: str
    usd: float
    usd_text: str
    kind: str
    kind_name: str
    companies: tuple[str, ...]
    company_names: tuple[str, ...]
    title: str
    url: str | None
    deal_type: str = ""  # what its title calls it (one of amounts.DEAL_TYPES), "" when it does not say
    outlet: str = ""  # the name of its article's outlet, when known


@dataclass(frozen=True)
class CompanyTrend:
    id: str
    name: str
    stories: int
    articles: int
    previous: int
    change: str
    bar: int


@dataclass(frozen=True)
class LayerTrend:
    id: str
    name: str
    articles: int
    share: float
    previous_share: float
    change: str
    bar: int


@dataclass(frozen=True)
class FeedHealth:
    url: str
    name: str | None
    problems: tuple[str, ...]  # "failed", "rate_limited", "silent"
    detail: str = ""


@dataclass(frozen=True)
class Health:
    feeds: tuple[FeedHealth, ...] = ()
    never_mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Footer:
    period: str
    ai_items: int
    stories: int
    outlets: int
    feeds_delivered: int
    generated: str
    # The day monitor began collecting (YYYY-MM-DD, in the digest's time zone) when that fell after the month's
    # first day: the month is covered from then on, and before it only by what the feeds still carried.
    collected_from: str = ""


@dataclass(frozen=True)
class Digest:
    month: str
    lang: str
    title: str
    date: str
    author: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    excerpt: str
    sections: tuple[Section, ...]
    deals: tuple[Deal, ...]
    companies: tuple[CompanyTrend, ...]
    layers: tuple[LayerTrend, ...]
    summary: str
    health: Health
    footer: Footer
    valuations: tuple[Deal, ...] = ()  # valuations named this month: never added to deals
    also: tuple[Brief, ...] = ()
    writer: dict[str, Any] | None = None  # the optional writer's model, prompt version and verdicts


# The record type of each nested field, for reading the JSON back.
_NESTED: dict[tuple[type, str], type] = {
    (Digest, "sections"): Section,
    (Digest, "deals"): Deal,
    (Digest, "companies"): CompanyTrend,
    (Digest, "layers"): LayerTrend,
    (Digest, "health"): Health,
    (Digest, "footer"): Footer,
    (Section, "stories"): Story,
    (Story, "sources"): Source,
    (Story, "amounts"): Money,
    (Story, "amount"): Money,
    (Digest, "valuations"): Deal,
    (Digest, "also"): Brief,
    (Health, "feeds"): FeedHealth,
}


def digest_to_json(digest: Digest) -> dict[str, Any]:
    """The digest as JSON-ready data: the one form that is archived (see the module's docstring)."""
    out = _plain(digest)
    assert isinstance(out, dict)
    return out


_SCALARS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}  # a record class -> its field names (dataclasses.fields() makes them anew)


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [_plain(v) for v in value]
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is None:
        return [_plain(v) for v in value] if isinstance(value, tuple | list) else value
    out = {name: _plain(getattr(value, name)) for name in names}
    if kind is Story:
        out["weight"] = value.weight
    return out


def digest_from_json(data: dict[str, Any]) -> Digest:
    """An archived digest's JSON -> Digest. Raises ValueError when a field it needs is missing or not an object."""
    digest = _load(Digest, data)
    assert isinstance(digest, Digest)
    return digest


def _load(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"an archived {cls.__name__} is not an object: {data!r:.60}")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue  # a field with a default; one without it makes the constructor say which
        value, nested = data[f.name], _NESTED.get((cls, f.name))
        if nested is not None and isinstance(value, list):
            value = tuple(_load(nested, v) for v in value)
        elif nested is not None and value is not None:
            value = _load(nested, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ValueError(f"an archived {cls.__name__} lacks a field ({exc})") from None
