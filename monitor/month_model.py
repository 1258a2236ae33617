"""A month read from the store into the digest model, on both cores when the month is big.

For a month of SPLIT_FROM items or more, one helper process (start_method(); a read-only connection of its own) first
analyses this month's AI items chunk by chunk (at most a third when it must also group the month before;
facts.analyse_claimed) while this process reads the month and works out the items' words, then both analyse the
chunks left. The helper's analyses come in two steps: what grouping reads (facts.analyse_values), then, while this
process groups the stories, the amounts' kinds and flags. It reads the month before's summary first when one is kept
in the store (valid while what that month holds is unchanged: its fingerprint), else summarises the month before
last; once free, it tells a share of this month's stories while this process tells the others (facts.build_stories).
A month's own summary is kept when its digest is built, so next month's digest finds it instead of grouping the
month before again.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import math
import multiprocessing
import sqlite3
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from monitor import amounts, digest, events, facts, stories, words
from monitor.amounts import Amount, Span, amounts_at
from monitor.config import Settings
from monitor.digest import MonthSummary, build_digest, group_health, summarise_month
from monitor.digest_model import Digest
from monitor.events import EventKeys
from monitor.facts import StoryFacts, analyse_values, story_facts
from monitor.months import month_key, month_window, previous_month, started_in
from monitor.rules import Rules
from monitor.sharing import (
    CHUNK,
    Helper,
    PackedAmounts,
    PackedAnalysis,
    PackedFacts,
    PackedItem,
    PackedValues,
    pack_amounts,
    pack_values,
    tell_packed,
)
from monitor.store import Store, StoredItem
from monitor.writing import digest_writer

log = logging.getLogger("monitor.publish")

# From this many items, a month's analysis is shared with a helper process, and a month before that has to be
# summarised is summarised there: at 50,000 items each takes seconds, and there are two cores. Below it, starting a
# process costs more than it saves.
SPLIT_FROM = 10_000
# A big month's analyses are shared by chunks (facts.analyse_claimed): the helper claims chunks while this process
# reads the month and works out its words, then both claim until none is left. When the helper must also group the
# month before (no summary of it kept), it claims at most this share of them.
MOST_WHEN_SUMMARISING = 1 / 3

Window = tuple[datetime, datetime]


def month_digest_model(
    store: Store, settings: Settings, rules: Rules, month: tuple[int, int], lang: str, now: datetime
) -> Digest:
    """Read the month (and the one before, for trends) from the store and build the digest model, its prose by the
    narrative writer or, with [writer], by the optional writer's grounded drafts (monitor.writing)."""
    tz = settings.digest.tz
    window, before = month_window(month, tz), month_window(previous_month(month), tz)
    krw = settings.digest.krw_per_usd
    salt = summary_salt(rules, krw)
    kept: list[MonthSummary] = []
    with (
        digest_writer(settings, rules, month) as chosen,
        collector_paused(),
        _helper(store, window, (before, month_key(previous_month(month))), krw, rules, salt, now) as helper,
    ):
        (items, identities), health = store.items.month(*window), store.feeds.health(*window)
        fingerprint = month_fingerprint(identities, salt)  # (before the build, which may wait for the helper meanwhile)
        model = build_digest(
            month, items, helper.previous, rules, settings.digest, language=lang, now=now,
            health=group_health(health), writer=chosen.writer, feed_names=feed_names(store),
            helper=helper.helper, keep=kept.append,
        )  # fmt: skip
    if kept:
        _keep(store, month_key(month), fingerprint, kept[0], now)
    if started := started_in(month, store.created(), tz):
        model = replace(model, footer=replace(model.footer, collected_from=started))
    record = chosen.record()  # after the session closed: its one warning is logged
    return replace(model, writer=record) if record is not None else model


