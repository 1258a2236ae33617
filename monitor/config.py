"""Load and validate the TOML configuration once, into frozen settings.

Every key is declared once, in KEYS: its table, name, check, default and one line of doc. The settings dataclasses
take their defaults from it, the unknown-key check takes the known names from it, and tests/test_docs.py checks that
the README's configuration table lists every key of it. Every problem is a ConfigError whose message names the file,
the key and what was expected, so the CLI can print it as one line.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from monitor import __version__
from monitor import config_checks as c
from monitor.config_checks import parse_duration
from monitor.errors import ConfigError
from monitor.resources import shipped_path

__all__ = ["parse_duration"]  # re-exported: callers and tests read durations through the config module

PROJECT_URL = "https://github.com/monitor-ai/monitor"
DEFAULT_USER_AGENT = f"monitor/{__version__} (+{PROJECT_URL})"
LAYER_IDS = ("model", "application", "enterprise", "infrastructure", "other")
# The themed sections (heading, layers, topics): a talent, security or policy story goes to the fourth whatever its
# layer, a research story to the second (topics are matched before layers; see monitor.sections).
DEFAULT_SECTIONS = (
    ("AI 인프라 경쟁과 동맹", ("infrastructure",), ()),
    ("거대 모델 경쟁과 기술 혁신", ("model",), ("research",)),
    ("AI 서비스와 기업 시장", ("application", "enterprise"), ()),
    ("AI 인재·보안·정책", (), ("talent", "security", "policy")),
    ("인접 산업: 에너지·로봇·반도체", ("other",), ()),
)
_LAYER_CHOICE = "one of " + ", ".join(LAYER_IDS)


@dataclass(frozen=True)
class Key:
    """One configuration key. `table` is dotted ("digest.sections"); `array` tables are written [[table]].
    `default` is written as in TOML (a duration as "30m") and goes through `check`; None: no default.
    `attr` is the settings field the value goes to, when it is not `name`."""

    table: str
    name: str
    check: c.Check
    default: Any
    doc: str
    attr: str | None = None
    missing: str | None = None  # required: what the message says is missing

    @property
    def array(self) -> bool:
        return self.table in ARRAY_TABLES

    @property
    def label(self) -> str:
        """As the README writes it: `[fetch] timeout`, `[[feeds]] url`."""
        return f"[[{self.table}]] {self.name}" if self.array else f"[{self.table}] {self.name}"

    @property
    def value(self) -> Any:
        """The default as the settings hold it."""
        return None if self.default is None else self.check(self.default)


ARRAY_TABLES = ("feeds", "digest.sections")
_REQUIRED = "a value (missing)"
K = Key
KEYS: tuple[Key, ...] = (
    K("storage", "database", c.text, "monitor.db", "the SQLite file"),
    K("fetch", "interval", c.duration, "30m", "how often a feed is due"),
    K("fetch", "timeout", c.duration, "30s", "total deadline per feed: connect, headers and body together"),
    K("fetch", "max_bytes", c.positive_int, 10_000_000, "cap on the decompressed body, counted while streaming"),
    K("fetch", "concurrency", c.positive_int, 20, "simultaneous requests in all"),
    K("fetch", "per_host", c.positive_int, 2, "simultaneous requests to one host"),
    K("fetch", "max_backoff", c.duration, "24h", "cap on failure backoff and on a server's Retry-After"),
    K("fetch", "user_agent", c.text, DEFAULT_USER_AGENT, "sent with every request"),
    K("feeds", "url", c.http_url, None, "the feed's URL", missing="a feed URL (missing)"),
    K("feeds", "name", c.text, None, "a name to show"),
    K("feeds", "interval", c.duration, None, "this feed's own [fetch] interval"),
    K("feeds", "timezone", c.timezone, None, "zone of dates that carry none (Korean feeds Asia/Seoul, others UTC)"),
    K("rules", "paths", c.text_list, [], "extra rule files, read after the shipped ones"),
    K("rules", "replace_shipped", c.boolean, False, "use only `paths`, not the shipped rules"),
    K("digest", "timezone", c.timezone, "Asia/Seoul", "month windows and the schedule"),
    K("digest", "language", c.one_of(("ko", "en"), '"ko" or "en"'), "ko", "the digest's language"),
    K("digest", "templates", c.text, None, "a folder whose templates override the shipped ones, file by file"),
    K("digest", "krw_per_usd", c.positive_number, 1400, "for amounts in won"),
    K("digest", "author", c.text, None, "front matter author"),
    K("digest", "stories_per_section", c.positive_int, 8, "cap on the stories told in a section"),
    K("digest.sections", "layer", c.one_of(LAYER_IDS, _LAYER_CHOICE), None, "the section's layer"),
    K("digest.sections", "layers", c.each_of(LAYER_IDS, "a list of " + _LAYER_CHOICE), None, "its layers"),
    K("digest.sections", "topics", c.text_list, None, "its topics (topic ids)"),
    K("digest.sections", "heading", c.text, None, "the section's heading"),
    K("schedule", "digest", c.cron, "0 9 1 * *", "cron, in [digest] timezone"),
    K("mail", "host", c.text, None, "the SMTP server", missing=_REQUIRED),
    K("mail", "port", c.positive_int, None, "25, 587 or 465 by security"),
    K("mail", "security", c.one_of(("none", "starttls", "tls"), '"none", "starttls" or "tls"'), "starttls", "TLS"),
    K("mail", "username", c.text, None, "the SMTP login"),
    K("mail", "password_env", c.text, None, "the environment variable holding the password"),
    K("mail", "from", c.text, None, "the sender", attr="sender", missing=_REQUIRED),
    K("mail", "recipients", c.non_empty_list("at least one address"), None, "addresses", missing=_REQUIRED),
    K("mail", "list_unsubscribe", c.text, None, "the List-Unsubscribe header"),
    K("mail", "retry", c.duration, "1m", "first wait after a transient failure, doubled each time"),
    K("mail", "timeout", c.duration, "30s", "deadline for one SMTP conversation"),
    K("outbox", "path", c.text, "outbox/", "where digests go without [mail]"),
    K("writer", "kind", c.one_of(("openai",), '"openai"'), None, "the prose writer's kind", missing=_REQUIRED),
    K("writer", "base_url", c.http_url, None, "an OpenAI-compatible server's /v1 URL", missing=_REQUIRED),
    K("writer", "model", c.text, None, "the model the server runs", missing=_REQUIRED),
    K("writer", "api_key_env", c.text, None, "the environment variable holding the API key"),
    K("writer", "timeout", c.duration, "120s", "deadline for one request"),
    K("site", "path", c.text, None, "where the static site is written", missing=_REQUIRED),
    K("site", "base_url", c.http_url, None, "the site's address, for absolute links in feed.xml"),
)
TABLES = tuple(dict.fromkeys(k.table for k in KEYS))


def keys_of(table: str) -> tuple[Key, ...]:
    return tuple(k for k in KEYS if k.table == table)


def known_names(table: str) -> set[str]:
    """The names a table may hold: its keys and the tables nested in it ("" is the top level)."""
    if not table:
        return {t.split(".")[0] for t in TABLES}
    prefix = f"{table}."
    return {k.name for k in keys_of(table)} | {t[len(prefix) :].split(".")[0] for t in TABLES if t.startswith(prefix)}


def default(table: str, name: str) -> Any:
    """The declared default of a key, as the settings hold it."""
    return next(k for k in KEYS if k.table == table and k.name == name).value


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str | None = None
    interval: float | None = None
    timezone: str | None = None  # None: Asia/Seoul for Korean feeds, UTC for others


@dataclass(frozen=True)
class FetchSettings:
    interval: float = default("fetch", "interval")
    timeout: float = default("fetch", "timeout")
    max_bytes: int = default("fetch", "max_bytes")
    concurrency: int = default("fetch", "concurrency")
    per_host: int = default("fetch", "per_host")
    max_backoff: float = default("fetch", "max_backoff")
    user_agent: str = default("fetch", "user_agent")


@dataclass(frozen=True)
class Section:
    """A digest section: the stories of its `layers` (or its one `layer`) and/or its `topics` (monitor.sections)."""

    layer: str
    heading: str
    layers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestSettings:
    timezone: str = default("digest", "timezone")
    language: str = default("digest", "language")
    templates: Path | None = None
    krw_per_usd: float = default("digest", "krw_per_usd")
    author: str | None = None
    stories_per_section: int = default("digest", "stories_per_section")
    sections: tuple[Section, ...] = tuple(
        Section(layers[0] if layers else "", heading, layers, topics) for heading, layers, topics in DEFAULT_SECTIONS
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str
    sender: str
    recipients: tuple[str, ...]
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    list_unsubscribe: str | None = None
    retry: float = default("mail", "retry")  # first wait after a transient failure, doubled each time
    timeout: float = default("mail", "timeout")


@dataclass(frozen=True)
class WriterSettings:
    """[writer]: an OpenAI-compatible chat-completions server writes the prose (requests go to
    {base_url}/chat/completions). The key, when any, is read from the environment variable `api_key_env`."""

    kind: str
    base_url: str
    model: str
    api_key_env: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = default("writer", "timeout")


@dataclass(frozen=True)
class SiteSettings:
    path: Path
    base_url: str | None = None


@dataclass(frozen=True)
class Settings:
    path: Path | None
    database: Path
    fetch: FetchSettings
    feeds: tuple[FeedConfig, ...]
    rule_paths: tuple[Path, ...]
    replace_shipped_rules: bool
    digest: DigestSettings
    schedule_digest: str
    mail: MailSettings | None
    outbox: Path
    writer: WriterSettings | None = None
    site: SiteSettings | None = None


def default_config_path(env: Mapping[str, str], cwd: Path) -> tuple[Path, bool]:
    """The config file to read, and whether it is the shipped one (paths then resolve from cwd)."""
    if env.get("MONITOR_CONFIG"):
        return Path(env["MONITOR_CONFIG"]), False
    local = cwd / "config" / "monitor.toml"
    if local.exists():
        return local, False
    return shipped_path("config") / "monitor.toml", True


def load_settings(path: Path, env: Mapping[str, str], *, base_dir: Path | None = None) -> Settings:
    """Read and validate the config file. `base_dir` overrides the folder relative paths start from."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return settings_from_dict(raw, env, path=path, base_dir=base_dir or path.parent)


