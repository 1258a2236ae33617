"""Load and validate the TOML configuration once, into frozen settings.

Every problem is a ConfigError whose message names the file, the key and what
was expected, so the CLI can print it as one line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor import __version__
from monitor.errors import ConfigError
from monitor.resources import shipped_path

PROJECT_URL = "https://github.com/monitor-ai/monitor"
DEFAULT_USER_AGENT = f"monitor/{__version__} (+{PROJECT_URL})"
LAYER_IDS = ("model", "application", "enterprise", "infrastructure", "other")
DEFAULT_SECTIONS = (
    ("model", "거대 모델 경쟁과 기술 혁신"),
    ("application", "AI 서비스와 애플리케이션"),
    ("enterprise", "엔터프라이즈 AI"),
    ("infrastructure", "AI 인프라 경쟁"),
    ("other", "인접 산업: 에너지·로봇·반도체"),
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str | None = None
    interval: float | None = None


@dataclass(frozen=True)
class FetchSettings:
    interval: float = 1800.0
    timeout: float = 30.0
    max_bytes: int = 10_000_000
    concurrency: int = 20
    per_host: int = 2
    max_backoff: float = 86400.0
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class Section:
    layer: str
    heading: str


@dataclass(frozen=True)
class DigestSettings:
    timezone: str = "Asia/Seoul"
    language: str = "ko"
    templates: Path | None = None
    krw_per_usd: float = 1400.0
    author: str | None = None
    stories_per_section: int = 8
    sections: tuple[Section, ...] = tuple(Section(layer, heading) for layer, heading in DEFAULT_SECTIONS)

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
    retry: float = 60.0  # first wait after a transient failure, doubled each time
    timeout: float = 30.0


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


def parse_duration(text: str) -> float:
    """'45s', '30m', '6h', '0.5s', '1d' -> seconds. Raises ValueError."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


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
    check.keys(raw, "", {"storage", "fetch", "feeds", "rules", "digest", "schedule", "mail", "outbox"})
    storage = check.table(raw, "storage", {"database"})
    fetch = check.table(raw, "fetch", {f for f in FetchSettings.__dataclass_fields__})
    rules = check.table(raw, "rules", {"paths", "replace_shipped"})
    digest = check.table(raw, "digest", {*DigestSettings.__dataclass_fields__})
    schedule = check.table(raw, "schedule", {"digest"})
    outbox = check.table(raw, "outbox", {"path"})

    def resolve(value: str) -> Path:
        p = Path(value).expanduser()
        return Path(os.path.normpath(p if p.is_absolute() else base_dir / p))

    fetch_settings = FetchSettings(
        interval=check.get(fetch, "fetch", "interval", check.duration, 1800.0),
        timeout=check.get(fetch, "fetch", "timeout", check.duration, 30.0),
        max_bytes=check.get(fetch, "fetch", "max_bytes", check.positive_int, 10_000_000),
        concurrency=check.get(fetch, "fetch", "concurrency", check.positive_int, 20),
        per_host=check.get(fetch, "fetch", "per_host", check.positive_int, 2),
        max_backoff=check.get(fetch, "fetch", "max_backoff", check.duration, 86400.0),
        user_agent=check.get(fetch, "fetch", "user_agent", check.text, DEFAULT_USER_AGENT),
    )
    return Settings(
        path=path,
        database=resolve(check.get(storage, "storage", "database", check.text, "monitor.db")),
        fetch=fetch_settings,
        feeds=_feeds(check, raw.get("feeds", [])),
        rule_paths=tuple(resolve(p) for p in check.get(rules, "rules", "paths", check.text_list, [])),
        replace_shipped_rules=check.get(rules, "rules", "replace_shipped", check.boolean, False),
        digest=_digest(check, digest, resolve),
        schedule_digest=check.get(schedule, "schedule", "digest", check.cron, "0 9 1 * *"),
        mail=_mail(check, raw.get("mail"), env),
        outbox=resolve(check.get(outbox, "outbox", "path", check.text, "outbox/")),
    )


def _feeds(check: _Checker, feeds: Any) -> tuple[FeedConfig, ...]:
    if not isinstance(feeds, list):
        check.fail("feeds", "an array of tables written [[feeds]]", feeds)
    out: list[FeedConfig] = []
    seen: set[str] = set()
    for n, feed in enumerate(feeds, 1):
        where = f"feeds[{n}]"
        if not isinstance(feed, dict):
            check.fail(where, "a table with url, name, interval", feed)
        check.keys(feed, where, {"url", "name", "interval"})
        if "url" not in feed:
            check.fail(f"{where}.url", "a feed URL (missing)", None)
        url = check.get(feed, where, "url", check.http_url, None)
        if url in seen:
            check.fail(f"{where}.url", "a URL not listed twice", url)
        seen.add(url)
        out.append(
            FeedConfig(
                url=url,
                name=check.get(feed, where, "name", check.text, None),
                interval=check.get(feed, where, "interval", check.duration, None),
            )
        )
    return tuple(out)


