"""Bad configuration and rules: one line, exit 2, nothing stored is lost."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.hostile import KST, db_rows
from tests.hostile_server import HostileServer, Static

SEND_AT = "2025-12-01T10:00:00+09:00"


def _day(day: int) -> datetime:
    return datetime(2025, 11, day, 9, tzinfo=KST)


# --- bad configuration and rules: one line, exit 2, nothing stored is lost ---------------------------------

MAIL = '\n[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\n'
BROKEN_RULES = '[[company]]\nid = "acme"\naliases = ["Acme AI"]\npatterns = ["Acme-(\\\\d+"]\n'
BAD_SETUPS = {
    "malformed TOML": ("\n[digest\nlanguage = 'ko'\n", r"invalid TOML"),
    "unknown key in [fetch]": ('\n[fetch]\ntimout = "2s"\n', r"unknown key \[fetch\.timout\]"),
    "unknown key in [[feeds]]": ('\n[[feeds]]\nurl = "https://x.example/f"\nintervall = "1h"\n',
                                 r"unknown key \[feeds\[2\]\.intervall\]"),
    "unknown key in [mail]": (MAIL + 'passwd = "x"\n', r"unknown key \[mail\.passwd\]"),
    "bad duration": ('\n[fetch]\ninterval = "30 minutes"\n', r"\[fetch\.interval\] expected a duration"),
    "negative duration": ('\n[fetch]\ntimeout = "-1s"\n', r"\[fetch\.timeout\] expected a duration"),
    "zero duration": ('\n[fetch]\nmax_backoff = "0s"\n', r"\[fetch\.max_backoff\] expected a duration above zero"),
    "duration as a number": ('\n[[feeds]]\nurl = "https://x.example/f"\ninterval = 30\n',
                             r"\[feeds\[2\]\.interval\] expected a duration string"),
    "bad mail retry": (MAIL + 'retry = "1w"\n', r"\[mail\.retry\] expected a duration"),
    "broken regex in a rule": ("rules", r"company 'acme': broken regex"),
    "unknown layer in [[digest.sections]]": ('\n[[digest.sections]]\nlayer = "robots"\nheading = "R"\n',
                                             r"\[digest\.sections\[1\]\.layer\] expected one of model"),
    "unwritable database path": ("database=/proc/monitor.db",  # reading commands: there is no database there
                                 r"/proc/monitor.db: cannot open the database|no database at /proc/monitor.db;"),
    "database is not SQLite": ("database=notes.txt", r"notes.txt: cannot open the database \(file is not a database\)"),
    "mail without a sender": (MAIL.replace('from = "a@x.example"\n', ""), r"\[mail\.from\] expected a value"),
    "mail port as text": (MAIL + 'port = "25"\n', r"\[mail\.port\] expected a positive whole number"),
    "mail without recipients": ('\n[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = []\n',
                                r"\[mail\.recipients\] expected at least one address"),
}  # fmt: skip
COMMANDS = [  # (arguments, what the command needs: the config always, then rules and/or the database)
    (("config", "check"), {"rules"}),
    (("fetch",), {"rules", "db"}),
    (("digest", "--month", "2025-11"), {"rules", "db"}),
    (("digest", "--month", "2025-11", "--send"), {"db"}),  # sent already: nothing to render
    (("retag",), {"rules", "db"}),
    (("status",), {"db"}),
    (("feeds", "list"), {"db"}),
    (("run",), {"rules", "db"}),
]


@pytest.fixture(scope="module")
def stored_month(tmp_path_factory) -> tuple[Path, str]:
    """A database with a month of items, their tags, fetch history and a digest sent to the outbox."""
    from monitor.cli import main

    folder = tmp_path_factory.mktemp("stored")
    server = HostileServer().start()
    try:
        posts = [Post(f"엔비디아, AI 데이터센터 GPU 공급 {i}", f"https://kept.example/{i}", _day(3 + i), "AI 인프라")
                 for i in range(5)]  # fmt: skip
        feed = server.add("/kept", Static(rss2(posts)))
        cfg = write_config(folder / "monitor.toml", [feed], extra=f'[outbox]\npath = "{folder / "outbox"}"\n', fetch="")
        for args in (["fetch"], ["--now", SEND_AT, "digest", "--month", "2025-11", "--send"]):
            try:
                main(["--config", str(cfg), *args])
            except SystemExit as exc:
                assert exc.code in (0, None)
    finally:
        server.stop()
    return folder / "monitor.db", feed


def _dump(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("setup", list(BAD_SETUPS))
def test_bad_configuration_is_one_line_exit_2_and_loses_nothing(setup, stored_month, tmp_path, invoke, monkeypatch):
    import shutil

    golden, feed = stored_month
    db = tmp_path / "monitor.db"
    shutil.copy(golden, db)
    before = _dump(db)
    assert "kept.example/4" in before
    change, message = BAD_SETUPS[setup]
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes, not a database\n" * 100)
    database = str(db)
    extra = ""
    if change == "rules":
        rules = tmp_path / "rules.toml"
        rules.write_text(BROKEN_RULES)
        extra = f'\n[rules]\npaths = ["{rules}"]\n'
    elif change.startswith("database="):
        database = change.split("=", 1)[1]
        database = str(tmp_path / database) if not database.startswith("/") else database
    else:
        extra = change
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(
        f'[storage]\ndatabase = "{database}"\n\n[[feeds]]\nurl = "{feed}"\n\n[outbox]\npath = "{tmp_path / "out"}"\n'
        + extra,
        encoding="utf-8",
    )

    def never_serve(*_args: object) -> None:
        raise AssertionError(f"{setup}: the service started on a bad configuration")

    monkeypatch.setattr("monitor.schedule.run_service", never_serve)
    kind = "rules" if change == "rules" else ("db" if change.startswith("database=") else "config")
    for command, needs in COMMANDS:
        if kind != "config" and kind not in needs:
            continue  # e.g. `config check` does not open the database; `status` does not load the rules
        result = invoke("--config", str(cfg), *command)
        lines = result.err.strip().splitlines()
        assert result.code == 2, (command, result)
        assert len(lines) == 1 and lines[0].startswith("monitor: error: "), (command, result.err)
        assert re.search(message, lines[0]), (command, lines[0])
        assert "Traceback" not in result.err + result.out
        where = rules if change == "rules" else (database if change.startswith("database=") else cfg)
        assert str(where) in lines[0], (command, lines[0])
    assert _dump(db) == before, "a failed command changed the database"
    assert notes.read_bytes() == b"my notes, not a database\n" * 100
    assert not (tmp_path / "out").exists(), "a failed command wrote to the outbox"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["monitor.db", "monitor.toml", "notes.txt", *(["rules.toml"] if change == "rules" else [])]
    ), "a failed command left files behind"


def _copy_of(stored_month: tuple[Path, str], folder: Path, extra: str = "") -> tuple[Path, Path]:
    import shutil

    golden, feed = stored_month
    shutil.copy(golden, folder / "monitor.db")
    cfg = folder / "monitor.toml"
    cfg.write_text(
        f'[storage]\ndatabase = "{folder / "monitor.db"}"\n\n[[feeds]]\nurl = "{feed}"\n\n'
        f'[outbox]\npath = "{folder / "out"}"\n{extra}',
        encoding="utf-8",
    )
    return cfg, folder / "monitor.db"


@pytest.mark.parametrize("broken", ["rule file", "user template"])
def test_a_forced_resend_that_cannot_render_keeps_the_record_of_the_send(stored_month, tmp_path, invoke, broken):
    if broken == "rule file":
        (tmp_path / "rules.toml").write_text(BROKEN_RULES)
        extra = f'\n[rules]\npaths = ["{tmp_path / "rules.toml"}"]\n'
    else:
        (tmp_path / "tpl").mkdir()
        (tmp_path / "tpl" / "digest.html.j2").write_text("{% for x in %}broken\n")
        extra = f'\n[digest]\ntemplates = "{tmp_path / "tpl"}"\n'
    cfg, db = _copy_of(stored_month, tmp_path, extra)
    sent = db_rows(db, "SELECT month, recipient, message_id, status FROM deliveries")
    assert sent and all(row[3] == "sent" for row in sent)
    with contextlib.suppress(Exception):  # a template error escapes as a traceback: its own defect, below
        invoke("--config", str(cfg), "--now", SEND_AT, "digest", "--month", "2025-11", "--send", "--force")
    assert db_rows(db, "SELECT month, recipient, message_id, status FROM deliveries") == sent


def test_a_broken_user_template_is_one_line_and_exit_2(stored_month, tmp_path, invoke):
    (tmp_path / "tpl").mkdir()
    template = tmp_path / "tpl" / "digest.txt.j2"
    template.write_text("{{ d.title }}\n{% for x in %}broken\n")
    cfg, db = _copy_of(stored_month, tmp_path, f'\n[digest]\ntemplates = "{tmp_path / "tpl"}"\n')
    before = _dump(db)
    for command in (("config", "check"), ("digest", "--month", "2025-11", "--format", "text")):
        result = invoke("--config", str(cfg), *command)
        lines = result.err.strip().splitlines()
        assert result.code == 2 and len(lines) == 1 and str(template) in lines[0], (command, result)
    assert _dump(db) == before


def test_a_broken_regex_with_an_escape_is_reported_with_its_line(tmp_path, invoke):
    rules = tmp_path / "rules.toml"
    rules.write_text(BROKEN_RULES)
    cfg = tmp_path / "monitor.toml"
    cfg.write_text(f'[rules]\npaths = ["{rules}"]\n')
    result = invoke("--config", str(cfg), "config", "check")
    assert result.code == 2 and f"{rules}:4: company 'acme': broken regex" in result.err, result.err
