"""The two commands of the README (issue 11, point 10): scripts/run skips pip when pyproject.toml has not
changed since the last install; scripts/test says what it installs with apt and why. The scripts run for
real, in a copy of the repository whose .venv holds stand-ins that record how they were called."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

TOOLS = ("sha256sum", "cut", "grep", "dirname", "cat")


def stand_in(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def fake_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    for name in ("run", "test"):
        shutil.copy(ROOT / "scripts" / name, repo / "scripts" / name)
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    bin_ = repo / ".venv" / "bin"
    bin_.mkdir(parents=True)
    log = repo / "calls.log"
    stand_in(bin_ / "python", f'echo "python $*" >> {log}')
    for tool in ("monitor", "pytest", "ruff", "mypy"):
        stand_in(bin_ / tool, f'echo "{tool} $*" >> {log}')
    return repo


def path_with(tmp_path: Path, **stand_ins: str) -> str:
    """A PATH of the few tools the scripts use, plus stand-ins (no chromium on it)."""
    tools = tmp_path / "tools"
    tools.mkdir(exist_ok=True)
    for tool in TOOLS:
        real = shutil.which(tool)
        assert real, tool
        (tools / tool).symlink_to(real)
    for name, body in stand_ins.items():
        stand_in(tools / name.replace("_", "-"), body)
    return str(tools)


def run(repo: Path, script: str, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash
    return subprocess.run([bash, f"scripts/{script}"], cwd=repo, capture_output=True, text=True, check=False,
                          env={"PATH": path, "HOME": str(repo), **env}, timeout=60)  # fmt: skip


def calls(repo: Path) -> list[str]:
    log = repo / "calls.log"
    lines = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return lines


def test_scripts_run_installs_only_when_pyproject_changed(tmp_path):
    repo = fake_repo(tmp_path)
    path = path_with(tmp_path)
    first = run(repo, "run", path)
    assert first.returncode == 0, first.stderr
    assert "installing monitor" in first.stdout
    assert calls(repo) == ["python -m pip install --quiet --disable-pip-version-check -e .", "monitor run"]
    second = run(repo, "run", path)
    assert second.returncode == 0 and second.stdout == ""
    assert calls(repo) == ["monitor run"]
    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text() + "\n# a new dependency\n")
    third = run(repo, "run", path)
    assert third.returncode == 0 and calls(repo)[0].startswith("python -m pip install")


def test_scripts_run_needs_no_install_after_scripts_test(tmp_path):
    repo = fake_repo(tmp_path)
    path = path_with(tmp_path, id="echo 1000")
    assert run(repo, "test", path).returncode == 0
    assert calls(repo)[0] == "python -m pip install --quiet --disable-pip-version-check -e .[test]"
    assert run(repo, "run", path).returncode == 0
    assert calls(repo) == ["monitor run"]


def test_scripts_test_says_what_it_installs_with_apt_and_why(tmp_path):
    repo = fake_repo(tmp_path)
    apt_log = tmp_path / "apt.log"
    path = path_with(tmp_path, id="echo 0", apt_get=f'echo "apt-get $*" >> {apt_log}')
    result = run(repo, "test", path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "installing 2 Debian packages for the browser test" in out
    assert "chromium" in out and "renders the HTML digest" in out and "fonts-nanum" in out and "Korean" in out
    assert "MONITOR_NO_APT=1" in out
    assert "install -y -qq chromium fonts-nanum" in apt_log.read_text()
    apt_log.unlink()
    quiet = run(repo, "test", path, MONITOR_NO_APT="1")
    assert quiet.returncode == 0 and "Debian" not in quiet.stdout and not apt_log.exists()


def test_scripts_test_leaves_the_system_alone_when_not_root(tmp_path):
    repo = fake_repo(tmp_path)
    apt_log = tmp_path / "apt.log"
    path = path_with(tmp_path, id="echo 1000", apt_get=f'echo "apt-get $*" >> {apt_log}')
    result = run(repo, "test", path)
    assert result.returncode == 0 and "Debian" not in result.stdout and not apt_log.exists()
    assert os.access(repo / ".venv" / ".monitor-installed", os.R_OK)
