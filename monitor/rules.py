"""Load and validate rule files (companies, layers, topics, AI signals) into plain records.

A rule file holds any of `[[company]]`, `[[layer]]`, `[[topic]]` and `[ai]`. Several files merge in
order; a company id may only be defined once, layers and topics may be extended by later files.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.config import LAYER_IDS
from monitor.errors import ConfigError
from monitor.resources import shipped_path

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COMPANY_KEYS = {
    "id", "name_en", "name_ko", "default_layer", "ai_native", "aliases", "exact_case", "vetoes", "context",
    "patterns", "products", "display_ko", "display_en",
}  # fmt: skip
LAYER_KEYS = {"id", "name_ko", "name_en", "terms", "exact_case", "vetoes"}
TOPIC_KEYS = LAYER_KEYS
AI_KEYS = {"terms", "exact_case"}


@dataclass(frozen=True)
class CompanyRule:
    id: str
    name_en: str
    name_ko: str
    aliases: tuple[str, ...]
    exact_case: frozenset[str] = frozenset()
    vetoes: tuple[str, ...] = ()
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    default_layer: str | None = None
    products: Mapping[str, str] = field(default_factory=dict)  # alias -> the layer it is evidence for
    ai_native: bool = False  # every mention is AI news (an AI lab), though it names no layer
    display_ko: str = ""  # short name for prose and lists ("구글"); see display_name()
    display_en: str = ""  # ("Google" for "Google / Alphabet")


@dataclass(frozen=True)
class LayerRule:
    id: str
    name_ko: str
    name_en: str
    terms: Mapping[str, float]
    exact_case: frozenset[str] = frozenset()
    vetoes: tuple[str, ...] = ()


TopicRule = LayerRule  # a topic is written like a layer: id, names, weighted terms, exact_case, vetoes


@dataclass(frozen=True)
class Rules:
    companies: tuple[CompanyRule, ...]
    layers: tuple[LayerRule, ...]
    ai_terms: Mapping[str, float]
    ai_exact_case: frozenset[str] = frozenset()
    topics: tuple[TopicRule, ...] = ()

    def company(self, company_id: str) -> CompanyRule | None:
        return next((c for c in self.companies if c.id == company_id), None)

    def layer(self, layer_id: str) -> LayerRule | None:
        return next((layer for layer in self.layers if layer.id == layer_id), None)

    def topic(self, topic_id: str) -> TopicRule | None:
        return next((topic for topic in self.topics if topic.id == topic_id), None)


def shipped_rule_files() -> list[Path]:
    return sorted((shipped_path("config") / "rules").glob("*.toml"))


def rule_files(extra: Iterable[Path], replace_shipped: bool) -> list[Path]:
    return [*([] if replace_shipped else shipped_rule_files()), *extra]


def load_rules(paths: Iterable[Path]) -> Rules:
    """Read rule files in order and merge them. Raises ConfigError naming file and line."""
    companies: dict[str, CompanyRule] = {}
    layers: dict[str, LayerRule] = {}
    topics: dict[str, TopicRule] = {}
    ai_terms: dict[str, float] = {}
    ai_exact: set[str] = set()
    for path in paths:
        text, raw = _read(path)
        where = _Locator(path, text)
        unknown = set(raw) - {"company", "layer", "topic", "ai"}
        if unknown:
            key = sorted(unknown)[0]
            raise where.error(key, f"unknown key {key!r} (expected [[company]], [[layer]], [[topic]] or [ai])")
        for entry in _table_list(raw, "company", where):
            company = _company(entry, where)
            if company.id in companies:
                raise where.error(f'id = "{company.id}"', f"duplicate company id {company.id!r}", last=True)
            companies[company.id] = company
        for entry in _table_list(raw, "layer", where):
            _merge(layers, _layer(entry, where))
        for entry in _table_list(raw, "topic", where):
            topic = _topic(entry, where)
            if topic.id in companies or topic.id in LAYER_IDS or topic.id == "ai":
                raise where.error(f'id = "{topic.id}"', f"topic id {topic.id!r} is already a company or layer id")
            _merge(topics, topic)
        if "ai" in raw:
            ai = raw["ai"]
            if not isinstance(ai, dict):
                raise where.error("[ai]", "[ai] must be a table")
            _check_keys(ai, AI_KEYS, where, "[ai]")
            ai_terms.update(_weights(ai.get("terms", {}), where, "[ai] terms"))
            ai_exact.update(_strings(ai.get("exact_case", []), where, "exact_case"))
    clash = next((c for c in companies if c in topics), None)
    if clash:
        raise ConfigError(f"company id {clash!r} is also a topic id: rename one of them")
    ordered_layers = tuple(layers[lid] for lid in LAYER_IDS if lid in layers)
    return Rules(tuple(companies.values()), ordered_layers, ai_terms, frozenset(ai_exact), tuple(topics.values()))


def _merge(known: dict[str, LayerRule], rule: LayerRule) -> None:
    """A later file's layer or topic adds terms and vetoes to an earlier one of the same id."""
    old = known.get(rule.id)
    if old is not None:
        rule = LayerRule(
            id=rule.id,
            name_ko=old.name_ko,
            name_en=old.name_en,
            terms={**old.terms, **rule.terms},
            exact_case=old.exact_case | rule.exact_case,
            vetoes=old.vetoes + rule.vetoes,
        )
    known[rule.id] = rule


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read rule file ({exc})") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


