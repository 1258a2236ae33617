"""`monitor run` against the loopback server: peak RSS over a full cold pass and a warm pass.

The service starts with a short fetch interval, fetches every feed (cold), fetches them again when
they are due (warm, all 304), and is then stopped with SIGTERM. Its peak RSS comes from GNU time
around it (see bench/proc.py), from /proc/PID/status (VmHWM) just before the signal, and for the whole
process tree (monitor starts a worker process for big passes) from sampling
/proc every 100 ms: the peak of the summed RSS and PSS, and the sum of every process's VmHWM.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.fetching import ROOT, parse_summary, write_config
from bench.proc import TreeMemory, command_pid, machine_busy_s, read_timed, timed
from bench.server import BenchServer


def _vm_hwm_mib(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else None


def measure_service(
    feeds: int = 1000, items: int = 50, interval: str = "20s", passes: int = 2, timeout: float = 900.0
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp, BenchServer(feeds, items) as server:
        folder = Path(tmp)
        cfg = write_config(folder, server.urls(), extra=f'interval = "{interval}"\n')
        report = folder / "time.txt"
        command, wrapped = timed([sys.executable, "-m", "monitor", "--config", str(cfg), "run"], report)
        started = time.monotonic()
        busy, server_cpu = machine_busy_s(), server.cpu_now()
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True
        )
        monitor_pid = command_pid(proc.pid, wrapped)
        memory = TreeMemory(monitor_pid).start()
        lines: queue.Queue[tuple[float, str]] = queue.Queue()
        log: list[str] = []

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put((time.monotonic(), line.rstrip("\n")))

        threading.Thread(target=pump, daemon=True).start()
        pass_lines: list[tuple[float, dict[str, float]]] = []
        deadline = started + timeout
        try:
            while len(pass_lines) < passes and time.monotonic() < deadline and proc.poll() is None:
                try:
                    at, line = lines.get(timeout=1)
                except queue.Empty:
                    continue
                log.append(line)
                if "fetch pass:" in line:
                    pass_lines.append((at - started, parse_summary(line)))
            hwm = _vm_hwm_mib(monitor_pid)
            memory.sample()
            stop_sent = time.monotonic()
            os.kill(monitor_pid, signal.SIGTERM)  # monitor itself, not GNU time around it
            _pid, status, usage = os.wait4(proc.pid, 0)
            stopped_in = time.monotonic() - stop_sent
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            exact = read_timed(report) if wrapped else None
            peak, cpu = exact if exact else (memory.result()["root_hwm_mib"], usage.ru_utime + usage.ru_stime)
            ours = server.cpu_now() - server_cpu + max(cpu, memory.result()["cpu_sum_s"])
            others = max(0.0, machine_busy_s() - busy - ours)
        finally:
            tree = memory.stop()
            if proc.returncode is None:
                proc.kill()
                proc.wait()
        time.sleep(0.1)
        while not lines.empty():
            log.append(lines.get()[1])
    if len(pass_lines) < passes:
        raise RuntimeError(f"monitor run did {len(pass_lines)} of {passes} passes; log:\n" + "\n".join(log[-20:]))
    result: dict[str, Any] = {
        "feeds": feeds,
        "items": items,
        "interval": interval,
        "peak_rss_mib": round(peak, 1),
        "vm_hwm_mib": round(hwm, 1) if hwm else None,
        "tree_processes": tree["processes"],
        "tree_peak_rss_mib": tree["peak_rss_sum_mib"],
        "tree_peak_pss_mib": tree["peak_pss_sum_mib"],
        "tree_hwm_sum_mib": tree["hwm_sum_mib"],
        "tree_hwm_mib": tree["hwm_mib"],
        "cpu_s": round(cpu, 1),
        "exit_code": code,
        "stopped_in_s": round(stopped_in, 2),
        "tree_cpu_by_process_s": tree["cpu_s"],
        "others_cpu_s": round(others, 1),
    }
    for n, (at, summary) in enumerate(pass_lines):
        result[f"pass{n + 1}"] = {"logged_at_s": round(at, 1), **summary}
    return result
