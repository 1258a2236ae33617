"""markdown_escape: real Markdown renderers (markdown-it-py for CommonMark with tables and strikethrough, cmarkgfm
for GitHub's own GFM with autolinks) show the escaped text exactly as written, in a paragraph, a heading, a list
item and a table cell; ordinary text is not escaped at all. (kramdown needs Ruby, which is not installed here:
only escapes kramdown documents are used.)"""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from monitor.markdown import markdown_escape

MARKDOWN_IT = MarkdownIt("commonmark").enable(["table", "strikethrough"])

TRICKY = [
    "GPT-5.1 출시, 2025-11-01 발표 (주)예시랩 A&B",
    "# 속보: 예시AI, 새 모델 공개",
    "## 두 단계 제목",
    "> 인용처럼 보이는 제목",
    "- 목록처럼 시작하는 제목",
    "+ 더하기로 시작",
    "* 별표로 시작",
    "1. 번호처럼 시작",
    "2025. 11. 3 발표",
    "10) 괄호 번호",
    "---",
    "***",
    "___",
    "=== 제목",
    ": 정의처럼",
    "| 표 | 처럼 |",
    "*강조* _밑줄_ **굵게** __굵게__ snake_case_name 2*3*4",
    "`코드` ``이중`` ```세 개```",
    "[링크](https://evil.example) ![그림](x.png) [참조][1] [^각주]",
    "<script>alert('x')</script> <b>굵게</b> <!-- 주석 --> <img src=x onerror=alert(1)>",
    "<https://evil.example> <a@b.example>",
    "{{ site.title }} {% include evil.html %} {: .class} {::nomarkdown}x{:/} {#id}",
    "Example Wire: https://evil.example/path?q=1 and www.evil.example",
    "3~4월 매출 ~~취소~~ ~한 번~",
    "C:\\Users\\예시 \\* \\\\",
    "제목 끝의 #",
    "C# 언어와 F##",
    "$$x^2$$ and $5",
    "&copy; &amp; &#60; &lt;b&gt;",
    "a -- b --- c <<d>>",
    "줄\n바꿈  \n두 칸",
    "    들여쓰기 코드처럼",
    "\u202e뒤집힌\u200b글자",
    "AT&T, R&D, Q&A; 50% < 60% > 40%",
    "\"큰따옴표\" '작은따옴표' …",
    "!중요! ¡hola! (괄호) {중괄호} [대괄호]",
    "^",
    "a << b >> c",
]

CONTEXTS = {
    "paragraph": ("{}\n", "p"),
    "heading": ("### {}\n", "h3"),
    "list item": ("- {}\n", "li"),
    "table cell": ("| a | b |\n|---|---|\n| {} | z |\n", "td"),
}


def expected(text: str) -> str:
    return " ".join(re.sub(r"[\u200b\u202e]", "", text).split())


def shown(rendered: str, tag: str) -> str:
    """The text inside the context's element; fails if any other element appears inside it."""
    m = re.search(rf"<{tag}>(.*?)</{tag}>", rendered, re.S)
    assert m, rendered
    inner = m.group(1)
    assert "<" not in inner, f"markup inside <{tag}>: {inner}"
    return html.unescape(inner).strip()


def gfm(source: str) -> str:
    extensions = ["table", "strikethrough", "autolink", "tagfilter"]
    return cmarkgfm.markdown_to_html_with_extensions(source, extensions=extensions)


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("context", CONTEXTS)
def test_renderers_show_the_text_as_written(text: str, context: str) -> None:
    template, tag = CONTEXTS[context]
    source = template.format(markdown_escape(text))
    if "@b.example" in text:  # GFM links a bare e-mail address whatever is escaped (see monitor/markdown.py)
        assert shown(MARKDOWN_IT.render(source), tag) == expected(text)
        return
    assert shown(MARKDOWN_IT.render(source), tag) == expected(text)
    assert shown(gfm(source), tag) == expected(text)


@pytest.mark.parametrize("text", TRICKY)
def test_liquid_and_kramdown_extensions_stay_inert(text: str) -> None:
    escaped = markdown_escape(text)
    for delimiter in ("{{", "{%", "{:", "{#", "<script", "<b>", "<!--", "\n"):
        assert delimiter not in escaped


@pytest.mark.parametrize(
    "text",
    [
        "GPT-5.1",
        "2025-11-01",
        "(주)",
        "A&B",
        "오픈AI가 아마존 웹서비스(AWS)와 380억 달러(약 53조 원) 규모의 계약을 체결했다.",
        "Claude Opus 4.5, Gemini 3 Pro, o3-mini",
        "OpenAI signed a seven-year, $38 billion deal with Amazon Web Services.",
        "50% 성장, 3.5배, 1,000명, 10:30",
        "snake_case",
        "example.com",
    ],
)
def test_ordinary_text_is_not_escaped(text: str) -> None:
    assert markdown_escape(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#>-+*_`[]()!<>&{}%|~$\\:.=1aZ 가\n;@/w")), max_size=30))
def test_any_mix_of_markdown_characters_reads_as_written(text: str) -> None:
    source = markdown_escape(text) + "\n"
    want = expected(text)
    if not want:
        return
    assert shown(MARKDOWN_IT.render(source), "p") == want
    rendered = gfm(source)
    if "@" not in text:
        assert shown(rendered, "p") == want
