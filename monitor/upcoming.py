"""When the next monthly digest will be made and mailed, and for which month (for `monitor status`)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from apscheduler.triggers.cron import CronTrigger

from monitor.config import Settings
from monitor.months import month_key, month_of, previous_month


def next_digest(cron: str, tz: tzinfo, now: datetime) -> tuple[datetime, tuple[int, int]]:
    """The next firing of the digest cron (in `tz`) at or after `now`, and the month it covers: the one
    before the month it fires in."""
    fire = CronTrigger.from_crontab(cron, timezone=tz).get_next_fire_time(None, now.astimezone(tz))
    return fire, previous_month(month_of(fire, tz))


def next_digest_line(settings: Settings, now: datetime) -> str:
    fire, month = next_digest(settings.schedule_digest, settings.digest.tz, now)
    if settings.mail:
        where = f"mailed to {len(settings.mail.recipients)} recipient(s) via {settings.mail.host}"
    else:
        where = f"written to the outbox folder {settings.outbox}"
    return (
        f"next digest: {month_key(month)}, made and {where} at {fire:%Y-%m-%d %H:%M %Z} "
        f"('{settings.schedule_digest}' in {settings.digest.timezone}; the service must be running)"
    )
