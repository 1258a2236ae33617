"""Publishing a month: read it from the store into the digest model, render every format asked for, write
the files, archive what was rendered, and queue the mail; and which months are due. The charts are drawn by the
templates (HTML bars, text rows): no image goes with a file or a message."""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger

from monitor.config import Settings
from monitor.digest import MonthSummary, build_digest, group_health, summarise_month
from monitor.digest_model import Digest, digest_to_json
from monitor.mail import compose, message_id
from monitor.months import month_key, month_of, month_window, next_month, parse_month, previous_month
from monitor.render import render_digest, template_environment
from monitor.rules import Rules
from monitor.store import Store
from monitor.writing import digest_writer

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


# --- the month read from the store into the digest model ----------------------------------------------------


# A month before with this many items is summarised in a worker process while this month's stories are built: at
# 50,000 items each takes seconds, and there are two cores. Below it, starting a worker costs more than it saves.
SUMMARY_WORKER_FROM = 10_000


def month_digest_model(
    store: Store, settings: Settings, rules: Rules, month: tuple[int, int], lang: str, now: datetime
) -> Digest:
    """Read the month (and the one before, for trends) from the store and build the digest model, its prose by the
    narrative writer or, with [writer], by the optional writer's grounded drafts (monitor.writing)."""
    tz = settings.digest.tz
    start, end = month_window(month, tz)
    before_start, before_end = month_window(previous_month(month), tz)
    months = (store, before_start, before_end, settings.digest.krw_per_usd, rules)
    with digest_writer(settings, rules, month) as chosen, collector_paused(), _summary_of(*months) as previous:
        items, health = store.items.select(start=start, end=end), group_health(store.feeds.health(start, end))
        digest = build_digest(
            month, items, previous, rules, settings.digest, language=lang, now=now, health=health,
            writer=chosen.writer, feed_names=feed_names(store),
        )  # fmt: skip
    record = chosen.record()  # after the session closed: its one warning is logged
    return replace(digest, writer=record) if record is not None else digest


def feed_names(store: Store) -> dict[str, str]:
    """Feed URL -> the feed's name (disabled feeds too: their items may be in the month), to name the outlets."""
    return {feed.url: feed.name for feed in store.feeds.select(include_disabled=True) if feed.name}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block. Grouping a month's stories makes millions of short-lived
    tuples and sets, none in a cycle (reference counting frees them), and the collector's passes over them and over
    the month's items took a quarter of the digest's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _summary_of(
    store: Store, start: datetime, end: datetime, krw_per_usd: float, rules: Rules
) -> Iterator[Callable[[], MonthSummary]]:
    """summarise_month() of the items published in [start, end), as a function to call when it is needed. For a big
    month in a database file it is worked out meanwhile in a worker process with a read-only connection of its own;
    otherwise (or if the worker dies) when called."""

    def here() -> MonthSummary:
        return summarise_month(store.items.select(start=start, end=end), krw_per_usd, rules)

    if store.items.count(start, end) < SUMMARY_WORKER_FROM:
        yield here
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        future = pool.submit(summarise_stored_month, store.path, start, end, krw_per_usd, rules)

        def result() -> MonthSummary:
            try:
                return future.result()
            except BrokenProcessPool:
                log.warning("the worker process summarising the month before stopped; summarising it here")
                return here()

        yield result


def summarise_stored_month(
    path: Path, start: datetime, end: datetime, krw_per_usd: float, rules: Rules | None = None
) -> MonthSummary:
    """summarise_month() of the items published in [start, end), read through a read-only connection of its own
    (in a worker process, with the collector paused as in month_digest_model)."""
    with collector_paused(), Store.reader(path) as store:
        return summarise_month(store.items.select(start=start, end=end), krw_per_usd, rules)
