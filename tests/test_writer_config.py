"""[writer] checked like the rest of the config: one clear error naming the file and key.

(monitor/writer_config.py stands in until the typed config's WriterSettings is merged; then this file goes too.)"""

from __future__ import annotations

import pytest

from monitor.errors import ConfigError
from monitor.writer_config import writer_settings


@pytest.mark.parametrize(
    ("table", "env", "key"),
    [
        ({"kind": "openai", "base_url": "http://127.0.0.1:11434/v1"}, {}, "[writer.model]"),
        ({"kind": "claude", "base_url": "http://h/v1", "model": "m"}, {}, "[writer.kind]"),
        ({"kind": "openai", "base_url": "ftp://h/v1", "model": "m"}, {}, "[writer.base_url]"),
        ({"kind": "openai", "base_url": "http://h/v1", "model": "m", "timeout": 120}, {}, "[writer.timeout]"),
        (
            {"kind": "openai", "base_url": "http://h/v1", "model": "m", "api_key_env": "NOPE"},
            {},
            "[writer.api_key_env]",
        ),
        ({"kind": "openai", "base_url": "http://h/v1", "model": "m", "temperature": 1}, {}, "[writer.temperature]"),
    ],
)
def test_a_wrong_writer_table_is_one_clear_error(table: dict, env: dict, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        writer_settings(table, env, "monitor.toml")
    assert str(raised.value).startswith("monitor.toml: ") and key in str(raised.value)


def test_the_writer_table_defaults() -> None:
    assert writer_settings(None, {}, "monitor.toml") is None
    configured = writer_settings({"kind": "openai", "base_url": "http://127.0.0.1:11434/v1/", "model": "qwen"}, {}, "f")
    assert configured is not None and configured.timeout == 120.0 and configured.api_key is None
    assert configured.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
