"""Compose the digest email (pure) and hand it to an SMTP server or the outbox folder (I/O)."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path

from monitor.config import MailSettings


@dataclass(frozen=True)
class SendFailure(Exception):
    """A send that did not go through; `permanent` ones wait for the user."""

    reason: str
    permanent: bool

    def __str__(self) -> str:
        return self.reason


def message_id(month: str, recipient: str, sender: str, kind: str = "monthly") -> str:
    """Stable per month and recipient, so a resend is recognisably the same message."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "monitor.invalid"
    token = hashlib.sha256(f"{kind}\x00{month}\x00{recipient.lower()}".encode()).hexdigest()[:20]
    return f"<digest-{month}-{token}@{domain}>"


def compose(
    *,
    subject: str,
    text: str,
    html: str,
    sender: str,
    recipient: str,
    msg_id: str,
    date: datetime,
    list_unsubscribe: str | None = None,
) -> EmailMessage:
    """multipart/alternative (text, HTML); the HTML's charts are tables, so it needs no images."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"
    if list_unsubscribe:
        msg["List-Unsubscribe"] = list_unsubscribe if "<" in list_unsubscribe else f"<{list_unsubscribe.strip()}>"
        if one_click_unsubscribe(list_unsubscribe):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def one_click_unsubscribe(list_unsubscribe: str) -> bool:
    """RFC 8058 one-click applies when the header offers an https URI (pure)."""
    return any(part.strip(" <>").lower().startswith("https://") for part in list_unsubscribe.split(","))


SmtpFactory = Callable[[MailSettings], smtplib.SMTP]


def open_smtp(settings: MailSettings) -> smtplib.SMTP:
    if settings.security == "tls":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
        )
    client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        client.starttls(context=ssl.create_default_context())
    return client


def send(message: bytes, sender: str, recipient: str, settings: MailSettings, factory: SmtpFactory = open_smtp) -> None:
    """Deliver one stored message; raises SendFailure saying whether to retry."""
    try:
        with factory(settings) as client:
            if settings.username:
                client.login(settings.username, settings.password or "")
            client.sendmail(parseaddr(sender)[1] or sender, [recipient], message)
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailure(f"authentication rejected by {settings.host} ({exc.smtp_code})", True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        raise SendFailure(f"recipient refused: {code} {_text(reply)}", code >= 500) from None
    except smtplib.SMTPResponseException as exc:
        transient = 400 <= exc.smtp_code < 500
        raise SendFailure(f"{settings.host} answered {exc.smtp_code} {_text(exc.smtp_error)}", not transient) from None
    except TimeoutError:
        raise SendFailure(f"timed out talking to {settings.host}:{settings.port}", False) from None
    except ConnectionRefusedError:
        raise SendFailure(f"connection refused by {settings.host}:{settings.port}", False) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailure(f"cannot reach {settings.host}:{settings.port} ({exc})", False) from None


def write_outbox(folder: Path, stem: str, message: bytes, html: str, images: dict[str, bytes]) -> tuple[Path, Path]:
    """The embedded default: the message as .eml, its HTML beside it (and any images it carries beside that)."""
    folder.mkdir(parents=True, exist_ok=True)
    eml, page = folder / f"{stem}.eml", folder / f"{stem}.html"
    files = [(folder / name, data) for name, data in images.items()] + [(page, html.encode()), (eml, message)]
    for path, data in files:
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(data)
        partial.replace(path)  # never a half-written file
    return eml, page


def _text(reply: bytes | str) -> str:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:200]
