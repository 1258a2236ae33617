"""What `monitor status` reports, and whether the service is healthy (the container's health check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from monitor.config import Settings
from monitor.store import Store, parse_utc
from monitor.upcoming import next_digest_line

QUEUE_LIMIT = timedelta(hours=24)
SERVICE_JOB = "service"  # the scheduler's job whose heartbeat says the service is up
MONTHS_SHOWN = 6


@dataclass
class HealthReport:
    healthy: bool
    problems: list[str] = field(default_factory=list)
    feeds: list[dict[str, Any]] = field(default_factory=list)
    failing: list[dict[str, Any]] = field(default_factory=list)
    months: list[tuple[str, int]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    never_fetched: list[str] = field(default_factory=list)
    next_digest: str = ""


def assess(store: Store, settings: Settings, now: datetime, wall: datetime) -> HealthReport:
    """Healthy: a fresh heartbeat, a sound database, no digest queued for over a day, some feed working."""
    problems = []
    jobs = store.jobs.select()
    service = next((j for j in jobs if j["name"] == SERVICE_JOB), None)
    if service is None or not service["heartbeat"]:
        problems.append("the service has never run (start it with `monitor run`)")
    else:
        age = (wall - parse_utc(service["heartbeat"])).total_seconds()
        if age > 2 * (service["interval"] or 60):
            problems.append(f"no heartbeat from the service for {age:.0f}s (every {service['interval']:g}s expected)")
    if not store.quick_check():
        problems.append("the database fails PRAGMA quick_check")
    deliveries = store.deliveries.select(kind=None)
    for d in deliveries:
        if d["status"] != "sent" and now - parse_utc(d["queued"]) > QUEUE_LIMIT:
            problems.append(f"digest {d['month']} to {d['recipient']} waiting since {d['queued'][:16]}: "
                            f"{d['last_error'] or d['status']}")  # fmt: skip
    feeds = store.feeds.select()
    failing = [
        {"url": f.url, "failures": f.failures, "error": f.last_error, "held_until": f.held_until}
        for f in feeds
        if f.failures
    ]
    never = [f.url for f in feeds if f.last_attempt is None and not f.failures]
    if feeds and len(failing) == len(feeds):
        problems.append(f"all {len(feeds)} feeds are failing")
    return HealthReport(
        healthy=not problems,
        problems=problems,
        feeds=[{"url": f.url} for f in feeds],
        failing=failing,
        months=store.items.per_month(MONTHS_SHOWN, settings.digest.tz),
        jobs=jobs,
        deliveries=deliveries[-12:],
        never_fetched=never,
        next_digest=next_digest_line(settings, now),
    )


def status_lines(report: HealthReport) -> list[str]:
    lines = [f"health: {'ok' if report.healthy else 'UNHEALTHY'}"]
    lines += [f"  problem: {p}" for p in report.problems]
    ok = len(report.feeds) - len(report.failing) - len(report.never_fetched)
    lines.append(f"feeds: {ok} ok, {len(report.failing)} failing, {len(report.never_fetched)} never fetched")
    lines += [f"  failing x{f['failures']}: {f['url']}: {f['error']}{_held(f['held_until'])}" for f in report.failing]
    lines += [f"  never fetched: {url}" for url in report.never_fetched]
    lines.append("items per month: " + (", ".join(f"{m} {n}" for m, n in report.months) or "none yet"))
    lines.append("jobs:")
    for job in report.jobs:
        lines.append(
            f"  {job['name']}: last run {_short(job['last_run'])} ({job['last_status'] or '-'}), "
            f"next {_short(job['next_run'])}, heartbeat {_short(job['heartbeat'])}"
        )
    if not report.jobs:
        lines.append("  none has run yet")
    lines.append("digests:")
    for d in report.deliveries:
        state = d["status"] + (" (waiting for you)" if d["permanent"] else "")
        detail = f"sent {_short(d['sent'])}" if d["status"] == "sent" else (d["last_error"] or f"{d['attempts']} tries")
        lines.append(f"  {d['month']} {d['kind']} to {d['recipient']}: {state}, {detail}")
    if not report.deliveries:
        lines.append("  none queued or sent yet")
    if report.next_digest:
        lines.append(report.next_digest)
    return lines


def _short(text: str | None) -> str:
    return text[:19].replace("T", " ") if text else "-"


def _held(until: datetime | None) -> str:
    return f" (held back until {until:%Y-%m-%d %H:%M} UTC)" if until else ""