class _Locator:
    """Finds the line a problem is on, so the one-line error can name it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, needle: str, *, last: bool = False) -> int | None:
        hits = [n for n, line in enumerate(self.lines, 1) if needle in line]
        if not hits:
            return None
        return hits[-1] if last else hits[0]

    def error(
        self, needle: str, message: str, *, last: bool = False, block: str | None = None, key: str = ""
    ) -> ConfigError:
        """`needle`'s line; failing that (escapes make TOML text differ from its value), the line of `key`
        in the table that starts at the line holding `block`."""
        line = self.line_of(needle, last=last)
        if line is None and block is not None:
            start = self.line_of(block) or 1
            following = enumerate(self.lines[start - 1 :], start)
            line = next((n for n, text in following if text.lstrip().startswith(key)), start)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {message}")


def _table_list(raw: dict[str, Any], key: str, where: _Locator) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise where.error(f"{key}", f"{key} must be written as [[{key}]] tables")
    return value


def _check_keys(entry: Mapping[str, Any], known: set[str], where: _Locator, what: str) -> None:
    for key in entry:
        if key not in known:
            raise where.error(key, f"unknown key {key!r} in {what} (expected one of: {', '.join(sorted(known))})")


def _strings(value: Any, where: _Locator, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(key, f"{key} must be a list of non-empty strings")
    return value


def _weights(value: Any, where: _Locator, key: str) -> dict[str, float]:
    if not isinstance(value, dict):
        raise where.error(key.split()[-1], f"{key} must be a table of term = weight")
    out = {}
    for term, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0 or not term.strip():
            raise where.error(term, f"{key}: the weight of {term!r} must be a positive number")
        out[term] = float(weight)
    return out


def _layer_id(value: Any, where: _Locator, needle: str) -> str:
    if value not in LAYER_IDS:
        raise where.error(needle, f"unknown layer {value!r} (expected one of: {', '.join(LAYER_IDS)})")
    return value


def _company(entry: dict[str, Any], where: _Locator) -> CompanyRule:
    cid = entry.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise where.error("[[company]]", f"company id {cid!r} must be lower-case ascii (a-z, 0-9, _ or -)")
    what = f"company {cid!r}"
    _check_keys(entry, COMPANY_KEYS, where, what)
    aliases = _strings(entry.get("aliases", []), where, "aliases")
    patterns = _strings(entry.get("patterns", []), where, "patterns")
    if not aliases and not patterns:
        raise where.error(f'id = "{cid}"', f"{what} needs at least one alias")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise where.error(
                pattern[:30], f"{what}: broken regex {pattern!r} ({exc})", block=f'id = "{cid}"', key="patterns"
            ) from None
    exact = _strings(entry.get("exact_case", []), where, "exact_case")
    missing = [a for a in exact if a not in aliases]
    if missing:
        raise where.error(missing[0], f"{what}: exact_case {missing[0]!r} is not one of its aliases")
    context_raw = entry.get("context", {})
    if not isinstance(context_raw, dict):
        raise where.error("context", f"{what}: context must be a table of alias = [terms]")
    context = {}
    for alias, terms in context_raw.items():
        if alias not in aliases:
            raise where.error(alias, f"{what}: context names {alias!r}, which is not one of its aliases")
        context[alias] = tuple(_strings(terms, where, alias))
    default_layer = entry.get("default_layer")
    if default_layer is not None:
        _layer_id(default_layer, where, "default_layer")
    products_raw = entry.get("products", {})
    if not isinstance(products_raw, dict):
        raise where.error("products", f"{what}: products must be a table of alias = layer")
    for alias, layer in products_raw.items():
        if alias not in aliases:
            raise where.error(alias, f"{what}: products names {alias!r}, which is not one of its aliases")
        _layer_id(layer, where, alias)
    ai_native = entry.get("ai_native", False)
    if not isinstance(ai_native, bool):
        raise where.error("ai_native", f"{what}: ai_native must be true or false")
    return CompanyRule(
        id=cid,
        name_en=str(entry.get("name_en") or cid),
        name_ko=str(entry.get("name_ko") or entry.get("name_en") or cid),
        aliases=tuple(aliases),
        exact_case=frozenset(exact),
        vetoes=tuple(_strings(entry.get("vetoes", []), where, "vetoes")),
        context=context,
        patterns=tuple(patterns),
        default_layer=default_layer,
        products=dict(products_raw),
        ai_native=ai_native,
        display_ko=str(entry.get("display_ko") or short_name(str(entry.get("name_ko") or entry.get("name_en") or cid))),
        display_en=str(entry.get("display_en") or short_name(str(entry.get("name_en") or cid))),
    )


def short_name(name: str) -> str:
    """A descriptive name's short form: "Google / Alphabet" -> "Google", "LG (LG AI Research)" -> "LG"."""
    short = re.sub(r"\s*[(（][^)）]*[)）]", "", name).split("/")[0].strip()
    return short or name