def settings_from_dict(
    raw: Mapping[str, Any], env: Mapping[str, str], *, path: Path | None, base_dir: Path
) -> Settings:
    check = _Checker(str(path) if path else "<config>")
    check.keys(raw, "", known_names(""))
    tables = {name: check.table(raw, name) for name in ("storage", "fetch", "rules", "digest", "schedule", "outbox")}
    values = {name: check.values(table, name, name) for name, table in tables.items()}

    def resolve(value: str) -> Path:
        p = Path(value).expanduser()
        return Path(os.path.normpath(p if p.is_absolute() else base_dir / p))

    return Settings(
        path=path,
        database=resolve(values["storage"].pop("database")),
        fetch=FetchSettings(**values["fetch"]),
        feeds=_feeds(check, raw.get("feeds", [])),
        rule_paths=tuple(resolve(p) for p in values["rules"]["paths"]),
        replace_shipped_rules=values["rules"]["replace_shipped"],
        digest=_digest(check, values["digest"], tables["digest"].get("sections"), resolve),
        schedule_digest=values["schedule"]["digest"],
        mail=_mail(check, raw.get("mail"), env),
        outbox=resolve(values["outbox"]["path"]),
        writer=_writer(check, raw.get("writer"), env),
        site=_site(check, raw.get("site"), resolve),
    )


