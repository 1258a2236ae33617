"""The optional writer against a loopback OpenAI-compatible server: grounded answers are used, everything else
falls back to the deterministic paragraph within the time bound, and the API key never reaches a log."""

from __future__ import annotations

import logging
import socket
import time

import pytest

from monitor.config import WriterSettings
from monitor.grounding import CompanyNames, DraftFacts, Figure
from monitor.llm import PROMPT_VERSION, Draft, DraftRequest, draft_paragraphs
from monitor.rules import load_rules, shipped_rule_files
from tests.llm_server import LLMServer, Recorded, Reply

NAMES = CompanyNames.from_rules(load_rules(shipped_rule_files()))
SECRET = "sk-test-0a1b2c3d4e5f"
DEAL = DraftFacts(
    title="OpenAI signs $38 billion cloud deal with Amazon Web Services",
    summary="The seven-year agreement gives OpenAI Nvidia chips in AWS data centers.",
    actors=("openai", "amazon"),
    figures=(Figure("$38 billion", 38e9),),
    date="2025-11-03",
)
REQUEST = DraftRequest(
    key="section:infrastructure", kind="section", lang="ko", facts=(DEAL,), heading="AI 인프라 경쟁과 동맹",
    context=("2025년 11월",),
)  # fmt: skip
GROUNDED = "우선 오픈AI(OpenAI)가 아마존 웹서비스(AWS)와 380억 달러(약 53조 원) 규모의 클라우드 계약을 체결했다."


@pytest.fixture
def server():
    with LLMServer() as s:
        yield s


def settings(base_url: str, timeout: float = 5.0, key: str | None = None) -> WriterSettings:
    return WriterSettings(kind="openai", base_url=base_url, model="test-model", timeout=timeout, api_key=key)


def test_a_grounded_answer_is_used_as_written(server: LLMServer) -> None:
    server.default = Reply(content=f"<think>생각 중</think>\n{GROUNDED}")
    [draft] = draft_paragraphs([REQUEST], settings(server.base_url), NAMES)
    assert draft == Draft(REQUEST.key, "test-model", PROMPT_VERSION, GROUNDED, "used")
    [sent] = server.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.body["model"] == "test-model"
    system, user = sent.body["messages"]
    assert system["role"] == "system" and "사실 목록" in system["content"] and REQUEST.heading in system["content"]
    assert user["role"] == "user" and DEAL.title in user["content"] and "380억 달러" in user["content"]
    assert "오픈AI(OpenAI)" in user["content"] and "2025년 11월" in user["content"]
    assert "Authorization" not in sent.headers


@pytest.mark.parametrize(
    ("answer", "missing"),
    [
        ("오픈AI가 마이크로소프트와 380억 달러 규모의 계약을 맺었다.", "company 마이크로소프트"),
        ("오픈AI가 AWS와 700억 달러 규모의 계약을 맺었다.", "amount 700억 달러"),
        ("오픈AI가 AWS와 계약하며 GPT-6를 공개했다.", "name GPT-6"),
    ],
)
def test_an_invented_company_or_amount_is_refused_with_one_line(
    server: LLMServer, caplog: pytest.LogCaptureFixture, answer: str, missing: str
) -> None:
    server.default = Reply(content=answer)
    with caplog.at_level(logging.INFO, logger="monitor"):
        [draft] = draft_paragraphs([REQUEST], settings(server.base_url), NAMES)
    assert draft.text is None and draft.verdict.startswith("ungrounded: ") and missing in draft.verdict
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and missing in lines[0] and REQUEST.key in lines[0]


def _timed(server: LLMServer, timeout: float = 5.0, total: float = 30.0, n: int = 1) -> tuple[list[Draft], float]:
    started = time.monotonic()
    drafts = draft_paragraphs([REQUEST] * n, settings(server.base_url, timeout), NAMES, total_seconds=total)
    return drafts, time.monotonic() - started


def test_a_server_error_is_retried_twice_then_falls_back(server: LLMServer, caplog) -> None:
    server.default = Reply(status=500, body=b'{"error": "boom"}')
    with caplog.at_level(logging.WARNING, logger="monitor"):
        [draft], _ = _timed(server)
    assert draft.text is None and draft.verdict == "failed: HTTP 500"
    assert len(server.requests) == 3  # the first attempt and two retries
    assert len(caplog.records) == 1 and "1 of 1 paragraphs" in caplog.records[0].getMessage()


def test_a_transient_error_then_an_answer_is_used(server: LLMServer) -> None:
    server.script = [Reply(status=503, body=b"{}"), Reply(content=GROUNDED)]
    [draft], _ = _timed(server)
    assert draft.verdict == "used" and len(server.requests) == 2


