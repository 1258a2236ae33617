"""A loopback feed server for benchmarks: N pre-rendered feeds, ETag/Last-Modified, optional latency.

Runs in its own process (so its CPU is not the client's) and reports, when stopped, its CPU seconds
and how many 200s and 304s it answered (so a benchmark can check that a warm pass really was all 304).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing as mp
import os
import resource
import signal
import time
from pathlib import Path

from bench.feedgen import documents

LAST_MODIFIED = "Mon, 01 Dec 2025 00:00:00 GMT"


async def serve(feeds: int, items: int, latency: float, port_out, ready, ignore_conditional: bool, counts) -> None:
    docs = documents(feeds, items)
    etags = [f'"{hashlib.md5(d).hexdigest()}"' for d in docs]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
                if latency:
                    await asyncio.sleep(latency)
                n = int(path.strip("/").split("/")[-1].split(".")[0]) if path.startswith("/feed/") else -1
                if not 0 <= n < feeds:
                    counts[2] += 1
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                elif not ignore_conditional and headers.get("if-none-match") == etags[n]:
                    counts[1] += 1
                    writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {etags[n]}\r\nContent-Length: 0\r\n\r\n".encode())
                else:
                    counts[0] += 1
                    body = docs[n]
                    writer.write(
                        (
                            f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\n"
                            f"ETag: {etags[n]}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
                            f"Content-Length: {len(body)}\r\n\r\n"
                        ).encode()
                        + body
                    )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=2048)
    port_out.value = server.sockets[0].getsockname()[1]
    ready.set()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()


def _main(feeds, items, latency, port_out, ready, cpu_out, ignore_conditional, counts) -> None:
    asyncio.run(serve(feeds, items, latency, port_out, ready, ignore_conditional, counts))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_out.value = usage.ru_utime + usage.ru_stime


class BenchServer:
    """Context manager: a server process; `.url(n)` is feed n; `.cpu_seconds` and `.answered` after exit."""

    def __init__(self, feeds: int, items: int, latency: float = 0.0, ignore_conditional: bool = False) -> None:
        self.feeds = feeds
        self._port = mp.Value("i", 0)
        self._cpu = mp.Value("d", 0.0)
        self._ready = mp.Event()
        self._counts = mp.RawArray("q", 3)  # 200s, 304s, 404s answered so far; written by the server only
        self._proc = mp.Process(
            target=_main,
            args=(feeds, items, latency, self._port, self._ready, self._cpu, ignore_conditional, self._counts),
            daemon=True,
        )
        self.cpu_seconds = 0.0
        self.answered: dict[int, int] = {}
        self.started = 0.0

    def __enter__(self) -> BenchServer:
        self._proc.start()
        if not self._ready.wait(120):
            raise RuntimeError("bench server did not start")
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        self._proc.terminate()
        self._proc.join(10)
        self.cpu_seconds = self._cpu.value
        self.answered = self.counts()

    def counts(self) -> dict[int, int]:
        """Responses answered so far, by status: take one before and one after a run to get the run's."""
        return dict(zip((200, 304, 404), self._counts[:], strict=True))

    def cpu_now(self) -> float:
        """The server's CPU seconds so far (Linux /proc), for the share of one run."""
        fields = Path(f"/proc/{self._proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self._port.value}/feed/{n}.xml"

    def urls(self) -> list[str]:
        return [self.url(n) for n in range(self.feeds)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    with BenchServer(args.feeds, args.items, args.latency) as srv:
        print(f"serving {args.feeds} feeds at {srv.url(0)} ... (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
