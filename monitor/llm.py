"""The optional writer: drafts a digest's paragraphs on an OpenAI-compatible chat-completions server.

`[writer] kind = "openai"` names any server that answers POST {base_url}/chat/completions the way OpenAI does:
a local Ollama, a llama.cpp server, vLLM, LiteLLM, or OpenAI itself. One request per paragraph, each retried at
most twice, the whole step bounded by TOTAL_SECONDS; every answer goes through the grounding gate. A paragraph
that fails in any way comes back as text None and the caller keeps its deterministic paragraph. Each Draft
records the model, PROMPT_VERSION and its verdict, so a digest archived with its drafts re-renders without a call.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import orjson

from monitor.grounding import CompanyNames, DraftFacts, check_grounding
from monitor.llm_prompt import PROMPT_VERSION, messages

log = logging.getLogger("monitor.writer")

TOTAL_SECONDS = 100.0  # the whole writer step, whatever the server does: under two minutes
RETRIES = 2  # after the first attempt
MAX_ANSWER_BYTES = 1_000_000
_THINKING = re.compile(r"<think>.*?</think>", re.S)

__all__ = ["PROMPT_VERSION", "Draft", "DraftRequest", "DraftSession", "WriterConfig", "draft_paragraphs"]


class WriterConfig(Protocol):
    """What the writer reads of [writer]: monitor.config's WriterSettings."""

    @property
    def base_url(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def api_key(self) -> str | None: ...  # from the environment variable api_key_env; never logged

    @property
    def timeout(self) -> float: ...


@dataclass(frozen=True)
class DraftRequest:
    """One paragraph to draft: what it is for, in which language, and the facts it may use."""

    key: str  # "section:infrastructure", "excerpt", "summary": the caller's name for the paragraph
    kind: str  # "section" | "excerpt" | "summary"
    lang: str  # "ko" | "en"
    facts: tuple[DraftFacts, ...]
    heading: str = ""  # the section's heading
    context: tuple[str, ...] = ()  # the period ("2025년 11월") and other words the writer is given


@dataclass(frozen=True)
class Draft:
    key: str
    model: str
    prompt_version: str
    text: str | None  # None: keep the deterministic paragraph
    verdict: str  # "used" | "ungrounded: ..." | "failed: ..."

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "model": self.model, "prompt_version": self.prompt_version,
                "text": self.text, "verdict": self.verdict}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Draft:
        return cls(data["key"], data["model"], data["prompt_version"], data.get("text"), data["verdict"])


class _Failure(Exception):
    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


def draft_paragraphs(
    requests: Sequence[DraftRequest],
    settings: WriterConfig,
    names: CompanyNames,
    *,
    krw_per_usd: float = 1400.0,
    clock: Callable[[], float] = time.monotonic,
    total_seconds: float = TOTAL_SECONDS,
    transport: httpx.BaseTransport | None = None,
) -> list[Draft]:
    """One Draft per request, in order. Never raises for the server's trouble; logs one warning when any
    paragraph failed and one line per ungrounded paragraph."""
    with DraftSession(
        settings, names, krw_per_usd=krw_per_usd, clock=clock, total_seconds=total_seconds, transport=transport
    ) as session:
        return [session.draft(request) for request in requests]


