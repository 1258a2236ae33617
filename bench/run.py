"""The benchmark harness. `python -m bench.run --help`; `python -m bench.run all` runs everything and
prints a summary table against the targets."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.fetching import TOOLS, compare_fetch, profile_cold_fetch, write_config  # noqa: F401 (write_config: API)
from bench.proc import Contention, load_average, machine_busy_s, own_cpu_s

ROOT = Path(__file__).resolve().parent.parent
_STARTED = time.monotonic()


def log(line: str) -> None:
    print(f"[{time.monotonic() - _STARTED:7.1f}s] {line}", file=sys.stderr, flush=True)


def measure_monitor_fetch(feeds: int, items: int, latency: float, concurrency: int = 20) -> dict[str, Any]:
    """`monitor fetch` cold then warm on one server (the original `fetch` subcommand)."""
    return compare_fetch(feeds, items, latency, ("monitor",), concurrency, log=log)


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x.strip()]


def _ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def code_version() -> str:
    """The commit measured, and whether monitor/ had uncommitted changes (figures move with them)."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "monitor")
    return head + (f" + uncommitted changes in {len(dirty.splitlines())} monitor/ file(s)" if dirty else "")


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


# --- everything ------------------------------------------------------------------------------------


def run_all(args: argparse.Namespace) -> dict[str, Any]:
    skip = set(args.skip.split(",")) if args.skip else set()
    results: dict[str, Any] = {
        "machine": machine(),
        "date": datetime.now().isoformat(timespec="seconds"),
        "code": code_version(),
    }

    def step(name: str, run: Callable[[], Any]) -> None:
        if name.split(":")[0] in skip:
            return
        if args.wait_quiet:
            wait_until_quiet(args.wait_quiet)
        log(f"{name}: start (load average {load_average():.1f})")
        started = time.monotonic()
        with Contention() as contention:
            results[name] = run()
        if not name.startswith(("fetch:", "service")):  # those count other processes' CPU per run
            results[name]["others_cpu_s"] = contention.others_s
        log(f"{name}: done in {time.monotonic() - started:.0f}s")

    tools = tuple(t for t in TOOLS if t not in skip)

    def quiet() -> None:
        if args.wait_quiet:
            wait_until_quiet(args.wait_quiet)

    for latency in _floats(args.latencies):
        step(
            f"fetch:{latency * 1000:g}ms",
            lambda latency=latency: compare_fetch(
                args.feeds,
                args.items,
                latency,
                tools,
                args.concurrency,
                install_rss2email=not args.no_install,
                log=log,
                before_each=quiet,
            ),
        )
    step("floor", lambda: _floor(args.feeds, args.items))
    step("tag", lambda: _tag(args.tag_items))
    step("retag", lambda: _retag(args.retag_items))
    step(
        "digest",
        lambda: _digest(tuple(_ints(args.digest_sizes)), args.digest_per_month, args.digest_feeds, args.digest_runs),
    )
    step("service", lambda: _service(args.service_feeds or args.feeds, args.items, args.service_interval))
    return results


def wait_until_quiet(limit: float, window: float = 5.0, share: float = 0.1) -> None:
    """Wait (at most `limit` seconds) for a `window` in which other processes use under `share` of a core,
    so that a step does not start while, say, a test suite runs beside it."""
    deadline = time.monotonic() + limit
    while True:
        busy, own = machine_busy_s(), own_cpu_s()
        time.sleep(window)
        others = (machine_busy_s() - busy) - (own_cpu_s() - own)
        if others < share * window:
            return
        if time.monotonic() > deadline:
            log(f"machine still busy ({others / window:.1f} cores used by others); going ahead")
            return
        log(f"waiting for a quiet machine ({others / window:.1f} cores used by others)")


def _floor(feeds: int, items: int) -> dict[str, Any]:
    from bench.parsefloor import measure_parse_floor

    return measure_parse_floor(feeds, items)


