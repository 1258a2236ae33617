"""The benchmark harness. `python -m bench.run --help`; `python -m bench.run all` runs everything."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import BenchServer

ROOT = Path(__file__).resolve().parent.parent


def write_config(folder: Path, urls: list[str], concurrency: int = 50) -> Path:
    cfg = folder / "bench.toml"
    lines = [
        '[storage]\ndatabase = "bench.db"\n',
        f'[fetch]\ntimeout = "60s"\nconcurrency = {concurrency}\nper_host = {concurrency}\n',
    ]
    lines += [f'[[feeds]]\nurl = "{u}"\n' for u in urls]
    cfg.write_text("\n".join(lines))
    return cfg


def timed_command(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the child, and its stdout."""
    started = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{args} failed: {proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak, proc.stdout.strip()


def measure_monitor_fetch(feeds: int, items: int, latency: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, BenchServer(feeds, items, latency) as server:
        cfg = write_config(Path(tmp), server.urls())
        monitor = [sys.executable, "-m", "monitor", "--config", str(cfg), "fetch"]
        cold, cold_rss, cold_out = timed_command(monitor)
        warm, warm_rss, warm_out = timed_command(monitor)
    return {
        "feeds": feeds,
        "items": items,
        "latency_ms": latency * 1000,
        "cold_s": round(cold, 2),
        "warm_s": round(warm, 2),
        "peak_rss_mb": round(max(cold_rss, warm_rss), 1),
        "server_cpu_s": round(server.cpu_seconds, 2),
        "cold_summary": cold_out,
        "warm_summary": warm_out,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    fetch = sub.add_parser("fetch", help="monitor fetch, cold and warm, on a loopback server")
    fetch.add_argument("--feeds", type=int, default=1000)
    fetch.add_argument("--items", type=int, default=50)
    fetch.add_argument("--latency", type=float, default=0.0, help="seconds per response")
    tag = sub.add_parser("tag", help="tagging throughput on one core")
    tag.add_argument("--items", type=int, default=100_000)
    retag = sub.add_parser("retag", help="monitor retag over a store of N items")
    retag.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.what == "tag":
        from bench.tagging import measure_tagging

        print(json.dumps(measure_tagging(args.items), indent=1))
    if args.what == "retag":
        from bench.retag import measure_retag

        print(json.dumps(measure_retag(args.items), ensure_ascii=False, indent=1))
    if args.what == "fetch":
        print(json.dumps(measure_monitor_fetch(args.feeds, args.items, args.latency), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
