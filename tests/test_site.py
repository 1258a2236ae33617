"""`monitor site build`: the static archive over several months and both languages, its links, its Atom feed,
feed text kept inert, and a real browser on its pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from tests.conftest import ROOT
from tests.feeds import Post, rss2
from tests.feedserver import Route
from tests.monthly import check_site as check_links
from tests.monthly import month_posts
from tests.smtp import SmtpServer

MONTHS = [(2025, 9), (2025, 10), (2025, 11)]
HOSTILE = (
    'OpenAI releases a model <script>alert("x")</script> &lt;script&gt;alert(2)&lt;/script&gt;'
    " {{ site.title }} {% include evil.html %}"
)
READER = "reader@inbox.example"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    """Three months fetched from loopback feeds, each mailed (so archived in Korean) to a loopback SMTP server."""
    from tests.conftest import write_config
    from tests.feedserver import FeedServer

    folder = tmp_path_factory.mktemp("site")
    server, smtp = FeedServer().start(), SmtpServer().start()
    try:
        posts = {lang: [p for y, m in MONTHS for p in month_posts(y, m, 6, lang)] for lang in ("ko", "en")}
        posts["en"].append(Post(HOSTILE, "https://en-wire.example/hostile", posts["en"][-1].published,
                                "OpenAI said <b>bold</b> {{ page.secret }} and raised $2 billion."))  # fmt: skip
        urls = [server.add(f"/{lang}.xml", Route(rss2(p))) for lang, p in posts.items()]
        cfg = write_config(folder / "monitor.toml", urls, smtp.config([READER]))
        args = ["--config", str(cfg)]
        assert run(*args, "--now", "2025-11-28T12:00:00+09:00", "fetch") == 0
        for year, month in MONTHS:
            nxt = f"{year + month // 12}-{month % 12 + 1:02d}-01T09:00:00+09:00"
            assert run(*args, "--now", nxt, "digest", "--send") == 0
        assert run(*args, "site", "build", "--output", str(folder / "out")) == 0
        return {"cfg": cfg, "out": folder / "out", "folder": folder, "smtp": smtp, "args": args}
    finally:
        server.stop()
        smtp.stop()


def run(*args: str) -> int:
    from monitor.cli import main

    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def test_every_month_in_both_languages_newest_first(archive):
    out: Path = archive["out"]
    for year, month in MONTHS:
        for lang in ("ko", "en"):
            assert (out / f"{year}-{month:02d}" / f"{lang}.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f'href="{y}-{m:02d}/ko.html"') for y, m in MONTHS]
    assert positions == sorted(positions, reverse=True)
    assert "2025년 11월 AI 동향 리포트" in index and 'href="2025-11/en.html"' in index
    assert len(archive["smtp"].recorder.to(READER)) == 3


def test_every_internal_link_resolves_and_no_page_runs_anything(archive):
    counts = check_links(archive["out"])
    assert counts["pages"] == 1 + 6 + len(list((archive["out"] / "companies").glob("*.html")))
    assert counts["internal"] > 50 and counts["external"] > 10
    assert not list(archive["out"].rglob("*.png"))  # the charts are table bars


def test_company_page_tells_every_month_newest_first_with_figures_and_links(archive):
    page = (archive["out"] / "companies" / "openai.html").read_text(encoding="utf-8")
    months = [page.index(f'href="../{y}-{m:02d}/ko.html"') for y, m in MONTHS if f"../{y}-{m:02d}/ko.html" in page]
    assert len(months) == 3 and months == sorted(months, reverse=True)
    assert "30억 달러" in page or "$3 billion" in page
    assert 'href="https://' in page


def test_feed_xml_is_atom_with_an_entry_per_month_and_language(archive):
    feed = feedparser.parse((archive["out"] / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    entries = feed.entries
    assert len(entries) == 6 and len({e.id for e in entries}) == 6
    assert all(e.id.startswith("tag:") and e.updated_parsed for e in entries)
    assert {e.link for e in entries} == {f"{y}-{m:02d}/{lang}.html" for y, m in MONTHS for lang in ("ko", "en")}
    first = entries[0]
    assert first.title == "2025년 11월 AI 동향 리포트" and first.summary


def test_feed_links_are_absolute_with_base_url(archive, tmp_path):
    cfg: Path = archive["cfg"]
    with_base = tmp_path / "monitor.toml"
    database = (cfg.parent / "monitor.db").as_posix()
    text = cfg.read_text().replace('database = "monitor.db"', f'database = "{database}"')
    with_base.write_text(text + f'\n[site]\npath = "{tmp_path / "web"}"\nbase_url = "https://news.example/ai/"\n')
    assert run("--config", str(with_base), "site", "build") == 0
    feed = feedparser.parse((tmp_path / "web" / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 6
    assert all(e.link.startswith("https://news.example/ai/2025-") for e in feed.entries)
    assert all(e.id.startswith("tag:news.example,") for e in feed.entries)
    assert "https://news.example" not in (tmp_path / "web" / "index.html").read_text()  # pages stay relative


def test_a_feed_title_with_html_and_liquid_stays_inert_everywhere(archive):
    out: Path = archive["out"]
    shown = 0
    for path in [*out.rglob("*.html"), out / "feed.xml"]:
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and "{{" not in text and "{%" not in text and "<b>" not in text, path
        shown += "&#123;&#123; site.title &#125;&#125;" in text
    assert shown >= 3  # the title is told, as text: its month's pages and the company's page
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo


def test_the_site_holds_no_recipient_address(archive):
    for path in archive["out"].rglob("*"):
        if path.is_file():
            assert READER.encode() not in path.read_bytes(), path


def test_output_needs_no_site_section_and_a_missing_one_is_one_line(archive, tmp_path, capsys):
    target = tmp_path / "deep" / "new"
    assert run(*archive["args"], "site", "build", "--output", str(target)) == 0
    assert (target / "index.html").is_file()
    capsys.readouterr()
    assert run(*archive["args"], "site", "build") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("monitor: error:") and "[site] path" in err and len(err.splitlines()) == 1
    (tmp_path / "file").write_text("x")
    assert run(*archive["args"], "site", "build", "--output", str(tmp_path / "file")) == 2


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="Debian's chromium is not installed (scripts/test installs it as root)")
def test_index_and_a_company_page_in_headless_chromium(archive, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    base = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,1600"]  # fmt: skip
    for name, page, expected in (
        ("index", archive["out"] / "index.html", "2025년 9월 AI 동향 리포트"),
        ("company", archive["out"] / "companies" / "openai.html", "오픈AI"),
        ("month", archive["out"] / "2025-11" / "ko.html", "2025년 11월 AI 동향 리포트"),
    ):
        dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60).stdout
        assert expected in dom and "<script" not in dom
        shot = ARTIFACTS / f"site-{name}.png"
        subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=60)
        assert shot.exists() and shot.stat().st_size > 10_000


def test_a_rebuild_removes_what_an_earlier_build_wrote_and_no_longer_has_and_nothing_else(archive, tmp_path, capsys):
    target = tmp_path / "site"
    assert run(*archive["args"], "site", "build", "--output", str(target)) == 0
    written = (target / ".monitor-site").read_text(encoding="utf-8").splitlines()
    assert "index.html" in written and "feed.xml" in written and ".monitor-site" not in written
    # What an earlier build wrote for a company the archive no longer names, and the site owner's own file:
    (target / "2025-08").mkdir()
    (target / "2025-08" / "ko.html").write_text("old", encoding="utf-8")
    (target / "CNAME").write_text("news.example\n", encoding="utf-8")
    (target / ".monitor-site").write_text("\n".join([*written, "2025-08/ko.html", "../outside.txt"]))
    (tmp_path / "outside.txt").write_text("not the site's", encoding="utf-8")
    capsys.readouterr()
    assert run(*archive["args"], "site", "build", "--output", str(target)) == 0
    assert "removed 1 file(s) an earlier build wrote" in capsys.readouterr().out
    assert not (target / "2025-08").exists()  # the file, and the folder it left empty
    assert (target / "CNAME").read_text(encoding="utf-8") == "news.example\n"
    assert (tmp_path / "outside.txt").exists() and (target / "index.html").is_file()
    assert (target / ".monitor-site").read_text(encoding="utf-8").splitlines() == written
