"""What the service logs about a fetch pass and its own cadence, in words a new user reads right."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import urlsplit

from monitor.models import FetchOutcome

# What the resolver's errors say, as httpx passes them on (glibc, musl, macOS, Windows).
NAME_RESOLUTION = (
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "no address associated with hostname",
    "getaddrinfo failed",
    "name resolution",
    "[errno -2]",
    "[errno -3]",
    "[errno -5]",
    "[errno 11001]",
)


def name_resolution_failed(error: str | None) -> bool:
    text = (error or "").lower()
    return any(marker in text for marker in NAME_RESOLUTION)


def seems_offline(outcomes: Sequence[FetchOutcome]) -> bool:
    """Every feed of the pass failed on name resolution, on at least two hosts (one dead domain is not an
    outage)."""
    hosts = {urlsplit(o.feed.url).hostname for o in outcomes}
    return len(hosts) >= 2 and all(o.status == "failed" and name_resolution_failed(o.error) for o in outcomes)


def log_failures(outcomes: Sequence[FetchOutcome], log: logging.Logger) -> None:
    """One line per failed feed; when the machine seems offline, one line saying so and the rest at debug."""
    failed = [o for o in outcomes if o.status == "failed"]
    level = logging.WARNING
    if seems_offline(outcomes):
        log.warning(
            "all %d feeds failed on name resolution: this machine seems to have no network or DNS "
            "(check its connection, DNS servers or proxy settings)",
            len(failed),
        )
        level = logging.DEBUG
    for outcome in failed:
        log.log(level, "feed %s failed: %s", outcome.feed.url, outcome.error)


def every(seconds: float) -> str:
    """A duration as people say it: "minute", "30m", "6h", "0.5s"."""
    if seconds == 60:
        return "minute"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def cadence(tick: float, interval: float, own_intervals: int = 0) -> str:
    """The service's two clocks: how often it looks for due feeds, and how often each feed is due."""
    own = f" ({own_intervals} with an interval of their own)" if own_intervals else ""
    return f"looks for due feeds every {every(tick)}; each feed every {every(interval)}{own}"