def _tag(items: int) -> dict[str, Any]:
    from bench.tagging import measure_tagging

    return measure_tagging(items)


def _retag(items: int) -> dict[str, Any]:
    from bench.retag import measure_retag

    return measure_retag(items)


def _digest(sizes: tuple[int, ...], per_month: int, feeds: int, runs: int) -> dict[str, Any]:
    from bench.digest import measure_digest

    return measure_digest(sizes, per_month, feeds, runs, log=log)


def _service(feeds: int, items: int, interval: str) -> dict[str, Any]:
    from bench.service import measure_service

    return measure_service(feeds, items, interval)


# --- the summary ----------------------------------------------------------------------------------


def _verdict_at_least(value: float, target: float, unit: str = "×") -> str:
    if value >= target:
        return f"met ({value:g}{unit} ≥ {target:g}{unit})"
    return f"MISSED by {target - value:.3g}{unit} ({value:g}{unit} < {target:g}{unit})"


def _verdict_at_most(value: float, target: float, unit: str) -> str:
    if value <= target:
        return f"met ({value:g}{unit} ≤ {target:g}{unit})"
    return f"MISSED by {value - target:.3g}{unit} ({value / target:.2f}× the target)"


def _busy(run: dict[str, Any]) -> str:
    """A note when other processes took CPU from the machine during a run (the figure is then pessimistic)."""
    others = run.get("others_cpu_s", 0) or 0
    return f" [other processes used {others:g} CPU-s meanwhile]" if others >= 1 else ""


def _memory(run: dict[str, Any]) -> str:
    """Peak RSS of the main process and, when it started others (monitor's worker), of the whole tree."""
    text = f"peak RSS {run['peak_rss_mib']} MiB"
    if run.get("tree_processes", 1) > 1:
        text += f" (all {run['tree_processes']} processes: RSS {run['tree_peak_rss_mib']}"
        text += f", PSS {run['tree_peak_pss_mib']})"
    return text


