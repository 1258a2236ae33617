"""The README documents every command and every configuration key."""

from __future__ import annotations

import re
import tomllib

import click
import pytest

from monitor.cli import cli
from monitor.config import KEYS
from monitor.resources import shipped_path
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            paths += command_paths(command, path + " ")
        else:
            paths.append(path)
    return paths


def readme_config_keys() -> set[str]:
    """The keys the README's configuration table lists, as `[table] name` labels: a row's first cell names a table
    and a key (`[mail] host`), then maybe more keys of the same table (`, `port`, `security``)."""
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for row in re.findall(r"^\| (`\[.*?) \|", section, re.M):
        cells = re.findall(r"`([^`]*)`", row)
        head = re.fullmatch(r"(\[\[?[\w.]+\]\]?) (\w+)", cells[0])
        if head:
            listed |= {f"{head.group(1)} {head.group(2)}"} | {
                f"{head.group(1)} {c}" for c in cells[1:] if c.isidentifier()
            }
    return listed


@pytest.mark.parametrize("label", [key.label for key in KEYS])
def test_every_declared_config_key_is_in_the_readme_table(label):
    assert label in readme_config_keys(), f"README's configuration table does not list {label}"


def test_the_readme_table_lists_no_undeclared_key():
    assert readme_config_keys() - {key.label for key in KEYS} == set()


def shipped_config_keys() -> list[tuple[str, str]]:
    """(`[table]` or `[[table.array]]`, key) for every key the shipped config sets."""
    raw = tomllib.loads((shipped_path("config") / "monitor.toml").read_text())
    keys = set()
    for section, table in raw.items():
        if isinstance(table, list):
            keys |= {(f"[[{section}]]", key) for row in table for key in row}
            continue
        for key, value in table.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):  # [[section.key]] rows
                keys |= {(f"[[{section}.{key}]]", k) for row in value for k in row}
            else:
                keys.add((f"[{section}]", key))
    return sorted(keys)


def modules() -> list[str]:
    """Every module of the monitor package, as its path from the repository root."""
    package = ROOT / "monitor"
    return sorted(
        str(p.relative_to(ROOT)) for p in package.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")
    )


@pytest.mark.parametrize("path", command_paths(cli))
def test_every_command_is_documented(path: str):
    assert f"`monitor {path}" in README, f"README does not document `monitor {path}`"


@pytest.mark.parametrize(("section", "key"), shipped_config_keys())
def test_every_key_of_the_shipped_config_is_documented(section: str, key: str):
    assert re.search(rf"`{re.escape(section)} [^|\n]*\b{key}\b", README), f"{section} {key} undocumented"


@pytest.mark.parametrize("module", modules())
def test_every_module_has_a_line_in_the_development_map(module: str):
    development = README.split("## Development", 1)[-1]
    assert re.search(rf"^- (`monitor/[^`]+`, )*`{re.escape(module)}`", development, re.M), (
        f"README's Development map has no line for {module}"
    )


def test_the_rule_example_in_the_readme_loads_and_tags(tmp_path):
    from monitor.rules import load_rules, shipped_rule_files
    from monitor.tag import Tagger

    block = re.search(r"```toml\n(\[\[company\]\].*?)```", README, re.S)
    assert block, "README has no rule-file example"
    path = tmp_path / "example.toml"
    path.write_text(block.group(1), encoding="utf-8")
    tagger = Tagger(load_rules([*shipped_rule_files(), path]))
    tags = tagger.tag("애크미AI, RoadRunner-3 공개", "새 AI 모델")
    assert "acmeai" in tags.companies and tags.primary_layer == "model"
    assert "acmeai" not in tagger.tag("Acme Hardware opens a store", "").companies
