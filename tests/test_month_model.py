"""A month read into the digest model: shared with a helper process when big, and the month before's summary kept
in the store (and used only while what it was worked out from is unchanged)."""

from __future__ import annotations

import dataclasses
import gc
import json
import math
import multiprocessing
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest

from monitor import facts, month_model
from monitor.config import Settings, load_settings
from monitor.digest import summarise_month
from monitor.digest_model import Digest
from monitor.months import month_window
from monitor.rules import load_rules, shipped_rule_files
from monitor.sharing import unpack_amounts, unpack_values
from monitor.store import Store

NOW = "2025-12-01T09:00:00+09:00"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def settings(demo_config: str, tmp_path: Path) -> Settings:
    """The demo's settings over a copy of its database (each test starts with no summary kept)."""
    config = tmp_path / "monitor.toml"
    shutil.copy(demo_config, config)
    shutil.copy(Path(demo_config).parent / "monitor.db", tmp_path / "monitor.db")
    with sqlite3.connect(tmp_path / "monitor.db") as db:
        db.execute("DELETE FROM month_summaries")
    return load_settings(config, {})


def _model(settings: Settings, monkeypatch, split_from: int, store: Store | None = None) -> Digest:
    monkeypatch.setattr(month_model, "SPLIT_FROM", split_from)
    now = datetime.fromisoformat(NOW)
    rules = load_rules(shipped_rule_files())
    if store is not None:
        return month_model.month_digest_model(store, settings, rules, (2025, 11), "ko", now)
    with Store.open(settings.database, now) as opened:
        return month_model.month_digest_model(opened, settings, rules, (2025, 11), "ko", now)


class _Counting(ProcessPoolExecutor):
    submitted: ClassVar[list[str]] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.submitted.append(fn.__name__)
        return super().submit(fn, *args, **kwargs)


def _kept(settings: Settings) -> dict[str, str]:
    with sqlite3.connect(settings.database) as db:
        return dict(db.execute("SELECT month, fingerprint FROM month_summaries").fetchall())


def test_a_big_month_shared_with_a_helper_process_gives_the_same_digest(settings, monkeypatch):
    here = _model(settings, monkeypatch, 10**9)
    with sqlite3.connect(settings.database) as db:
        db.execute("DELETE FROM month_summaries")
    _Counting.submitted = []
    monkeypatch.setattr(month_model, "ProcessPoolExecutor", _Counting)
    assert _model(settings, monkeypatch, 1) == here
    # (a helper that has grouped October by the time the stories are told tells some of them too)
    # (nothing kept: the helper's share of November first, grouping October last)
    assert _Counting.submitted[:3] == ["analyse_stored_share", "finish_stored_share", "summarise_stored_month"]
    assert _Counting.submitted[3:] in ([], ["tell_stored_share"])
    assert any(row.previous for row in here.companies), "the trend tables compare with October"
    assert set(_kept(settings)) == {"2025-10", "2025-11"}


def test_stories_told_in_the_helper_process_are_the_stories_told_here(settings, monkeypatch):
    here = _model(settings, monkeypatch, 10**9)  # (keeps October's summary: the helper is soon free)
    told = []
    real_tell = month_model._PoolHelper.tell

    def tell(self, *args):  # type: ignore[no-untyped-def]
        self.summary.result()  # free for certain, however quick this process is
        pending = real_tell(self, *args)
        told.append(pending is not None)
        return pending

    _Counting.submitted = []
    monkeypatch.setattr(month_model, "ProcessPoolExecutor", _Counting)
    monkeypatch.setattr(month_model._PoolHelper, "tell", tell)
    assert _model(settings, monkeypatch, 1) == here
    assert told == [True]
    # (October's summary kept: read first, so that the helper is free to tell stories once it has analysed)
    assert _Counting.submitted == [
        "summarise_stored_month", "analyse_stored_share", "finish_stored_share", "tell_stored_share",
    ]  # fmt: skip


