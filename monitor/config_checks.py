"""The value checks of configuration keys: each takes a TOML value and returns it converted, or raises TypeError or
ValueError whose text says what was expected (the config loader prints it after the file and the key)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Check = Callable[[Any], Any]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """'45s', '30m', '6h', '0.5s', '1d' -> seconds. Raises ValueError."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a non-empty string")
    return value


def text_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TypeError("a list of strings")
    return list(value)


def non_empty_list(expected: str) -> Check:
    """A list of strings with at least one; `expected` names what an empty one lacks."""

    def check(value: Any) -> list[str]:
        values = text_list(value)
        if not values:
            raise ValueError(expected)
        return values

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TypeError("a positive whole number")
    return value


def positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise TypeError("a positive number")
    return float(value)


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


def http_url(value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
        raise TypeError("an http:// or https:// URL")
    return value.strip()


def timezone(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError('an IANA time zone name such as "Asia/Seoul"')
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError('an IANA time zone name such as "Asia/Seoul"') from None
    return value


def cron(value: Any) -> str:
    if not isinstance(value, str) or len(value.split()) != 5:
        raise TypeError('a cron expression of five fields such as "0 9 1 * *"')
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f'a valid cron expression such as "0 9 1 * *" ({exc})') from None
    return value


def one_of(choices: tuple[str, ...], expected: str) -> Check:
    """A string among `choices`; `expected` is how the message names them."""

    def check(value: Any) -> str:
        text(value)
        if value not in choices:
            raise ValueError(expected)
        return str(value)

    return check


def each_of(choices: tuple[str, ...], expected: str) -> Check:
    """A non-empty list of strings, each among `choices`."""

    def check(value: Any) -> list[str]:
        values = text_list(value)
        if not values or any(v not in choices for v in values):
            raise ValueError(expected)
        return values

    return check
