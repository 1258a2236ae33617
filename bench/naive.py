"""The loop a user would write instead of monitor: sequential feedparser.parse(url), one INSERT per item.

Run as a script: `python bench/naive.py DATABASE URLS_FILE`; prints `feeds=N entries=N new=N`.
Deliberately plain: no conditional GET, no concurrency, feedparser's defaults (it sanitises HTML),
one commit per feed (a commit per item would be slower still; that would flatter monitor).
"""

import sqlite3
import sys

import feedparser


def main(database: str, urls_file: str) -> None:
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE IF NOT EXISTS items (link TEXT PRIMARY KEY, title TEXT, summary TEXT, published TEXT)")
    with open(urls_file) as f:
        urls = f.read().split()
    entries = new = 0
    for url in urls:
        feed = feedparser.parse(url)
        for entry in feed.entries:
            cur = db.execute(
                "INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?)",
                (entry.get("link"), entry.get("title"), entry.get("summary"), entry.get("published")),
            )
            entries += 1
            new += cur.rowcount
        db.commit()
    print(f"feeds={len(urls)} entries={entries} new={new}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
