"""Fetch errors named by httpx's exception categories, each in words a user understands (issue 12, point 6):
on the hostile server where the network can be made to misbehave, and for each category by construction."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import httpx
import pytest

from monitor.config import FetchSettings
from monitor.fetch import fetch_feed, make_client, network_error
from monitor.models import Feed
from tests.hostile_server import HostileServer, Raw


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    srv = HostileServer().start()
    yield srv
    srv.stop()


def _fetch(url: str, client_timeout: float = 5.0) -> str:
    async def run() -> str:
        settings = FetchSettings(timeout=client_timeout)
        async with make_client(settings) as client:
            result = await fetch_feed(client, Feed(id=1, url=url), FetchSettings(timeout=10.0))
        assert result.status == "failed"
        return result.error or ""

    return asyncio.run(run())


def test_an_answer_that_is_not_http_is_a_protocol_error(hostile):
    error = _fetch(hostile.add("/garbage", Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")))
    assert error.startswith("the server broke the HTTP protocol"), error


def test_a_connection_closed_without_an_answer_is_a_protocol_error(hostile):
    error = _fetch(hostile.add("/silent-close", Raw(b"")))
    assert error.startswith("the server broke the HTTP protocol"), error


def test_a_server_that_stops_answering_is_a_read_timeout_not_an_http_error(hostile):
    error = _fetch(hostile.tarpit_url, client_timeout=0.3)
    assert error.startswith("timed out: the server stopped answering"), error


def test_a_closed_port_is_connection_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: the kernel refuses connections
        port = sock.getsockname()[1]
        error = _fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert error.startswith("connection refused"), error


@pytest.mark.parametrize(
    ("exc", "meaning"),
    [
        (httpx.ReadTimeout("read"), "timed out: the server stopped answering"),
        (httpx.WriteTimeout("write"), "timed out: the server stopped answering"),
        (httpx.ConnectTimeout("connect"), "connection timed out"),
        (httpx.PoolTimeout("pool"), "timed out waiting for a free connection"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "name resolution failed"),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), "name resolution failed"),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), "TLS failed"),
        (httpx.ConnectError("[Errno 101] Network is unreachable"), "cannot connect"),
        (httpx.ReadError("reset"), "connection broken"),
        (httpx.WriteError("broken pipe"), "connection broken"),
        (httpx.CloseError("close"), "connection broken"),
        (httpx.RemoteProtocolError("illegal status line"), "the server broke the HTTP protocol"),
        (httpx.LocalProtocolError("bad header"), "the request could not be sent as HTTP"),
        (httpx.ProxyError("407"), "proxy error"),
        (httpx.UnsupportedProtocol("ftp"), "unsupported URL scheme"),
        (httpx.DecodingError("bad gzip"), "cannot decode the response body"),
    ],
)
def test_every_httpx_category_has_its_own_words(exc, meaning):
    message = network_error(exc)
    assert message.startswith(meaning), message
    assert str(exc) in message  # the detail stays, for whoever debugs
