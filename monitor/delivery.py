"""Mail delivery: send each queued message exactly once, retry transient failures, hold permanent ones for the
user; without [mail], the outbox folder stands in for the SMTP server."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy

from monitor.config import Settings
from monitor.mail import SendFailure, SmtpFactory, open_smtp, send, write_outbox
from monitor.months import month_key, month_window
from monitor.publish import publish_month
from monitor.rules import Rules
from monitor.store import Store

log = logging.getLogger("monitor.delivery")

MAX_RETRY_WAIT = 6 * 3600.0


@dataclass
class DeliveryReport:
    notes: list[str] = field(default_factory=list)  # what was decided before sending, for the user
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def send_month(
    store: Store,
    settings: Settings,
    rules: Rules,
    month: tuple[int, int],
    now: datetime,
    *,
    force: bool,
    to: str | None,
) -> DeliveryReport:
    """Publish and mail a month's digest: once per recipient; a month without AI items sends nothing; a month whose
    deliveries failed for good is tried again; `force` sends a sent month (or an empty one) again; `to` sends one
    test copy, whatever was sent before."""
    key = month_key(month)
    if not force and not store.items.any_ai(*month_window(month, settings.digest.tz)):
        return DeliveryReport(
            notes=[f"{key} has no AI item: nothing sent (use --force to send an empty digest anyway)"]
        )
    notes = []
    if to is None:
        existing = store.deliveries.select(key)
        sent = [d for d in existing if d["status"] == "sent"]
        if existing and not force:
            if store.deliveries.requeue_failed(key, now):
                notes.append(f"{key}: retrying deliveries that had failed")
            elif len(sent) == len(existing):
                return DeliveryReport(
                    notes=[f"{key} was already sent to {len(sent)} recipient(s) (use --force to send it again)"]
                )
    with store.transaction():  # a forced resend that cannot render keeps the record of the first send
        if to is None and force:
            store.deliveries.forget_month(key)
        if not (to is None and store.deliveries.select(key)):
            publish_month(store, settings, rules, month, settings.digest.language, now, mail=True, to=to)
    report = deliver_due(store, settings, now)
    report.notes[:0] = notes
    return report


def deliver_due(store: Store, settings: Settings, now: datetime, factory: SmtpFactory = open_smtp) -> DeliveryReport:
    """Send every queued message whose time has come; failures stay queued with a reason."""
    report = DeliveryReport()
    for row in store.deliveries.due(now):
        who = f"{row['month']} to {row['recipient']}"
        store.deliveries.mark(row["id"], "sending", now)
        if settings.mail is None:
            stem = f"digest-{row['month']}-{row['lang']}"
            html, images = outbox_page(row["message"], stem)
            eml, page = write_outbox(settings.outbox, stem, row["message"], html, images)
            store.deliveries.mark(row["id"], "sent", now)
            log.info("digest %s written to the outbox: %s and %s", row["month"], eml, page)
            report.sent.append(who)
            continue
        try:
            send(row["message"], settings.mail.sender, row["recipient"], settings.mail, factory)
        except SendFailure as failure:
            if failure.permanent:
                store.deliveries.mark(row["id"], "failed", now, error=f"{failure}; waiting for you (fix it, then "
                                    f"`monitor digest --month {row['month']} --send`)", permanent=True)  # fmt: skip
                log.error("digest %s not sent, permanently: %s", who, failure)
                report.failed.append(f"{who}: {failure}")
            else:
                wait = min(MAX_RETRY_WAIT, settings.mail.retry * 2 ** max(0, row["attempts"] - 1))
                retry_at = now + timedelta(seconds=wait)
                store.deliveries.mark(row["id"], "queued", now, error=f"{failure}; retrying", retry_at=retry_at)
                log.warning("digest %s queued for retry in %.0fs: %s", who, wait, failure)
                report.retrying.append(f"{who}: {failure}")
            continue
        store.deliveries.mark(row["id"], "sent", now)
        log.info("digest %s sent", who)
        report.sent.append(who)
    return report


def outbox_page(message: bytes, stem: str) -> tuple[str, dict[str, bytes]]:
    """A stored message's HTML for a file. A message queued by a version that drew charts as PNG images carries them
    as cid: parts: they become files named beside it."""
    parsed = message_from_bytes(message, policy=default_policy)
    body = parsed.get_body(("html",))
    html = str(body.get_content()) if body is not None else ""
    images: dict[str, bytes] = {}
    for part in parsed.walk():
        cid = (part["Content-ID"] or "").strip("<>")
        if part.get_content_type() == "image/png" and cid:
            name = f"{stem}-{cid.split('@')[0].removeprefix('chart-')}.png"
            images[name] = bytes(part.get_payload(decode=True))
            html = html.replace(f"cid:{cid}", name)
    return html, images
