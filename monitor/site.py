"""The static archive site of the archived digests: an index, a page per month and language, company pages and an
Atom feed of the digests.

build_site() is pure: archived digest records in, files out (relative path -> bytes). read_issue() is the one place
that knows the archived model's keys, so a change of the model's shape touches it alone. write_site() and
publish_site() are the I/O edges; write_site() keeps the list of files it wrote (MANIFEST), so that the next build
removes those it no longer writes and nothing else.

Feed text is untrusted: Jinja2 autoescapes it, links are http(s) only (render.safe_url), and every `{` and `}` of
every page and of the feed is written as a character reference, so neither HTML nor Liquid (a Git-hosted pages
site) reads anything in it. No page has JavaScript, and the only files are HTML, CSS and Atom (charts are
labelled table bars, templates/bars.html.j2).
"""

from __future__ import annotations

import json
import logging
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, TemplateError

from monitor.config import Settings
from monitor.digest_model import digest_to_json
from monitor.errors import ConfigError
from monitor.locale import words
from monitor.month_model import month_digest_model
from monitor.months import parse_month
from monitor.render import load_template, plain, safe_url, template_environment
from monitor.rules import Rules
from monitor.store import Store

log = logging.getLogger("monitor.site")

LANGUAGES = ("ko", "en")
ATOM = "http://www.w3.org/2005/Atom"
_SLUG = re.compile(r"[^a-z0-9_-]+")
_INERT = {ord("{"): "&#123;", ord("}"): "&#125;"}


# --- what the site reads of an archived digest -------------------------------------------------------------


@dataclass(frozen=True)
class DigestRecord:
    """One archived digest as the store keeps it: the latest of its month and language."""

    month: str  # YYYY-MM
    lang: str
    model: Mapping[str, Any]
    made: datetime


@dataclass(frozen=True)
class Figure:
    text: str
    usd: float | None
    kind: str

    @property
    def usd_text(self) -> str:
        """≈ $38B, $120M, $5,000: a rough dollar figure beside the amount as written."""
        usd = self.usd or 0
        for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
            if usd >= size:
                return f"${usd / size:,.1f}".removesuffix(".0") + unit
        return f"${usd:,.0f}" if usd else ""


@dataclass(frozen=True)
class Source:
    outlet: str
    url: str | None  # None when it was not a safe http(s) link


@dataclass(frozen=True)
class SiteStory:
    title: str
    summary: str
    actors: tuple[tuple[str, str], ...]  # (company id, name), most central first
    figures: tuple[Figure, ...]
    sources: tuple[Source, ...]
    published: str


@dataclass(frozen=True)
class Section:
    heading: str
    intro: str
    stories: tuple[SiteStory, ...]


@dataclass(frozen=True)
class Issue:
    """The part of one month's digest in one language that the site shows."""

    month: str
    lang: str
    title: str
    excerpt: str
    period: str
    sections: tuple[Section, ...]
    deals: tuple[Mapping[str, Any], ...]  # text, usd_text, kind_name, companies, title, url
    companies: tuple[Mapping[str, Any], ...]  # id, name, stories, articles, previous, change, bar
    layers: tuple[Mapping[str, Any], ...]  # name, articles, share, change, bar
    summary: str
    made: datetime
    started: str = ""  # the note on a month monitor began collecting in (locale Words.started)

    @property
    def path(self) -> str:
        return f"{self.month}/{self.lang}.html"


def read_issue(record: DigestRecord) -> Issue:
    """The adapter from the archived model (a JSON dict) to what the site shows."""
    m = record.model
    names = {c["id"]: plain(c.get("name") or c["id"]) for c in m.get("companies", [])}
    sections = tuple(
        Section(plain(s.get("heading", "")), plain(s.get("intro", "")), tuple(_story(x, names) for x in s["stories"]))
        for s in m.get("sections", [])
    )
    deals = tuple(_deal(d) for d in m.get("deals", []))
    companies = tuple(_row(c, ("stories", "articles", "previous")) for c in m.get("companies", []))
    layers = tuple(_row(row, ("articles", "share")) for row in m.get("layers", []))
    return Issue(
        month=record.month,
        lang=record.lang,
        title=plain(m.get("title", record.month)),
        excerpt=plain(m.get("excerpt", "")),
        period=plain(m.get("footer", {}).get("period", "")),
        sections=sections,
        deals=deals,
        companies=companies,
        layers=layers,
        summary=plain(m.get("summary", "")),
        made=record.made,
        started=_started(m.get("footer", {}), record.lang),
    )


def _started(footer: Mapping[str, Any], lang: str) -> str:
    day = footer.get("collected_from")
    return words(lang).started(day) if isinstance(day, str) and day else ""


def _row(row: Mapping[str, Any], numbers: Sequence[str]) -> dict[str, Any]:
    """A chart's row: its text plain, its `numbers` numbers (0 when absent, as `previous` in archives before it)."""
    out = {k: plain(v) if isinstance(v, str) else v for k, v in row.items()}
    for key in numbers:
        value = out.get(key)
        out[key] = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
    return out


