"""Configuration: validated at start, one line naming file, key and expectation, exit 2."""

from __future__ import annotations

import re
import tomllib
from urllib.parse import urlsplit

import pytest

from monitor.config import load_settings, parse_duration
from monitor.resources import shipped_path

BAD_CONFIGS = [
    ('[fetch]\ntimeout = "soon"\n', r"\[fetch\.timeout\] expected a duration"),
    ("[fetch]\ntimeout = 30\n", r"\[fetch\.timeout\] expected a duration string"),
    ("[fetch]\nconcurency = 3\n", r"unknown key \[fetch\.concurency\]"),
    ("[fetch]\nconcurrency = -1\n", r"\[fetch\.concurrency\] expected a positive whole number"),
    ("[storage]\ndatabase = 5\n", r"\[storage\.database\] expected a non-empty string"),
    ('[[feeds]]\nname = "no url"\n', r"\[feeds\[1\]\.url\] expected a feed URL \(missing\)"),
    ('[[feeds]]\nurl = "ftp://x.example/feed"\n', r"\[feeds\[1\]\.url\] expected an http"),
    ('[digest]\ntimezone = "Mars/Base"\n', r"\[digest\.timezone\] expected an IANA time zone"),
    ('[digest]\nlanguage = "fr"\n', r"\[digest\.language\] expected \"ko\" or \"en\""),
    (
        '[[digest.sections]]\nlayer = "robots"\nheading = "R"\n',
        r"\[digest\.sections\[1\]\.layer\] expected one of",
    ),
    ('[schedule]\ndigest = "every day"\n', r"\[schedule\.digest\] expected a cron expression"),
    ('[schedule]\ndigest = "0 25 1 * *"\n', r"\[schedule\.digest\] expected a valid cron expression"),
    (
        '[mail]\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\n',
        r"\[mail\.host\] expected a value \(missing\)",
    ),
    (
        '[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\nsecurity = "ssl"\n',
        r"\[mail\.security\] expected \"none\", \"starttls\" or \"tls\"",
    ),
    (
        '[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\npassword_env = "NOPE_UNSET_VAR"\n',
        r"\[mail\.password_env\] expected the environment variable NOPE_UNSET_VAR to be set",
    ),
    ('[fetch\ntimeout = "1s"\n', r"invalid TOML"),
    ('colour = "blue"\n', r"unknown key \[colour\]"),
    (
        '[[feeds]]\nurl = "https://a.example/f"\ntimezone = "Asia/Nowhere"\n',
        r"\[feeds\[1\]\.timezone\] expected an IANA",
    ),
    ("[digest]\nstories_per_section = 0\n", r"\[digest\.stories_per_section\] expected a positive whole number"),
    (
        '[[digest.sections]]\nlayers = ["model", "robots"]\n',
        r"\[digest\.sections\[1\]\.layers\] expected a list of one of",
    ),
    ('[writer]\nkind = "openai"\nmodel = "m"\n', r"\[writer\.base_url\] expected a value \(missing\)"),
    (
        '[writer]\nkind = "claude"\nbase_url = "http://127.0.0.1:1/v1"\nmodel = "m"\n',
        r"\[writer\.kind\] expected \"openai\"",
    ),
    (
        '[writer]\nkind = "openai"\nbase_url = "http://127.0.0.1:1/v1"\nmodel = "m"\napi_key_env = "NOPE_UNSET_VAR"\n',
        r"\[writer\.api_key_env\] expected the environment variable NOPE_UNSET_VAR to be set",
    ),
    ('[site]\nbase_url = "https://site.example/"\n', r"\[site\.path\] expected a value \(missing\)"),
    ('[site]\npath = "s"\ncolour = 1\n', r"unknown key \[site\.colour\]"),
]


@pytest.mark.parametrize(("text", "message"), BAD_CONFIGS)
def test_bad_config_is_one_line_and_exit_2(tmp_path, invoke, text, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    result = invoke("--config", str(cfg), "config", "check")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"monitor: error: {cfg}")
    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in result.err


def test_missing_config_file(tmp_path, invoke):
    result = invoke("--config", str(tmp_path / "nope.toml"), "fetch")
    assert result.code == 2
    assert "nope.toml: config file not found" in result.err


def test_unwritable_database_is_one_line(tmp_path, invoke):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[storage]\ndatabase = "{blocker}/sub/monitor.db"\n')
    result = invoke("--config", str(cfg), "fetch")  # a command that writes (reading ones never create it)
    assert result.code == 2
    assert "cannot open the database" in result.err and len(result.err.strip().splitlines()) == 1


def test_durations():
    assert parse_duration("45s") == 45
    assert parse_duration("30m") == 1800
    assert parse_duration("6h") == 21600
    assert parse_duration("0.5s") == 0.5
    assert parse_duration("250ms") == 0.25
    with pytest.raises(ValueError):
        parse_duration("5 minutes")


