"""The optional writer switched on through [writer], end to end through the CLI, against a loopback server that
answers like an OpenAI-compatible one (tests/llm_server.py): grounded drafts are used, invented ones refused,
a failing server costs nothing but one warning, and `--stored` re-renders without a request."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.llm_server import LLMServer, Recorded, Reply
from tests.test_digest import NOW, run

GROUNDED = "2025년 11월에는 오픈AI가 아마존과 380억 달러 규모의 클라우드 계약을 맺었습니다."
INVENTED = "삼성전자가 9,999억 달러를 들여 달 기지를 세웠다."


def _config(demo: str, tmp_path: Path, base_url: str, timeout: str = "5s") -> str:
    text = Path(demo).read_text(encoding="utf-8")
    text = text.replace('database = "monitor.db"', f'database = "{Path(demo).parent / "monitor.db"}"')
    text += f'\n[writer]\nkind = "openai"\nbase_url = "{base_url}"\nmodel = "loopback-1"\ntimeout = "{timeout}"\n'
    path = tmp_path / "writer.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _stored(demo: str) -> dict:
    with sqlite3.connect(Path(demo).parent / "monitor.db") as conn:
        return json.loads(conn.execute("SELECT model FROM digests ORDER BY id DESC LIMIT 1").fetchone()[0])


def _kind(request: Recorded) -> str:
    system = request.body["messages"][0]["content"]
    return "excerpt" if "요약" in system else "summary" if "종합하면" in system else "section"


def _digest(cfg: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run("--config", cfg, "--now", NOW, "digest", "--format", "markdown", *extra, capsys=capsys)


def test_a_grounded_draft_is_used_an_invented_one_refused_and_stored_needs_no_request(
    demo_config: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def answer(request: Recorded) -> Reply:
        return Reply(content=GROUNDED if _kind(request) == "excerpt" else INVENTED)

    with LLMServer() as server:
        server.answer = answer
        cfg = _config(demo_config, tmp_path, server.base_url)
        with caplog.at_level(logging.WARNING, logger="monitor"):
            code, out, _err = _digest(cfg, capsys)
        assert code == 0 and GROUNDED in out and "9,999" not in out and "달 기지" not in out
        assert "우선 " in out  # the narrative writer's paragraphs stand where a draft was refused
        record = _stored(demo_config)["writer"]
        assert record["model"] == "loopback-1" and record["prompt_version"]
        verdicts = {p["key"]: p["verdict"] for p in record["paragraphs"]}
        assert verdicts["excerpt"] == "used" and verdicts["summary"].startswith("ungrounded")
        assert all(v.startswith("ungrounded") for k, v in verdicts.items() if k.startswith("section:"))
        assert any("not grounded" in r.getMessage() or "deterministic" in r.getMessage() for r in caplog.records)
        asked = len(server.requests)
        assert asked == len(verdicts)
        code, again, _err = _digest(cfg, capsys, "--stored")
        assert code == 0 and again == out and len(server.requests) == asked  # --stored makes no request


@pytest.mark.parametrize(
    "failing",
    [
        pytest.param(lambda: Reply(status=500, body=b"{}"), id="500"),
        pytest.param(lambda: Reply(body=b"{not json"), id="malformed"),
        pytest.param(lambda: Reply(content=GROUNDED, hang=3.0), id="timeout"),
    ],
)
def test_a_failing_server_leaves_the_narrative_text_one_warning_and_exit_0(
    failing: Callable[[], Reply],
    demo_config: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with LLMServer() as server:
        server.default = failing()
        cfg = _config(demo_config, tmp_path, server.base_url, timeout="1s")
        with caplog.at_level(logging.WARNING, logger="monitor"):
            code, out, _err = _digest(cfg, capsys)
    assert code == 0 and GROUNDED not in out and "우선 " in out and "종합하면" in out
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("monitor.writer")]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    record = _stored(demo_config)["writer"]
    assert record["paragraphs"] and all(p["verdict"].startswith("failed") for p in record["paragraphs"])
