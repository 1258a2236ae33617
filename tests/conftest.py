from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.demo import feed_title
from monitor.resources import shipped_path
from tests.feedserver import FeedServer, Route
from tests.hostile_server import HostileServer
from tests.smtp import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    """A misbehaving feed server on 127.0.0.1."""
    srv = HostileServer().start()
    yield srv
    srv.stop()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def jsonl(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def invoke(capsys, monkeypatch):
    """Run the real entry point in-process; returns exit code, stdout and stderr."""
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


FAST_FETCH = 'timeout = "5s"\nper_host = 8\n'


def write_config(path: Path, feeds: list[str] | list[dict], extra: str = "", *, fetch: str = FAST_FETCH) -> Path:
    """The one config writer of the tests: the database beside the file, a [fetch] section, the feeds, `extra`."""
    lines = ['[storage]\ndatabase = "monitor.db"\n', f"[fetch]\n{fetch}\n"]
    for feed in feeds:
        entry = feed if isinstance(feed, dict) else {"url": feed}
        lines.append("[[feeds]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in entry.items()))
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.fixture
def config_file(tmp_path: Path):
    def make(feeds: list[str] | list[dict], extra: str = "") -> str:
        return str(write_config(tmp_path / "monitor.toml", feeds, extra))

    return make


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory) -> str:
    """The sample feeds served on 127.0.0.1 and fetched once into a real SQLite file."""
    folder = tmp_path_factory.mktemp("demo")
    server = FeedServer().start()
    feeds = []
    for feed in sorted((shipped_path("demo") / "feeds").iterdir()):
        kind = "application/feed+json" if feed.suffix == ".json" else "application/xml"
        url = server.add(f"/{feed.name}", Route(feed.read_bytes(), kind))
        feeds.append({"url": url, "name": feed_title(feed)} if feed.suffix != ".json" else {"url": url})
    cfg = write_config(folder / "monitor.toml", feeds)
    try:
        main(["--config", str(cfg), "fetch"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    finally:
        server.stop()
    return str(cfg)


@pytest.fixture
def smtp():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""
    server = SmtpServer().start()
    yield server
    server.stop()


def pytest_report_header(config) -> str:
    return f"shared/ beside the clone: {'yes' if SHARED.exists() else 'no'}; cwd {os.getcwd()}"
