"""Publishing a month: read it from the store into the digest model, render every format asked for, write
the files, archive what was rendered, and queue the mail; and which months are due. The charts are drawn by the
templates (HTML bars, text rows): no image goes with a file or a message."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger

from monitor.config import Settings
from monitor.digest_model import Digest, digest_to_json
from monitor.mail import compose, message_id
from monitor.month_model import month_digest_model
from monitor.months import month_key, month_of, month_window, next_month, parse_month
from monitor.render import render_digest, template_environment
from monitor.rules import Rules
from monitor.store import Store

log = logging.getLogger("monitor.publish")

OUTBOX_RECIPIENT = "outbox"
OUTBOX_SENDER = "monitor <monitor@localhost>"
OUTBOX_READER = "reader@localhost"


@dataclass
class Publication:
    """What publish_month made of a month."""

    month_key: str  # "2025-11"
    lang: str
    model: Digest
    rendered: dict[str, str] = field(default_factory=dict)  # format -> text
    files: list[Path] = field(default_factory=list)  # the formats' files, in the order asked
    queued: int = 0  # messages queued


def publish_month(
    store: Store,
    settings: Settings,
    rules: Rules,
    month: tuple[int, int],
    lang: str,
    now: datetime,
    *,
    formats: Mapping[str, Path | None] | None = None,
    mail: bool = False,
    to: str | None = None,
    model: Digest | None = None,
    archive: bool = True,
) -> Publication:
    """The month's digest: model -> every format in `formats` (written to its file unless None) -> archive -> with
    `mail`, one message queued per recipient (or one test copy `to`). `archive`: the renders of `formats` go to the
    digests archive too (the mailed email always does). A `model` given is a stored one, re-rendered."""
    if model is None:
        model = month_digest_model(store, settings, rules, month, lang, now)
    published = Publication(month_key(month), lang, model)
    as_json = digest_to_json(model) if archive or mail else {}  # the form archived
    formats = formats or {}
    env = template_environment(settings.digest.templates)
    for fmt, path in formats.items():
        text = published.rendered[fmt] = render_digest(model, fmt, env)
        if archive:
            store.digests.archive(published.month_key, lang, fmt, as_json, text, now)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            published.files.append(path)
    if mail:
        email_html = render_digest(model, "html", env)  # the same page as the HTML file: its charts are tables
        store.digests.archive(published.month_key, lang, "email", as_json, email_html, now)
        text = render_digest(model, "text", env)
        published.queued = _queue(store, settings, published, email_html, text, now, to)
    return published


def recipients(settings: Settings) -> list[str]:
    return list(settings.mail.recipients) if settings.mail else [OUTBOX_RECIPIENT]


def _queue(
    store: Store,
    settings: Settings,
    published: Publication,
    html: str,
    text: str,
    now: datetime,
    to: str | None,
) -> int:
    """One message per recipient (or one test copy `to`), every one or none queued."""
    sender = settings.mail.sender if settings.mail else OUTBOX_SENDER
    kind = "test" if to else "monthly"
    queued = 0
    with store.transaction():  # every recipient or none: a crash cannot leave some unqueued
        for recipient in [to] if to else recipients(settings):
            msg_id = message_id(published.month_key, recipient, sender, f"test-{now.timestamp()}" if to else kind)
            message = compose(
                subject=published.model.title,
                text=text,
                html=html,
                sender=sender,
                recipient=recipient if settings.mail else OUTBOX_READER,
                msg_id=msg_id,
                date=now,
                list_unsubscribe=settings.mail.list_unsubscribe if settings.mail else None,
            )
            queued += store.deliveries.queue(
                month=published.month_key, lang=published.lang, recipient=recipient, kind=kind, message_id=msg_id,
                message=message.as_bytes(), now=now,
            )  # fmt: skip
    return queued


def months_due(store: Store, settings: Settings, now: datetime) -> list[tuple[int, int]]:
    """Months that ended after the database was created, whose digest time has come, not yet queued."""
    tz = settings.digest.tz
    trigger = CronTrigger.from_crontab(settings.schedule_digest, timezone=tz)
    month = month_of(store.created(), tz)
    last = store.deliveries.last_sent_month()
    if last:
        month = max(month, next_month(parse_month(last)))
    done = store.deliveries.queued_months()
    due: list[tuple[int, int]] = []
    while True:
        ended = month_window(month, tz)[1]
        fire = trigger.get_next_fire_time(None, ended)
        if ended > now or fire is None or fire > now:
            return due
        if month_key(month) not in done:
            due.append(month)
        month = next_month(month)
