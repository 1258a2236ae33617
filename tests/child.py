"""Run `python -m monitor` as a real child process: measured (wall time, peak RSS) or killed at will."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def monitor_env() -> dict[str, str]:
    """The child imports monitor from this checkout (a scratch clone's too), never $MONITOR_CONFIG."""
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_CONFIG"}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def monitor_command(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "monitor", "--config", str(config), *args]


@dataclass
class Measured:
    code: int
    seconds: float
    max_rss_mb: float  # peak resident set of the child itself: its VmHWM, sampled (see run_measured)
    tree_peak_mb: float  # peak of the summed proportional sets (Pss) of the child and its descendants, sampled
    worst_process_mb: float  # the largest high-water mark (VmHWM) of any process of the tree
    out: str
    err: str


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (workers, a forkserver), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(Pss, VmHWM) in kB, or zeros for a process that is gone. Pss shares the pages a forked worker
    has in common with its parent between them, so the sum over a tree counts each page once."""
    pss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, hwm


class TreeSampler(threading.Thread):
    """Samples the memory of a process and its descendants until stopped."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid in [self.pid, *descendants(self.pid)]:
                pss, hwm = _memory_kb(pid)
                total += pss
                self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), hwm)
            self.peak_kb = max(self.peak_kb, total)
            self._done.wait(self.every)

    def stop(self) -> None:
        self._done.set()
        self.join()


def run_measured(config: Path, *args: str, cwd: Path, kill_after: float = 60.0) -> Measured:
    """Run one command to its end (killed after `kill_after`), with its own wall time and peak RSS."""
    stem = cwd / f"child-{time.monotonic_ns()}"
    out_path, err_path = stem.with_suffix(".out"), stem.with_suffix(".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen(monitor_command(config, *args), stdout=out, stderr=err, cwd=cwd, env=monitor_env())
        guard = threading.Timer(kill_after, proc.kill)  # Popen.kill does nothing once the child is reaped
        guard.start()
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            _pid, status, _usage = os.wait4(proc.pid, 0)
        finally:
            guard.cancel()
            sampler.stop()
        seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        code=proc.returncode,
        seconds=seconds,
        # Not wait4's ru_maxrss: Linux carries the high-water mark of the memory a child had before exec
        # into it, and a vforked child shares this (pytest worker's) memory until then, so ru_maxrss was
        # never below the worker's own peak (287 MB once, for a 130 MB fetch). VmHWM belongs to the
        # program's own memory, and only grows, so the last sample is its peak but for the final 20 ms.
        max_rss_mb=sampler.hwm_kb.get(proc.pid, 0) / 1024,
        tree_peak_mb=sampler.peak_kb / 1024,
        worst_process_mb=max(sampler.hwm_kb.values(), default=0) / 1024,
        out=out_path.read_text(errors="replace"),
        err=err_path.read_text(errors="replace"),
    )


def start_monitor(config: Path, *args: str, cwd: Path, log: Path | None = None) -> subprocess.Popen[bytes]:
    sink = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    try:
        return subprocess.Popen(
            monitor_command(config, *args), stdout=sink, stderr=subprocess.STDOUT, cwd=cwd, env=monitor_env()
        )
    finally:
        if log:
            sink.close()  # type: ignore[union-attr]


def kill9(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL this child (by its own pid) and reap it."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def wait_for(predicate, timeout: float = 10.0, step: float = 0.02) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def query(db: Path, sql: str, args: tuple = ()) -> list[tuple]:
    """A read on a fresh connection (the child may be writing; WAL readers never block it)."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()
