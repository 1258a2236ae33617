"""The schema, one function per change. Applied in order at every start; never edit an applied one."""

from sqlite_utils import Database, Migrations

migrations = Migrations("monitor")


INITIAL_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    config_url TEXT,
    name TEXT,
    interval REAL,
    enabled INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'config',
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    held_until TEXT,
    last_attempt TEXT,
    last_success TEXT,
    last_new_item TEXT,
    last_status TEXT,
    last_error TEXT,
    created TEXT NOT NULL
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT,
    guid TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    published TEXT NOT NULL,
    date_estimated INTEGER NOT NULL DEFAULT 0,
    lang TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    companies TEXT NOT NULL DEFAULT '[]',
    layers TEXT NOT NULL DEFAULT '[]',
    primary_layer TEXT,
    tag_detail TEXT
);
CREATE INDEX items_published ON items (published);
CREATE TABLE item_feeds (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds (id),
    first_seen TEXT NOT NULL,
    PRIMARY KEY (item_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX item_feeds_feed ON item_feeds (feed_id);
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    tag TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (item_id, kind, tag)
) WITHOUT ROWID;
CREATE INDEX item_tags_tag ON item_tags (kind, tag, item_id);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds (id),
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    bytes INTEGER NOT NULL DEFAULT 0,
    new_items INTEGER NOT NULL DEFAULT 0,
    duration REAL NOT NULL DEFAULT 0,
    error TEXT
);
CREATE INDEX fetches_feed_at ON fetches (feed_id, at);
CREATE INDEX fetches_at ON fetches (at);
"""


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(INITIAL_SCHEMA)
    db.table("items").enable_fts(["title", "summary"], create_triggers=True, tokenize="unicode61")


@migrations()
def m002_digests(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL,
            lang TEXT NOT NULL,
            format TEXT NOT NULL,
            model TEXT NOT NULL,
            rendered TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX digests_month ON digests (month, lang, id);
        """
    )


@migrations()
def m003_deliveries_and_jobs(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL,
            lang TEXT NOT NULL,
            recipient TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'monthly',
            message_id TEXT NOT NULL,
            message BLOB NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error TEXT,
            permanent INTEGER NOT NULL DEFAULT 0,
            queued TEXT NOT NULL,
            sent TEXT
        );
        CREATE UNIQUE INDEX deliveries_monthly ON deliveries (month, recipient) WHERE kind = 'monthly';
        CREATE INDEX deliveries_status ON deliveries (status, next_attempt);
        CREATE TABLE jobs (
            name TEXT PRIMARY KEY,
            last_run TEXT,
            next_run TEXT,
            last_status TEXT,
            last_error TEXT,
            heartbeat TEXT,
            interval REAL
        );
        """
    )


@migrations()
def m004_bulk_fts_insert(db: Database) -> None:
    """New items are indexed in bulk by store.items.save; the per-row insert trigger goes."""
    db.execute("DROP TRIGGER IF EXISTS items_ai")


@migrations()
def m005_feed_zones_and_article_identity(db: Database) -> None:
    """Feeds gain `timezone` (configured) and `date_zone` (used at the last read). Item keys become article
    identities (scheme, a leading `www.` and a trailing slash no longer count): items that now share a key
    merge into the earliest seen, keeping every feed that carried them and the earliest first-seen times."""
    from monitor.normalize import article_identity

    db.execute("ALTER TABLE feeds ADD COLUMN timezone TEXT")
    db.execute("ALTER TABLE feeds ADD COLUMN date_zone TEXT")
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for item_id, key, first_seen in db.execute(
        "SELECT id, key, first_seen FROM items WHERE key LIKE 'http%' ORDER BY first_seen, id"
    ).fetchall():
        groups.setdefault(article_identity(key), []).append((item_id, key, first_seen))
    for identity, rows in groups.items():
        if len(rows) == 1 and rows[0][1] == identity:
            continue
        keep = rows[0][0]
        for item_id, _key, _seen in rows[1:]:
            db.execute(
                "INSERT INTO item_feeds (item_id, feed_id, first_seen) SELECT ?, feed_id, first_seen"
                " FROM item_feeds WHERE item_id = ? AND true"
                " ON CONFLICT (item_id, feed_id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen)",
                (keep, item_id),
            )
            db.execute("DELETE FROM item_feeds WHERE item_id = ?", (item_id,))
            db.execute("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
            db.execute("DELETE FROM items WHERE id = ?", (item_id,))
        db.execute("UPDATE items SET key = ? WHERE id = ?", (identity, keep))


@migrations()
def m006_item_topics(db: Database) -> None:
    """Topics (talent, security, ...) of each item, as a JSON list like companies and layers."""
    db.execute("ALTER TABLE items ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'")


@migrations()
def m007_month_summaries(db: Database) -> None:
    """What next month's trend tables compare with (stories per company, AI items per layer), kept per month with
    the fingerprint of the items, rules and code it was worked out from."""
    db.execute(
        "CREATE TABLE month_summaries (month TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, companies TEXT NOT NULL,"
        " layers TEXT NOT NULL, created TEXT NOT NULL)"
    )
