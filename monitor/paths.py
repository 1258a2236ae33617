"""Checks of paths the user gave (an output file, a folder to write in): one clear line, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from monitor.errors import UsageError


def output_file(path: Path, option: str = "--output") -> Path:
    """A file we may write: its folder exists and can be written, and it is not itself a folder."""
    folder = path.parent
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a folder; give a file name")
    if not folder.exists():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {path}: cannot write there (permission denied)")
    return path


def writable_folder(path: Path, option: str) -> Path:
    """A folder we may write in, created if missing."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot create the folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: cannot write in the folder (permission denied)")
    return path


def write_error(exc: OSError, fallback: Path) -> UsageError:
    """An OSError met while writing where the user asked, as one line naming the path."""
    where = exc.filename if exc.filename is not None else fallback
    return UsageError(f"{where}: cannot write ({exc.strerror or exc})")


def database_problem(database: Path) -> str | None:
    """Why the service could not write the database file, or None (for `config check`)."""
    if database.is_dir():
        return f"{database} is a folder, not a database file"
    folder = database.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"the database folder cannot be created: {folder} is a file"
    if database.exists() and not os.access(database, os.W_OK):
        return f"the database {database} cannot be written (permission denied)"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the database folder {folder} cannot be written (permission denied)"
    return None
