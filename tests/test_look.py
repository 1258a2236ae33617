"""The HTML digest's look: masthead, contents, lead stories, outlet names on links, labelled charts."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from monitor.digest import outlet_names
from monitor.digest_model import Brief, Money, digest_from_json
from monitor.render import outlet_label, render_digest, template_environment
from monitor.site import DigestRecord, build_site
from monitor.store import StoredItem
from tests.test_digest_model import archived


class Page(HTMLParser):
    """Text by element class, links with their text, and the rows of the chart tables as cell texts."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.classes: dict[str, list[str]] = {}
        self.links: list[tuple[str, str]] = []
        self.ids: list[str] = []
        self.charts: list[list[list[str]]] = []
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, class, text)
        self._tables: list[bool] = []  # is each open table a chart
        self._href: str | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "table":
            self._tables.append("chart" in a.get("class", "").split())
            if self._tables[-1]:
                self.charts.append([])
        if tag == "tr" and self._tables and self._tables[-1]:
            self.charts[-1].append([])
        if tag == "td" and any(self._tables):  # each cell of a chart row, the bars' own cells included
            self.charts[-1][-1].append("")
        if tag == "a":
            self._href = a.get("href")
        if tag not in ("br", "meta", "img"):
            self._open.append((tag, a.get("class", ""), []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._tables.pop()
        while self._open:
            name, cls, text = self._open.pop()
            joined = " ".join("".join(text).split())
            for c in cls.split():
                self.classes.setdefault(c, []).append(joined)
            if name == "a" and self._href is not None:
                self.links.append((self._href, joined))
            if self._open:
                self._open[-1][2].append("".join(text))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)
        chart = next((i for i in range(len(self._tables) - 1, -1, -1) if self._tables[i]), None)
        if chart is not None and self.charts and self.charts[-1] and self.charts[-1][-1]:
            self.charts[-1][-1][-1] += data.strip()


@pytest.fixture(scope="module")
def page():
    digest = digest_from_json(archived())
    return digest, Page(render_digest(digest, "html", template_environment(None)))


def test_masthead_and_the_contents_list_each_section_s_lead_story(page):
    digest, seen = page
    assert seen.classes["kicker"] == ["월간 AI 산업 동향"]
    assert re.match(r"2025년 11월호 · 이야기 \d+개 · 매체 \d+곳", seen.classes["edition"][0])
    toc = seen.classes["toc-item"]
    assert len(toc) == len(digest.sections)
    for n, (section, entry) in enumerate(zip(digest.sections, toc, strict=True), 1):
        assert entry.replace(" ", "") == f"{section.heading}{section.stories[0].title}".replace(" ", "")
        assert (f"#sec-{n}", section.heading) in seen.links and f"sec-{n}" in seen.ids


def test_the_lead_story_gets_more_room_than_the_rest(page):
    digest, seen = page
    leads = seen.classes["lead"]
    assert leads == [s.stories[0].title for s in digest.sections]
    cards = seen.classes["leadcard"]
    for section, card in zip(digest.sections, cards, strict=True):
        assert section.stories[0].summary in card
    assert len(seen.classes["story"]) == sum(len(s.stories) - 1 for s in digest.sections)


def test_the_charts_carry_their_names_counts_and_shares_as_text(page):
    digest, seen = page
    companies, layers = ([[cell for cell in row if cell] for row in chart] for chart in seen.charts)
    assert len(companies) == len(digest.companies) <= 10
    for row, c in zip(companies, digest.companies, strict=True):
        assert row[0] == c.name and row[1] == str(c.stories) and row[2] == str(c.previous)
        assert row[-1] == ("신규" if c.change == "new" else c.change)
    for row, layer in zip(layers, digest.layers, strict=True):
        assert row[0] == layer.name and row[1] == f"{layer.share:.0%}"


def _item(n: int, url: str, feeds: tuple[str, ...]) -> StoredItem:
    when = datetime(2025, 11, 1, tzinfo=UTC)
    return StoredItem(n, url, "t", "", when, False, "ko", feeds, (), (), "model", when)


def test_outlets_are_named_by_their_feed_unless_it_is_an_aggregator():
    own, agg = "http://127.0.0.1/own.xml", "http://127.0.0.1/agg.xml"
    items = [_item(1, "https://www.pangyo.example/a", (own,)), _item(2, "https://www.pangyo.example/b", (own, agg)),
             _item(3, "https://one.example/c", (agg,)), _item(4, "https://two.example/d", (agg,))]  # fmt: skip
    assert outlet_names(items, {own: " 판교일보 -  산업·IT ", agg: "Aggregator News"}) == {
        "pangyo.example": "판교일보 - 산업·IT"
    }


@pytest.mark.parametrize(
    ("name", "url", "shown"),
    [("판교일보", "https://pangyo.example/a", "판교일보"), ("bank.example", "https://evil.example/x", "evil.example"),
     ("\u0430pple.example", "https://\u0430pple.example/ai", "xn--pple-43d.example"),
     ("Bay Signal\u202e", "https://bay.example/", "Bay Signal"), ("", "https://www.bay.example/", "bay.example")],
)  # fmt: skip
def test_a_source_link_is_labelled_with_its_outlet_or_the_host_it_really_goes_to(name, url, shown):
    assert outlet_label(name, url) == shown


ALSO = (
    Brief("반도체 *소식* [x](javascript:alert(1))", "https://www.pangyo.example/a", "판교일보"),
    Brief("# Not a heading", "javascript:alert(1)", "bank.example"),
    Brief("Edge chips <b>ship</b>", "https://\u0430pple.example/ai", ""),
)


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_the_also_list_is_in_every_format_each_title_with_its_outlet_link(fmt):
    digest = dataclasses.replace(digest_from_json(archived()), also=ALSO)
    out = render_digest(digest, fmt, template_environment(None))
    assert out.count("그 밖의 소식") == 1
    also = out.split("그 밖의 소식", 1)[1].split("이달의 주요 거래", 1)[0]
    if fmt == "html":
        seen = Page(also)
        assert seen.links == [("https://www.pangyo.example/a", "판교일보"),
                              ("https://xn--pple-43d.example/ai", "xn--pple-43d.example")]  # fmt: skip
        assert "<b>" not in also and "javascript" not in also.replace("javascript:alert(1))", "")
    elif fmt == "markdown":
        lines = [line for line in also.splitlines() if line.startswith("- ")]
        assert lines == [
            r"- 반도체 \*소식\* \[x\](javascript:alert(1)) · [판교일보](https://www.pangyo.example/a)",
            r"- \# Not a heading",
            r"- Edge chips &lt;b>ship&lt;/b> · [xn-\-pple-43d.example](https://xn--pple-43d.example/ai)",
        ]
    else:
        assert re.findall(r"(?m)^\* (.+)$", also) == ["반도체 *소식* [x](javascript:alert(1))", "# Not a heading",
                                                     "Edge chips <b>ship</b>"]  # fmt: skip
        assert re.findall(r"(?m)^  - (.+): (\S+)$", also) == [
            ("판교일보", "https://www.pangyo.example/a"), ("xn--pple-43d.example", "https://xn--pple-43d.example/ai")
        ]  # fmt: skip


@pytest.mark.parametrize("old", [False, True])
def test_the_site_month_page_draws_the_same_labelled_bars_and_no_image(old):
    """The archive site's month page uses the digest's bar macro; an archive from before `previous` gets 0 there."""
    model = archived()
    if old:
        model["companies"] = [{k: v for k, v in c.items() if k != "previous"} for c in model["companies"]]
    record = DigestRecord("2025-11", "ko", model, datetime(2025, 12, 1, tzinfo=UTC))
    files = build_site([record], template_environment(None))
    assert not [name for name in files if not name.endswith((".html", ".css", ".xml"))]
    markup = files["2025-11/ko.html"].decode()
    assert "<img" not in markup and 'class="bar-now"' in markup
    digest = digest_from_json(archived())  # the model as archived now, with `previous`
    companies, layers = ([[cell for cell in row if cell] for row in chart] for chart in Page(markup).charts)
    for row, c in zip(companies, digest.companies, strict=True):
        assert row[:3] == [c.name, str(c.stories), str(0 if old else c.previous)]
        assert row[-1] == ("신규" if c.change == "new" else c.change)
    for row, layer in zip(layers, digest.layers, strict=True):
        assert row[:2] == [layer.name, f"{layer.share:.0%}"]
    for name in ("bar-now", "bar-prev", "bar-share", "num", "legend"):
        assert f".{name}" in files["style.css"].decode()


def _cards(stories: tuple, lang: str = "ko"):
    """The archived digest with its first section's stories replaced by `stories`, in `lang`."""
    digest = digest_from_json(archived())
    first = dataclasses.replace(digest.sections[0], stories=stories)
    return dataclasses.replace(digest, lang=lang, sections=(first, *digest.sections[1:]))


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_a_card_shows_its_figure_in_the_digests_language_and_no_empty_line_without_one(fmt):
    digest = digest_from_json(archived())
    template = digest.sections[0].stories[0]
    english = dataclasses.replace(template, company_names=("데이터브릭스",),
                                  amounts=(Money("$130 billion", 130e9, "valuation"),))  # fmt: skip
    capped = dataclasses.replace(template, title="Capped", company_names=("앤트로픽",),
                                 amounts=(Money("up to $15 billion", 15e9, "deal"),))  # fmt: skip
    ranged = dataclasses.replace(template, title="Ranged", company_names=("구글",),
                                 amounts=(Money("$1 billion to $2 billion", 1e9, "deal"),))  # fmt: skip
    bare = dataclasses.replace(template, title="Bare", company_names=(), companies=(), amounts=(), amount=None)
    out = render_digest(_cards((english, capped, ranged, bare)), fmt, template_environment(None))
    if fmt == "html":
        seen = Page(out)
        assert seen.classes["amount"][:3] == ["1,300억 달러", "최대 150억 달러", "$1 billion to $2 billion"]
        assert "" not in seen.classes["meta"]  # no empty line of companies and figure for the bare story
        section = "\n".join(seen.classes["meta"])
    else:
        section = out.split(digest.sections[1].heading, 1)[0]
        lines = section.splitlines()
        assert not [line for line in lines if line and not line.strip()], "a line of spaces"
        assert not [line for line in lines if line.lstrip().startswith("· ")], "a line opening with a separator"
    assert "데이터브릭스 · 1,300억 달러" in section and "$130 billion" not in section
    assert "최대 150억 달러" in section and "up to $15 billion" not in section
    assert "$1 billion to $2 billion" in section  # a range as written: one figure would misstate it
    english_digest = render_digest(_cards((dataclasses.replace(template, company_names=("오픈AI",),
                                           amounts=(Money("380억 달러", 38e9, "deal"),)),), "en"),
                                   fmt, template_environment(None))  # fmt: skip
    assert "$38 billion" in english_digest
