"""The rules in force: `monitor rules list` (companies, layers, topics) with their ids."""

from __future__ import annotations

import click

from monitor.cli.app import App, cli, pass_app, print_table


@cli.group()
def rules() -> None:
    """The tagging rules in force (shipped files plus [rules] files of the config)."""


@rules.command("list")
@pass_app
def list_rules(app: App) -> None:
    """Companies (id, names, default layer), layers and topics, with the ids that options take."""
    loaded = app.tagger.rules
    click.echo(f"companies ({len(loaded.companies)}):")
    print_table(
        [
            {"id": c.id, "name_en": c.name_en, "name_ko": c.name_ko, "default_layer": c.default_layer or ""}
            for c in sorted(loaded.companies, key=lambda c: c.id)
        ],
        ["id", "name_en", "name_ko", "default_layer"],
    )
    click.echo(f"\nlayers ({len(loaded.layers)}):")
    print_table(
        [{"id": x.id, "name_en": x.name_en, "name_ko": x.name_ko, "terms": len(x.terms)} for x in loaded.layers],
        ["id", "name_en", "name_ko", "terms"],
    )
    click.echo(f"\ntopics ({len(loaded.topics)}):")
    print_table(
        [{"id": t.id, "name_en": t.name_en, "name_ko": t.name_ko, "terms": len(t.terms)} for t in loaded.topics],
        ["id", "name_en", "name_ko", "terms"],
    )
