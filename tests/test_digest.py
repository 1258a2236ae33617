"""The monthly digest from the shipped sample feeds: stories, sections, deals, trends, formats, safety."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta, timezone
from html import escape as html_escape
from html import unescape as html_unescape
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from monitor.amounts import extract_amounts
from monitor.cli import main
from monitor.digest import ALSO
from monitor.digest_model import digest_from_json, digest_to_json
from monitor.locale import words
from monitor.resources import shipped_path
from monitor.rules import load_rules, shipped_rule_files
from monitor.stories import StoryItem, group_stories
from monitor.tag import Tagger
from monitor.writers.sentences import hangul_share
from tests.conftest import ROOT, SHARED, write_config
from tests.feeds import Post, rss2
from tests.feedserver import Route

DEMO = shipped_path("demo")
KST = timezone(timedelta(hours=9))
NOW = "2025-12-01T09:00:00+09:00"
ARTIFACTS = ROOT / "test-artifacts"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(*args: str, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def november(demo_config, tmp_path_factory) -> dict:
    """The November 2025 digest in every format, and its model."""
    out = tmp_path_factory.mktemp("out")
    paths = {}
    for fmt, name in (("markdown", "digest.md"), ("html", "digest.html"), ("text", "digest.txt")):
        try:
            main(["--config", demo_config, "--now", NOW, "digest", "--format", fmt, "--output", str(out / name)])
        except SystemExit as exc:
            assert exc.code in (0, None)
        paths[fmt] = (out / name).read_text(encoding="utf-8")
    db = Path(demo_config).parent / "monitor.db"
    with sqlite3.connect(db) as conn:
        model = json.loads(conn.execute("SELECT model FROM digests ORDER BY id DESC LIMIT 1").fetchone()[0])
    return {"out": out, "model": model, **paths}


# --- story grouping and amounts, scored against labels ------------------------------------------------


def pairwise(gold: list[dict], tagger: Tagger) -> tuple[float, float, int]:
    ai = [g for g in gold if g["layer_primary"]]
    items = []
    for n, g in enumerate(ai):
        tags = tagger.tag(g["title"], g["summary"])
        text = f"{g['title']}\n{g['summary']}"
        items.append(
            StoryItem(
                n, g["title"], g["summary"], g["lang"], datetime.fromisoformat(g["published"]), tags.companies,
                tuple(a.usd for a in extract_amounts(text)), urlsplit(g["url"]).hostname or "", tags.primary_layer,
            )
        )  # fmt: skip
    story_of = {}
    for group in group_stories(items):
        for item in group:
            story_of[item.id] = id(group)
    tp = fp = fn = cross = 0
    for i, j in combinations(range(len(ai)), 2):
        same = ai[i]["story"] is not None and ai[i]["story"] == ai[j]["story"]
        grouped = story_of[i] == story_of[j]
        tp += same and grouped
        fp += grouped and not same
        fn += same and not grouped
        cross += same and grouped and ai[i]["lang"] != ai[j]["lang"]
    return tp / max(1, tp + fp), tp / max(1, tp + fn), cross


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_rules(shipped_rule_files()))


LABELLED = [ROOT / "tests" / "data" / "labelled_items.jsonl", SHARED / "eval" / "dev_items.jsonl"]


@pytest.mark.parametrize("path", LABELLED, ids=["own", "dev"])
def test_story_grouping_pairwise_precision_and_recall(path, tagger):
    if not path.exists():
        pytest.skip(f"{path} is not here (shared/ beside the clone?)")
    precision, recall, cross = pairwise(load(path), tagger)
    # The older set labels some follow-ups of other events (a reseller deal during a visit, a stock record days after
    # earnings) as one story; one story is now one event (see tests/test_stories_facts.py for the three sets scored
    # at 0.95 / 0.90), so its recall floor is lower.
    floor = 0.70 if path.parent.name == "data" else 0.85
    assert precision >= 0.85 and recall >= floor, (precision, recall)
    assert cross >= 10, "cross-language pairs must be grouped too"


@pytest.mark.parametrize("path", LABELLED, ids=["own", "dev"])
def test_amounts_match_the_labels(path):
    if not path.exists():
        pytest.skip(f"{path} is not here (shared/ beside the clone?)")
    gold = load(path)
    right = sum(
        {a.text.replace(" ", "") for a in extract_amounts(f"{g['title']}\n{g['summary']}")}
        == {x.replace(" ", "") for x in g["amounts"]}
        for g in gold
    )
    assert right / len(gold) >= 0.9


@pytest.mark.parametrize(
    ("text", "written", "usd", "kind"),
    [
        ("OpenAI가 AWS와 380억 달러(약 51조 원) 규모 계약", ["380억 달러"], [38e9], "deal"),
        ("약 51조 원 규모", ["51조 원"], [51e12 / 1400], "deal"),
        ("메타-코어위브 142억 달러 계약", ["142억 달러"], [14.2e9], "deal"),
        ("a $14.2 billion deal with CoreWeave", ["$14.2 billion"], [14.2e9], "deal"),
        ("Amazon's $38B contract", ["$38B"], [38e9], "deal"),
        ("연간 10억 달러를 지불하는 계약", ["연간 10억 달러"], [1e9], "deal"),  # a per-year amount says so
        ("기업가치 3,500억 달러(약 510조 원)로 평가", ["3,500억 달러"], [350e9], "valuation"),
        ("third-quarter revenue of $1.36 billion", ["$1.36 billion"], [1.36e9], "revenue"),
        ("1조 4천억 원", ["1조 4천억 원"], [1.4e12 / 1400], "deal"),
    ],
)
def test_amounts_are_normalised_to_usd_with_a_kind(text, written, usd, kind):
    found = extract_amounts(text, krw_per_usd=1400)
    assert [a.text for a in found] == written
    assert [round(a.usd) for a in found] == [round(u) for u in usd]
    assert found[0].kind == kind


def test_amount_extraction_survives_any_text():
    for text in ("", "$", "억", "$1.2.3 billion", "1,,000억 달러", "조조조 원", "$ billion", "١٢ 달러"):
        extract_amounts(text)


# --- the November digest of the sample feeds ------------------------------------------------------------


def test_markdown_has_jekyll_front_matter_like_the_model(november):
    md = november["markdown"]
    front = md.split("---\n")[1]
    assert 'title: "2025년 11월 AI 동향 리포트"' in front
    assert re.search(r'date: "2025-12-01 09:00:00 \+0900"', front)
    for key in ("layout: post", "author:", "categories:", "tags: [", "excerpt:"):
        assert key in front
    assert '"ai-trends"' in front
    excerpt = re.search(r'excerpt: "(.*)"', front).group(1)
    assert 2 <= len(re.split(r"(?<=[.!?])\s+", excerpt.strip())) <= 3
    assert re.search(r"\d[\d,.]*억 달러|\$[\d.]+", excerpt), "the excerpt names an amount"


def test_sections_are_the_themed_ones_in_config_order_with_korean_headings(november):
    model = november["model"]
    keys = [s["layer"] for s in model["sections"]]
    assert keys == [x for x in ["infrastructure", "model", "application", "talent", "other"] if x in keys]
    assert len(keys) >= 4
    headings = {s["layer"]: s["heading"] for s in model["sections"]}
    assert headings["infrastructure"] == "AI 인프라 경쟁과 동맹"
    assert headings["model"] == "거대 모델 경쟁과 기술 혁신"
    # sources are outlets by name, in the deals table and the list of other stories too, not hosts
    named = [d["outlet"] for d in model["deals"]] + [b["outlet"] for b in model["also"]]
    assert named and sum(bool(n) and not n.endswith(".example") for n in named) >= 0.8 * len(named)
    figures = [s["amount"] for sec in model["sections"] for s in sec["stories"] if s["amount"]]
    assert figures and all(f["won"] == "" if "원" in f["text"] else f["won"].startswith("약 ") for f in figures)
    # the table of contents names each section in Korean, even one whose stories only English outlets told
    assert all(hangul_share(s["highlight"]) > 0.3 for s in model["sections"])
    assert all(s["highlight"] in november["html"] for s in model["sections"])


def test_section_paragraph_names_top_companies_and_amounts(november):
    for section in november["model"]["sections"]:
        intro = section["intro"]
        assert re.search(r"다(?:\(‘[^’]*’\))?\.$", intro), intro  # a sentence; an English title may close it
        for story in section["stories"][:3]:
            if story["company_names"]:
                assert story["company_names"][0] in intro
            if story["amounts"]:  # as written, or in Korean money words when written in English
                figure = story["amounts"][0]
                assert figure["text"] in intro or words("ko").money(figure["usd"]) in intro
    infra = next(s for s in november["model"]["sections"] if s["layer"] == "infrastructure")
    assert "380억 달러" in infra["intro"] or "$38" in infra["intro"]


def test_stories_are_ranked_by_distinct_sources(november):
    for section in november["model"]["sections"]:
        weights = [s["weight"] for s in section["stories"]]
        assert weights == sorted(weights, reverse=True)
        for story in section["stories"]:
            assert story["weight"] == len({src["outlet"] for src in story["sources"]})
            assert all(src["outlet"] == urlsplit(src["url"]).hostname.removeprefix("www.") for src in story["sources"])


def test_sources_carry_their_feed_s_name_and_links_show_it(november):
    """The demo's feeds are named by their titles (the JSON feed is not named): a source from a named feed carries that
    name beside its host, and the HTML and text link it by that name."""
    sources = [src for sec in november["model"]["sections"] for s in sec["stories"] for src in s["sources"]]
    named = {src["name"] for src in sources if src["name"]}
    assert "판교일보 - 산업·IT" in named and "Bay Signal" in named
    for name in named:
        assert f">{html_escape(name, quote=False)}</a>" in november["html"] and f"  - {name}: http" in november["text"]
    aws = [
        s
        for sec in november["model"]["sections"]
        for s in sec["stories"]
        if "380억" in s["title"] or "$38" in s["title"]
    ]
    assert aws and aws[0]["weight"] >= 3, "the OpenAI-AWS deal was told by several outlets in both languages"


def test_only_the_months_ai_items_count(november, demo_config):
    labels = load(DEMO / "labels.jsonl")
    titles = json.dumps(november["model"], ensure_ascii=False)
    for label in labels:
        # (months are those of [digest] timezone, Asia/Seoul: 2025-10-31T15:00Z is already November there)
        if label["published"] and datetime.fromisoformat(label["published"]).astimezone(KST).month == 10:
            assert label["title"] not in titles, "an October item leaked into November"
        if label["layer_primary"] is None:
            assert label["title"] not in titles, f"a non-AI item made the digest: {label['title']}"
    footer = november["model"]["footer"]
    november_ai = [x for x in labels if x["layer_primary"] and x["published"] and x["published"][:7] == "2025-11"]
    assert abs(footer["ai_items"] - len(november_ai)) <= 4  # tagger judgement, not the labels
    assert footer["outlets"] >= 6 and footer["feeds_delivered"] == 8


def test_month_window_uses_seoul_time(server, tmp_path, capsys):
    posts = [
        Post(
            "엔비디아, AI 데이터센터용 GPU 공급 확대", "https://tz.example/1", datetime(2025, 12, 1, 0, 30, tzinfo=KST)
        ),
        Post("엔비디아, 새 AI 가속기 공개", "https://tz.example/2", datetime(2025, 11, 30, 23, 30, tzinfo=KST)),
    ]
    cfg = str(write_config(tmp_path / "c.toml", [server.add("/tz", Route(rss2(posts)))]))
    run("--config", cfg, "fetch", capsys=capsys)
    code, out, _ = run("--config", cfg, "--now", NOW, "digest", "--format", "text", capsys=capsys)
    assert code == 0
    assert "새 AI 가속기 공개" in out and "GPU 공급 확대" not in out


def test_deals_table_lists_the_event_figure_of_each_deal_story(november):
    deals = november["model"]["deals"]
    assert len(deals) >= 6
    assert [d["usd"] for d in deals] == sorted((d["usd"] for d in deals), reverse=True)
    assert len({d["title"] for d in deals}) == len(deals)
    assert all(d["kind"] == "deal" and d["usd"] >= 1e6 and d["companies"] and d["url"] for d in deals)
    valuations = november["model"]["valuations"]
    assert valuations and all(v["kind"] == "valuation" for v in valuations)
    assert any(abs(d["usd"] - 38e9) < 1e9 for d in deals)
    assert any(abs(d["usd"] - 14.2e9) < 0.5e9 for d in deals)


def test_companies_and_layers_against_the_previous_month(november):
    companies = november["model"]["companies"]
    assert companies and all(c["change"] == "new" or re.fullmatch(r"[▲▼]\d+|–", c["change"]) for c in companies)
    assert any(c["change"] != "new" for c in companies), "October stories exist for comparison"
    layers = november["model"]["layers"]
    assert [x["id"] for x in layers] == ["model", "application", "enterprise", "infrastructure", "other"]
    assert abs(sum(x["share"] for x in layers) - 1) < 1e-6
    assert all(re.fullmatch(r"[▲▼]\d+%p|–", x["change"]) for x in layers)


def test_three_formats_and_labelled_charts_drawn_as_html(november):
    assert not list(november["out"].glob("*.png")) and "![" not in november["markdown"]  # no images anywhere
    html = november["html"]
    assert html.startswith("<!DOCTYPE html>") and 'style="' in html  # CSS inlined
    assert "prefers-color-scheme: dark" in html and "word-break: keep-all" in html
    text = november["text"]
    assert text.startswith("2025년 11월 AI 동향 리포트") and "## 거대 모델 경쟁과 기술 혁신" in text
    for output in (html, november["markdown"], text):
        assert "data:" not in output and "<script" not in output.lower()


def test_source_health_appendix(demo_config, capsys, tmp_path):
    db = Path(demo_config).parent / "monitor.db"
    with sqlite3.connect(db) as conn:
        feed_id = conn.execute("SELECT id FROM feeds ORDER BY id LIMIT 1").fetchone()[0]
        conn.executemany(
            "INSERT INTO fetches (feed_id, at, status, http_status, error) VALUES (?, ?, 'failed', ?, ?)",
            [(feed_id, "2025-11-10T00:00:00.000000Z", 500, "HTTP 500 Internal Server Error"),
             (feed_id, "2025-11-28T00:00:00.000000Z", 429, "HTTP 429 Too Many Requests")],
        )  # fmt: skip
    code, out, _ = run("--config", demo_config, "--now", NOW, "digest", "--format", "text", "--lang", "en",
                       capsys=capsys)  # fmt: skip
    assert code == 0
    appendix = out.split("Appendix: source health")[1]
    assert "failed" in appendix and "rate_limited" in appendix and re.search(r"no new item for 2\d days", appendix)
    assert "Tracked companies never mentioned:" in appendix and "Midjourney" in appendix


def test_english_digest(demo_config, capsys):
    code, out, _ = run("--config", demo_config, "--now", NOW, "digest", "--lang", "en", "--format", "markdown",
                       capsys=capsys)  # fmt: skip
    assert code == 0
    assert 'title: "AI industry report: November 2025"' in out
    assert "## Frontier models and research" in out and "The month's largest deals" in out


def test_stored_digest_re_renders_as_it_was(demo_config, november, capsys):
    code, again, _ = run("--config", demo_config, "--now", "2026-03-01T09:00:00+09:00", "digest", "--month",
                         "2025-11", "--format", "markdown", "--stored", capsys=capsys)  # fmt: skip
    assert code == 0
    assert again.startswith("---\nlayout: post")
    assert 'date: "2025-12-01 09:00:00 +0900"' in again  # the stored model, not a new one
    code, _, err = run("--config", demo_config, "digest", "--month", "2024-01", "--stored", capsys=capsys)
    assert code == 2 and "no stored digest for 2024-01" in err


def test_user_templates_override_the_shipped_ones_file_by_file(demo_config, tmp_path, capsys):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "digest.txt.j2").write_text("CUSTOM {{ d.title }} {{ d.sections|length }}\n", encoding="utf-8")
    cfg = Path(demo_config).read_text() + f'\n[digest]\ntemplates = "{folder}"\n'
    custom = tmp_path / "custom.toml"
    custom.write_text(cfg.replace('database = "monitor.db"', f'database = "{Path(demo_config).parent / "monitor.db"}"'))
    code, out, _ = run("--config", str(custom), "--now", NOW, "digest", "--format", "text", capsys=capsys)
    assert code == 0 and re.fullmatch(r"CUSTOM 2025년 11월 AI 동향 리포트 [45]", out.strip())  # 5 with topics tagged
    code, out, _ = run("--config", str(custom), "--now", NOW, "digest", "--format", "markdown", capsys=capsys)
    assert code == 0 and out.startswith("---\nlayout: post")


# --- untrusted feed text ----------------------------------------------------------------------------------

HOSTILE = [
    Post('<script>alert(1)</script>엔비디아 AI GPU {{ site.secret }} {% include x %}', "https://evil.example/1",
         datetime(2025, 11, 5, tzinfo=KST),
         '<img src=x onerror="alert(2)"> AI 데이터센터 <a href="javascript:alert(3)">x</a>'),
    Post("OpenAI GPT-5.1 ships ](javascript:alert(4)) [click](data:text/html,hi) <!-- c --> <![CDATA[x]]>",
         "javascript:alert(5)", datetime(2025, 11, 6, tzinfo=KST), "model <style>body{background:url(x)}</style>"),
    Post("앤트로픽 클로드 AI \u202egnp.exe 모델 공개 ---\nlayout: evil", "https://good.example/\u202eevil",
         datetime(2025, 11, 7, tzinfo=KST), 'expression(alert(6)) "><svg onload=alert(7)> AI 모델'),
]  # fmt: skip


def test_feed_text_cannot_run_or_link_actively_in_any_format(server, tmp_path, capsys):
    cfg = str(write_config(tmp_path / "c.toml", [server.add("/evil", Route(rss2(HOSTILE)))]))
    run("--config", cfg, "fetch", capsys=capsys)
    outputs = {}
    for fmt in ("html", "markdown", "text"):
        code, out, err = run("--config", cfg, "--now", NOW, "digest", "--format", fmt, capsys=capsys)
        assert code == 0, err
        outputs[fmt] = out
    assert "엔비디아" in outputs["html"] and "GPT-5.1 ships" in outputs["markdown"]  # as written (monitor.markdown)
    for fmt, out in outputs.items():
        assert "\u202e" not in out and "\u200b" not in out, fmt
    # HTML (the email's and the file's): no script or style from feeds, no handlers, links http(s) only.
    tags = _tags(outputs["html"])
    names = [name for name, _attrs in tags]
    assert "script" not in names and "svg" not in names and "img" not in names and "iframe" not in names
    assert names.count("style") == 1  # ours, in <head>
    for name, attrs in tags:
        for key, value in attrs:
            assert not key.startswith("on"), (name, key)
            if key in ("href", "src"):  # a source, or the template's own link to a section of the page
                assert value.startswith(("http://", "https://")) or re.fullmatch(r"#sec-\d+", value), (key, value)
            if key == "style":
                assert "expression" not in value and "url(" not in value
    # Markdown: no raw HTML, no Liquid, no link target other than http(s), no front matter from a title.
    md = outputs["markdown"]
    body = md.split("\n---\n", 1)[1]
    assert not re.search(r"<[A-Za-z!/]", body)
    assert "{{" not in md and "{%" not in md and "&#123;{ site.secret }}" in md
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", body)  # an escaped \] opens no link
    assert targets and all(t.startswith(("http://", "https://")) for t in targets)
    assert md.count("\nlayout:") == 1


def _tags(markup: str) -> list[tuple[str, list[tuple[str, str]]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [(k, v or "") for k, v in attrs]))

    Collect().feed(markup)
    return found


# --- a real browser ------------------------------------------------------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="Debian's chromium is not installed (scripts/test installs it as root)")
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_html_digest_in_headless_chromium(november, demo_config, lang, tmp_path, capsys):
    """Light and dark, 1200 and 390 px wide: screenshots kept in test-artifacts/; no horizontal scrolling at 390 px."""
    page = november["out"] / f"digest-{lang}.html"
    if lang == "ko":
        page.write_text(november["html"], encoding="utf-8")
    else:
        main(
            ["--config", demo_config, "--now", NOW, "digest", "--format", "html", "--lang", "en", "--output", str(page)]
        )
    ARTIFACTS.mkdir(exist_ok=True)
    dom = _browser(tmp_path, ["--dump-dom", page.as_uri()]).stdout
    assert ("2025년 11월 AI 동향 리포트" if lang == "ko" else "AI industry report: November 2025") in dom
    assert re.search(r'<a href="https://[^"]+"', dom)
    for scheme in ("light", "dark"):
        for width in (1200, 390):
            seen = _measure(page, width, scheme, tmp_path)
            assert seen["inner"] == width
            if width == 390:
                assert seen["scroll"] <= 390, f"{lang} {scheme}: the page scrolls sideways at 390 px ({seen})"
            assert seen["page"] == ("rgb(22, 27, 34)" if scheme == "dark" else "rgb(255, 255, 255)"), seen
            assert seen["label"] == ("rgb(230, 237, 243)" if scheme == "dark" else "rgb(31, 35, 40)"), seen
            shot = ARTIFACTS / f"digest-{lang}-{width}-{scheme}.png"
            shot.unlink(missing_ok=True)
            size = f"--window-size={width},{min(16000, seen['height'])}"
            _browser(tmp_path, [*_SCHEMES[scheme], size, f"--screenshot={shot}", page.as_uri()])
            assert shot.read_bytes()[16:24] == width.to_bytes(4, "big") + min(16000, seen["height"]).to_bytes(4, "big")


_SCHEMES = {"light": [], "dark": ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]}


def _browser(tmp_path: Path, args: list[str]) -> subprocess.CompletedProcess:
    base = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1000"]  # fmt: skip
    return subprocess.run([*base, *args], capture_output=True, text=True, timeout=90)


def _measure(page: Path, width: int, scheme: str, tmp_path: Path) -> dict:
    """The page as it lays out `width` px wide: headless chromium's window is at least 500 px wide, so the page is
    shown in an iframe of that width (srcdoc: same origin as the test's own script, which never enters the page)."""
    wrapper = tmp_path / f"measure-{width}-{scheme}.html"
    wrapper.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" width="{width}" height="1000" style="border:0"'
        f' srcdoc="{html_escape(page.read_text(encoding="utf-8"))}"></iframe><script>'
        "document.getElementById('f').addEventListener('load', function () {"
        " var w = this.contentWindow, d = this.contentDocument, style = function (q, p) {"
        " return w.getComputedStyle(d.querySelector(q))[p]; };"
        " document.body.setAttribute('data-seen', JSON.stringify({inner: w.innerWidth,"
        " scroll: d.documentElement.scrollWidth, height: Math.ceil(d.body.getBoundingClientRect().height),"
        " page: style('.page', 'backgroundColor'), label: style('.chart .num', 'color')})); });"
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = _browser(tmp_path, [*_SCHEMES[scheme], "--virtual-time-budget=5000", "--dump-dom", wrapper.as_uri()]).stdout
    found = re.search(r"data-seen=\"([^\"]*)\"", dom)
    assert found, dom[-500:]
    return json.loads(html_unescape(found.group(1)))


def test_digest_format_json_is_the_archived_model(demo_config, november, capsys):
    code, out, _ = run("--config", demo_config, "--now", NOW, "digest", "--format", "json", capsys=capsys)
    assert code == 0
    printed = json.loads(out)
    db = Path(demo_config).parent / "monitor.db"
    with sqlite3.connect(db) as conn:
        fmt, stored = conn.execute("SELECT format, model FROM digests ORDER BY id DESC LIMIT 1").fetchone()
    assert fmt == "json" and printed == json.loads(stored)
    assert digest_to_json(digest_from_json(printed)) == printed  # exactly the model, nothing added or lost
    assert all({"text", "usd", "kind", "url", "title"} <= set(d) for d in printed["deals"])
    story = printed["sections"][0]["stories"][0]
    contract = {"title", "lang", "layer", "topics", "companies", "mentioned", "outlets", "articles", "items", "amount",
                "published", "updated", "sources"}  # fmt: skip
    assert contract <= set(story) and story["outlets"] == len(story["sources"]) >= 2
    assert story["published"] <= story["updated"] and len(story["items"]) == story["articles"]
    code, again, _ = run("--config", demo_config, "--now", NOW, "digest", "--format", "json", "--stored",
                         capsys=capsys)  # fmt: skip
    assert code == 0 and json.loads(again) == printed


def test_deals_only_in_the_deals_table_and_every_story_shown_or_listed(november):
    model = november["model"]
    deals, valuations = model["deals"], model["valuations"]
    assert not {d["title"] for d in deals} & {v["title"] for v in valuations}
    assert len({d["url"] for d in deals}) == len(deals)  # one row per story
    shown = [s for section in model["sections"] for s in section["stories"]]
    # the stories no section told: the best covered of them listed by title and link
    assert len(model["also"]) == min(ALSO, model["footer"]["stories"] - len(shown)) > 0
    assert not {a["title"] for a in model["also"]} & {s["title"] for s in shown}
    assert all(len(section["stories"]) <= 8 for section in model["sections"])
    # a story's companies are its actors: a company named in passing is only mentioned
    assert all(not set(s["companies"]) & set(s["mentioned"]) and len(s["companies"]) <= 4 for s in shown)
    names = {n for s in shown for n in s["company_names"]}
    assert "구글" in names and not any("/" in n or "(" in n for n in names)