def _layer(entry: dict[str, Any], where: _Locator) -> LayerRule:
    lid = _layer_id(entry.get("id"), where, f'id = "{entry.get("id")}"')
    _check_keys(entry, LAYER_KEYS, where, f"layer {lid!r}")
    terms = _weights(entry.get("terms", {}), where, f"layer {lid!r} terms")
    exact = _strings(entry.get("exact_case", []), where, "exact_case")
    return LayerRule(
        id=lid,
        name_ko=str(entry.get("name_ko") or lid),
        name_en=str(entry.get("name_en") or lid),
        terms=terms,
        exact_case=frozenset(exact),
        vetoes=tuple(_strings(entry.get("vetoes", []), where, "vetoes")),
    )


def _topic(entry: dict[str, Any], where: _Locator) -> TopicRule:
    tid = entry.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise where.error("[[topic]]", f"topic id {tid!r} must be lower-case ascii (a-z, 0-9, _ or -)")
    what = f"topic {tid!r}"
    _check_keys(entry, TOPIC_KEYS, where, what)
    terms = _weights(entry.get("terms", {}), where, f"{what} terms")
    exact = _strings(entry.get("exact_case", []), where, "exact_case")
    missing = [t for t in exact if t not in terms]
    if missing:
        raise where.error(missing[0], f"{what}: exact_case {missing[0]!r} is not one of its terms", last=True)
    return TopicRule(
        id=tid,
        name_ko=str(entry.get("name_ko") or tid),
        name_en=str(entry.get("name_en") or tid),
        terms=terms,
        exact_case=frozenset(exact),
        vetoes=tuple(_strings(entry.get("vetoes", []), where, "vetoes")),
    )