def _deal(deal: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "text": plain(deal.get("text", "")),
        "usd_text": plain(deal.get("usd_text", "")),
        "kind_name": plain(deal.get("kind_name") or deal.get("kind", "")),
        "title": plain(deal.get("title", "")),
        "companies": [plain(n) for n in deal.get("company_names") or deal.get("companies", [])],
        "url": safe_url(deal.get("url")),
    }


def _story(story: Mapping[str, Any], names: Mapping[str, str]) -> SiteStory:
    ids = list(story.get("companies", []))
    shown = list(story.get("company_names") or [names.get(c, c) for c in ids])
    amounts = story.get("amounts") or ([story["amount"]] if story.get("amount") else [])
    return SiteStory(
        title=plain(story.get("title", "")),
        summary=plain(story.get("summary", "")),
        actors=tuple((c, plain(n)) for c, n in zip(ids, shown, strict=False)),
        figures=tuple(Figure(plain(a["text"]), a.get("usd"), plain(a.get("kind", ""))) for a in amounts),
        sources=tuple(
            Source(plain(s.get("name") or s.get("outlet") or ""), safe_url(s.get("url"))) for s in story["sources"]
        ),
        published=plain(story.get("published", "")),
    )


# --- the pure builder --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyStory:
    issue: Issue
    story: SiteStory


def slug(company: str) -> str:
    return _SLUG.sub("-", company.lower()).strip("-") or "company"


def build_site(
    records: Iterable[DigestRecord], env: Environment, *, base_url: str | None = None, language: str = "ko"
) -> dict[str, bytes]:
    """Every file of the site by relative path. `language` chooses which issue of a month the company pages tell."""
    issues: dict[str, dict[str, Issue]] = {}
    for record in records:
        issues.setdefault(record.month, {})[record.lang] = read_issue(record)
    months = sorted(issues, reverse=True)
    preferred = [_preferred(issues[m], language) for m in months]
    companies = company_stories(preferred)
    pages = {slug(c) for c in companies}
    files: dict[str, bytes] = {"style.css": load_template(env, "site/style.css").render().encode()}
    page = _renderer(env, pages)
    files["index.html"] = page("site/index.html.j2", "", months=[(m, issues[m]) for m in months],
                               latest=preferred, companies=_company_index(companies), languages=LANGUAGES)  # fmt: skip
    for month in months:
        for lang, issue in issues[month].items():
            others = [o for o in issues[month].values() if o.lang != lang]  # `charts`: for templates of before
            files[issue.path] = page("site/month.html.j2", "../", issue=issue, charts={}, others=others)
    for company, entries in companies.items():
        name = entries[0].story.actors[[c for c, _ in entries[0].story.actors].index(company)][1]
        files[f"companies/{slug(company)}.html"] = page("site/company.html.j2", "../", company=company, name=name,
                                                        entries=entries, lang=language)  # fmt: skip
    files["feed.xml"] = atom_feed([i for m in months for i in _in_order(issues[m])], base_url, language)
    return files


def _preferred(by_lang: Mapping[str, Issue], language: str) -> Issue:
    return by_lang.get(language) or next(iter(_in_order(by_lang)))


def _in_order(by_lang: Mapping[str, Issue]) -> list[Issue]:
    order = {lang: n for n, lang in enumerate(LANGUAGES)}
    return [by_lang[lang] for lang in sorted(by_lang, key=lambda lang: (order.get(lang, len(order)), lang))]


def company_stories(issues: Sequence[Issue]) -> dict[str, list[CompanyStory]]:
    """Every company named as an actor, with its stories of every issue, in the issues' order (newest first)."""
    out: dict[str, list[CompanyStory]] = {}
    for issue in issues:
        for section in issue.sections:
            for story in section.stories:
                for company, _name in story.actors:
                    out.setdefault(company, []).append(CompanyStory(issue, story))
    return out


def _company_index(companies: Mapping[str, list[CompanyStory]]) -> list[tuple[str, str, int]]:
    rows = []
    for company, entries in companies.items():
        name = dict(entries[0].story.actors)[company]
        rows.append((slug(company), name, len(entries)))
    return sorted(rows, key=lambda r: (-r[2], r[1]))


def _renderer(env: Environment, company_pages: set[str]) -> Callable[..., bytes]:
    def render(template_name: str, root: str, **context: Any) -> bytes:
        template = load_template(env, template_name)
        try:
            text = template.render(root=root, company_pages=company_pages, slug=slug, **context)
        except TemplateError as exc:  # a user's template that does not fit
            raise ConfigError(f"{template.filename}: template error: {exc}") from None
        return inert(text).encode("utf-8")

    return render


def inert(text: str) -> str:
    """Markup with every brace as a character reference: nothing in it is a Liquid tag or output."""
    return text.translate(_INERT)


def tag_authority(base_url: str | None) -> str:
    return (urlsplit(base_url).hostname if base_url else None) or "monitor.localhost"


