"""A loopback feed server for benchmarks: N pre-rendered feeds, ETag/Last-Modified, optional latency.

Runs in its own process (so its CPU is not the client's) and reports its CPU seconds when stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing as mp
import resource
import signal
import time

from bench.feedgen import documents

LAST_MODIFIED = "Mon, 01 Dec 2025 00:00:00 GMT"


async def serve(feeds: int, items: int, latency: float, port_out, ready, ignore_conditional: bool) -> None:
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
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                elif not ignore_conditional and headers.get("if-none-match") == etags[n]:
                    writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {etags[n]}\r\nContent-Length: 0\r\n\r\n".encode())
                else:
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


def _main(feeds, items, latency, port_out, ready, cpu_out, ignore_conditional) -> None:
    asyncio.run(serve(feeds, items, latency, port_out, ready, ignore_conditional))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_out.value = usage.ru_utime + usage.ru_stime


class BenchServer:
    """Context manager: a server process; `.url(n)` is feed n; `.cpu_seconds` after exit."""

    def __init__(self, feeds: int, items: int, latency: float = 0.0, ignore_conditional: bool = False) -> None:
        self.feeds = feeds
        self._port = mp.Value("i", 0)
        self._cpu = mp.Value("d", 0.0)
        self._ready = mp.Event()
        self._proc = mp.Process(
            target=_main,
            args=(feeds, items, latency, self._port, self._ready, self._cpu, ignore_conditional),
            daemon=True,
        )
        self.cpu_seconds = 0.0
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
