"""Where the shipped config, rules, templates and demo feeds are, installed or in a checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_path(name: str) -> Path:
    """`config`, `templates` or `demo`: package data in a wheel, the top-level folder in a checkout."""
    installed = _PACKAGE / "_shipped" / name
    if installed.exists():
        return installed
    return _PACKAGE.parent / name
