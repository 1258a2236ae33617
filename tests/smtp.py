"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it accepts and can be told to refuse."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.reply = "250 OK"  # set to "451 ..." or "554 ..." to refuse

    async def handle_DATA(self, server, session, envelope):
        if not self.reply.startswith("250"):
            return self.reply
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return self.reply

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.messages if address in rcpts]


def _authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and (auth_data.password == password.encode())
        )
        return AuthResult(success=ok, handled=False)

    return check


class SmtpServer:
    """start()/stop() may be called repeatedly; the port stays the same."""

    def __init__(self, user: str | None = None, password: str | None = None) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.user, self.password = user, password
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        kwargs = {}
        if self.user:
            kwargs = {"authenticator": _authenticator(self.user, self.password or ""), "auth_require_tls": False}
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def config(self, recipients: list[str], extra: str = "") -> str:
        quoted = ", ".join(f'"{r}"' for r in recipients)
        return (
            f'[mail]\nhost = "127.0.0.1"\nport = {self.port}\nsecurity = "none"\n'
            f'from = "AI monitor <monitor@news.example>"\nrecipients = [{quoted}]\nretry = "0.2s"\n'
            f'list_unsubscribe = "<mailto:monitor@news.example?subject=stop>"\n' + extra
        )