# Builds November in a process of its own (one thread: the helper is forked) with a helper and without one.
_FORKED = """
import json
import sys
from datetime import datetime
from pathlib import Path
from monitor import facts, month_model
from monitor.config import load_settings
from monitor.rules import load_rules, shipped_rule_files
from monitor.sharing import unpack_analysis
from monitor.store import Store

settings, now = load_settings(Path(sys.argv[1]), {}), datetime.fromisoformat(sys.argv[2])
rules = load_rules(shipped_rule_files())
models, methods = [], []
real = month_model.multiprocessing.get_context
month_model.multiprocessing.get_context = lambda method: methods.append(method) or real(method)
for split_from in (10**9, 1):
    month_model.SPLIT_FROM = split_from
    with Store.open(settings.database, now) as store:
        models.append(month_model.month_digest_model(store, settings, rules, (2025, 11), "ko", now))
print(json.dumps({"methods": methods, "same": models[0] == models[1], "sections": len(models[0].sections)}))
"""


def test_a_command_forks_its_helper_and_it_tells_the_same_digest(settings):
    run = subprocess.run(
        [sys.executable, "-c", _FORKED, str(settings.path), NOW], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"methods": ["fork"], "same": True, "sections": 5}


def test_the_helper_starts_through_a_forkserver_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert month_model.start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_a_helper_busy_with_the_month_before_tells_no_stories():
    class NoPool:
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError("nothing is sent to a busy helper")

    share: Future = Future()
    share.set_result({})
    summary: Future = Future()  # still running
    claims = month_model.Claims(multiprocessing.RawValue("l", 0), multiprocessing.RawValue("l", -1))
    helper = month_model._PoolHelper(NoPool(), claims, share, share, summary)  # type: ignore[arg-type]
    assert helper.tell([], {}, {}, Counter(), "ko") is None
    summary.set_result(None)
    with pytest.raises(AssertionError, match="busy helper"):
        helper.tell([], {}, {}, Counter(), "ko")