def _feeds(check: _Checker, feeds: Any) -> tuple[FeedConfig, ...]:
    out: list[FeedConfig] = []
    seen: set[str] = set()
    for where, feed in check.array(feeds, "feeds"):
        values = check.values(feed, where, "feeds")
        if values["url"] in seen:
            check.fail(f"{where}.url", "a URL not listed twice", values["url"])
        seen.add(values["url"])
        out.append(FeedConfig(**values))
    return tuple(out)


def _digest(
    check: _Checker, values: dict[str, Any], sections_raw: Any, resolve: Callable[[str], Path]
) -> DigestSettings:
    sections = DigestSettings.sections
    if sections_raw is not None:
        if not isinstance(sections_raw, list) or not sections_raw:
            check.fail("digest.sections", "a non-empty array of tables [[digest.sections]]", sections_raw)
        sections = tuple(_section(check, where, sec) for where, sec in check.array(sections_raw, "digest.sections"))
    templates = values.pop("templates")
    return DigestSettings(**values, templates=resolve(templates) if templates else None, sections=sections)


def _section(check: _Checker, where: str, sec: Mapping[str, Any]) -> Section:
    values = check.values(sec, where, "digest.sections")
    layers, topics = values["layers"] or (), values["topics"] or ()
    layer = values["layer"] or (layers[0] if layers else None)
    if layer is None and not topics:
        check.fail(f"{where}.layer", _LAYER_CHOICE, None)
    heading = values["heading"] or layer or ", ".join(topics)
    return Section(layer or "", heading, layers, topics)


