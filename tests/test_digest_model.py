"""The typed digest model: its archived JSON, the loader of digests archived before it, words and writers."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from monitor.config import DigestSettings
from monitor.digest import MonthSummary, build_digest
from monitor.digest_model import Digest, Story, digest_from_json, digest_to_json
from monitor.locale import Words, words
from monitor.render import FORMATS, render_digest, template_environment
from monitor.rules import load_rules, shipped_rule_files
from monitor.store import StoredItem
from monitor.writers import MonthFacts
from tests.conftest import ROOT, write_config

# The November 2025 demo digest as the code before the typed model archived it (a dict built by hand).
ARCHIVED = ROOT / "tests" / "data" / "archived-digest-2025-11-ko.json"


def archived() -> dict:
    return json.loads(ARCHIVED.read_text(encoding="utf-8"))


def test_a_digest_archived_before_the_typed_model_loads_and_serialises_back_the_same():
    data = archived()
    digest = digest_from_json(data)
    assert isinstance(digest.sections[0].stories[0], Story)
    assert digest.sections[0].stories[0].weight == data["sections"][0]["stories"][0]["weight"]
    assert _only_keys_of(digest_to_json(digest), data) == data  # fields added since then only add keys
    assert digest_from_json(digest_to_json(digest)) == digest


def _only_keys_of(value, shape):
    """`value` cut down to the keys `shape` has, recursively: what an older archive can be compared with."""
    if isinstance(shape, dict):
        return {k: _only_keys_of(value[k], shape[k]) for k in shape}
    if isinstance(shape, list):
        return [_only_keys_of(v, s) for v, s in zip(value, shape, strict=True)]
    return value


@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("html", "html"), ("text", "txt")])
def test_an_old_archived_digest_renders_as_it_did_before(fmt, suffix):
    """The files beside the archived JSON are what the shipped templates render from it (rendered again when a
    template changed on purpose: the HTML look of issue 15; a card's figure in the digest's language, and no empty line
    of companies and figure on a card that has neither; the text charts' names padded by display width, and the
    HTML page's footer line in text and Markdown too)."""
    digest = digest_from_json(archived())
    text = render_digest(digest, fmt, template_environment(None))
    assert text == ARCHIVED.with_suffix(f".{suffix}").read_text(encoding="utf-8")


def test_digest_stored_re_renders_an_old_archived_digest(tmp_path, invoke):
    cfg = str(write_config(tmp_path / "monitor.toml", []))
    assert invoke("--config", cfg, "fetch").code == 0  # creates the database (reading commands never do)
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        conn.execute(
            "INSERT INTO digests (month, lang, format, model, rendered, created)"
            " VALUES ('2025-11', 'ko', 'email', ?, '', '2025-12-01T00:00:00.000000Z')",
            (ARCHIVED.read_text(encoding="utf-8"),),
        )
    result = invoke("--config", cfg, "digest", "--month", "2025-11", "--stored", "--format", "text")
    assert result.code == 0, result.err
    assert result.out.startswith("2025년 11월 AI 동향 리포트\n")
    assert archived()["excerpt"] in result.out


def test_a_stored_digest_that_cannot_be_read_is_one_error_line(tmp_path, invoke):
    cfg = str(write_config(tmp_path / "monitor.toml", []))
    assert invoke("--config", cfg, "fetch").code == 0  # creates the database (reading commands never do)
    broken = {k: v for k, v in archived().items() if k != "footer"}
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        conn.execute(
            "INSERT INTO digests (month, lang, format, model, rendered, created)"
            " VALUES ('2025-11', 'ko', 'email', ?, '', '2025-12-01T00:00:00.000000Z')",
            (json.dumps(broken),),
        )
    result = invoke("--config", cfg, "digest", "--month", "2025-11", "--stored")
    assert result.code == 2 and "Traceback" not in result.err
    assert re.fullmatch(r"monitor: error: the stored digest for 2025-11 in ko cannot be read: .*\n", result.err)


def test_templates_take_every_word_from_the_locale():
    for name in FORMATS.values():
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        assert "d.lang ==" not in text and not re.search(r"[가-힣]", text), name


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_word_of_a_language_is_filled(lang):
    w = words(lang)
    assert w.lang == lang
    for name in Words.__dataclass_fields__:
        value = getattr(w, name)
        assert value or value is False, name
    assert set(w.layer_names) == set(words("ko").layer_names) and set(w.kind_names) == set(words("ko").kind_names)


class MarkedWriter:
    """A writer that shows what it was given, to check the builder takes all of its prose from the writer."""

    def section_intro(
        self, heading: str, top: Sequence[Story], stories: Sequence[Story], lang: str, *, opening: bool = True
    ) -> str:
        return f"intro {heading} {len(top)}/{len(stories)} {lang}{' (opening)' if opening else ''}"

    def excerpt(self, facts: MonthFacts) -> str:
        return f"excerpt {facts.month} {len(facts.stories)} {len(facts.deals)}"

    def closing(self, facts: MonthFacts) -> str:
        return f"closing {len(facts.companies)} {len(facts.layers)}"


def _item(n: int, title: str, url: str, companies: tuple[str, ...], layer: str) -> StoredItem:
    at = datetime(2025, 11, n, 9, tzinfo=UTC)
    return StoredItem(n, url, title, "A summary. Second.", at, False, "en", ("https://feed.example/rss",),
                      companies, (layer,), layer, at)  # fmt: skip


def test_the_builder_takes_its_prose_from_the_writer_it_is_given():
    items = [
        _item(1, "Acme raises $2 billion for its models", "https://a.example/1", ("openai",), "model"),
        _item(2, "Acme raises $2 billion", "https://b.example/2", ("openai",), "model"),
        _item(3, "A chip plant opens", "https://c.example/3", ("nvidia",), "infrastructure"),
    ]
    digest = build_digest(
        (2025, 11), items, lambda: MonthSummary(Counter(), Counter()), load_rules(shipped_rule_files()),
        DigestSettings(language="en"), language="en", now=datetime(2025, 12, 1, tzinfo=UTC), writer=MarkedWriter(),
    )  # fmt: skip
    assert isinstance(digest, Digest)
    assert [s.intro for s in digest.sections] == [
        "intro AI infrastructure: competition and alliances 1/1 en (opening)",  # the digest's first section only
        "intro Frontier models and research 1/1 en",
    ]
    assert digest.excerpt == f"excerpt (2025, 11) 2 {len(digest.deals)}" and digest.deals
    assert digest.summary == "closing 2 5"
    assert digest_from_json(json.loads(json.dumps(digest_to_json(digest)))) == digest


def test_the_text_charts_line_up_in_a_monospace_font():
    """Korean names take two columns a syllable: the counts and bars start in one column on every row."""
    text = render_digest(digest_from_json(archived()), "text", template_environment(None))
    rows = text.split("## 기업별 이야기 수\n\n")[1].split("\n\n")[0].splitlines()

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    bars = {columns(row[: row.index(" #")]) for row in rows}
    assert len(rows) >= 5 and not all(row.isascii() for row in rows) and len(bars) == 1, rows
