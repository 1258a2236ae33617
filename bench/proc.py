"""Run a command and measure it: wall time, CPU, and the peak RSS of that command alone.

Peak RSS is not taken from wait4/getrusage in this process: a child's ru_maxrss starts at the
high-water mark of the process it was forked from (Linux records the old mm's peak at exec), so a
child of a harness that has grown to 600 MiB reports at least 600 MiB. Measured commands are started
through GNU time (`/usr/bin/time`, a 2 MiB process) when it is there, whose ru_maxrss for its child is
exact; otherwise the command's VmHWM is sampled from /proc every 50 ms.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GNU_TIME = "/usr/bin/time"
_TIME_FORMAT = "%M %U %S"  # max RSS KiB, user s, system s: the command's and its reaped children's


@dataclass(frozen=True)
class Measured:
    wall_s: float
    peak_rss_mib: float  # the command's own peak RSS (GNU time's ru_maxrss, else sampled VmHWM)
    cpu_s: float  # user + system seconds of the command and of the children it reaped
    returncode: int
    stdout: str
    stderr: str
    tree: dict[str, Any] | None = None  # TreeMemory.result(): the child and every process it started


_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def _kib(text: str, key: str) -> int:
    at = text.find(key + ":")
    return int(text[at + len(key) + 1 :].split(None, 1)[0]) if at >= 0 else 0


class TreeMemory:
    """Samples a process and all its descendants (worker processes, a forkserver) every `interval`:
    the peak of their summed RSS, each one's VmHWM and CPU seconds (as last seen, so up to `interval`
    short), and every `pss_every` the peak of their summed PSS (PSS shares pages between processes
    fairly). wait4's ru_maxrss is only the largest single process, and its CPU leaves out grandchildren
    such as a forkserver's workers.

    PSS comes from /proc/PID/smaps_rollup, which walks the process's page tables under its memory-map
    lock: read every 50 ms, it slowed a 50,000-item digest (two processes of 400 MiB) by 0.25-0.75 s.
    RSS, HWM and CPU come from /proc/PID/status and /proc/PID/stat, which read counters."""

    def __init__(self, pid: int, interval: float = 0.1, pss_every: float = 1.0) -> None:
        self.pid = pid
        self.interval = interval
        self.pss_every = pss_every
        self.peak_rss_kib = self.peak_pss_kib = 0
        self.hwm_kib: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds of each process, as last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._pss_at = 0.0  # (monotonic) when PSS was last read

    def start(self) -> TreeMemory:
        self._thread.start()
        return self

    def sample(self) -> None:
        rss = pss = 0
        now = time.monotonic()
        with_pss = now - self._pss_at >= self.pss_every
        for pid in _descendants(self.pid):
            try:
                with open(f"/proc/{pid}/status") as f:
                    status = f.read()
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if "VmHWM:" not in status:  # a zombie: its memory is gone
                continue
            self.cpu[pid] = (int(stat[11]) + int(stat[12])) / _TICKS
            rss += _kib(status, "VmRSS")
            pss += _pss_kib(pid, status) if with_pss else 0
            name = status.split("\n", 1)[0].split(":", 1)[1].strip()
            previous = self.hwm_kib.get(pid, (name, 0))[1]
            self.hwm_kib[pid] = (name, max(previous, _kib(status, "VmHWM")))
        self.peak_rss_kib = max(self.peak_rss_kib, rss)
        if with_pss:
            self._pss_at = now
            self.peak_pss_kib = max(self.peak_pss_kib, pss)

    def _run(self) -> None:
        wait = min(0.02, self.interval)  # a first look soon after exec, for short commands
        while not self._stop.wait(wait):
            self.sample()
            wait = self.interval

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        return self.result()

    def result(self) -> dict[str, Any]:
        root = self.hwm_kib.get(self.pid)
        return {
            "root_hwm_mib": round(root[1] / 1024, 1) if root else 0.0,
            "processes": len(self.hwm_kib),
            "peak_rss_sum_mib": round(self.peak_rss_kib / 1024, 1),
            "peak_pss_sum_mib": round(self.peak_pss_kib / 1024, 1),
            "hwm_sum_mib": round(sum(h for _n, h in self.hwm_kib.values()) / 1024, 1),
            "hwm_mib": {f"{pid} {name}": round(h / 1024, 1) for pid, (name, h) in sorted(self.hwm_kib.items())},
            "cpu_s": {f"{pid} {self.hwm_kib[pid][0]}": round(c, 2) for pid, c in sorted(self.cpu.items())},
            "cpu_sum_s": round(sum(self.cpu.values()), 2),
        }


def _pss_kib(pid: int, status: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return _kib(f.read(), "Pss")
    except OSError:  # kernels before 4.14: PSS taken as RSS
        return _kib(status, "VmRSS")


def timed(args: Sequence[str], report: Path) -> tuple[list[str], bool]:
    """`args` under GNU time writing to `report`, when GNU time is there; and whether it is."""
    if os.access(GNU_TIME, os.X_OK):
        return [GNU_TIME, "-o", str(report), "-f", _TIME_FORMAT, *args], True
    return list(args), False


def read_timed(report: Path) -> tuple[float, float] | None:
    """(peak RSS MiB, CPU s) from GNU time's report, or None."""
    try:
        lines = report.read_text().strip().splitlines()
        rss_kib, user, system = lines[-1].split()
        return int(rss_kib) / 1024, float(user) + float(system)
    except (OSError, ValueError, IndexError):
        return None


def command_pid(pid: int, wrapped: bool, wait: float = 5.0) -> int:
    """The measured command's pid: `pid` itself, or GNU time's child."""
    deadline = time.monotonic() + wait
    while wrapped and time.monotonic() < deadline:
        children = _children(pid)
        if children:
            return children[0]
        time.sleep(0.005)
    return pid


def run_measured(
    args: Sequence[str],
    *,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 3600.0,
    ok: Sequence[int] = (0,),
    tree: bool = False,
) -> Measured:
    """Run `args` to completion: wall time, CPU, peak RSS; with `tree`, every process it starts too."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        report = Path(tmp) / "time.txt"
        command, wrapped = timed(args, report)
        with open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
            started = time.monotonic()
            proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            sampler = TreeMemory(command_pid(proc.pid, wrapped), interval=0.05).start()
            try:
                _pid, status, usage = os.wait4(proc.pid, 0)
            finally:
                killer.cancel()
            wall = time.monotonic() - started
            memory = sampler.stop()
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        exact = read_timed(report) if wrapped else None
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {stderr[-3000:]}")
    return Measured(
        wall_s=wall,
        peak_rss_mib=exact[0] if exact else memory["root_hwm_mib"],
        cpu_s=exact[1] if exact else usage.ru_utime + usage.ru_stime,
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        tree=memory if tree else None,
    )


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy (all cores, /proc/stat), to tell how much of a
    run's wall time other processes (another test suite, say) took from the cores."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / _TICKS


def own_cpu_s() -> float:
    """CPU seconds of this process and of the children it has reaped."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class Contention:
    """`with Contention() as c: ...` then `c.others_s`: CPU seconds the rest of the machine used while the
    block ran (all cores' busy time minus this process, the children it reaped, and `c.extra`)."""

    def __init__(self) -> None:
        self.extra = 0.0
        self.others_s = 0.0

    def __enter__(self) -> Contention:
        self._busy, self._own = machine_busy_s(), own_cpu_s()
        return self

    def __exit__(self, *exc: object) -> None:
        used = (machine_busy_s() - self._busy) - (own_cpu_s() - self._own) - self.extra
        self.others_s = round(max(0.0, used), 1)


def load_average() -> float:
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