def atom_feed(issues: Sequence[Issue], base_url: str | None, language: str) -> bytes:
    """An Atom feed with one entry per month and language (newest month first); links absolute with base_url."""
    base = (base_url.rstrip("/") + "/") if base_url else ""
    authority = tag_authority(base_url)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language})
    title = "AI 동향 리포트" if language == "ko" else "AI trends report"
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "id").text = f"tag:{authority},2025:monitor/digests"
    updated = max((i.made for i in issues), default=datetime(2025, 1, 1, tzinfo=UTC))
    ET.SubElement(feed, "updated").text = _rfc3339(updated)
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": base + "index.html"})
    if base:
        ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": base + "feed.xml"})
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "monitor"
    ET.SubElement(feed, "generator").text = "monitor"
    for issue in issues:
        entry = ET.SubElement(feed, "entry", {"xml:lang": issue.lang})
        ET.SubElement(entry, "id").text = f"tag:{authority},{issue.month}-01:digest/{issue.month}/{issue.lang}"
        ET.SubElement(entry, "title", {"type": "text"}).text = issue.title
        ET.SubElement(entry, "updated").text = _rfc3339(issue.made)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": base + issue.path})
        ET.SubElement(entry, "summary", {"type": "text"}).text = issue.excerpt
    body = inert(ET.tostring(feed, encoding="unicode"))
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()


def _rfc3339(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the I/O edges -----------------------------------------------------------------------------------------


SITE_FORMAT = "site"  # the archive's format of a model made for the site, in the language the month was not sent in


@dataclass(frozen=True)
class SiteReport:
    folder: Path
    files: int
    pages: int
    completed: list[str]  # "YYYY-MM/lang" models made for the site
    removed: int = 0  # files an earlier build wrote that this one no longer has


def publish_site(store: Store, settings: Settings, rules: Rules, now: datetime, folder: Path) -> SiteReport:
    """Complete the archive's months in both languages, then build the site and write it to `folder`."""
    completed = complete_languages(store, settings, rules, now)
    records = records_from_rows(store.digests.latest_per_month())
    env = template_environment(settings.digest.templates)
    base_url = settings.site.base_url if settings.site else None
    files = build_site(records, env, base_url=base_url, language=settings.digest.language)
    removed = write_site(files, folder)
    pages = sum(1 for name in files if name.endswith(".html"))
    return SiteReport(folder, len(files), pages, completed, removed)


def complete_languages(store: Store, settings: Settings, rules: Rules, now: datetime) -> list[str]:
    """Every archived month gets a model in each language: one missing, or one the site made before the month's
    newest digest, is built from the stored items and archived with that digest's time. Models that a send or a
    `monitor digest` archived are never replaced."""
    by_month: dict[str, dict[str, tuple[str, str]]] = {}
    for month, lang, fmt, _model, created in store.digests.latest_per_month():
        by_month.setdefault(month, {})[lang] = (fmt, created)
    done = []
    for month, langs in sorted(by_month.items()):
        newest = max(created for _fmt, created in langs.values())
        for lang in LANGUAGES:
            fmt, created = langs.get(lang, (SITE_FORMAT, ""))
            if fmt == SITE_FORMAT and created < newest:
                model = month_digest_model(store, settings, rules, parse_month(month), lang, now)
                store.digests.archive(
                    month, lang, SITE_FORMAT, digest_to_json(model), "", datetime.fromisoformat(newest)
                )
                done.append(f"{month}/{lang}")
    return done


def records_from_rows(rows: Iterable[tuple[str, str, str, str, str]]) -> list[DigestRecord]:
    """store.digests.latest_per_month() rows -> records."""
    out = []
    for month, lang, _fmt, model, created in rows:
        made = datetime.fromisoformat(created)
        out.append(DigestRecord(month, lang, json.loads(model), made if made.tzinfo else made.replace(tzinfo=UTC)))
    return out


MANIFEST = ".monitor-site"  # the files the last build wrote, one a line: the only ones a build ever removes


def write_site(files: Mapping[str, bytes], folder: Path) -> int:
    """Write the files under `folder` (created), each replaced whole, so a web server never serves half a page; then
    remove those the previous build wrote and this one did not (a company no longer named, a month no longer
    archived). Files monitor never wrote there (a CNAME, a robots.txt) stay. Returns how many were removed."""
    folder.mkdir(parents=True, exist_ok=True)
    before = _written_before(folder)
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.read_bytes() == data:
            continue
        _replace(target, data)
    removed = sum(_remove(folder, relative) for relative in sorted(before - set(files)))
    _replace(folder / MANIFEST, "".join(f"{name}\n" for name in sorted(files)).encode())
    return removed


def _replace(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _written_before(folder: Path) -> set[str]:
    try:
        return set((folder / MANIFEST).read_text(encoding="utf-8").splitlines()) - {"", MANIFEST}
    except (OSError, UnicodeDecodeError):
        return set()  # no build before (or an unreadable list): nothing is removed


def _remove(folder: Path, relative: str) -> bool:
    """Remove a file an earlier build wrote, and the folders it leaves empty, never anything outside `folder`."""
    root = folder.resolve()
    target = (folder / relative).resolve()
    if root not in target.parents or not target.is_file():
        return False
    target.unlink()
    parent = target.parent
    while parent != root and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
    return True
