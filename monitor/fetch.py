"""Fetch feed documents over HTTP: conditional GET, redirects, a total deadline and a size cap."""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from monitor.config import FetchSettings
from monitor.models import Feed, FetchResult

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PERMANENT_REDIRECTS = frozenset({301, 308})
MAX_REDIRECTS = 5
_INFLATE_STEP = 256 * 1024


class BodyTooLarge(Exception):
    pass


def make_client(settings: FetchSettings, tls: ssl.SSLContext | None = None) -> httpx.AsyncClient:
    """A client for a whole pass; proxies come from the usual environment variables."""
    return httpx.AsyncClient(
        verify=tls or ssl.create_default_context(),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(settings.timeout),
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=ClientPool.CONNECTIONS_EACH),
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
        trust_env=True,
    )


class ClientPool:
    """A few clients, each with a few connections, used in turn.

    httpcore's pool bookkeeping grows with the square of its connections, which costs seconds at
    fifty connections to one host; small pools keep it negligible.
    """

    CONNECTIONS_EACH = 8

    def __init__(self, settings: FetchSettings) -> None:
        count = max(1, -(-settings.concurrency // self.CONNECTIONS_EACH))
        tls = ssl.create_default_context()  # loading the CA store once is enough
        self._clients = [make_client(settings, tls) for _ in range(count)]
        self._turn = 0

    def pick(self) -> httpx.AsyncClient:
        self._turn = (self._turn + 1) % len(self._clients)
        return self._clients[self._turn]

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for client in self._clients:
            await client.aclose()


class HostLimiter:
    """At most `total` requests at once, and at most `per_host` to any one host."""

    def __init__(self, total: int, per_host: int) -> None:
        self._total = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))
        async with sem, self._total:
            yield


async def fetch_feed(client: httpx.AsyncClient, feed: Feed, settings: FetchSettings) -> FetchResult:
    """GET a feed within `settings.timeout` in total; never raises for network or HTTP trouble."""
    started = time.monotonic()
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        async with asyncio.timeout(settings.timeout):
            return await _exchange(client, feed.url, headers, settings, started)
    except TimeoutError:
        return _failed(f"timed out after {settings.timeout:g}s", started)
    except httpx.TooManyRedirects:
        return _failed(f"too many redirects (more than {MAX_REDIRECTS}, a loop?)", started)
    except httpx.InvalidURL as exc:
        return _failed(f"invalid URL: {exc}", started)
    except httpx.HTTPError as exc:
        return _failed(_network_error(exc), started)
    except BodyTooLarge:
        return _failed(f"response larger than max_bytes ({settings.max_bytes:,} bytes), cut off", started)
    except (zlib.error, EOFError) as exc:
        return _failed(f"corrupt compressed body: {exc}", started)


async def _exchange(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], settings: FetchSettings, started: float
) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        final_url = _permanent_target(response)
        status = response.status_code
        if status == 304:
            return FetchResult(
                status="not_modified",
                http_status=304,
                final_url=final_url,
                duration=time.monotonic() - started,
            )
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
            wait = f": the server asks to wait {retry_after:.0f}s (Retry-After)" if retry_after is not None else ""
            return _failed(
                f"HTTP {status} {response.reason_phrase}".strip() + wait,
                started,
                http_status=status,
                retry_after=retry_after,
                final_url=final_url,
            )
        if status >= 400:
            return _failed(f"HTTP {status} {response.reason_phrase}".strip(), started, http_status=status)
        body = await _read_capped(response, settings.max_bytes)
        return FetchResult(
            status="ok",
            http_status=status,
            body=body,
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            final_url=final_url,
            bytes_read=len(body),
            duration=time.monotonic() - started,
        )


