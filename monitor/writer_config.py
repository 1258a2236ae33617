"""`[writer]`: the optional writer's settings, checked like the rest of the config.

No import of monitor.config at module level, so config.py can import this module and call
`writer_settings(raw.get("writer"), env, check.file)` from settings_from_dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

WRITER_KEYS = {"kind", "base_url", "model", "api_key_env", "timeout"}


@dataclass(frozen=True)
class WriterSettings:
    base_url: str
    model: str
    kind: str = "openai"
    api_key_env: str | None = None
    api_key: str | None = field(default=None, repr=False)  # read from api_key_env; never logged
    timeout: float = 120.0

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


def writer_settings(raw: Any, env: Mapping[str, str], file: str) -> WriterSettings | None:
    """The [writer] table, checked: None when absent. Raises ConfigError naming the file and key."""
    if raw is None:
        return None
    from monitor.config import _Checker  # here, so that config may import this module

    check = _Checker(file)
    if not isinstance(raw, dict):
        check.fail("writer", "a table", raw)
    check.keys(raw, "writer", WRITER_KEYS)
    for required in ("kind", "base_url", "model"):
        if required not in raw:
            check.fail(f"writer.{required}", "a value (missing)", None)
    kind = check.get(raw, "writer", "kind", check.text, None)
    if kind != "openai":
        check.fail("writer.kind", '"openai" (any OpenAI-compatible chat-completions server)', kind)
    api_key_env = check.get(raw, "writer", "api_key_env", check.text, None)
    api_key = None
    if api_key_env:
        api_key = env.get(api_key_env)
        if api_key is None:
            check.fail("writer.api_key_env", f"the environment variable {api_key_env} to be set", None)
    return WriterSettings(
        kind=kind,
        base_url=check.get(raw, "writer", "base_url", check.http_url, None),
        model=check.get(raw, "writer", "model", check.text, None),
        api_key_env=api_key_env,
        api_key=api_key,
        timeout=check.get(raw, "writer", "timeout", check.duration, 120.0),
    )
