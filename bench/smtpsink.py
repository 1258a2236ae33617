"""A local SMTP sink (aiosmtpd) in its own process: accepts every message, counts them, keeps none."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from pathlib import Path

from bench.proc import free_port


class _Counter:
    def __init__(self, counts) -> None:  # type: ignore[no-untyped-def]
        self.counts = counts

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.counts[0] += 1
        self.counts[1] += len(envelope.original_content or envelope.content or b"")
        return "250 OK"


def _main(port: int, counts, ready, stop) -> None:  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    controller = Controller(_Counter(counts), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class SmtpSink:
    """Context manager: `.port`; `.messages()` and `.bytes()` so far; `.cpu_now()` its CPU seconds."""

    def __init__(self) -> None:
        self.port = free_port()
        self._counts = mp.RawArray("q", 2)
        self._ready = mp.Event()
        self._stop = mp.Event()
        self._proc = mp.Process(target=_main, args=(self.port, self._counts, self._ready, self._stop), daemon=True)

    def __enter__(self) -> SmtpSink:
        self._proc.start()
        if not self._ready.wait(30):
            raise RuntimeError("SMTP sink did not start")
        time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(5)

    def messages(self) -> int:
        return self._counts[0]

    def bytes(self) -> int:
        return self._counts[1]

    def cpu_now(self) -> float:
        fields = Path(f"/proc/{self._proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
