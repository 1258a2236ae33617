"""Items, their tags and the feeds they came from; full-text search; counts by month."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson

from monitor.models import Item, ItemRow, StoredItem, Tags
from monitor.store.db import Table, parse_utc, utc_text

# Columns of a new item, in the order of the rows save() writes in bulk (positional: the hot path of a fetch pass)
_NEW_ITEM_COLUMNS = (
    "id", "key", "url", "guid", "title", "summary", "published", "date_estimated", "lang", "first_seen", "updated",
    "content_hash", "companies", "layers", "primary_layer", "tag_detail", "topics",
)  # fmt: skip
_INSERT_ITEMS = f"INSERT INTO items ({', '.join(_NEW_ITEM_COLUMNS)}) VALUES ({','.join('?' * len(_NEW_ITEM_COLUMNS))})"
_UPDATE_ITEM = (
    "UPDATE items SET url = :url, title = :title, summary = :summary,"
    " published = CASE WHEN :date_estimated THEN published ELSE :published END,"
    " date_estimated = CASE WHEN :date_estimated THEN date_estimated ELSE 0 END,"
    " lang = :lang, updated = :at, content_hash = :content_hash, companies = :companies, layers = :layers,"
    " primary_layer = :primary_layer, tag_detail = :tag_detail, topics = :topics WHERE id = :id"
)
_UPDATE_TAGS = (
    "UPDATE items SET companies = :companies, layers = :layers, primary_layer = :primary_layer,"
    " tag_detail = :tag_detail, topics = :topics WHERE id = :id"
)
_SELECT = (
    "SELECT i.id, i.url, i.title, i.summary, i.published, i.date_estimated, i.lang, i.companies, i.layers,"
    " i.primary_layer, i.first_seen,"
    " (SELECT json_group_array(url) FROM (SELECT f.url FROM item_feeds x"
    " JOIN feeds f ON f.id = x.feed_id WHERE x.item_id = i.id ORDER BY f.url)), i.topics, i.content_hash FROM items i"
)
_TAGGED = {
    "company": "t.kind = 'company' AND t.tag = :company",
    "layer": "t.kind = 'layer' AND t.tag = :layer",
    "topic": "t.kind = 'topic' AND t.tag = :topic",
}
_FTS_WORD = re.compile(r"[\w\-.+#]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Known:
    """An item already stored: its id, what its content hashed to, whether this feed has carried it."""

    id: int
    content_hash: str
    in_feed: bool


class Items(Table):
    def known(self, feed_id: int, keys: Sequence[str]) -> dict[str, Known]:
        known: dict[str, Known] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, item_id, content_hash, in_feed in self.conn.execute(
                f"SELECT key, id, content_hash, EXISTS (SELECT 1 FROM item_feeds f"
                f" WHERE f.item_id = items.id AND f.feed_id = ?) FROM items WHERE key IN ({marks})",
                (feed_id, *chunk),
            ):
                known[key] = Known(item_id, content_hash, bool(in_feed))
        return known

    def save(self, feed_id: int, items: Sequence[ItemRow], known: dict[str, Known], now: datetime) -> int:
        """Insert new items, update changed ones, link all to the feed. Returns how many were new.

        New items are written in bulk with ids assigned here: inside BEGIN IMMEDIATE nobody else writes.
        """
        at = utc_text(now)
        rows, tag_rows, links = [], [], []
        with self.transaction():
            first_id = next_id = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM items").fetchone()[0]
            for item in items:
                seen = known.get(item.key)
                if seen is None:
                    item_id = next_id
                    next_id += 1
                    rows.append(
                        (item_id, item.key, item.url, item.guid, item.title, item.summary, item.published,
                         int(item.date_estimated), item.lang, at, at, item.content_hash, item.companies, item.layers,
                         item.primary_layer, item.tag_detail, item.topics)
                    )  # fmt: skip
                    tag_rows += [(item_id, kind, tag, score) for kind, tag, score in item.tags]
                else:
                    item_id = seen.id
                    if seen.content_hash != item.content_hash:
                        self._update(item_id, item, at)
                if seen is None or not seen.in_feed:
                    links.append((item_id, feed_id, at))
            self.conn.executemany(_INSERT_ITEMS, rows)
            if rows:  # full-text index, in one statement (updates and deletes keep their triggers)
                self.conn.execute(
                    "INSERT INTO items_fts (rowid, title, summary) SELECT id, title, summary FROM items"
                    " WHERE id >= :first",
                    {"first": first_id},
                )
            self._insert_tags(tag_rows)
            self.conn.executemany(
                "INSERT OR IGNORE INTO item_feeds (item_id, feed_id, first_seen) VALUES (?, ?, ?)", links
            )
        return len(rows)

    def _update(self, item_id: int, item: ItemRow, at: str) -> None:
        self.conn.execute(
            _UPDATE_ITEM,
            {"id": item_id, "at": at, "url": item.url, "title": item.title, "summary": item.summary,
             "published": item.published, "date_estimated": int(item.date_estimated), "lang": item.lang,
             "content_hash": item.content_hash, "companies": item.companies, "layers": item.layers,
             "primary_layer": item.primary_layer, "tag_detail": item.tag_detail, "topics": item.topics},
        )  # fmt: skip
        self._replace_tags(item_id, item.tags)

    def _insert_tags(self, rows: list[tuple[int, str, str, float]]) -> None:
        if rows:
            self.conn.executemany(
                "INSERT OR REPLACE INTO item_tags (item_id, kind, tag, score) VALUES (?, ?, ?, ?)", rows
            )

    def _replace_tags(self, item_id: int, triples: Sequence[tuple[str, str, float]]) -> None:
        self.conn.execute("DELETE FROM item_tags WHERE item_id = :id", {"id": item_id})
        self._insert_tags([(item_id, kind, tag, score) for kind, tag, score in triples])

    def select(
        self,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        company: str | None = None,
        layer: str | None = None,
        limit: int | None = None,
        topic: str | None = None,
    ) -> list[StoredItem]:
        """Items published in [start, end), oldest first, optionally with one company, layer or topic."""
        return _stored_items(self._selected(start, end, company, layer, limit, topic))

    def _selected(
        self, start: datetime | None, end: datetime | None, company: str | None = None, layer: str | None = None,
        limit: int | None = None, topic: str | None = None,
    ) -> Iterable[tuple[Any, ...]]:  # fmt: skip
        """The rows (of _SELECT) that select() reads."""
        where, params = [], {}
        if start is not None:
            where.append("i.published >= :start")
            params["start"] = utc_text(start)
        if end is not None:
            where.append("i.published < :end")
            params["end"] = utc_text(end)
        for kind, tag in (("company", company), ("layer", layer), ("topic", topic)):
            if tag:
                where.append(f"EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND {_TAGGED[kind]})")
                params[kind] = tag
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY i.published, i.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.conn.execute(sql, params)

    def search(self, query: str, limit: int = 50) -> list[StoredItem]:
        """Full-text search on title and summary, newest first; each word also matches as a prefix."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            _SELECT + " WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH :match)"
            " ORDER BY i.published DESC, i.id DESC LIMIT :limit"
        )
        return [_stored_item(row) for row in self.conn.execute(sql, {"match": match, "limit": limit})]

    def by_url(self, url: str) -> StoredItem | None:
        rows = self.conn.execute(_SELECT + " WHERE i.key = :url OR i.url = :url LIMIT 1", {"url": url}).fetchall()
        return _stored_item(rows[0]) if rows else None

    def tagged_texts(self, batch: int = 2000) -> Iterator[list[tuple[int, str, str, Tags]]]:
        """Batches of (id, title, summary, stored tags), in id order, for re-tagging."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT id, title, summary, companies, layers, primary_layer, topics FROM items WHERE id > :last"
                " ORDER BY id LIMIT :batch",
                {"last": last, "batch": batch},
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [(r[0], r[1], r[2], _stored_tags(r[3:])) for r in rows]

    def update_tags(self, changes: Sequence[tuple[int, Tags]]) -> None:
        with self.transaction():
            for item_id, tags in changes:
                self.conn.execute(_UPDATE_TAGS, {"id": item_id, **_tag_columns(tags)})
                self._replace_tags(item_id, _tag_triples(tags))

    def count(self, start: datetime | None = None, end: datetime | None = None) -> int:
        """Items stored, or published in [start, end)."""
        if start is None or end is None:
            return self.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        sql = "SELECT COUNT(*) FROM items WHERE published >= :start AND published < :end"
        return self.conn.execute(sql, {"start": utc_text(start), "end": utc_text(end)}).fetchone()[0]

    def ai_texts(self, start: datetime, end: datetime) -> list[tuple[int, str, str]]:
        """(id, title, summary) of the AI items (with a layer) published in [start, end), in select()'s order: the
        month a helper process shares the analyses of."""
        sql = (
            "SELECT id, title, summary FROM items WHERE published >= :start AND published < :end"
            " AND primary_layer IS NOT NULL ORDER BY published, id"
        )
        return self.conn.execute(sql, {"start": utc_text(start), "end": utc_text(end)}).fetchall()

    def month(self, start: datetime, end: datetime) -> tuple[list[StoredItem], list[tuple[Any, ...]]]:
        """select() of the items published in [start, end), and their identities() from the same rows."""
        rows = list(self._selected(start, end))
        # (identities()'s columns: id, content hash, companies, primary layer, lang, published)
        return _stored_items(rows), [(r[0], r[13], r[7], r[9], r[6], r[4]) for r in rows]

    def identities(self, start: datetime, end: datetime) -> list[tuple[Any, ...]]:
        """(id, content hash, companies, primary layer, lang, published) of the items published in [start, end),
        as stored, in select()'s order: what a month's kept summary depends on, read without the items' texts."""
        sql = (
            "SELECT id, content_hash, companies, primary_layer, lang, published FROM items"
            " WHERE published >= :start AND published < :end ORDER BY published, id"
        )
        return self.conn.execute(sql, {"start": utc_text(start), "end": utc_text(end)}).fetchall()

    def any_ai(self, start: datetime, end: datetime) -> bool:
        """Whether any item published in [start, end) is AI news (has a layer); one indexed lookup."""
        sql = "SELECT 1 FROM items WHERE published >= :start AND published < :end AND primary_layer IS NOT NULL LIMIT 1"
        return self.conn.execute(sql, {"start": utc_text(start), "end": utc_text(end)}).fetchone() is not None

    def per_month(self, months: int, tz: Any) -> list[tuple[str, int]]:
        """Item counts of the last `months` months that have items, by month in `tz`, newest first."""
        offset = datetime.now(tz).utcoffset() or timedelta(0)
        rows = self.conn.execute(
            "SELECT strftime('%Y-%m', published, :modifier) AS m, COUNT(*) FROM items GROUP BY m ORDER BY m DESC"
            " LIMIT :months",
            {"modifier": f"{offset.total_seconds():+.0f} seconds", "months": months},
        ).fetchall()
        return [(r[0], r[1]) for r in rows]


