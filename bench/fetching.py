"""Fetch runs on one loopback server: `monitor fetch` cold and warm, the naive loop, rss2email 3.14.

Every tool runs as its own process against the same server process (same documents, same latency),
one after the other, so their ratios come from one run. Each run reports wall time, peak RSS (of that
process alone), its CPU seconds, and the server's CPU seconds and answers (200/304) during the run.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.proc import Measured, machine_busy_s, run_measured
from bench.server import BenchServer
from bench.smtpsink import SmtpSink

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
R2E_VERSION = "3.14"
R2E_VENV = Path(tempfile.gettempdir()) / f"bench-rss2email-{R2E_VERSION}"
TOOLS = ("monitor", "naive", "rss2email")

_SUMMARY = re.compile(
    r"(?P<feeds>\d+) feeds in (?P<pass_s>[\d.]+)s: (?P<ok>\d+) ok, (?P<not_modified>\d+) not modified, "
    r"(?P<failed>\d+) failed, (?P<skipped>\d+) skipped \(held back\); (?P<new_items>\d+) new items"
)


def write_config(folder: Path, urls: list[str], concurrency: int = 20, extra: str = "") -> Path:
    """A monitor config over the bench server. All feeds share one host (127.0.0.1), so `per_host`
    is raised to `concurrency` to stand for many hosts; `concurrency` is monitor's default, 20."""
    cfg = folder / "bench.toml"
    lines = [
        '[storage]\ndatabase = "bench.db"\n',
        f'[fetch]\ntimeout = "60s"\nconcurrency = {concurrency}\nper_host = {concurrency}\n{extra}',
        '[outbox]\npath = "outbox"\n',
    ]
    lines += [f'[[feeds]]\nurl = "{u}"\n' for u in urls]
    cfg.write_text("\n".join(lines))
    return cfg


def parse_summary(text: str) -> dict[str, float]:
    match = _SUMMARY.search(text)
    if not match:
        raise RuntimeError(f"no pass summary in monitor's output: {text[-500:]!r}")
    return {k: (float(v) if k == "pass_s" else int(v)) for k, v in match.groupdict().items()}


def _during(
    server: BenchServer, run: Callable[[], Measured], helpers_cpu: Callable[[], float] = lambda: 0.0
) -> tuple[Measured, dict[str, Any]]:
    """Run one measured command; also what the server answered and spent while it ran, and how much
    CPU the rest of the machine (not the tool, the server or `helpers_cpu`) took meanwhile."""
    before, cpu_before, busy_before, helpers_before = server.counts(), server.cpu_now(), machine_busy_s(), helpers_cpu()
    measured = run()
    after, cpu_after, busy_after, helpers_after = server.counts(), server.cpu_now(), machine_busy_s(), helpers_cpu()
    # wait4's CPU covers the tool and the children it reaped; a forkserver's workers are counted by the sampler
    ours = max(measured.cpu_s, measured.tree["cpu_sum_s"]) if measured.tree else measured.cpu_s
    ours += (cpu_after - cpu_before) + (helpers_after - helpers_before)
    return measured, {
        "server_cpu_s": round(cpu_after - cpu_before, 2),
        "answered_200": after[200] - before[200],
        "answered_304": after[304] - before[304],
        "others_cpu_s": round(max(0.0, busy_after - busy_before - ours), 1),
    }


def _figures(measured: Measured) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "wall_s": round(measured.wall_s, 2),
        "cpu_s": round(measured.cpu_s, 2),
        "peak_rss_mib": round(measured.peak_rss_mib, 1),
    }
    if measured.tree:  # monitor may start a worker process: what the whole tree held
        figures["tree_processes"] = measured.tree["processes"]
        figures["tree_peak_rss_mib"] = measured.tree["peak_rss_sum_mib"]
        figures["tree_peak_pss_mib"] = measured.tree["peak_pss_sum_mib"]
        figures["tree_hwm_sum_mib"] = measured.tree["hwm_sum_mib"]
        figures["tree_cpu_s"] = measured.tree["cpu_sum_s"]
        figures["tree_cpu_by_process_s"] = measured.tree["cpu_s"]
    return figures


# --- monitor -------------------------------------------------------------------------------------


def monitor_pass(server: BenchServer, cfg: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "monitor", "--config", str(cfg), "fetch"]
    measured, seen = _during(server, lambda: run_measured(command, cwd=ROOT, ok=(0, 1), tree=True))
    summary = parse_summary(measured.stdout)
    return {**_figures(measured), **seen, **summary}


