"""Calendar months in a time zone: the digest's unit of time."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from monitor.errors import UsageError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"--month: expected YYYY-MM such as 2025-11, got {text!r}")
    return int(match.group(1)), int(match.group(2))


def next_month(month: tuple[int, int]) -> tuple[int, int]:
    year, mon = month
    return (year + 1, 1) if mon == 12 else (year, mon + 1)


def previous_month(month: tuple[int, int]) -> tuple[int, int]:
    year, mon = month
    return (year - 1, 12) if mon == 1 else (year, mon - 1)


def month_of(moment: datetime, tz: tzinfo) -> tuple[int, int]:
    local = moment.astimezone(tz)
    return local.year, local.month


def month_window(month: tuple[int, int], tz: tzinfo) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) in `tz`, as aware datetimes."""
    year, mon = month
    nyear, nmon = next_month(month)
    return datetime(year, mon, 1, tzinfo=tz), datetime(nyear, nmon, 1, tzinfo=tz)


def month_key(month: tuple[int, int]) -> str:
    """The month as the store and file names key it: "2025-11" (the digest's title words it per language)."""
    return f"{month[0]:04d}-{month[1]:02d}"


def started_in(month: tuple[int, int], created: datetime, tz: tzinfo) -> str:
    """The day (YYYY-MM-DD in `tz`) a store created at `created` began collecting, when that is a day of the month
    after its first; "" when it collected the whole month (or began after it)."""
    day = created.astimezone(tz).date()
    return day.isoformat() if (day.year, day.month) == month and day.day > 1 else ""
