"""The optional `llm` profile of docker-compose.yml: Ollama, off by default, reachable from this machine only."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ollama_runs_only_in_the_llm_profile_on_loopback() -> None:
    ollama = COMPOSE["services"]["ollama"]
    assert ollama["profiles"] == ["llm"]
    assert ollama["image"].startswith("ollama/ollama")
    assert ollama["ports"] == ["127.0.0.1:11434:11434"]
    for volume in ollama["volumes"]:
        assert volume.split(":")[0] in COMPOSE["volumes"]
    for name, service in COMPOSE["services"].items():
        if name != "ollama":
            assert "ollama" not in service.get("depends_on", []), name  # the default stack does not need it
            assert "profiles" not in service, name


def test_the_readme_says_how_to_use_it_and_what_is_not_tested_here() -> None:
    assert "--profile llm" in README and "127.0.0.1:11434" in README
    for server in ("Ollama", "llama.cpp", "vLLM", "LiteLLM", "OpenAI"):
        assert server in README
    assert "loopback" in README and "tests/llm_server.py" in README
