"""Hostile feed text in every digest format: inert markup, no direction marks, honest link text."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.feeds import Post, rss2, site
from tests.hostile import KST, db_rows
from tests.hostile_server import HostileServer, Static

# --- untrusted feed text in every digest format ------------------------------------------------------------


def _day(day: int) -> datetime:
    return datetime(2025, 11, day, 9, tzinfo=KST)


FRONT_MATTER_TITLE = "OpenAI GPT-6 AI model launch {{ page.secret }} {% raw %} <img src=x onerror=alert('fm')//"
HOSTILE_POSTS = [
    Post("엔비디아 AI GPU 공개 <script>alert('t1')</script> &lt;script&gt;alert('t2')&lt;/script&gt; &amp;lt;b&amp;gt;",
         "https://wire.example/a", _day(3),
         '<img src=x onerror="alert(\'h1\')"> AI 데이터센터 <a href="javascript:alert(\'j1\')" '
         'onclick="alert(\'h2\')">x</a> <div style="width: expression(alert(\'c1\'))">y</div> <iframe src="https://evil.example/"></iframe>'),
    Post("OpenAI raises $40 billion in AI funding <img src=x onerror=alert('h3')//",
         "https://openai.example@evil.example/login", _day(4),
         "The AI model maker raised $40 billion. [click](javascript:alert('m1')) "
         "![p](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) <javascript:alert('m2')> <http://evil.example/>"),
    Post("앤트로픽, 클로드 AI 모델 공개 {{ site.secret }} {% include secret.txt %} {%- raw -%} {% endraw %} "
         "{{'a'|append:'b'}}",
         "https://anthropic-news.example/x", _day(5),
         "AI 모델 --><script>alert('k1')</script><!-- <![CDATA[<script>alert('k2')</script>]]> "
         "<!--[if gte mso 9]><script>alert('k3')</script><![endif]--> ]]> <!-- unterminated"),
    Post("Meta signs $14.2 billion AI data center deal \u202egnp.exe\u202c \u2066x\u2069 \u200e\u200f "
         "zero\u200bwidth\ufeff",
         "https://meta-news.example/deal", _day(6),
         "AI infrastructure deal with CoreWeave for GPU cloud <style>body{background:url(javascript:alert('c2'))}"
         "</style> <p style=\"behavior:url(x.htc);-moz-binding:url(y)\">`code` **bold** _em_ # head | pipe ~~s~~</p>"),
    Post("https://openai.example/pricing — Microsoft invests $10 billion in AI data centers",
         "https://evil.example/phish", _day(7),
         "Microsoft AI cloud investment. \" onmouseover=\"alert('h4') ' onfocus='alert(5) &#x6a;avascript:alert(6)"),
    Post("구글, AI 칩 공개 ---\nlayout: evil\ntitle: pwned\n---", "JaVaScRiPt:alert('j2')", _day(8),
         "AI 반도체 TPU 데이터센터\n[a]: javascript:alert('m3')\n<https://evil.example/auto>"),
    Post("Nvidia ships AI GPUs for data centers", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
         _day(9), "AI infrastructure GPU cluster"),
    Post("애플, 온디바이스 AI 모델 공개", "https://\u0430pple.example/ai", _day(10), "AI 모델 \u061c 표시\u2060 여기"),
    *(Post(FRONT_MATTER_TITLE, site(f"outlet{n}", "/gpt6"), _day(11 + n), "OpenAI's new AI model.")
      for n in range(3)),
]  # fmt: skip
FEED_URLS = {
    "https://wire.example/a", "https://evil.example/login", "https://anthropic-news.example/x",
    "https://meta-news.example/deal", "https://evil.example/phish", "https://\u0430pple.example/ai",
    "https://xn--pple-43d.example/ai",  # the same link, its host in ASCII as the digest writes it
    *(site(f"outlet{n}", "/gpt6") for n in range(3)),
}  # fmt: skip
HANDLED_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MORE_INVISIBLE = re.compile("[\u061c\u2060-\u2064\u180e]")  # Bidi_Control U+061C; word joiner and friends


@pytest.fixture(scope="module")
def hostile_digest(tmp_path_factory) -> dict[str, str]:
    """The November digest of hostile feed text: HTML, Markdown and text files, and the email in the outbox."""
    from email import message_from_bytes
    from email.policy import default

    from monitor.cli import main

    folder = tmp_path_factory.mktemp("hostile-digest")
    server = HostileServer().start()
    try:
        cfg = str(write_config(folder / "monitor.toml", [server.add("/evil", Static(rss2(HOSTILE_POSTS)))], fetch=""))

        def run(*args: str) -> None:
            try:
                main(["--config", cfg, "--now", "2025-12-01T10:00:00+09:00", *args])
            except SystemExit as exc:
                assert exc.code in (0, None), args

        run("fetch")
    finally:
        server.stop()
    out = {}
    for fmt, name in (("html", "digest.html"), ("markdown", "digest.md"), ("text", "digest.txt")):
        run("digest", "--month", "2025-11", "--format", fmt, "--output", str(folder / name))
        out[fmt] = (folder / name).read_text(encoding="utf-8")
    run("digest", "--month", "2025-11", "--send")  # no [mail]: to the outbox
    message = message_from_bytes((folder / "outbox" / "digest-2025-11-ko.eml").read_bytes(), policy=default)
    out["email-html"] = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    out["email-text"] = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    out["outbox-html"] = (folder / "outbox" / "digest-2025-11-ko.html").read_text(encoding="utf-8")
    out["headers"] = "\n".join(f"{k}: {v}" for k, v in message.items())
    out["config"] = cfg
    return out


HTML_FORMATS = ("html", "email-html", "outbox-html")
TEXT_FORMATS = ("text", "email-text")
ALL_FORMATS = (*HTML_FORMATS, "markdown", *TEXT_FORMATS)


class _Markup:
    def __init__(self, markup: str) -> None:
        from html.parser import HTMLParser

        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self.anchors: list[tuple[str, str]] = []  # (href, visible text)
        self.style_blocks: list[str] = []
        outer = self

        class Collect(HTMLParser):
            anchor: list[str] | None = None
            in_style = False

            def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
                attributes = {k.lower(): v or "" for k, v in attrs}
                outer.tags.append((tag, attributes))
                if tag == "a":
                    self.anchor = [attributes.get("href", ""), ""]
                self.in_style = tag == "style"

            def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
                if tag == "a" and self.anchor is not None:
                    outer.anchors.append((self.anchor[0], " ".join(self.anchor[1].split())))
                    self.anchor = None
                self.in_style = False

            def handle_data(self, data):  # type: ignore[no-untyped-def]
                if self.anchor is not None:
                    self.anchor[1] += data
                if self.in_style:
                    outer.style_blocks.append(data)

            def handle_comment(self, data):  # type: ignore[no-untyped-def]
                outer.comments.append(data)

            def unknown_decl(self, data):  # type: ignore[no-untyped-def]
                outer.declarations.append(data)

        Collect(convert_charrefs=True).feed(markup)


ACTIVE_TAGS = set(
    "script svg math iframe frame frameset object embed applet form input button base link video audio source "
    "textarea select template portal".split()
)
OUR_META = {"charset", "viewport", "color-scheme", "supported-color-schemes"}


@pytest.mark.parametrize("fmt", HTML_FORMATS)
def test_hostile_feed_text_is_inert_in_every_html(hostile_digest, fmt):
    markup = hostile_digest[fmt]
    assert "엔비디아 AI GPU 공개" in markup and "OpenAI raises $40 billion" in markup  # the items are there
    page = _Markup(markup)
    names = [name for name, _attrs in page.tags]
    assert not ACTIVE_TAGS & set(names), ACTIVE_TAGS & set(names)
    assert names.count("style") == 1, "only the template's own <style>"
    assert not re.search(r"alert|javascript|expression|@import|behavior|binding", "".join(page.style_blocks), re.I)
    for name, attrs in page.tags:
        if name == "meta":
            assert attrs.get("name", "charset" if "charset" in attrs else "") in OUR_META, attrs
            assert "http-equiv" not in attrs, attrs
        for key, value in attrs.items():
            assert not key.startswith("on"), (name, key, value)
            assert not re.search(r"(java|vb)script:|data:|alert", value, re.I), (name, key, value)
            if key == "href":  # a source, or the template's own link to a section of the page
                assert re.fullmatch(r"https?://[^\s\"'<>`]+|#sec-\d+", value), value
            assert key != "src", (name, key, value)  # no images: the charts are tables
            if key == "style":
                assert not re.search(r"expression|url\(|behavior|binding|javascript", value, re.I), value
    external = {_link_key(href) for href, _text in page.anchors if not href.startswith("#sec-")}
    assert external <= {_link_key(url) for url in FEED_URLS}
    assert not [c for c in page.comments if re.search(r"alert|script|\[if|CDATA", c, re.I)], page.comments
    assert not page.declarations and "<![CDATA[" not in markup
    assert not HANDLED_INVISIBLE.search(markup), f"{fmt}: a direction override or zero-width character"
    for href, text in page.anchors:  # source links are labelled with the host they really go to
        if re.fullmatch(r"[\w.-]+", text) and "." in text:
            assert text in _real_host(href), (href, text)


def test_hostile_feed_text_is_inert_in_markdown(hostile_digest):
    import yaml

    md = hostile_digest["markdown"]
    assert md.startswith("---\n")
    front, body = md[4:].split("\n---\n", 1)
    meta = yaml.safe_load(front)
    assert set(meta) == {"layout", "title", "date", "author", "categories", "tags", "excerpt"}
    assert meta["layout"] == "post" and meta["title"] == "2025년 11월 AI 동향 리포트"
    assert all(isinstance(v, str) for v in (meta["excerpt"], meta["author"]))
    assert re.findall(r"(?m)^(layout|title):", md) == ["layout", "title"], "a feed title made front matter"
    assert not re.search(r"<[A-Za-z!/?]", body), "raw HTML in the Markdown body"
    assert "{{" not in body and "{%" not in body, "Liquid in the Markdown body"
    assert not re.search(r"(?m)^ {0,3}\[[^\]]*\]:", body), "a link reference definition from a feed"
    assert not re.search(r"<(https?|javascript|data):", body, re.I), "an autolink from a feed"
    for target in re.findall(r"(?<!\\)\]\(([^)]*)\)", body):
        assert re.fullmatch(r"https?://[^\s\"'<>`]+", target), target  # no images: the charts are tables
    for text, target in re.findall(r"(?<![\\!])\[((?:[^\]\\]|\\.)*)\]\((https?://[^)]*)\)", body):
        if re.fullmatch(r"[\w.\\-]+", text) and "." in text and text.isascii():  # a source link: its real host
            assert text.replace("\\", "") in _real_host(target), (text, target)
    assert not HANDLED_INVISIBLE.search(md)
    assert "엔비디아 AI GPU 공개" in body and "OpenAI raises $40 billion" in body


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_hostile_feed_text_is_inert_in_plain_text(hostile_digest, fmt):
    text = hostile_digest[fmt]
    assert "엔비디아 AI GPU 공개" in text
    assert not HANDLED_INVISIBLE.search(text)
    links = re.findall(r"(?m)^\s+- ([^\s:]+): (\S+)$", text)
    assert links and all(_link_key(url) in {_link_key(u) for u in FEED_URLS} for _label, url in links), links
    for label, url in links:
        assert label in _real_host(url), (label, url)


def test_stored_feed_text_has_no_direction_overrides_or_markup(hostile_digest):
    db = Path(hostile_digest["config"]).parent / "monitor.db"
    rows = db_rows(db, "SELECT title, summary FROM items")
    assert len(rows) >= 9
    for title, summary in rows:
        assert not HANDLED_INVISIBLE.search(title + summary), repr(title)
        assert not re.search(r"<(script|style|iframe|img|a|div|p)\b[^>]*>", title + summary, re.I), title + summary
        # what script, style and comment blocks held is not text a reader saw
        assert not re.search(r"alert\('(t1|k1|k2|k3)'\)|background:url|\[if gte mso", title + summary), title + summary


HOSTILE_LINKS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(2)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(3)",
    "//evil.example/scheme-relative",
    "java\tscript:alert(4)",
    "https:evil.example",
]


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_an_archived_model_with_hostile_links_still_renders_inert(hostile_digest, tmp_path, fmt):
    """The renderer's own defence, behind the normaliser's: `digest --stored` re-renders whatever model was
    archived (an older version's, an edited one) with links that are not http(s) and direction overrides."""
    from monitor.cli import main

    cfg = hostile_digest["config"]
    db = Path(cfg).parent / "monitor.db"
    [(model_text,)] = db_rows(db, "SELECT model FROM digests WHERE month = '2025-11' ORDER BY id DESC LIMIT 1")
    model = json.loads(model_text)
    links = iter(HOSTILE_LINKS * 20)
    for section in model["sections"]:
        for n, story in enumerate(section["stories"]):
            story["title"] = "\u202e" + story["title"]
            for source in story["sources"] if n % 2 == 0 else ():  # every other story keeps its real links
                source["url"] = next(links)
    for deal in model["deals"]:
        deal["url"] = next(links)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO digests (month, lang, format, model, rendered, created)"
            " VALUES ('2025-11', 'ko', 'html', ?, '', '2025-12-01T01:00:00.000000Z')",
            (json.dumps(model, ensure_ascii=False),),
        )
    out = tmp_path / f"stored.{fmt}"
    try:
        main(["--config", cfg, "digest", "--month", "2025-11", "--stored", "--format", fmt, "--output", str(out)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    rendered = out.read_text(encoding="utf-8")
    assert "\u202e" not in rendered
    if fmt == "html":
        for name, attrs in _Markup(rendered).tags:
            for key, value in attrs.items():
                assert not re.search(r"(java|vb)script|data:", value, re.I), (name, key, value)
                if key == "href":  # a source, or the template's own link to a section of the page
                    assert re.fullmatch(r"https?://[^\s\"'<>`]+|#sec-\d+", value), value
    elif fmt == "markdown":
        for target in re.findall(r"(?<!\\)\]\(([^)]*)\)", rendered):
            assert re.fullmatch(r"https?://[^\s\"'<>`]+", target), target  # no images: the charts are tables
    else:
        links = re.findall(r"(?m)^\s+- ([^\s:]+): (\S+)$", rendered)
        assert links and all(url.startswith(("http://", "https://")) for _label, url in links), links
        assert not re.search(r"(?m)^\s+- [^\s:]*: *(java|vb)script|data:text/html;base64", rendered, re.I)


def test_the_message_headers_carry_nothing_from_feeds(hostile_digest):
    headers = hostile_digest["headers"]
    assert "Subject: 2025년 11월 AI 동향 리포트" in headers
    assert not re.search(r"(?im)^(bcc|cc|reply-to|layout|title):", headers)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_invisible_direction_mark_is_removed(hostile_digest, fmt):
    assert "온디바이스" in hostile_digest[fmt] or "애플" in hostile_digest[fmt]
    assert not MORE_INVISIBLE.search(hostile_digest[fmt]), repr(MORE_INVISIBLE.findall(hostile_digest[fmt]))


@pytest.mark.parametrize("fmt", [*HTML_FORMATS, "markdown"])
def test_no_link_text_names_another_host_than_its_target(hostile_digest, fmt):
    if fmt == "markdown":
        anchors = re.findall(r"(?<![\\!])\[((?:[^\]\\]|\\.)*)\]\((https?://[^)]*)\)", hostile_digest[fmt])
        anchors = [(target, text.replace("\\", "")) for text, target in anchors]
    else:
        anchors = _Markup(hostile_digest[fmt]).anchors
    for href, text in anchors:
        if text in _real_host(href):  # a source link, labelled with its host
            continue
        named = re.findall(r"(?:https?://|www\.)([^\s/<>\"'?#]+)", text) + re.findall(
            r"\b((?:[a-z0-9-]+\.)+(?:com|net|org|io|ai|co|kr|dev|app))\b", text.lower()
        )
        assert all(_real_host(f"https://{host}") & _real_host(href) for host in named), (href, text)


@pytest.mark.parametrize("fmt", [*HTML_FORMATS, *TEXT_FORMATS])
def test_a_homograph_host_is_shown_as_its_real_ascii_name(hostile_digest, fmt):
    shown = hostile_digest[fmt]
    assert "xn--pple-43d.example" in shown
    assert not re.search(r"\u0430pple\.example(?!/ai)", shown), "the look-alike host is shown as a label"


def test_front_matter_carries_no_liquid_or_markup(hostile_digest):
    import yaml

    front = yaml.safe_load(hostile_digest["markdown"][4:].split("\n---\n", 1)[0])
    for key, value in front.items():
        for text in value if isinstance(value, list) else [str(value)]:
            assert "{{" not in text and "{%" not in text and "<" not in text, (key, text)


def _link_key(url: str) -> tuple[str, str, str, str]:
    """A link, whether its host is written as it came or in ASCII (xn--), percent-encoded or not."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    host = unquote(parts.hostname or "").lower()
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return parts.scheme.lower(), host, unquote(parts.path), parts.query


def _real_host(url: str) -> set[str]:
    """The host a link goes to, as a reader may be shown it: as written, or in ASCII (xn--); no www."""
    from urllib.parse import unquote, urlsplit

    host = unquote(urlsplit(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    try:
        return {host, host.encode("idna").decode("ascii")}
    except UnicodeError:
        return {host}
