"""docker-compose.yml and the Dockerfile refer to things that exist (no Docker engine runs here)."""

from __future__ import annotations

import re

import yaml

from monitor.cli import cli
from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_services_and_their_parts_exist():
    services = COMPOSE["services"]
    assert {"monitor", "mailcatcher", "datasette"} <= set(services)
    monitor = services["monitor"]
    context = ROOT / monitor["build"]["context"]
    assert (context / monitor["build"]["dockerfile"]).is_file()
    assert monitor["restart"] in ("unless-stopped", "always")
    assert monitor["command"][:2] == ["monitor", "run"]
    assert monitor["healthcheck"]["test"][-2:] == ["monitor", "status"]
    named = set(COMPOSE["volumes"])
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in named or (ROOT / source).exists(), volume
        for port in service.get("ports", []):
            assert re.fullmatch(r"(?:127\.0\.0\.1:)?\d+:\d+", port)
    assert services["datasette"]["command"][:3] == ["datasette", "serve", "--immutable"]
    assert any(v.endswith(":ro") for v in services["datasette"]["volumes"])
    assert "8025:8025" in services["mailcatcher"]["ports"]


def test_the_config_mount_holds_what_the_service_reads():
    mount = next(v for v in COMPOSE["services"]["monitor"]["volumes"] if v.startswith("./config"))
    source, target = mount.split(":")[:2]
    env = COMPOSE["services"]["monitor"]["environment"]["MONITOR_CONFIG"]
    assert env.startswith(target) and (ROOT / source / env.removeprefix(target + "/")).is_file()


def test_the_dockerfile_copies_what_exists_and_runs_real_commands():
    for source in re.findall(r"^COPY (\S+)", DOCKERFILE, re.M):
        assert (ROOT / source).exists(), source
    commands = {c.name for c in cli.commands.values()}
    for command in re.findall(r'\["monitor", "(\w+)"\]', DOCKERFILE):
        assert command in commands
    assert "python:3.11" in DOCKERFILE