# --- the naive loop -------------------------------------------------------------------------------


def naive_pass(server: BenchServer, folder: Path) -> dict[str, Any]:
    urls = folder / "urls.txt"
    urls.write_text("\n".join(server.urls()))
    command = [sys.executable, str(BENCH / "naive.py"), str(folder / "naive.db"), str(urls)]
    measured, seen = _during(server, lambda: run_measured(command, cwd=folder))
    counts = dict(part.split("=") for part in measured.stdout.split())
    return {**_figures(measured), **seen, "entries": int(counts["entries"]), "new_items": int(counts["new"])}


# --- rss2email 3.14 ------------------------------------------------------------------------------------


def rss2email_command(install: bool = True) -> list[str] | None:
    """`r2e` 3.14: $BENCH_R2E, else the project's venv, else a venv of its own in the temp folder
    (created with pip when `install`). None when it is not there and may not be installed."""
    candidates = [os.environ.get("BENCH_R2E"), str(ROOT / ".venv" / "bin" / "r2e"), str(R2E_VENV / "bin" / "r2e")]
    for candidate in candidates:
        if candidate and Path(candidate).exists() and _r2e_version(candidate) == R2E_VERSION:
            return [candidate]
    if not install:
        return None
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(R2E_VENV)], check=True)
    subprocess.run(
        [str(R2E_VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
         f"rss2email=={R2E_VERSION}"],
        check=True,
    )  # fmt: skip
    return [str(R2E_VENV / "bin" / "r2e")]


def _r2e_version(r2e: str) -> str | None:
    try:
        out = subprocess.run([r2e, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return None
    words = (out.stdout + out.stderr).split()
    return words[-1] if words else None


def write_rss2email_config(folder: Path, urls: Sequence[str], smtp_port: int) -> Path:
    """rss2email mailing every new item through SMTP to 127.0.0.1 (its default: one message per item)."""
    cfg = folder / "rss2email.cfg"
    lines = [
        "[DEFAULT]",
        "from = r2e@bench.invalid",
        "to = reader@bench.invalid",
        "email-protocol = smtp",
        f"smtp-server = 127.0.0.1:{smtp_port}",
        "smtp-auth = False",
        "smtp-ssl = False",
        "feed-timeout = 60",
        "",
    ]
    for n, url in enumerate(urls):
        lines += [f"[feed.f{n}]", f"url = {url}", ""]
    cfg.write_text("\n".join(lines))
    return cfg


def rss2email_pass(server: BenchServer, sink: SmtpSink, r2e: list[str], folder: Path) -> dict[str, Any]:
    cfg, data = folder / "rss2email.cfg", folder / "rss2email.json"
    command = [*r2e, "-c", str(cfg), "-d", str(data), "run"]
    env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    mails, sink_cpu = sink.messages(), sink.cpu_now()
    measured, seen = _during(server, lambda: run_measured(command, cwd=folder, env=env), sink.cpu_now)
    return {
        **_figures(measured),
        **seen,
        "mails": sink.messages() - mails,
        "smtp_sink_cpu_s": round(sink.cpu_now() - sink_cpu, 2),
        "errors": sum("error" in line.lower() for line in measured.stderr.splitlines()),
    }


# --- one server, every tool ---------------------------------------------------------------------------


def compare_fetch(
    feeds: int,
    items: int,
    latency: float,
    tools: Sequence[str] = TOOLS,
    concurrency: int = 20,
    install_rss2email: bool = True,
    log: Callable[[str], None] = lambda _line: None,
    before_each: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """Every tool on one server: monitor cold and warm, the naive loop, rss2email cold and warm."""
    result: dict[str, Any] = {"feeds": feeds, "items": items, "latency_ms": round(latency * 1000)}
    result["concurrency"] = concurrency
    r2e = rss2email_command(install_rss2email) if "rss2email" in tools else None
    if "rss2email" in tools and r2e is None:
        result["rss2email"] = {"skipped": f"rss2email {R2E_VERSION} not installed"}
    with tempfile.TemporaryDirectory(prefix="bench-fetch-") as tmp, BenchServer(feeds, items, latency) as server:
        folder = Path(tmp)
        if "monitor" in tools:
            (folder / "monitor").mkdir()
            cfg = write_config(folder / "monitor", server.urls(), concurrency)
            before_each()
            log(f"monitor fetch, cold: {feeds} feeds × {items} items, latency {latency * 1000:g} ms")
            result["monitor_cold"] = monitor_pass(server, cfg)
            before_each()
            log("monitor fetch, warm")
            result["monitor_warm"] = monitor_pass(server, cfg)
        if "naive" in tools:
            (folder / "naive").mkdir()
            before_each()
            log("naive loop")
            result["naive"] = naive_pass(server, folder / "naive")
        if r2e is not None:
            (folder / "r2e").mkdir()
            with SmtpSink() as sink:
                write_rss2email_config(folder / "r2e", server.urls(), sink.port)
                before_each()
                log("rss2email, cold")
                result["rss2email_cold"] = rss2email_pass(server, sink, r2e, folder / "r2e")
                before_each()
                log("rss2email, warm")
                result["rss2email_warm"] = rss2email_pass(server, sink, r2e, folder / "r2e")
    result["server_cpu_s_total"] = round(server.cpu_seconds, 2)
    cold = result.get("monitor_cold", {}).get("wall_s")
    if cold and "naive" in result:
        result["naive_over_monitor_cold"] = round(result["naive"]["wall_s"] / cold, 2)
    if cold and "rss2email_cold" in result:
        result["rss2email_over_monitor_cold"] = round(result["rss2email_cold"]["wall_s"] / cold, 2)
    return result


# --- where a cold pass spends its time ---------------------------------------------------------------

STAGES = {  # (file suffix, function): stage; synchronous functions, so their cumulative time is exact
    ("monitor/parse.py", "parse_feed"): "parse (feed document -> entries)",
    ("monitor/normalize.py", "normalize_entry"): "normalise (text, URL, date, language)",
    ("monitor/tag.py", "tag"): "tag (rules engine)",
    ("monitor/store/items.py", "known"): "store (SQLite)",
    ("monitor/store/items.py", "save"): "store (SQLite)",
    ("monitor/store/feeds.py", "record_fetch"): "store (SQLite)",
    ("monitor/store/feeds.py", "prune_history"): "store (SQLite)",
    ("monitor/refresh.py", "items_from_document"): None,  # parse + normalise + dedupe, for the remainder
}


def profile_cold_fetch(
    feeds: int,
    items: int,
    latency: float,
    out: Path | None = None,
    concurrency: int = 20,
    single_process: bool = True,
) -> str:
    """`monitor fetch` cold under cProfile, in this process (not timed with the others): time per stage.

    monitor prepares documents (parse, normalise, tag) in a worker process for big passes; cProfile
    sees only this process, so `single_process` keeps that work here to show where all the CPU goes.
    Without it the profile is the main process's share (fetching and storing)."""
    from monitor import refresh as pipeline
    from monitor.cli import main as monitor_main

    preparer = getattr(pipeline, "Preparer", None)
    saved = getattr(preparer, "POOL_FROM", None)
    if preparer is not None and single_process:
        preparer.POOL_FROM = 10**9
    profiler = cProfile.Profile()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-prof-") as tmp, BenchServer(feeds, items, latency) as server:
            cfg = write_config(Path(tmp), server.urls(), concurrency)
            started = time.perf_counter()
            profiler.enable()
            try:
                monitor_main(["--config", str(cfg), "fetch"])
            except SystemExit:
                pass
            finally:
                profiler.disable()
            total = time.perf_counter() - started
    finally:
        if preparer is not None:
            preparer.POOL_FROM = saved
    stats = pstats.Stats(profiler)
    if out is not None:
        stats.dump_stats(str(out))
    where = "everything in one process" if single_process or preparer is None else "main process only"
    return stage_report(stats, total, f"{feeds:,} feeds × {items}, {where}")


def stage_report(stats: pstats.Stats, total: float, what: str) -> str:
    stages: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for (suffix, function), stage in STAGES.items():
            if stage and filename.endswith(suffix) and name == function:
                stages[stage] = stages.get(stage, 0.0) + cumulative
    accounted = sum(stages.values())
    lines = [f"`monitor fetch` cold ({what}): {total:.1f}s under cProfile (which slows Python code ~1.5x)"]
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {stage:<48} {seconds:6.1f}s  {seconds / total:5.1%}")
    rest = total - accounted
    lines.append(f"  {'HTTP client, event loop, start-up, rest':<48} {rest:6.1f}s  {rest / total:5.1%}")
    text = io.StringIO()
    stats.stream = text  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(15)
    top = [line for line in text.getvalue().splitlines() if re.match(r"\s+\d", line)]
    lines.append("  top functions by own time (ncalls, tottime, percall, cumtime, percall, function):")
    lines += [f"   {line.strip()}" for line in top]
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(compare_fetch(3, 5, 0.0, log=print), indent=1))