def test_the_helper_claims_at_most_a_third_of_the_month_when_it_must_group_the_month_before(settings, monkeypatch):
    most = []

    class Recording(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            if fn.__name__ == "analyse_stored_share":
                most.append(args[-1])
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(month_model, "ProcessPoolExecutor", Recording)
    first = _model(settings, monkeypatch, 1)  # nothing kept: the helper groups October too
    assert _model(settings, monkeypatch, 1) == first
    assert most == [month_model.MOST_WHEN_SUMMARISING, 1.0] and month_model.MOST_WHEN_SUMMARISING < 0.5


def _november(settings: Settings) -> tuple[tuple[datetime, datetime], list]:
    window = month_window((2025, 11), SEOUL)
    with Store.open(settings.database, datetime.fromisoformat(NOW)) as store:
        return window, [i for i in store.items.select(start=window[0], end=window[1]) if i.primary_layer]


def test_the_chunks_of_a_month_are_claimed_once_each_by_this_process_or_the_helper(settings, monkeypatch):
    window, ai = _november(settings)
    context = multiprocessing.get_context("forkserver")
    front, back = context.RawValue("l", 0), context.RawValue("l", -1)
    with ProcessPoolExecutor(1, context, initializer=month_model._take_claims, initargs=(front, back)) as pool:
        pending = pool.submit(month_model.analyse_stored_share, settings.database, window, 1400.0, 1.0, 7)
        finished = pool.submit(month_model.finish_stored_share)

        class Here:
            def claim(self, chunks: int) -> int | None:
                return month_model.Claims(front, back).from_back(chunks)

        mine = facts.analyse_claimed(ai, Here(), 1400.0, 7)  # type: ignore[arg-type]
        theirs, their_amounts = pending.result(), finished.result()
    assert len(ai) > 3 * 7
    assert len(set(mine) & set(theirs)) <= 7, "at most the chunk where the two met"
    assert set(mine) | set(theirs) == {i.id for i in ai} and set(their_amounts) == set(theirs)
    for i in ai:
        amounts, keys = analysis = facts.analyse(i.title, i.summary, 1400.0)
        if i.id in mine:
            assert mine[i.id] == analysis
        else:  # the helper's in two steps: what grouping reads, then the amounts with their kinds and flags
            assert unpack_values(theirs[i.id]) == (tuple(a.usd for a in amounts), keys)
            assert unpack_amounts(their_amounts[i.id]) == amounts


def test_two_claiming_from_either_end_take_every_chunk_and_meet_once():
    front, back = multiprocessing.RawValue("l", 0), multiprocessing.RawValue("l", -1)
    claims = month_model.Claims(front, back)
    taken = [claims.from_front(10), claims.from_back(10), claims.from_back(10), claims.from_front(10)]
    assert taken == [0, 9, 8, 1]
    while (first := claims.from_front(10)) is not None:
        taken.append(first)
    assert sorted(taken) == list(range(10)) and claims.from_back(10) is None
    stale = month_model.Claims(multiprocessing.RawValue("l", 3), multiprocessing.RawValue("l", 4))
    assert stale.from_front(10) == 3 and stale.from_back(10) is None, "chunk 3 taken: the back stops above it"


def test_a_helper_that_must_group_the_month_before_claims_at_most_its_share_of_chunks(settings, monkeypatch):
    window, ai = _november(settings)
    front, back = multiprocessing.RawValue("l", 0), multiprocessing.RawValue("l", -1)
    monkeypatch.setattr(month_model, "_worker_claims", month_model.Claims(front, back))
    monkeypatch.setattr(month_model, "_worker_spans", [])  # (what it keeps for the second step: put back after)
    theirs = month_model.analyse_stored_share(settings.database, window, 1400.0, 1 / 3, 7)
    chunks = math.ceil(len(ai) / 3 / 7)
    assert front.value == chunks and len(theirs) == 7 * chunks
    assert set(theirs) == {i.id for i in ai[: 7 * chunks]}, "the first chunks, in the month's order"
    assert set(month_model.finish_stored_share()) == set(theirs), "the second step: the same items' amounts"
    assert month_model._worker_spans == [], "what the first step kept is let go"


def test_the_month_before_is_grouped_once_then_read_from_the_store(settings, monkeypatch):
    calls = []
    real = month_model.summarise_month

    def counting(items, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(items))
        return real(items, *args, **kwargs)

    monkeypatch.setattr(month_model, "summarise_month", counting)
    first = _model(settings, monkeypatch, 10**9)
    assert len(calls) == 1 and calls[0] > 0
    assert _model(settings, monkeypatch, 10**9) == first
    assert len(calls) == 1, "October's summary was kept: November's second digest does not group October again"


def test_a_kept_summary_is_what_grouping_the_month_would_give(settings, monkeypatch):
    _model(settings, monkeypatch, 10**9)
    rules = load_rules(shipped_rule_files())
    salt = month_model.summary_salt(rules, settings.digest.krw_per_usd)
    with Store.open(settings.database, datetime.fromisoformat(NOW)) as store:
        for month in ((2025, 10), (2025, 11)):
            items = store.items.select(start=month_window(month, SEOUL)[0], end=month_window(month, SEOUL)[1])
            identities = store.items.identities(*month_window(month, SEOUL))
            kept = store.summaries.get(f"{month[0]}-{month[1]:02d}", month_model.month_fingerprint(identities, salt))
            assert kept is not None, month
            summary = summarise_month(items, settings.digest.krw_per_usd, rules)
            assert kept == (dict(summary.stories_per_company), dict(summary.items_per_layer))
            assert sum(kept[0].values()) > 0


@pytest.mark.parametrize("change", ["retitled", "retagged", "arrived", "rate"])
def test_a_kept_summary_is_not_used_once_its_month_changed(settings, monkeypatch, change):
    _model(settings, monkeypatch, 10**9)
    before = _kept(settings)["2025-10"]
    calls = []
    real = month_model.summarise_month
    monkeypatch.setattr(month_model, "summarise_month", lambda *a, **k: calls.append(1) or real(*a, **k))
    october = "published >= '2025-09-30T15:00:00' AND published < '2025-10-31T15:00:00'"
    with sqlite3.connect(settings.database) as db:
        first = db.execute(f"SELECT id FROM items WHERE {october} AND primary_layer IS NOT NULL LIMIT 1").fetchone()[0]
        if change == "retitled":
            db.execute("UPDATE items SET content_hash = 'changed' WHERE id = ?", (first,))
        elif change == "retagged":
            db.execute("UPDATE items SET companies = '[\"openai\"]' WHERE id = ?", (first,))
        elif change == "arrived":
            db.execute(
                "INSERT INTO items (key, url, title, summary, published, lang, first_seen, updated, content_hash,"
                " companies, layers, primary_layer) VALUES ('late', 'https://late.example/1', 'Late news about GPUs',"
                " '', '2025-10-20T01:00:00+00:00', 'en', '2025-12-01T00:00:00+00:00', '2025-12-01T00:00:00+00:00',"
                " 'h', '[\"nvidia\"]', '[\"semiconductors\"]', 'semiconductors')"
            )
    if change == "rate":
        digest = dataclasses.replace(settings.digest, krw_per_usd=settings.digest.krw_per_usd + 50)
        settings = dataclasses.replace(settings, digest=digest)
    _model(settings, monkeypatch, 10**9)
    assert calls == [1], "October was grouped again"
    assert _kept(settings)["2025-10"] != before


def test_a_helper_that_dies_is_replaced_by_working_here(settings, monkeypatch, caplog):
    class Broken(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            future: Future = Future()
            future.set_exception(BrokenProcessPool("killed"))
            return future

    here = _model(settings, monkeypatch, 10**9)
    with sqlite3.connect(settings.database) as db:
        db.execute("DELETE FROM month_summaries")
    monkeypatch.setattr(month_model, "ProcessPoolExecutor", Broken)
    assert _model(settings, monkeypatch, 1) == here
    assert "summarising it here" in caplog.text and "analysing it here" in caplog.text


def test_a_helper_that_fails_is_replaced_by_working_here_and_says_why(settings, monkeypatch, caplog):
    class Failing(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            future: Future = Future()
            future.set_exception(sqlite3.OperationalError("disk I/O error"))
            return future

    here = _model(settings, monkeypatch, 10**9)
    monkeypatch.setattr(month_model, "ProcessPoolExecutor", Failing)
    assert _model(settings, monkeypatch, 1) == here
    for what in ("analysing it here", "telling them here", "summarising it here"):
        assert f"(OperationalError: disk I/O error); {what}" in caplog.text


def _killed_at(task: str) -> type[ProcessPoolExecutor]:
    """A pool whose worker is killed at `task` (every other task runs)."""

    class KilledAt(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            if fn.__name__ != task:
                return super().submit(fn, *args, **kwargs)
            future: Future = Future()
            future.set_exception(BrokenProcessPool("killed"))
            return future

    return KilledAt


def test_amounts_the_helper_could_not_finish_are_found_here(settings, monkeypatch, caplog):
    here = _model(settings, monkeypatch, 10**9)

    monkeypatch.setattr(month_model, "ProcessPoolExecutor", _killed_at("finish_stored_share"))
    monkeypatch.setattr(facts, "analyse_claimed", lambda *args: {})  # (this process claims none: the helper all)
    assert _model(settings, monkeypatch, 1) == here
    assert "finding its share's amounts stopped (it was killed); finding them here" in caplog.text
    assert "analysing it here" not in caplog.text, "its values were given: grouping used them"


def test_stories_the_helper_could_not_tell_are_told_here(settings, monkeypatch, caplog):
    here = _model(settings, monkeypatch, 10**9)

    real_tell = month_model._PoolHelper.tell

    def tell(self, *args):  # type: ignore[no-untyped-def]
        self.summary.result()
        return real_tell(self, *args)

    monkeypatch.setattr(month_model, "ProcessPoolExecutor", _killed_at("tell_stored_share"))
    monkeypatch.setattr(month_model._PoolHelper, "tell", tell)
    assert _model(settings, monkeypatch, 1) == here
    assert "telling them here" in caplog.text


def test_a_store_that_cannot_be_written_builds_the_digest_and_keeps_nothing(settings, monkeypatch):
    here = _model(settings, monkeypatch, 10**9)
    with sqlite3.connect(settings.database) as db:
        db.execute("DELETE FROM month_summaries")
    with Store.unwritable(settings.database) as store:
        assert _model(settings, monkeypatch, 10**9, store) == here
    assert _kept(settings) == {}


def test_the_garbage_collector_is_paused_while_the_digest_is_built_and_then_restored():
    assert gc.isenabled()
    with month_model.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with month_model.collector_paused():
            pass
        assert not gc.isenabled(), "a collector that was off stays off"
    finally:
        gc.enable()


def test_a_months_items_and_their_identities_come_from_one_read(settings, monkeypatch):
    """Store.items.month() is select() plus identities() of the same rows: the fingerprint this month's summary is
    kept under is the one next month's digest checks it by."""
    _model(settings, monkeypatch, 10**9)
    with Store.open(settings.database, datetime.fromisoformat(NOW)) as store:
        window = month_window((2025, 11), SEOUL)
        items, identities = store.items.month(*window)
        assert items == store.items.select(start=window[0], end=window[1]) and len(items) > 10
        assert identities == store.items.identities(*window)
        assert [row[0] for row in identities] == [i.id for i in items]