def summary_rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(measurement, figure, target and verdict) rows for every result present."""
    rows: list[tuple[str, str, str]] = []
    for key, fetch in results.items():
        if key.startswith("fetch:"):
            rows += _fetch_rows(fetch)
    rows += _pipeline_rows(results)
    if results.get("digest"):
        rows += _digest_rows(results["digest"])
    if results.get("service"):
        rows += _service_rows(results["service"])
    return rows


def _fetch_rows(fetch: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    size = f"{fetch['feeds']:,}×{fetch['items']}, {fetch['latency_ms']} ms"
    cold, warm = fetch.get("monitor_cold"), fetch.get("monitor_warm")
    if cold:
        cpu = cold.get("tree_cpu_s", cold["cpu_s"])
        rows.append(
            (
                f"monitor fetch cold ({size})",
                f"{cold['wall_s']} s, {cold['new_items']:,} new items, {_memory(cold)}, CPU {cpu} s" + _busy(cold),
                "—",
            )
        )
    if warm:
        all_304 = warm["not_modified"] == fetch["feeds"] and warm["answered_304"] == fetch["feeds"]
        rows.append(
            (
                f"monitor fetch warm ({size})",
                f"{warm['wall_s']} s ({warm['not_modified']:,} not modified{'' if all_304 else ', NOT all 304'}), "
                f"{_memory(warm)}" + _busy(warm),
                "< 5 s: " + _verdict_at_most(warm["wall_s"], 5.0, " s"),
            )
        )
    naive = fetch.get("naive")
    if naive:
        target = 10.0 if fetch["latency_ms"] >= 50 else 5.0
        ratio = fetch.get("naive_over_monitor_cold")
        rows.append(
            (
                f"naive loop ({size})",
                f"{naive['wall_s']} s, peak RSS {naive['peak_rss_mib']} MiB"
                + (f"; naive ÷ monitor cold = {ratio}×" if ratio else "")
                + _busy(naive),
                f"≥ {target:g}×: " + (_verdict_at_least(ratio, target) if ratio else "n/a"),
            )
        )
    r2e_cold, r2e_warm = fetch.get("rss2email_cold"), fetch.get("rss2email_warm")
    if r2e_cold:
        rows.append(
            (
                f"rss2email 3.14 cold ({size})",
                f"{r2e_cold['wall_s']} s, {r2e_cold['mails']:,} mails (SMTP sink CPU "
                f"{r2e_cold['smtp_sink_cpu_s']} s), peak RSS {r2e_cold['peak_rss_mib']} MiB"
                + (f"; ÷ monitor cold = {fetch['rss2email_over_monitor_cold']}×" if "monitor_cold" in fetch else "")
                + _busy(r2e_cold),
                "—",
            )
        )
    if r2e_warm:
        rows.append(
            (
                f"rss2email 3.14 warm ({size})",
                f"{r2e_warm['wall_s']} s ({r2e_warm['answered_304']:,} answered 304)" + _busy(r2e_warm),
                "—",
            )
        )
    if "rss2email" in fetch and "skipped" in fetch["rss2email"]:
        rows.append((f"rss2email ({size})", fetch["rss2email"]["skipped"], "—"))
    return rows


def _pipeline_rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    floor = results.get("floor")
    if floor:
        ratio = floor["ratio_vs_feedparser_as_monitor"]
        rows.append(
            (
                f"parse floor ({floor['feeds']:,} documents, {floor['entries']:,} entries, in memory)",
                f"feedparser as monitor calls it {floor['feedparser_as_monitor_s']} s; with its defaults "
                f"{floor['feedparser_defaults_s']} s; monitor parse+tag+store {floor['parse_tag_store_s']} s "
                f"(parse+normalise {floor['of_which_parse_normalise_s']}, tag {floor['of_which_tag_s']}, "
                f"store {floor['of_which_store_s']})" + _busy(floor),
                f"≤ 1.3× feedparser: {ratio}× — " + _verdict_at_most(ratio, 1.3, "×")
                + f" (vs feedparser's defaults: {floor['ratio_vs_feedparser_defaults']}×)",
            )
        )  # fmt: skip
    tag = results.get("tag")
    if tag:
        rows.append(
            (
                f"tagging ({tag['items']:,} items, one core)",
                f"{tag['shipped_items_per_s']:,} items/s; with 2,000 more companies "
                f"{tag['with_2000_companies_items_per_s']:,} ({tag['cost_ratio']}× the cost)" + _busy(tag),
                "≥ 20,000 items/s: " + _verdict_at_least(tag["shipped_items_per_s"], 20_000, " items/s")
                + "; < 2×: " + _verdict_at_most(tag["cost_ratio"], 2.0, "×"),
            )
        )  # fmt: skip
    retag = results.get("retag")
    if retag:
        rows.append(
            (
                f"monitor retag ({retag['items']:,} items)",
                f"{retag['retag_s']} s (unchanged: {retag['retag_unchanged_s']} s)" + _busy(retag),
                "< 30 s: " + _verdict_at_most(retag["retag_s"], 30.0, " s"),
            )
        )
    return rows


def _digest_rows(digest: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for db in digest.values():
        if not isinstance(db, dict):
            continue
        best = min(db["runs"], key=lambda r: r["wall_s"])
        rows.append(
            (
                f"monitor digest, {db['month_items']:,} items in the month, database of {db['items']:,}",
                f"{db['digest_s']} s (runs: {', '.join(str(r['wall_s']) for r in db['runs'])}; the first groups the "
                "month before too, later ones find its summary kept), "
                f"CPU {best.get('cpu_s')} s, peak RSS {db['peak_rss_mib']} MiB"
                + (f" (all processes {db['tree_peak_rss_mib']} MiB)" if db.get("tree_peak_rss_mib") else "")
                + f"; database {db['db_mib']} MiB built in {db['build_s']} s"
                + _busy(best),
                "< 10 s: "
                + _verdict_at_most(db["digest_s"], 10.0, " s")
                + f"; first run {db['runs'][0]['wall_s']} s: "
                + _verdict_at_most(db["runs"][0]["wall_s"], 10.0, " s"),
            )
        )
    if "large_over_small" in digest:
        ratio = digest["large_over_small"]
        ok = 0.8 <= ratio <= 1.2
        rows.append(
            (
                "digest: large database ÷ small",
                f"{ratio}×",
                "within ±20%: " + ("met" if ok else f"MISSED by {abs(ratio - 1) * 100 - 20:.0f} points")
                + f" ({(ratio - 1) * 100:+.0f}%)",
            )
        )  # fmt: skip
    return rows


def _service_rows(service: dict[str, Any]) -> list[tuple[str, str, str]]:
    passes = [service[k] for k in sorted(service) if k.startswith("pass")]
    total = service["tree_peak_rss_mib"]
    return [
        (
            f"monitor run, {service['feeds']:,} feeds × {service['items']}: peak RSS",
            f"main process {service['peak_rss_mib']} MiB; all {service['tree_processes']} processes: RSS "
            f"{total}, PSS {service['tree_peak_pss_mib']} MiB; passes: "
            + "; ".join(f"{p['ok']} ok + {p['not_modified']} not modified in {p['pass_s']} s" for p in passes)
            + f"; exit {service['exit_code']} {service['stopped_in_s']} s after SIGTERM" + _busy(service),
            "< 200 MiB: main " + _verdict_at_most(service["peak_rss_mib"], 200.0, " MiB")
            + "; all processes " + _verdict_at_most(total, 200.0, " MiB"),
        )
    ]  # fmt: skip


def print_summary(results: dict[str, Any]) -> None:
    rows = summary_rows(results)
    where = f"machine: {results.get('machine', machine())}; {results.get('date', '')}"
    print(f"\n{where}; code: {results.get('code', code_version())}")
    print("| measurement | figure | target |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")


# --- the command line -----------------------------------------------------------------------------


def _add_fetch_size(parser: argparse.ArgumentParser, feeds: int = 1000) -> None:
    parser.add_argument("--feeds", type=int, default=feeds)
    parser.add_argument("--items", type=int, default=50)


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    sub = parser.add_subparsers(dest="what", required=True)

    fetch = sub.add_parser("fetch", help="monitor fetch, cold and warm, on a loopback server")
    _add_fetch_size(fetch)
    fetch.add_argument("--latency", type=float, default=0.0, help="seconds per response")
    fetch.add_argument("--concurrency", type=int, default=20)
    fetch.add_argument("--tools", default="monitor", help=f"comma-separated, of {','.join(TOOLS)}")
    fetch.add_argument("--no-install", action="store_true", help="do not pip-install rss2email when missing")

    compare = sub.add_parser("compare", help="monitor, the naive loop and rss2email on one server (fetch --tools all)")
    _add_fetch_size(compare)
    compare.add_argument("--latency", type=float, default=0.0)
    compare.add_argument("--concurrency", type=int, default=20)
    compare.add_argument("--no-install", action="store_true")

    naive = sub.add_parser("naive", help="the naive loop: sequential feedparser.parse(url) + one INSERT per item")
    _add_fetch_size(naive)
    naive.add_argument("--latency", type=float, default=0.0)

    r2e = sub.add_parser("rss2email", help="rss2email 3.14, cold and warm, mailing to a local SMTP sink")
    _add_fetch_size(r2e)
    r2e.add_argument("--latency", type=float, default=0.0)
    r2e.add_argument("--no-install", action="store_true")

    profile = sub.add_parser("profile", help="where a cold `monitor fetch` spends its time (cProfile)")
    _add_fetch_size(profile)
    profile.add_argument("--latency", type=float, default=0.0)
    profile.add_argument("--out", type=Path, default=None, help="also save the pstats file here")
    profile.add_argument("--as-shipped", action="store_true", help="keep the worker process: profile the main only")

    floor = sub.add_parser("floor", help="feedparser alone vs monitor's parse+tag+store, documents in memory")
    _add_fetch_size(floor)

    tag = sub.add_parser("tag", help="tagging throughput on one core")
    tag.add_argument("--items", type=int, default=100_000)
    retag = sub.add_parser("retag", help="monitor retag over a store of N items")
    retag.add_argument("--items", type=int, default=100_000)

    digest = sub.add_parser("digest", help="monitor digest of one month in databases of different sizes")
    digest.add_argument("--sizes", default="100000,1000000", help="database sizes, comma-separated")
    digest.add_argument("--per-month", type=int, default=50_000)
    digest.add_argument("--feeds", type=int, default=1000)
    digest.add_argument("--runs", type=int, default=2)

    service = sub.add_parser("service", help="monitor run: peak RSS over a cold and a warm pass")
    _add_fetch_size(service)
    service.add_argument("--interval", default="20s")

    every = sub.add_parser("all", help="everything, then a summary table against the targets")
    _add_fetch_size(every)
    every.add_argument("--latencies", default="0,0.05", help="seconds, comma-separated")
    every.add_argument("--concurrency", type=int, default=20)
    every.add_argument("--tag-items", type=int, default=100_000)
    every.add_argument("--retag-items", type=int, default=100_000)
    every.add_argument("--digest-sizes", default="100000,1000000")
    every.add_argument("--digest-per-month", type=int, default=50_000)
    every.add_argument("--digest-feeds", type=int, default=1000)
    every.add_argument("--digest-runs", type=int, default=2)
    every.add_argument("--service-feeds", type=int, default=0, help="default: --feeds")
    every.add_argument("--service-interval", default="20s")
    every.add_argument("--skip", default="", help="comma-separated: fetch, monitor, naive, rss2email, floor, tag, "
                       "retag, digest, service")  # fmt: skip
    every.add_argument("--no-install", action="store_true", help="do not pip-install rss2email when missing")
    every.add_argument(
        "--wait-quiet", type=float, default=0, metavar="SECONDS",
        help="before each step, wait up to this long for other processes to leave the cores idle",
    )  # fmt: skip

    args = parser.parse_args(argv)
    os.chdir(ROOT)
    result: dict[str, Any]
    if args.what == "all":
        result = run_all(args)
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
        print(json.dumps(result, ensure_ascii=False, indent=1))
        print_summary(result)
        return result
    if args.what == "profile":
        print(profile_cold_fetch(args.feeds, args.items, args.latency, args.out, single_process=not args.as_shipped))
        return None
    if args.what == "tag":
        result = _tag(args.items)
    elif args.what == "retag":
        result = _retag(args.items)
    elif args.what == "floor":
        result = {"floor": _floor(args.feeds, args.items)}
    elif args.what == "digest":
        result = {"digest": _digest(tuple(_ints(args.sizes)), args.per_month, args.feeds, args.runs)}
    elif args.what == "service":
        result = {"service": _service(args.feeds, args.items, args.interval)}
    else:
        tools = {
            "fetch": tuple(args.tools.split(",")) if args.what == "fetch" else (),
            "compare": TOOLS,
            "naive": ("naive",),
            "rss2email": ("rss2email",),
        }[args.what]
        fetch_result = compare_fetch(
            args.feeds,
            args.items,
            args.latency,
            tools,
            getattr(args, "concurrency", 20),
            install_rss2email=not getattr(args, "no_install", False),
            log=log,
        )
        result = {f"fetch:{args.latency * 1000:g}ms": fetch_result}
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print_summary({args.what: result} if args.what in ("tag", "retag") else result)
    return result


if __name__ == "__main__":
    main()
