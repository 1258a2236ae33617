"""The `monitor` command line: the only place that sets up logging and turns errors into one line."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn

import click

from monitor import __version__
from monitor.config import Settings, default_config_path, load_settings
from monitor.errors import ConfigError, MonitorError, StoreError, UsageError
from monitor.store import Store

log = logging.getLogger("monitor")

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


class App:
    """What every command needs, built lazily from the global options."""

    def __init__(self, config: Path | None, now: str | None) -> None:
        self._config_option = config
        self._now_text = now
        self.read_only = False

    @cached_property
    def settings(self) -> Settings:
        import os

        if self._config_option is not None:
            return load_settings(self._config_option, os.environ)
        path, shipped = default_config_path(os.environ, Path.cwd())
        return load_settings(path, os.environ, base_dir=Path.cwd() / "config" if shipped else None)

    @cached_property
    def fixed_now(self) -> datetime | None:
        if not self._now_text:
            return None
        try:
            moment = datetime.fromisoformat(self._now_text)
        except ValueError:
            raise UsageError(
                f"--now: expected an ISO 8601 time such as 2025-12-01T09:00:00+09:00, got {self._now_text!r}"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=self.settings.digest.tz)

    def now(self) -> datetime:
        return self.fixed_now or datetime.now(UTC)

    @cached_property
    def store(self) -> Store:
        store = Store.open(self.settings.database, self.now())
        store.feeds.sync_config(self.settings.feeds, self.now())
        return store

    @cached_property
    def read_store(self) -> Store:
        """The store for a command that only reads: never created here, opened read-only when it cannot be
        written (then `read_only` is true). Later uses of `store` get this same connection."""
        from monitor.readonly import open_existing

        store, self.read_only = open_existing(self.settings.database, self.now())
        if not self.read_only:
            store.feeds.sync_config(self.settings.feeds, self.now())
        self.__dict__["store"] = store
        return store

    @cached_property
    def tagger(self) -> Any:
        from monitor.rules import load_rules, rule_files
        from monitor.tag import Tagger

        paths = rule_files(self.settings.rule_paths, self.settings.replace_shipped_rules)
        tagger = Tagger(load_rules(paths))
        gc.freeze()  # rules and automaton live as long as the process: keep them out of every GC pass
        return tagger

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


pass_app = click.make_pass_decorator(App)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path),
    default=None,
    help="Config file (default: $MONITOR_CONFIG, else config/monitor.toml here, else the shipped one).",
)
@click.option(
    "--now",
    "now",
    metavar="ISO8601",
    default=None,
    help="Fix the clock for this command (tests, demos, catch-up checks).",
)
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, now: str | None) -> None:
    """Watch AI-industry news feeds, tag them by company, layer and topic, and mail a monthly digest."""
    app = App(config, now)
    ctx.obj = app
    ctx.call_on_close(app.close)


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not sys.stdout.isatty():
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(str(row[c]) for c in columns))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    Console().print(table)


def short_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")


def log_to_stdout() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # our jobs log what they do
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _setup_logging() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


def closest_id(kind: str, given: str, valid: Iterable[str]) -> str:
    """`given` when it is one of `valid`; otherwise a UsageError naming the closest valid id."""
    import difflib

    choices = sorted(set(valid))
    if given in choices:
        return given
    near = difflib.get_close_matches(given.lower(), choices, n=1, cutoff=0.5)
    hint = f"did you mean {near[0]!r}?" if near else f"valid ids: {', '.join(choices[:12])}"
    more = " (`monitor rules list` lists them)" if near or len(choices) > 12 else ""
    raise UsageError(f"{kind}: unknown id {given!r}; {hint}{more}")


def _usage_hint(exc: click.ClickException) -> str:
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return ""
    return f" (see '{ctx.command_path} -h')"


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"monitor: error: {message}", err=True)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every MonitorError into one line and an exit code."""
    _setup_logging()
    handlers: dict[type[MonitorError], int] = {
        ConfigError: EXIT_USAGE,
        UsageError: EXIT_USAGE,
        StoreError: EXIT_USAGE,
    }
    try:
        code = cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", EXIT_PARTIAL)
    except click.ClickException as exc:  # click's own usage errors take the app's one-line shape
        _fail(exc.format_message().rstrip(".") + _usage_hint(exc), EXIT_USAGE)
    except MonitorError as exc:
        _fail(str(exc), handlers.get(type(exc), EXIT_PARTIAL))
    except KeyboardInterrupt:
        raise SystemExit(EXIT_OK) from None
    if isinstance(code, int) and code:
        raise SystemExit(code)