def item_row(item: Item) -> ItemRow:
    """The item as the store writes it (pure)."""
    tags = item.tags
    published = utc_text(item.published)
    return ItemRow(
        item.key, item.url, item.guid, item.title, item.summary, published, item.date_estimated, item.lang,
        _content_hash(item, published), _json(tags.companies), _json(tags.layers), tags.primary_layer,
        _tag_detail(tags), _tag_triples(tags), _json(tags.topics),
    )  # fmt: skip


def _content_hash(item: Item, published: str) -> str:
    """What makes a stored copy of an item stale; an estimated date is not part of it."""
    text = "\x1f".join((item.url or "", item.title, item.summary, "" if item.date_estimated else published))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def fts_query(text: str) -> str:
    """User words -> an FTS5 query: every word must match, as a prefix (엔비디아 finds 엔비디아의)."""
    words = [w.strip(".-") for w in _FTS_WORD.findall(text)]
    return " ".join(f'"{w}"*' for w in words if w)


def _stored_items(rows: Iterable[tuple[Any, ...]]) -> list[StoredItem]:
    lists: dict[str, tuple[str, ...]] = {}  # the items of a month share a few company, layer and feed lists
    return [_stored_item(row, lists) for row in rows]


def _stored_item(row: tuple[Any, ...], lists: dict[str, tuple[str, ...]] | None = None) -> StoredItem:
    """`lists` remembers JSON lists already read (the same ones come back often), so each is read once."""
    if lists is None:
        lists = {}
    return StoredItem(
        id=row[0],
        url=row[1],
        title=row[2],
        summary=row[3],
        published=parse_utc(row[4]),
        date_estimated=bool(row[5]),
        lang=row[6],
        companies=lists.get(row[7]) or _json_list(row[7], lists),
        layers=lists.get(row[8]) or _json_list(row[8], lists),
        primary_layer=row[9],
        first_seen=parse_utc(row[10]),
        feeds=lists.get(row[11]) or _json_list(row[11], lists),
        topics=lists.get(row[12]) or _json_list(row[12], lists),
        content_hash=row[13],
    )


