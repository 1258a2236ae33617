"""`monitor config check` and `monitor db backup`."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import App, cli, pass_app
from monitor.errors import ConfigError, UsageError
from monitor.paths import database_problem, writable_folder


@cli.group("config")
def config_group() -> None:
    """The configuration."""


@config_group.command("check")
@pass_app
def config_check(app: App) -> None:
    """Validate the config and the rule files; exit 0 or 2."""
    from monitor.render import check_templates, template_environment

    settings = app.settings
    rules = app.tagger.rules
    check_templates(template_environment(settings.digest.templates))
    problem = database_problem(settings.database)
    if problem:
        raise ConfigError(f"{settings.path}: [storage] database: {problem}")
    from monitor.check import moved_feeds

    for line in moved_feeds([feed.url for feed in settings.feeds]):
        click.echo(f"monitor: warning: {settings.path}: {line}", err=True)
    click.echo(
        f"{settings.path}: ok ({len(settings.feeds)} feeds, {len(rules.companies)} companies, "
        f"{sum(len(layer.terms) for layer in rules.layers)} layer terms, mail: "
        f"{'smtp ' + settings.mail.host if settings.mail else 'outbox ' + str(settings.outbox)})"
    )


@cli.group("db")
def db_group() -> None:
    """The database."""


@db_group.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@pass_app
def db_backup(app: App, path: Path) -> None:
    """Write a consistent copy of the database to PATH (SQLite backup API)."""
    if path.exists():
        raise UsageError(f"{path} exists already; choose a new file name")
    writable_folder(path.parent, "db backup")
    app.read_store.backup(path)
    click.echo(f"backed up {app.settings.database} to {path}")