def _permanent_target(response: httpx.Response) -> str | None:
    if response.history and all(r.status_code in PERMANENT_REDIRECTS for r in response.history):
        return str(response.url)
    return None


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, counted while it streams in; BodyTooLarge past `max_bytes`."""
    encoding = response.headers.get("Content-Encoding", "identity").lower().strip()
    inflater = _inflater(encoding)
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        pieces = [raw] if inflater is None else _inflate(inflater, raw, max_bytes - size)
        for piece in pieces:
            size += len(piece)
            if size > max_bytes:
                raise BodyTooLarge
            chunks.append(piece)
    if inflater is not None:
        tail = inflater.flush()
        size += len(tail)
        if size > max_bytes:
            raise BodyTooLarge
        chunks.append(tail)
    return b"".join(chunks)


def _inflater(encoding: str) -> Any:  # zlib's decompress object has no public type
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)
    raise httpx.DecodingError(f"unsupported Content-Encoding {encoding!r}")


def _inflate(inflater: Any, data: bytes, room: int) -> list[bytes]:
    """Inflate in bounded steps so a compression bomb is stopped before it fills memory."""
    out = []
    produced = 0
    while data:
        piece = inflater.decompress(data, _INFLATE_STEP)
        out.append(piece)
        produced += len(piece)
        if produced > room:
            raise BodyTooLarge
        data = inflater.unconsumed_tail
    return out


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


# httpx's exception categories, most specific first, each with what it means to a user.
_CATEGORIES: tuple[tuple[type[Exception], str], ...] = (
    (httpx.ConnectTimeout, "connection timed out: the server did not accept a connection in time"),
    (httpx.PoolTimeout, "timed out waiting for a free connection (too many at once?)"),
    (httpx.TimeoutException, "timed out: the server stopped answering"),
    (httpx.ProxyError, "proxy error: check the HTTP_PROXY/HTTPS_PROXY settings"),
    (httpx.ConnectError, "cannot connect"),
    (httpx.NetworkError, "connection broken: the network or the server dropped it"),
    (httpx.RemoteProtocolError, "the server broke the HTTP protocol"),
    (httpx.LocalProtocolError, "the request could not be sent as HTTP (a bad URL or header?)"),
    (httpx.UnsupportedProtocol, "unsupported URL scheme: use http:// or https://"),
    (httpx.ProtocolError, "HTTP protocol error"),
    (httpx.DecodingError, "cannot decode the response body"),
    (httpx.TransportError, "transport error"),
)
_DNS_FAILURE = ("name or service not known", "temporary failure in name resolution", "nodename nor servname",
                "no address associated", "getaddrinfo failed")  # fmt: skip


def network_error(exc: httpx.HTTPError) -> str:
    """One line a user understands for an httpx error, by its category (and the detail that helps)."""
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, httpx.ConnectError) and not isinstance(exc, httpx.ProxyError):
        meaning = _connect_failure(exc, detail)
        if meaning:
            return f"{meaning} ({detail})"
    for category, meaning in _CATEGORIES:
        if isinstance(exc, category):
            return f"{meaning} ({detail})"
    return f"HTTP error ({detail})"


def _connect_failure(exc: httpx.ConnectError, detail: str) -> str | None:
    """Why a connection failed, from the OSError behind it (or its words): DNS, refused, TLS."""
    causes = _causes(exc)
    words = " ".join([detail, *(str(c) for c in causes)]).lower()
    if any(isinstance(c, socket.gaierror) for c in causes) or any(text in words for text in _DNS_FAILURE):
        return "name resolution failed: the host name is unknown, or this machine has no DNS"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in words:
        return "connection refused: nothing listens at that address"
    if any(isinstance(c, ssl.SSLError) for c in causes) or any(w in words for w in ("certificate", "ssl", "tls")):
        return "TLS failed: the server's certificate is not trusted or the handshake failed"
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    """The exceptions behind an httpx error (the OSError or SSLError that caused it), nearest first."""
    found: list[BaseException] = []
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(found) < 8:
        found.append(cause)
        cause = cause.__cause__ or cause.__context__
    return found


_network_error = network_error  # the name earlier code used


def _failed(error: str, started: float, **fields: Any) -> FetchResult:
    return FetchResult(status="failed", error=error, duration=time.monotonic() - started, **fields)