def _stored_tags(row: tuple[Any, ...]) -> Tags:
    """Tags from the companies, layers, primary_layer and topics columns."""
    return Tags(tuple(json.loads(row[0])), tuple(json.loads(row[1])), row[2], topics=tuple(json.loads(row[3])))


def _json_list(text: str, lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    found = lists[text] = tuple(json.loads(text))
    return found


def _tag_columns(tags: Tags) -> dict[str, str | None]:
    """companies, layers, primary_layer, tag_detail and topics as stored in the items table."""
    return {
        "companies": _json(tags.companies),
        "layers": _json(tags.layers),
        "primary_layer": tags.primary_layer,
        "tag_detail": _tag_detail(tags),
        "topics": _json(tags.topics),
    }


def _json(value: Any) -> str:
    """Compact JSON text with non-ASCII kept as is (orjson: a tenth of the json module's time per item)."""
    return orjson.dumps(value).decode()


def _tag_triples(tags: Tags) -> tuple[tuple[str, str, float], ...]:
    """(kind, tag, score) for each company, layer and topic: the item's rows of item_tags."""
    companies = tuple(("company", c, tags.scores.get(c, 0.0)) for c in tags.companies)
    layers = tuple(("layer", layer, tags.scores.get(layer, 0.0)) for layer in tags.layers)
    return companies + layers + tuple(("topic", topic, tags.scores.get(topic, 0.0)) for topic in tags.topics)


def _tag_detail(tags: Tags) -> str | None:
    if not tags.evidence:
        return None
    return _json(
        {
            "scores": tags.scores,
            "evidence": [[e.kind, e.tag, e.term, e.field, e.position, e.weight] for e in tags.evidence],
        }
    )