def test_secrets_come_from_the_environment_and_are_not_shown(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[mail]\nhost = "h"\nfrom = "a@x.example"\nrecipients = ["b@x.example"]\npassword_env = "PW"\n')
    settings = load_settings(cfg, {"PW": "s3cret"})
    assert settings.mail is not None and settings.mail.password == "s3cret"
    assert "s3cret" not in repr(settings)


def test_paths_are_relative_to_the_config_file(tmp_path):
    (tmp_path / "etc").mkdir()
    cfg = tmp_path / "etc" / "c.toml"
    cfg.write_text('[storage]\ndatabase = "../data/m.db"\n[outbox]\npath = "out"\n')
    settings = load_settings(cfg, {})
    assert settings.database == tmp_path / "data" / "m.db"
    assert settings.outbox == tmp_path / "etc" / "out"


def test_defaults_match_the_contract(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("")
    s = load_settings(cfg, {})
    assert (s.fetch.interval, s.fetch.timeout, s.fetch.max_bytes) == (1800, 30, 10_000_000)
    assert (s.fetch.concurrency, s.fetch.per_host, s.fetch.max_backoff) == (20, 2, 86400)
    assert s.fetch.user_agent.startswith("monitor/")
    assert (s.digest.timezone, s.digest.language, s.digest.krw_per_usd) == ("Asia/Seoul", "ko", 1400)
    assert [(sec.layers, sec.topics) for sec in s.digest.sections] == [
        (("infrastructure",), ()),
        (("model",), ("research",)),
        (("application", "enterprise"), ()),
        ((), ("talent", "security", "policy")),
        (("other",), ()),
    ]
    assert s.schedule_digest == "0 9 1 * *" and s.mail is None
    assert s.database.name == "monitor.db" and s.outbox.name == "outbox"
    assert s.digest.stories_per_section == 8 and s.writer is None and s.site is None


def test_second_round_keys_reach_the_settings(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[[feeds]]\nurl = "https://a.example/f"\ntimezone = "Europe/Berlin"\n'
        "[digest]\nstories_per_section = 3\n"
        '[[digest.sections]]\nlayers = ["model", "application"]\ntopics = ["funding"]\nheading = "H"\n'
        '[[digest.sections]]\nlayer = "other"\n'
        '[writer]\nkind = "openai"\nbase_url = "http://127.0.0.1:11434/v1"\nmodel = "m"\napi_key_env = "K"\n'
        '[site]\npath = "site"\nbase_url = "https://site.example/"\n'
    )
    s = load_settings(cfg, {"K": "secret"})
    assert s.feeds[0].timezone == "Europe/Berlin" and s.digest.stories_per_section == 3
    first, second = s.digest.sections
    assert (first.layer, first.layers, first.topics, first.heading) == (
        "model",
        ("model", "application"),
        ("funding",),
        "H",
    )
    assert (second.layer, second.layers, second.heading) == ("other", (), "other")
    assert (s.writer.kind, s.writer.model, s.writer.timeout, s.writer.api_key) == ("openai", "m", 120.0, "secret")
    assert "secret" not in repr(s.writer)
    assert s.site.path == tmp_path / "site" and s.site.base_url == "https://site.example/"


def test_shipped_config_is_valid_and_its_feeds_are_well_formed():
    path = shipped_path("config") / "monitor.toml"
    settings = load_settings(path, {})
    urls = [f.url for f in settings.feeds]
    assert len(urls) >= 20
    assert len(set(urls)) == len(urls)
    hosts = set()
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https", url
        assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", parts.hostname or ""), url
        hosts.add(parts.hostname)
    korean = [f for f in settings.feeds if f.name and re.search(r"[\uac00-\ud7a3]", f.name)]
    assert len(korean) >= 8, "the shipped list should cover the Korean press"
    assert len(hosts) >= 18


def test_shipped_config_keys_are_all_known():
    raw = tomllib.loads((shipped_path("config") / "monitor.toml").read_text())
    assert set(raw) <= {"storage", "fetch", "feeds", "rules", "digest", "schedule", "mail", "outbox", "site"}


def test_config_check_reports_ok(tmp_path, invoke):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[[feeds]]\nurl = "https://feeds.example/a.xml"\n')
    result = invoke("--config", str(cfg), "config", "check")
    assert result.code == 0, result.err
    assert "ok (1 feeds" in result.out


def test_bad_now_option_is_a_usage_error(tmp_path, invoke):
    cfg = tmp_path / "c.toml"
    cfg.write_text("")
    result = invoke("--config", str(cfg), "--now", "yesterday", "items")
    assert result.code == 2 and "--now: expected an ISO 8601 time" in result.err


def test_unknown_option_is_exit_2(invoke):
    result = invoke("fetch", "--sooner")
    assert result.code == 2 and "No such option" in result.err


def test_config_file_from_environment(tmp_path, invoke, monkeypatch):
    cfg = tmp_path / "env.toml"
    cfg.write_text('[[feeds]]\nurl = "https://feeds.example/env.xml"\n')
    monkeypatch.setenv("MONITOR_CONFIG", str(cfg))
    result = invoke("config", "check")
    assert result.code == 0 and result.out.startswith(f"{cfg}: ok (1 feeds")
