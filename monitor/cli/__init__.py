"""The `monitor` command line: arguments in, lines out. `app` holds the group, the shared state and
the error boundary; each other module holds the commands of one area and registers them on import."""

from monitor.cli import admin, digest, feeds, fetching, items, rules, site, stories  # noqa: F401  (registers the commands)
from monitor.cli.app import cli, main

__all__ = ["cli", "main"]