class DraftSession:
    """Drafts paragraphs one at a time under one deadline (TOTAL_SECONDS from the first request), for a caller
    that asks paragraph by paragraph (a Writer). Use as a context manager: leaving it closes the connection and
    logs the one warning line when any paragraph failed. `drafts` holds every Draft, in order, for the archive."""

    def __init__(
        self,
        settings: WriterConfig,
        names: CompanyNames,
        *,
        krw_per_usd: float = 1400.0,
        clock: Callable[[], float] = time.monotonic,
        total_seconds: float = TOTAL_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings, self.names, self.krw_per_usd, self.clock = settings, names, krw_per_usd, clock
        self.total_seconds = total_seconds
        self.deadline: float | None = None
        self.drafts: list[Draft] = []
        self._broken: str | None = None  # once the server has failed, the rest are not tried
        self._client = httpx.Client(transport=transport, trust_env=True, follow_redirects=False)

    def __enter__(self) -> DraftSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._client.is_closed:
            self._client.close()
            _warn_failures(self.drafts, self.settings)

    def draft(self, request: DraftRequest) -> Draft:
        if self.deadline is None:
            self.deadline = self.clock() + self.total_seconds
        draft = self._draft(request)
        self.drafts.append(draft)
        return draft

    def _draft(self, request: DraftRequest) -> Draft:
        settings = self.settings
        if self._broken is not None:
            return _draft(request, settings, None, f"failed: not tried ({self._broken})")
        try:
            chat = messages(request, self.names, self.krw_per_usd)
            text = _ask(self._client, settings, chat, self.deadline or 0.0, self.clock)
        except _Failure as failure:
            if failure.transient:
                self._broken = failure.reason
            return _draft(request, settings, None, f"failed: {failure.reason}")
        verdict = check_grounding(
            text, request.facts, self.names, krw_per_usd=self.krw_per_usd, context=request.context
        )
        if verdict.grounded:
            return _draft(request, settings, text, "used")
        log.warning("writer: %s kept the deterministic paragraph, %s", request.key, verdict.describe())
        return _draft(request, settings, None, verdict.describe())


def _draft(request: DraftRequest, settings: WriterConfig, text: str | None, verdict: str) -> Draft:
    return Draft(request.key, settings.model, PROMPT_VERSION, text, verdict)


def _warn_failures(drafts: list[Draft], settings: WriterConfig) -> None:
    failed = [d for d in drafts if d.verdict.startswith("failed")]
    if failed:
        host = urlsplit(settings.base_url).hostname or "?"
        log.warning(
            "writer: %d of %d paragraphs kept the deterministic text (%s at %s, model %s)",
            len(failed), len(drafts), failed[0].verdict, host, settings.model,
        )  # fmt: skip


def _ask(
    client: httpx.Client,
    settings: WriterConfig,
    chat: list[dict[str, str]],
    deadline: float,
    clock: Callable[[], float],
) -> str:
    """The answer's text, after at most RETRIES more attempts for trouble that may pass (timeouts, 5xx, 429)."""
    body = orjson.dumps({"model": settings.model, "messages": chat, "stream": False, "temperature": 0.2})
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    for attempt in range(RETRIES + 1):
        until = min(deadline, clock() + settings.timeout)
        try:
            return _within(until - clock(), partial(_attempt, client, settings, body, headers, until, clock))
        except _Failure as failure:
            pause = 0.5 * (attempt + 1)
            if not failure.transient or attempt == RETRIES or clock() + pause >= deadline:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


def _within(seconds: float, call: Callable[[], str]) -> str:
    """call() in a daemon thread, given up after `seconds` whatever it is waiting for: httpx's timeouts bound each
    read, not a whole answer that arrives slowly. A thread given up on ends by its own read timeout."""
    if seconds <= 0:
        raise _Failure("the writer's time limit was reached", transient=True)
    outcome: list[str | BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name="monitor-writer", daemon=True).start()
    if not done.wait(seconds + 0.05):
        raise _Failure("timed out", transient=True)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _attempt(
    client: httpx.Client,
    settings: WriterConfig,
    body: bytes,
    headers: dict[str, str],
    until: float,
    clock: Callable[[], float],
) -> str:
    remaining = until - clock()
    if remaining <= 0:
        raise _Failure("the writer's time limit was reached", transient=True)
    try:
        url = settings.base_url.rstrip("/") + "/chat/completions"
        with client.stream("POST", url, content=body, headers=headers, timeout=httpx.Timeout(remaining)) as response:
            raw = _read(response, until, clock)
            status = response.status_code
    except httpx.TimeoutException:
        raise _Failure("timed out", transient=True) from None
    except httpx.HTTPError as exc:
        raise _Failure(f"cannot reach the server ({type(exc).__name__})", transient=True) from None
    if status == 429 or status >= 500:
        raise _Failure(f"HTTP {status}", transient=True)
    if status != 200:
        raise _Failure(f"HTTP {status}", transient=False)
    return _content(raw)


def _read(response: httpx.Response, until: float, clock: Callable[[], float]) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise _Failure("answer too large", transient=False)
        if clock() > until:
            raise _Failure("timed out", transient=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _content(raw: bytes) -> str:
    """choices[0].message.content as plain text, without a reasoning model's <think> block."""
    try:
        data = orjson.loads(raw)
        content = data["choices"][0]["message"]["content"]
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
        raise _Failure("malformed answer (no choices[0].message.content)", transient=False) from None
    if not isinstance(content, str):
        raise _Failure("malformed answer (content is not text)", transient=False)
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", _THINKING.sub("", content)))
    text = "\n\n".join(part for part in paragraphs if part)
    if not text:
        raise _Failure("empty answer", transient=False)
    return text
