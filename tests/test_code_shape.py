"""The house rules every change keeps: no module of the package over 500 lines, no function over 60, no class
over 20 methods (a migration's DDL lives in module-level constants, so it does not count against a function)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "monitor"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in SOURCES]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_is_over_500_lines(path: Path):
    assert path.read_text(encoding="utf-8").count("\n") <= 500


def test_no_function_is_over_60_lines():
    long = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []


def test_no_class_has_over_20_methods():
    big = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and sum(isinstance(b, ast.FunctionDef | ast.AsyncFunctionDef) for b in node.body) > 20
    ]
    assert big == []