def _digest(check: _Checker, digest: Mapping[str, Any], resolve: Callable[[str], Path]) -> DigestSettings:
    tz = check.get(digest, "digest", "timezone", check.timezone, "Asia/Seoul")
    language = check.get(digest, "digest", "language", check.text, "ko")
    if language not in ("ko", "en"):
        check.fail("digest.language", '"ko" or "en"', language)
    templates = check.get(digest, "digest", "templates", check.text, None)
    sections_raw = digest.get("sections")
    sections = DigestSettings.sections
    if sections_raw is not None:
        if not isinstance(sections_raw, list) or not sections_raw:
            check.fail("digest.sections", "a non-empty array of tables [[digest.sections]]", sections_raw)
        parsed = []
        for n, sec in enumerate(sections_raw, 1):
            where = f"digest.sections[{n}]"
            if not isinstance(sec, dict):
                check.fail(where, "a table with layer and heading", sec)
            check.keys(sec, where, {"layer", "heading"})
            layer = check.get(sec, where, "layer", check.text, None)
            if layer not in LAYER_IDS:
                check.fail(f"{where}.layer", "one of " + ", ".join(LAYER_IDS), layer)
            heading = check.get(sec, where, "heading", check.text, None) or layer
            parsed.append(Section(layer, heading))
        sections = tuple(parsed)
    return DigestSettings(
        timezone=tz,
        language=language,
        templates=resolve(templates) if templates else None,
        krw_per_usd=check.get(digest, "digest", "krw_per_usd", check.positive_number, 1400.0),
        author=check.get(digest, "digest", "author", check.text, None),
        stories_per_section=check.get(digest, "digest", "stories_per_section", check.positive_int, 8),
        sections=sections,
    )


def _mail(check: _Checker, mail: Any, env: Mapping[str, str]) -> MailSettings | None:
    if mail is None:
        return None
    if not isinstance(mail, dict):
        check.fail("mail", "a table", mail)
    keys = {
        "host",
        "port",
        "security",
        "username",
        "password_env",
        "from",
        "recipients",
        "list_unsubscribe",
        "retry",
        "timeout",
    }
    check.keys(mail, "mail", keys)
    for required in ("host", "from", "recipients"):
        if required not in mail:
            check.fail(f"mail.{required}", "a value (missing)", None)
    security = check.get(mail, "mail", "security", check.text, "starttls")
    if security not in ("none", "starttls", "tls"):
        check.fail("mail.security", '"none", "starttls" or "tls"', security)
    default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
    password_env = check.get(mail, "mail", "password_env", check.text, None)
    password = None
    if password_env:
        password = env.get(password_env)
        if password is None:
            check.fail("mail.password_env", f"the environment variable {password_env} to be set", None)
    recipients = check.get(mail, "mail", "recipients", check.text_list, [])
    if not recipients:
        check.fail("mail.recipients", "at least one address", recipients)
    return MailSettings(
        host=check.get(mail, "mail", "host", check.text, None),
        port=check.get(mail, "mail", "port", check.positive_int, default_port),
        security=security,
        sender=check.get(mail, "mail", "from", check.text, None),
        recipients=tuple(recipients),
        username=check.get(mail, "mail", "username", check.text, None),
        password=password,
        list_unsubscribe=check.get(mail, "mail", "list_unsubscribe", check.text, None),
        retry=check.get(mail, "mail", "retry", check.duration, 60.0),
        timeout=check.get(mail, "mail", "timeout", check.duration, 30.0),
    )


class _Checker:
    """Type checks that raise ConfigError naming file, key and expectation."""

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

    def table(self, raw: Mapping[str, Any], name: str, known: set[str]) -> Mapping[str, Any]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            self.fail(name, "a table", value)
        self.keys(value, name, known)
        return value

    def get(self, table: Mapping[str, Any], where: str, key: str, conv: Callable[[Any], Any], default: Any):
        if key not in table:
            return default
        try:
            return conv(table[key])
        except (TypeError, ValueError) as exc:
            self.fail(f"{where}.{key}", str(exc) or conv.__doc__ or "another value", table[key])

    @staticmethod
    def text(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise TypeError("a non-empty string")
        return value

    @staticmethod
    def text_list(value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise TypeError("a list of strings")
        return list(value)

    @staticmethod
    def boolean(value: Any) -> bool:
        if not isinstance(value, bool):
            raise TypeError("true or false")
        return value

    @staticmethod
    def positive_int(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise TypeError("a positive whole number")
        return value

    @staticmethod
    def positive_number(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise TypeError("a positive number")
        return float(value)

    @staticmethod
    def duration(value: Any) -> float:
        if not isinstance(value, str):
            raise TypeError('a duration string such as "45s", "30m", "6h" or "0.5s"')
        try:
            seconds = parse_duration(value)
        except ValueError:
            raise ValueError('a duration such as "45s", "30m", "6h" or "0.5s"') from None
        if seconds <= 0:
            raise ValueError("a duration above zero")
        return seconds

    @staticmethod
    def http_url(value: Any) -> str:
        if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
            raise TypeError("an http:// or https:// URL")
        return value.strip()

    @staticmethod
    def timezone(value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError('an IANA time zone name such as "Asia/Seoul"')
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError('an IANA time zone name such as "Asia/Seoul"') from None
        return value

    @staticmethod
    def cron(value: Any) -> str:
        if not isinstance(value, str) or len(value.split()) != 5:
            raise TypeError('a cron expression of five fields such as "0 9 1 * *"')
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f'a valid cron expression such as "0 9 1 * *" ({exc})') from None
        return value
