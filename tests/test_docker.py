"""docker-compose.yml and the Dockerfile refer to things that exist (no Docker engine runs here)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

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
    assert services["datasette"]["command"][:3] == ["datasette", "serve", "--immutable"]
    assert any(v.endswith(":ro") for v in services["datasette"]["volumes"])
    assert "127.0.0.1:8025:8025" in services["mailcatcher"]["ports"]


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


def published(port: object) -> tuple[str | None, str]:
    """(host ip or None for every interface, published port) of a compose `ports` entry, short or long form."""
    if isinstance(port, dict):
        return port.get("host_ip"), str(port.get("published", port.get("target")))
    text = str(port).split("/")[0]
    if text.startswith("["):  # [::1]:8080:80
        host, _, rest = text[1:].partition("]:")
        return host, rest.split(":")[0]
    parts = text.split(":")
    return (parts[0], parts[1]) if len(parts) == 3 else (None, parts[0])


def test_no_port_is_published_to_every_interface():
    checked = 0
    for name, service in COMPOSE["services"].items():  # profiles included: every service is listed here
        assert service.get("network_mode") != "host", f"{name} shares the host's network"
        for port in service.get("ports", []):
            host, _number = published(port)
            assert host in ("127.0.0.1", "::1", "localhost"), f"{name} publishes {port!r} to every interface"
            checked += 1
    assert checked >= 4
    for bad in ("8001:8001", "0.0.0.0:8025:8025", {"target": 80, "published": 8080}, "[::]:80:80"):
        assert published(bad)[0] not in ("127.0.0.1", "::1", "localhost")


def test_the_site_is_served_read_only_from_the_data_volume():
    web = COMPOSE["services"]["web"]
    assert web["image"].split(":")[0] in ("caddy", "nginx")
    assert "127.0.0.1:8080:8080" in web["ports"]
    mount = next(v for v in web["volumes"] if v.startswith("monitor-data:"))
    assert mount.endswith(":ro")
    root = web["command"][web["command"].index("--root") + 1]
    site = tomllib.loads((ROOT / "config" / "monitor.toml").read_text())["site"]["path"]
    assert root == "/srv/monitor/var/site" and site == "../var/site"  # config in /srv/monitor/config


def test_datasette_shows_the_news_tables_and_not_the_recipients():
    datasette = COMPOSE["services"]["datasette"]
    command = datasette["command"]
    metadata_path = command[command.index("--metadata") + 1]
    mount = next(v for v in datasette["volumes"] if v.endswith(f"{metadata_path}:ro"))
    metadata = json.loads((ROOT / mount.split(":")[0]).read_text())
    database = metadata["databases"][Path(command[command.index("--immutable") + 1]).stem]
    assert database["allow_sql"] is False and "default_allow_sql" in command
    for table in ("deliveries", "jobs"):
        assert database["tables"][table]["allow"] is False
    for table in ("items", "feeds", "item_tags"):
        assert table not in database["tables"]
