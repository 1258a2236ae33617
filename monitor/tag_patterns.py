"""The tagger's compiled rules: every rule string (names, layer and topic terms, AI signals, vetoes, context
terms) as patterns under its lower-cased text, the key the one Aho-Corasick automaton finds. [pure]"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum

from monitor.rules import CompanyRule, Rules
from monitor.textmatch import fold, is_hangul, is_latin, spellings

TITLE_WEIGHT = 1.5
PRODUCT_WEIGHT = 2.0  # a product or model name (GPT-5.1, Blackwell) is evidence for its layer
NAME_WEIGHT = 1.0  # an AI-native company's name: evidence for its default layer when no layer word is there


class Kind(IntEnum):
    """What a rule string is."""

    COMPANY = 0  # a company's name, product or person
    LAYER = 1  # a layer's term
    AI = 2  # a generic AI signal
    VETO = 3  # a phrase in which its owner's names or terms do not count
    CONTEXT = 4  # a term an ambiguous name needs nearby
    TOPIC = 5  # a topic's term


# Plain ints in the hot loop: an IntEnum member hashes through Python code (Enum.__hash__)
COMPANY, LAYER, AI, VETO, CONTEXT, TOPIC = (int(kind) for kind in Kind)


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: int  # a Kind
    owner: str  # company, layer or topic id; "" for AI signals
    text: str
    exact: bool
    weight: float
    hangul_edge: bool  # starts or ends with Hangul
    boundaries: bool  # names need Korean word boundaries; terms of layers, topics and AI signals do not
    context: tuple[str, ...] = ()
    target: str | None = None  # what its weight counts for: a layer, a topic, "ai"; for a name, its layer
    product: bool = False  # a name that says which layer (a product or model) rather than who
    key: str = ""  # lower-cased text: one term, however it is written
    # Precomputed for scoring, where a term counts once per field at its highest weight
    title_key: tuple[str, str, bool] = ("", "", True)  # (target, key, in the title)
    summary_key: tuple[str, str, bool] = ("", "", False)
    title_weight: float = 0.0
    in_name: bool = True  # a term whose text may lie inside a company's name ('버그' in '저커버그')


# The hot path works on plain tuples: building a NamedTuple costs a Python-level call per hit.
# A hit: (start, stop, pattern) of a match in the text. Found: evidence before its position is split by field,
# (tag, kind, start, stop, weight).
Hit = tuple[int, int, Pattern]
Found = tuple[str, str, int, int, float]


def _alias_evidence(company: CompanyRule, alias: str) -> tuple[str | None, float, bool]:
    """The layer a name is evidence for, its weight, and whether it is a product."""
    if alias in company.products:
        return company.products[alias], PRODUCT_WEIGHT, True
    if company.ai_native and company.default_layer:
        return company.default_layer, NAME_WEIGHT, False
    return None, 0.0, False


def make_pattern(kind: int, owner: str, text: str, exact: bool, weight: float, **extra: object) -> Pattern:
    target = str(extra.get("target") or "")
    return Pattern(
        kind=kind,
        owner=owner,
        text=text,
        exact=exact,
        weight=weight,
        hangul_edge=is_hangul(text[0]) or is_hangul(text[-1]),
        boundaries=kind == COMPANY,
        key=fold(text),
        title_key=(target, fold(text), True),
        summary_key=(target, fold(text), False),
        title_weight=weight * TITLE_WEIGHT,
        **extra,  # type: ignore[arg-type]
    )


def compile_table(rules: Rules) -> dict[str, list[Pattern]]:
    """Every rule string, lower-cased, with the patterns it stands for."""
    table: dict[str, list[Pattern]] = defaultdict(list)
    for company in rules.companies:
        for alias in company.aliases:
            context = tuple(fold(t) for t in company.context.get(alias, ()))
            layer, weight, product = _alias_evidence(company, alias)
            evidence = {"context": context, "target": layer, "product": product}
            table[fold(alias)].append(
                make_pattern(COMPANY, company.id, alias, alias in company.exact_case, weight, **evidence)
            )
            for term in context:  # one context pattern per term: only its presence matters
                if not any(q.kind == CONTEXT for q in table[term]):
                    table[term].append(make_pattern(CONTEXT, "", term, False, 0.0))
        for veto in company.vetoes:
            table[fold(veto)].append(make_pattern(VETO, company.id, veto, False, 0.0))
    groups = [(LAYER, rule.id, rule.terms, rule.exact_case, rule.vetoes) for rule in rules.layers]
    groups += [(TOPIC, rule.id, rule.terms, rule.exact_case, rule.vetoes) for rule in rules.topics]
    groups.append((AI, "", rules.ai_terms, rules.ai_exact_case, ()))
    # Every name's text, to know which terms may lie inside a name (a company's regex may match anything)
    names = "\x00".join(key for key, patterns in table.items() if any(p.kind == COMPANY for p in patterns))
    anything = any(company.patterns for company in rules.companies)
    for kind, owner, terms, exact_case, vetoes in groups:
        target = owner or "ai"
        for term, weight in terms.items():
            for variant in spellings(term):
                key = fold(variant)
                in_name = anything or key in names
                table[key].append(
                    make_pattern(kind, owner, variant, term in exact_case, weight, target=target, in_name=in_name)
                )
        for veto in vetoes:
            table[fold(veto)].append(make_pattern(VETO, owner, veto, False, 0.0))
    return table


def key_entry(
    key: str, patterns: list[Pattern]
) -> tuple[bool, bool, bool, str | None, Pattern | None, tuple[Pattern, ...]]:
    """What a hit of a key needs: Latin word boundaries at its start and end; whether it holds a name; the
    context term it is (only its presence matters); `single`, its only other pattern when that needs no check
    of case or Korean boundaries (the fast path of most hits); the other patterns."""
    context = next((p.text for p in patterns if p.kind == CONTEXT), None)
    others = tuple(p for p in patterns if p.kind != CONTEXT)
    only = others[0] if len(others) == 1 else None
    single = only if only is not None and not only.exact and not (only.boundaries and only.hangul_edge) else None
    has_names = any(p.kind == COMPANY for p in others)
    return is_latin(key[0]), is_latin(key[-1]), has_names, context, single, others
