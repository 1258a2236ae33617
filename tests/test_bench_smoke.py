"""The benchmark harness (bench/) on a tiny load, so it cannot rot: every run must produce real figures.

Benchmarks themselves never run in CI; this runs `python -m bench.run all` on 3 feeds x 5 items,
no latency, tiny databases, in a few seconds. rss2email runs only if it is already installed.
"""

from __future__ import annotations

import json

from bench.run import ROOT, main


def test_bench_all_on_a_tiny_load_reports_real_figures(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "bench.json"
    main(
        ["--json", str(out), "all", "--feeds", "3", "--items", "5", "--latencies", "0",
         "--tag-items", "300", "--retag-items", "40", "--digest-sizes", "300,900", "--digest-per-month", "150",
         "--digest-feeds", "10", "--digest-runs", "1", "--service-interval", "250ms", "--no-install"]
    )  # fmt: skip
    results = json.loads(out.read_text())

    fetch = results["fetch:0ms"]
    cold, warm, naive = fetch["monitor_cold"], fetch["monitor_warm"], fetch["naive"]
    assert (cold["ok"], cold["new_items"], cold["answered_200"]) == (3, 15, 3)
    assert (warm["not_modified"], warm["new_items"], warm["answered_304"]) == (3, 0, 3)
    assert (naive["entries"], naive["new_items"], naive["answered_200"]) == (15, 15, 3)
    for run in (cold, warm, naive):
        assert 0 < run["wall_s"] < 60 and 5 < run["peak_rss_mib"] < 2000
    assert fetch["naive_over_monitor_cold"] > 0
    if "rss2email_cold" in fetch:  # installed: it mailed every item once, then nothing
        assert fetch["rss2email_cold"]["mails"] == 15 and fetch["rss2email_warm"]["mails"] == 0
    else:
        assert "not installed" in fetch["rss2email"]["skipped"]

    floor = results["floor"]
    assert floor["entries"] == floor["stored_items"] == 15
    assert floor["feedparser_as_monitor_s"] > 0 and floor["parse_tag_store_s"] > 0
    assert floor["ratio_vs_feedparser_as_monitor"] > 0

    assert results["tag"]["shipped_items_per_s"] > 100
    assert results["retag"]["items"] == 40 and "40 items" in results["retag"]["output"]

    digest = results["digest"]
    for size in ("300", "900"):
        db = digest[size]
        assert db["items"] == int(size) and db["month_items"] == 150 and db["month_items_with_layer"] > 0
        assert 0 < db["digest_s"] < 60 and db["runs"][0]["html_kib"] > 1 and db["runs"][0]["stories_shown"] > 0
    assert digest["large_over_small"] > 0

    service = results["service"]
    assert service["exit_code"] == 0 and service["peak_rss_mib"] > 5
    assert (service["pass1"]["ok"], service["pass1"]["new_items"]) == (3, 15)
    assert service["pass2"]["not_modified"] == 3

    table = capsys.readouterr().out
    assert "| monitor fetch cold (3×5, 0 ms) |" in table and "| monitor run, 3 feeds × 5: peak RSS |" in table
