"""`monitor demo`: the whole pipeline offline, on the shipped sample feeds served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from monitor.config import settings_from_dict
from monitor.delivery import deliver_due
from monitor.parse import parse_feed
from monitor.publish import publish_month
from monitor.refresh import refresh_feeds
from monitor.resources import shipped_path
from monitor.rules import load_rules, shipped_rule_files
from monitor.site import publish_site
from monitor.store import Store
from monitor.tag import Tagger

MONTH = (2025, 11)
SENT_AT = datetime(2025, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
FILES = (("markdown", ".md"), ("html", ".html"), ("text", ".txt"))


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {  # type: ignore[misc]  # typeshed declares it an instance variable
        **SimpleHTTPRequestHandler.extensions_map,
        ".atom": "application/atom+xml",
        ".rdf": "application/rdf+xml",
        ".xml": "application/rss+xml",
        ".json": "application/feed+json",
    }

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 for the files of `folder`; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_demo(folder: Path) -> Iterator[str]:
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.db"
    for stale in folder.glob("demo.db*"):
        stale.unlink()
    feeds_dir = shipped_path("demo") / "feeds"
    with serve_folder(feeds_dir) as base:
        raw = {
            "storage": {"database": str(database)},
            "fetch": {"timeout": "10s", "per_host": 8},
            "feeds": [{"url": f"{base}/{f.name}", "name": feed_title(f)} for f in sorted(feeds_dir.iterdir())],
            "outbox": {"path": str(folder / "outbox")},
        }
        settings = settings_from_dict(raw, {}, path=None, base_dir=folder)
        tagger = Tagger(load_rules(shipped_rule_files()))
        with Store.open(database, SENT_AT) as store:
            store.feeds.sync_config(settings.feeds, SENT_AT)
            summary = asyncio.run(refresh_feeds(store, settings, tagger, lambda: datetime.now(ZoneInfo("UTC"))))
            yield f"served {len(settings.feeds)} sample feeds on {base}; fetched {summary.line(0).split(': ', 1)[1]}"
            for lang in ("ko", "en"):
                stem = folder / f"digest-2025-11-{lang}"
                formats = {fmt: stem.with_suffix(suffix) for fmt, suffix in FILES}
                mailed = lang == settings.digest.language  # the edition mailed (to the outbox here)
                published = publish_month(
                    store, settings, tagger.rules, MONTH, lang, SENT_AT, formats=formats, mail=mailed, archive=False
                )
                for path in published.files:
                    yield f"wrote {path}"
            deliver_due(store, settings, SENT_AT)
            for mail in sorted((folder / "outbox").glob("digest-2025-11-*")):
                yield f"wrote {mail} (the outbox: the email as it would be sent)"
            report = publish_site(store, settings, tagger.rules, SENT_AT, folder / "site")
            yield f"wrote the archive site: {report.pages} pages ({report.files} files) in {report.folder}"


def feed_title(path: Path) -> str:
    """A sample feed's own title (its outlet's name in the digest), else its file name."""
    return parse_feed(path.read_bytes(), None, path.name).title or path.stem