def _mail(check: _Checker, mail: Any, env: Mapping[str, str]) -> MailSettings | None:
    if mail is None:
        return None
    values = check.values(check.table({"mail": mail}, "mail"), "mail", "mail")
    if values["port"] is None:
        values["port"] = {"none": 25, "starttls": 587, "tls": 465}[values["security"]]
    password = check.secret(env, "mail.password_env", values.pop("password_env"))
    return MailSettings(**values, password=password)


def _writer(check: _Checker, writer: Any, env: Mapping[str, str]) -> WriterSettings | None:
    if writer is None:
        return None
    values = check.values(check.table({"writer": writer}, "writer"), "writer", "writer")
    return WriterSettings(**values, api_key=check.secret(env, "writer.api_key_env", values["api_key_env"]))


def _site(check: _Checker, site: Any, resolve: Callable[[str], Path]) -> SiteSettings | None:
    if site is None:
        return None
    values = check.values(check.table({"site": site}, "site"), "site", "site")
    return SiteSettings(path=resolve(values["path"]), base_url=values["base_url"])


class _Checker:
    """Reads tables against KEYS; raises ConfigError naming file, key and expectation."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, expected: str, got: Any) -> None:
        shown = "" if got is None else f", got {got!r}"[:120]
        raise ConfigError(f"{self.file}: [{key}] expected {expected}{shown}")

    def keys(self, table: Mapping[str, Any], where: str, known: set[str]) -> None:
        for key in table:
            if key not in known:
                name = f"{where}.{key}" if where else key
                raise ConfigError(f"{self.file}: unknown key [{name}] (expected one of: {', '.join(sorted(known))})")

    def table(self, raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            self.fail(name, "a table", value)
        self.keys(value, name, known_names(name))
        return value

    def array(self, value: Any, table: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The tables of an array of tables, each with the name messages give it (feeds[2])."""
        if not isinstance(value, list):
            self.fail(table, f"an array of tables written [[{table}]]", value)
        out = []
        for n, item in enumerate(value, 1):
            where = f"{table}[{n}]"
            if not isinstance(item, dict):
                self.fail(where, "a table with " + ", ".join(k.name for k in keys_of(table)), item)
            self.keys(item, where, known_names(table))
            out.append((where, item))
        return out

    def values(self, table: Mapping[str, Any], where: str, declared: str) -> dict[str, Any]:
        """Every declared key of the table, checked, or its default; keyed by settings field."""
        keys = keys_of(declared)
        for key in keys:
            if key.missing and key.name not in table:
                self.fail(f"{where}.{key.name}", key.missing, None)
        out = {}
        for key in keys:
            value = self.get(table, where, key.name, key.check, None) if key.name in table else key.value
            out[key.attr or key.name] = tuple(value) if isinstance(value, list) else value
        return out

    def get(self, table: Mapping[str, Any], where: str, key: str, conv: Callable[[Any], Any], default: Any) -> Any:
        if key not in table:
            return default
        try:
            return conv(table[key])
        except (TypeError, ValueError) as exc:
            self.fail(f"{where}.{key}", str(exc) or conv.__doc__ or "another value", table[key])

    def secret(self, env: Mapping[str, str], key: str, variable: str | None) -> str | None:
        """The value of the environment variable a key names (secrets live only in the environment)."""
        if not variable:
            return None
        if env.get(variable) is None:
            self.fail(key, f"the environment variable {variable} to be set", None)
        return env.get(variable)
