"""A hostile HTTP server on 127.0.0.1: slow, silent, endless, looping, lying and compressed-bomb routes.

`tests/feedserver.py` serves well-behaved documents; this one misbehaves at the socket level where a
test needs it (a tarpit that accepts and never answers, a response trickled byte by byte from its
status line on, a body that never ends) and counts every request per path.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVER_DEADLINE = 30.0  # no hostile behaviour outlives this, even if the client never hangs up


@dataclass
class Static:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Redirect:
    location: str
    status: int = 302


@dataclass
class Trickle:
    """The whole response, status line and headers included, one byte every `pause` seconds."""

    body: bytes
    pause: float = 1.0


@dataclass
class Endless:
    """200 with no length, then the same chunk for ever (until the client hangs up)."""

    chunk: bytes = b"<item><title>x</title><description>" + b"y" * 4000 + b"</description></item>"


@dataclass
class Encoded:
    """A body already compressed, sent with its Content-Encoding (e.g. a gzip bomb)."""

    body: bytes
    encoding: str = "gzip"
    content_type: str = "application/rss+xml; charset=utf-8"


@dataclass
class Raw:
    """These bytes as the whole answer, then the connection closed: not HTTP at all, or nothing (b"")."""

    data: bytes = b""


Behaviour = Static | Redirect | Trickle | Endless | Encoded | Raw | Callable[[int], Static]


@lru_cache(maxsize=4)
def compression_bomb(encoding: str = "gzip", size: int = 1 << 30) -> bytes:
    """A valid gzip (or zlib, for Content-Encoding: deflate) stream that inflates to `size` zero bytes:
    1 GiB is about 1 MB on the wire. One fully flushed deflate segment repeated, so it takes
    a fraction of a second to build."""
    mib = 1 << 20
    assert size % mib == 0
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = deflater.compress(bytes(mib)) + deflater.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty last block
    body = segment * (size // mib) + final
    zeros = bytes(mib)
    if encoding == "gzip":
        crc = 0
        for _ in range(size // mib):
            crc = zlib.crc32(zeros, crc)
        return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + struct.pack("<II", crc, size & 0xFFFFFFFF)
    adler = 1
    for _ in range(size // mib):
        adler = zlib.adler32(zeros, adler)
    return b"\x78\xda" + body + struct.pack(">I", adler)


def gzip_bomb() -> bytes:
    return compression_bomb("gzip")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # clients that hang up mid-request are the point here


class HostileServer:
    """start() / stop(); `url(path)`; `tarpit_url` accepts connections and never says a word."""

    def __init__(self) -> None:
        self.routes: dict[str, Behaviour] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.hits[path] += 1
                    server.requests.append((time.time(), path))
                    n = server.hits[path]
                route = server.routes.get(path)
                if callable(route):  # a route that answers by hit number
                    route = route(n)
                try:
                    if route is None:
                        self._static(Static(b"not found", 404, "text/plain"))
                    elif isinstance(route, Static):
                        self._static(route)
                    elif isinstance(route, Redirect):
                        self._static(Static(b"", route.status, "text/plain", {"Location": route.location}))
                    elif isinstance(route, Trickle):
                        self._trickle(route)
                    elif isinstance(route, Endless):
                        self._endless(route)
                    elif isinstance(route, Raw):
                        self.close_connection = True
                        self.wfile.write(route.data)
                        self.wfile.flush()
                    elif isinstance(route, Encoded):
                        self._static(Static(route.body, 200, route.content_type, {"Content-Encoding": route.encoding}))
                except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
                    self.close_connection = True

            def _static(self, route: Static) -> None:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def _trickle(self, route: Trickle) -> None:
                raw = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                    + f"Content-Length: {len(route.body)}\r\n\r\n".encode()
                    + route.body
                )
                self.close_connection = True
                deadline = time.monotonic() + SERVER_DEADLINE
                for i in range(len(raw)):
                    if server._stop.is_set() or time.monotonic() > deadline:
                        return
                    self.wfile.write(raw[i : i + 1])
                    self.wfile.flush()
                    server._stop.wait(route.pause)

            def _endless(self, route: Endless) -> None:
                self.close_connection = True
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n")
                self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>endless</title>')
                deadline = time.monotonic() + SERVER_DEADLINE
                while not server._stop.is_set() and time.monotonic() < deadline:
                    self.wfile.write(route.chunk)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.tarpit = socket.socket()
        self.tarpit.bind(("127.0.0.1", 0))
        self.tarpit.listen(64)
        self._held: list[socket.socket] = []
        self.tarpit_thread = threading.Thread(target=self._accept_and_hold, daemon=True)

    def _accept_and_hold(self) -> None:
        self.tarpit.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _addr = self.tarpit.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.hits["<tarpit>"] += 1
            self._held.append(conn)  # never read, never written, closed at stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def tarpit_url(self) -> str:
        return f"http://127.0.0.1:{self.tarpit.getsockname()[1]}/feed.xml"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, behaviour: Behaviour) -> str:
        self.routes[path] = behaviour
        return self.url(path)

    def start(self) -> HostileServer:
        self.thread.start()
        self.tarpit_thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.tarpit_thread.join(timeout=2)
        self.tarpit.close()
        for conn in self._held:
            conn.close()