def test_malformed_json_falls_back_without_retrying(server: LLMServer) -> None:
    server.default = Reply(body=b'{"choices": [{"message": ')
    [draft], _ = _timed(server)
    assert draft.text is None and draft.verdict.startswith("failed: malformed answer")
    assert len(server.requests) == 1
    server.default = Reply(body=b'{"choices": []}')
    [draft], _ = _timed(server)
    assert draft.verdict.startswith("failed: malformed answer")


def test_a_slow_server_times_out_each_attempt(server: LLMServer) -> None:
    server.default = Reply(content=GROUNDED, hang=3.0)
    [draft], elapsed = _timed(server, timeout=0.4)
    assert draft.text is None and draft.verdict == "failed: timed out"
    assert len(server.requests) == 3
    assert elapsed < 0.4 * 3 + 0.5 + 1.0 + 1.0  # three attempts, two pauses, slack


def test_a_trickling_answer_is_cut_at_the_timeout(server: LLMServer) -> None:
    server.default = Reply(content=GROUNDED, trickle=0.05)  # about 20 s for the whole body
    [draft], elapsed = _timed(server, timeout=0.5, total=1.5)
    assert draft.verdict == "failed: timed out" and elapsed < 2.5


def test_an_answer_that_stalls_after_its_headers_is_given_up_at_the_deadline(server: LLMServer) -> None:
    server.default = Reply(content=GROUNDED, hang=1.2, trickle=30.0)  # headers and a byte late, then 30 s a byte
    [draft], elapsed = _timed(server, timeout=60.0, total=1.5)
    assert draft.verdict == "failed: timed out" and elapsed < 2.2


def test_the_whole_step_is_bounded_and_stops_after_the_server_fails(server: LLMServer) -> None:
    server.default = Reply(content=GROUNDED, hang=10.0)
    drafts, elapsed = _timed(server, timeout=60.0, total=2.0, n=5)
    assert elapsed < 3.0
    assert [d.text for d in drafts] == [None] * 5
    assert all(d.verdict.startswith("failed") for d in drafts)
    assert len(server.requests) == 1  # the rest are not tried once the server has failed


def test_an_unreachable_server_falls_back_at_once(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="monitor"):
        drafts = draft_paragraphs([REQUEST] * 3, settings(f"http://127.0.0.1:{port}/v1"), NAMES)
    assert time.monotonic() - started < 5.0
    assert all(d.text is None and d.verdict.startswith("failed: ") for d in drafts)
    assert len(caplog.records) == 1


def test_the_api_key_is_sent_as_bearer_and_never_logged(server: LLMServer, caplog) -> None:
    configured = WriterSettings(
        kind="openai", base_url=server.base_url, model="m", api_key_env="WRITER_KEY", api_key=SECRET, timeout=2.0
    )
    assert SECRET not in repr(configured)
    answers = iter([Reply(content=GROUNDED), Reply(content="마이크로소프트가 계약했다."), Reply(status=500, body=b"")])
    server.answer = lambda _request: next(answers, Reply(status=500, body=b""))
    with caplog.at_level(logging.DEBUG):
        drafts = draft_paragraphs([REQUEST] * 3, configured, NAMES)
    assert [d.verdict.split(":")[0] for d in drafts] == ["used", "ungrounded", "failed"]
    assert {r.headers.get("Authorization") for r in server.requests} == {f"Bearer {SECRET}"}
    assert caplog.records and SECRET not in caplog.text
    assert all(SECRET not in str(d.to_dict()) for d in drafts)


def test_drafts_round_trip_through_their_archive_form(server: LLMServer) -> None:
    server.answer = lambda request: Reply(content=GROUNDED if len(server.requests) == 1 else "구글이 계약했다.")
    drafts = draft_paragraphs([REQUEST, REQUEST], settings(server.base_url), NAMES)
    assert [Draft.from_dict(d.to_dict()) for d in drafts] == drafts
    assert {d.prompt_version for d in drafts} == {PROMPT_VERSION}


def test_an_english_request_is_written_in_english(server: LLMServer) -> None:
    server.default = Reply(content="OpenAI signed a $38 billion cloud deal with Amazon Web Services.")
    request = DraftRequest(key="excerpt", kind="excerpt", lang="en", facts=(DEAL,))
    [draft] = draft_paragraphs([request], settings(server.base_url), NAMES)
    assert draft.verdict == "used"
    system, user = server.requests[0].body["messages"]
    assert "excerpt" in system["content"] and "$38 billion" in user["content"] and "사실" not in user["content"]


def test_answers_are_read_per_request(server: LLMServer) -> None:
    def by_heading(request: Recorded) -> Reply:
        return Reply(content=GROUNDED if "인프라" in request.body["messages"][0]["content"] else "구글이 계약했다.")

    server.answer = by_heading
    other = DraftRequest(key="section:model", kind="section", lang="ko", facts=(DEAL,), heading="거대 모델 경쟁")
    drafts = draft_paragraphs([REQUEST, other], settings(server.base_url), NAMES)
    assert [d.verdict.split(":")[0] for d in drafts] == ["used", "ungrounded"]