def feed_names(store: Store) -> dict[str, str]:
    """Feed URL -> the feed's name (disabled feeds too: their items may be in the month), to name the outlets."""
    return {feed.url: feed.name for feed in store.feeds.select(include_disabled=True) if feed.name}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block. Grouping a month's stories makes millions of short-lived
    tuples and sets, none in a cycle (reference counting frees them), and the collector's passes over them and over
    the month's items took a quarter of the digest's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What the block made and kept is old now: moved to the oldest generation without a collection (the
            # first collection after the block walked every object it made: 0.14 s after a 50,000-item month).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def summary_salt(rules: Rules | None, krw_per_usd: float) -> str:
    """What a month's summary depends on besides its items: the code that groups stories and finds their actors,
    the companies' aliases (which a title names) and the won rate (which figures are the same)."""
    salt = hashlib.blake2b(digest_size=16)
    for module in (amounts, events, words, stories, facts, digest):
        salt.update(Path(module.__file__ or "").read_bytes())
    aliases = sorted((c.id, sorted(c.aliases)) for c in rules.companies) if rules else []
    salt.update(json.dumps([krw_per_usd, aliases]).encode())
    return salt.hexdigest()


def month_fingerprint(identities: Sequence[tuple[Any, ...]], salt: str) -> str:
    """What a month's summary is valid for: each item's identity, content, tags, language and date (the rows of
    store.items.identities()), and `salt`."""
    rows = "\x1e".join("\x1f".join(map(str, row)) for row in identities)
    return hashlib.blake2b(f"{salt}\x1d{rows}".encode(), digest_size=16).hexdigest()


def summary_of_month(
    store: Store, window: Window, key: str, krw_per_usd: float, rules: Rules | None, salt: str
) -> tuple[MonthSummary, str | None]:
    """The summary of the items published in the window (the month `key`): the one kept in the store for what they
    are now, else summarise_month() of them with the fingerprint to keep it under (None when it was kept)."""
    fingerprint = month_fingerprint(store.items.identities(*window), salt)
    kept = store.summaries.get(key, fingerprint)
    if kept is not None:  # (found without reading the month's texts: 50,000 items took 0.65 s to read)
        return MonthSummary(Counter(kept[0]), Counter(kept[1])), None
    return summarise_month(store.items.select(start=window[0], end=window[1]), krw_per_usd, rules), fingerprint


@dataclass(frozen=True)
class _Month:
    """What the month's build gets from the helper process, or works out here without one."""

    previous: Callable[[], MonthSummary]  # the month before's summary
    helper: Helper | None  # for a big month: its analyses shared by chunks, and a share of its stories told


class Claims:
    """The chunks of a month's AI items shared by two processes without a lock (a worker killed while holding one
    would leave this process waiting for ever): the worker claims them from the first up, this process from the last
    down, each until it reaches the other's. Both may take the chunk where they meet (analysed twice, alike); none is
    left untaken."""

    def __init__(self, front: Any, back: Any) -> None:  # (multiprocessing RawValues "l"; back -1: none taken yet)
        self._front, self._back = front, back

    def from_front(self, chunks: int) -> int | None:
        """The next of the first chunks (of `chunks`), or None when the rest is taken."""
        claimed, back = self._front.value, self._back.value
        if claimed >= chunks or 0 <= back <= claimed:
            return None
        self._front.value = claimed + 1
        return int(claimed)

    def from_back(self, chunks: int) -> int | None:
        """The next of the last chunks (of `chunks`), or None when the rest is taken."""
        back = self._back.value
        claimed = (chunks if back < 0 else back) - 1
        if claimed < max(0, self._front.value):
            return None
        self._back.value = claimed
        return int(claimed)


_worker_claims: Claims | None = None  # the worker process's view of the count (set when it starts)
_worker_spans: list[tuple[int, str, list[Span]]] = []  # (item id, text, spans) of those analyse_stored_share gave


def _take_claims(front: Any, back: Any) -> None:
    global _worker_claims
    _worker_claims = Claims(front, back)


class _PoolHelper:
    """facts.Helper over the worker process: the values of the chunks it claimed and then their amounts, and stories
    told there once it is free (the month before summarised)."""

    def __init__(
        self, pool: ProcessPoolExecutor, claims: Claims, values: Future[dict[int, PackedValues]],
        amounts: Future[dict[int, PackedAmounts]], summary: Future[Any],
    ) -> None:  # fmt: skip
        self.pool, self.claims, self.summary = pool, claims, summary
        self._values, self._amounts = values, amounts

    def claim(self, chunks: int) -> int | None:
        return self.claims.from_back(chunks)

    def values(self) -> Mapping[int, PackedValues]:
        try:
            return self._values.result()
        except Exception as exc:  # (the month is analysed here instead: the same analyses)
            log.warning(
                "the worker process analysing its share of the month stopped (%s); analysing it here", _why(exc)
            )
            return {}

    def amounts(self) -> Mapping[int, PackedAmounts]:
        if self._values.exception() is not None:
            return {}  # (said once: the values' warning)
        try:
            return self._amounts.result()
        except Exception as exc:  # (found here instead: the same amounts)
            log.warning("the worker process finding its share's amounts stopped (%s); finding them here", _why(exc))
            return {}

    def tell(
        self, groups: list[list[PackedItem]], analysed: dict[int, PackedAnalysis], named: dict[int, tuple[str, ...]],
        outlet_items: Counter[str], lang: str,
    ) -> Callable[[], list[PackedFacts] | None] | None:  # fmt: skip
        if not self.summary.done():
            return None  # still grouping the month before: telling them there would keep this process waiting
        try:
            told = self.pool.submit(tell_stored_share, groups, analysed, named, outlet_items, lang)
        except BrokenProcessPool:
            return None

        def result() -> list[PackedFacts] | None:
            try:
                return told.result()
            except Exception as exc:  # (told here instead: the same facts)
                log.warning("the worker process telling stories stopped (%s); telling them here", _why(exc))
                return None

        return result


@contextmanager
def _helper(
    store: Store, window: Window, before: tuple[Window, str], krw: float, rules: Rules, salt: str, now: datetime
) -> Iterator[_Month]:
    (start, end), key = before

    def here() -> MonthSummary:
        summary, fingerprint = summary_of_month(store, (start, end), key, krw, rules, salt)
        if fingerprint is not None:
            _keep(store, key, fingerprint, summary, now)
        return summary

    split = store.items.count(*window) >= SPLIT_FROM
    if not split and store.items.count(start, end) < SPLIT_FROM:
        yield _Month(here, None)
        return
    kept = store.summaries.any_kept(key)
    context = multiprocessing.get_context(start_method())
    front, back = context.RawValue("l", 0), context.RawValue("l", -1)
    with ProcessPoolExecutor(1, context, initializer=_take_claims, initargs=(front, back)) as pool:
        # A kept summary is read first (the helper is then free to tell stories); grouping the month before comes
        # last, after the helper's share of this month, which it then keeps small.
        summary = pool.submit(summarise_stored_month, store.path, (start, end), key, krw, rules, salt) if kept else None
        if split:
            most = 1.0 if kept else MOST_WHEN_SUMMARISING
            their_values = pool.submit(analyse_stored_share, store.path, window, krw, most)
            their_amounts = pool.submit(finish_stored_share)
        if summary is None:
            summary = pool.submit(summarise_stored_month, store.path, (start, end), key, krw, rules, salt)

        def previous() -> MonthSummary:
            try:
                found, fingerprint = summary.result()
            except Exception as exc:  # (summarised here instead: the same summary)
                log.warning(
                    "the worker process summarising the month before stopped (%s); summarising it here", _why(exc)
                )
                return here()
            if fingerprint is not None:
                _keep(store, key, fingerprint, found, now)
            return found

        helper = _PoolHelper(pool, Claims(front, back), their_values, their_amounts, summary) if split else None
        yield _Month(previous, helper)


def start_method() -> str:
    """How the helper process starts: forked when this process runs no other thread (a command: the helper starts at
    once, its modules already imported, half a second sooner than through a forkserver), else through a forkserver
    (the service's scheduler threads: a fork would copy locks they may hold)."""
    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "forkserver"


def _why(exc: Exception) -> str:
    return "it was killed" if isinstance(exc, BrokenProcessPool) else f"{type(exc).__name__}: {exc}"


def _keep(store: Store, key: str, fingerprint: str, summary: MonthSummary, now: datetime) -> None:
    """Keep the month's summary for next month's trends; a store that cannot be written keeps none."""
    try:
        store.summaries.put(
            key, fingerprint, dict(summary.stories_per_company),
            {layer: n for layer, n in summary.items_per_layer.items() if layer}, now,
        )  # fmt: skip
    except sqlite3.Error as exc:
        log.debug("month summary of %s not kept: %s", key, exc)


def analyse_stored_share(
    path: Path, window: Window, krw_per_usd: float, most: float = 1.0, chunk: int = CHUNK
) -> dict[int, PackedValues]:  # fmt: skip
    """facts.analyse_values() of the chunks of the window's AI items that the worker claims (at most `most` of them),
    as plain tuples (quick to send between processes), read through a read-only connection of its own; where their
    amounts are is kept for finish_stored_share()."""
    global _worker_spans
    if _worker_claims is None:
        raise RuntimeError("the worker process starts with the chunks' counts (_take_claims)")
    with Store.reader(path) as store:
        rows = store.items.ai_texts(*window)
    values: dict[int, PackedValues] = {}
    _worker_spans = kept = []
    chunks = math.ceil(len(rows) / chunk)
    with collector_paused():
        for _claim in range(math.ceil(most * chunks)):
            claimed = _worker_claims.from_front(chunks)
            if claimed is None:
                break
            for item_id, title, summary in rows[claimed * chunk : (claimed + 1) * chunk]:
                spans, found = analyse_values(title, summary, krw_per_usd)
                values[item_id] = pack_values(found)
                kept.append((item_id, f"{title}\n{summary}", spans))
    return values


def finish_stored_share() -> dict[int, PackedAmounts]:
    """The amounts of the items whose values analyse_stored_share() gave last (in the same worker process)."""
    global _worker_spans
    kept, _worker_spans = _worker_spans, []
    with collector_paused():
        return {item_id: pack_amounts(amounts_at(text, spans)) for item_id, text, spans in kept}


def tell_stored_share(
    groups: list[list[PackedItem]], analysed: dict[int, PackedAnalysis], named: dict[int, tuple[str, ...]],
    outlet_items: Counter[str], lang: str,
) -> list[PackedFacts]:  # fmt: skip
    """facts.story_facts() of each group of packed items, packed (in the worker process)."""

    def tell(items: list[StoredItem], amounts: dict[int, list[Amount]], keys: dict[int, EventKeys]) -> StoryFacts:
        return story_facts(items, amounts, named, outlet_items, lang, keys)

    with collector_paused():
        return tell_packed(groups, analysed, tell)


def summarise_stored_month(
    path: Path, window: Window, key: str, krw_per_usd: float, rules: Rules | None, salt: str
) -> tuple[MonthSummary, str | None]:
    """summary_of_month() through a read-only connection of its own (in a worker process, with the collector paused
    as in month_digest_model)."""
    with collector_paused(), Store.reader(path) as store:
        return summary_of_month(store, window, key, krw_per_usd, rules, salt)
