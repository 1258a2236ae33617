"""Tag text by company, by AI-industry layer and by topic, with evidence, in one pass over the text.

All rule strings (aliases, layer and topic terms, AI signals, vetoes, context terms) go into one
Aho-Corasick automaton over lower-cased text; each hit is then checked for case, word
boundaries (Latin) or particles (Korean), vetoes and context.

The primary layer is decided by what happened (the event's words); an AI-native company's name
is evidence for its default layer only when the item has no layer words at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum

import ahocorasick_rs

from monitor.config import LAYER_IDS
from monitor.models import Evidence, Rejection, Tags
from monitor.rules import CompanyRule, Rules
from monitor.textmatch import PARTICLES, WORD_CHARS, fold, is_hangul, is_latin, korean_boundary_problem, spellings

__all__ = ["PARTICLES", "Tagger"]

TITLE_WEIGHT = 1.5
PRODUCT_WEIGHT = 2.0  # a product or model name (GPT-5.1, Blackwell) is evidence for its layer
NAME_WEIGHT = 1.0  # an AI-native company's name: evidence for its default layer when no layer word is there
LAYER_THRESHOLD = 1.0  # with an AI signal, the best layer needs this much keyword evidence
STRONG_LAYER = 3.0  # evidence that makes an item AI news without any generic AI word
SECONDARY_MIN = 3.0  # a second layer needs this much evidence
SECONDARY_SHARE = 0.8  # and at least this share of the primary's score
TOPIC_MIN = 2.0  # a topic needs one strong term (2) or two supporting ones (1 + 1)
TOPIC_SHARE = 0.8  # a second or third topic also needs this share of the first's score
MAX_TOPICS = 3
EVENT_EVIDENCE = 2.0  # layer words this strong say what happened; below it a lab's name still counts
DEFAULT_LAYER_BONUS = 1.0  # a tagged company's default layer wins close calls for primary


class Kind(IntEnum):
    """What a rule string is."""

    COMPANY = 0  # a company's name, product or person
    LAYER = 1  # a layer's term
    AI = 2  # a generic AI signal
    VETO = 3  # a phrase in which its owner's names or terms do not count
    CONTEXT = 4  # a term an ambiguous name needs nearby
    TOPIC = 5  # a topic's term


_LAYER_RANK = {layer: n for n, layer in enumerate(LAYER_IDS)}  # ties between layers go to the earlier one

# Plain ints in the hot loop: an IntEnum member hashes through Python code (Enum.__hash__)
_COMPANY, _LAYER, _AI, _VETO, _CONTEXT, _TOPIC = (int(kind) for kind in Kind)


@dataclass(frozen=True, slots=True)
class _Pattern:
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
Hit = tuple[int, int, _Pattern]
Found = tuple[str, str, int, int, float]


class _Scan:
    """Hits of one text by kind, before decisions."""

    __slots__ = ("context", "names", "rejected", "signals", "terms", "topics", "vetoes")

    def __init__(
        self, by_kind: tuple[list[Hit], ...], contexts: list[str], rejected: list[tuple[int, str, str]]
    ) -> None:
        self.names = by_kind[_COMPANY]
        self.terms = by_kind[_LAYER]  # layer terms
        self.signals = by_kind[_AI]  # generic AI terms
        self.topics = by_kind[_TOPIC]  # topic terms
        self.vetoes: dict[str, list[tuple[int, int, str]]] = {}  # by owner: (start, stop, phrase)
        for start, stop, p in by_kind[_VETO]:
            self.vetoes.setdefault(p.owner, []).append((start, stop, p.text))
        self.context = set(contexts)  # context terms present
        self.rejected = rejected  # (position, term, reason)


def _alias_evidence(company: CompanyRule, alias: str) -> tuple[str | None, float, bool]:
    """The layer a name is evidence for, its weight, and whether it is a product."""
    if alias in company.products:
        return company.products[alias], PRODUCT_WEIGHT, True
    if company.ai_native and company.default_layer:
        return company.default_layer, NAME_WEIGHT, False
    return None, 0.0, False


def _pattern(kind: int, owner: str, text: str, exact: bool, weight: float, **extra: object) -> _Pattern:
    target = str(extra.get("target") or "")
    return _Pattern(
        kind=kind,
        owner=owner,
        text=text,
        exact=exact,
        weight=weight,
        hangul_edge=is_hangul(text[0]) or is_hangul(text[-1]),
        boundaries=kind == _COMPANY,
        key=fold(text),
        title_key=(target, fold(text), True),
        summary_key=(target, fold(text), False),
        title_weight=weight * TITLE_WEIGHT,
        **extra,  # type: ignore[arg-type]
    )


def _compile_table(rules: Rules) -> dict[str, list[_Pattern]]:
    """Every rule string, lower-cased, with the patterns it stands for."""
    table: dict[str, list[_Pattern]] = defaultdict(list)
    for company in rules.companies:
        for alias in company.aliases:
            context = tuple(fold(t) for t in company.context.get(alias, ()))
            layer, weight, product = _alias_evidence(company, alias)
            evidence = {"context": context, "target": layer, "product": product}
            table[fold(alias)].append(
                _pattern(_COMPANY, company.id, alias, alias in company.exact_case, weight, **evidence)
            )
            for term in context:  # one context pattern per term: only its presence matters
                if not any(q.kind == _CONTEXT for q in table[term]):
                    table[term].append(_pattern(_CONTEXT, "", term, False, 0.0))
        for veto in company.vetoes:
            table[fold(veto)].append(_pattern(_VETO, company.id, veto, False, 0.0))
    groups = [(_LAYER, rule.id, rule.terms, rule.exact_case, rule.vetoes) for rule in rules.layers]
    groups += [(_TOPIC, rule.id, rule.terms, rule.exact_case, rule.vetoes) for rule in rules.topics]
    groups.append((_AI, "", rules.ai_terms, rules.ai_exact_case, ()))
    # Every name's text, to know which terms may lie inside a name (a company's regex may match anything)
    names = "\x00".join(key for key, patterns in table.items() if any(p.kind == _COMPANY for p in patterns))
    anything = any(company.patterns for company in rules.companies)
    for kind, owner, terms, exact_case, vetoes in groups:
        target = owner or "ai"
        for term, weight in terms.items():
            for variant in spellings(term):
                key = fold(variant)
                in_name = anything or key in names
                table[key].append(
                    _pattern(kind, owner, variant, term in exact_case, weight, target=target, in_name=in_name)
                )
        for veto in vetoes:
            table[fold(veto)].append(_pattern(_VETO, owner, veto, False, 0.0))
    return table


class Tagger:
    """Compiled rules. `tag(title, summary)` is pure and thread-safe."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._defaults = {c.id: c.default_layer for c in rules.companies}
        self._ai_native = frozenset(c.id for c in rules.companies if c.ai_native)
        self._topic_order = {rule.id: n for n, rule in enumerate(rules.topics)}
        table = _compile_table(rules)
        self._keys = [_key_entry(key, patterns) for key, patterns in table.items()]  # by index in the automaton
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(table), matchkind=ahocorasick_rs.MatchKind.Standard) if table else None
        )
        self._regex, self._regex_owner = self._compile_patterns(rules)

    @staticmethod
    def _compile_patterns(rules: Rules) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        owner, parts = {}, []
        for company in rules.companies:
            for pattern in company.patterns:
                name = f"p{len(parts)}"
                owner[name] = company.id
                parts.append(f"(?P<{name}>{pattern})")
        return (re.compile("|".join(parts)) if parts else None), owner

    # --- scanning -----------------------------------------------------------------------------

    def _scan(self, text: str) -> _Scan:
        n = len(text)
        word = WORD_CHARS
        rejected: list[tuple[int, str, str]] = []
        reject = rejected.append
        by_kind: tuple[list[Hit], ...] = ([], [], [], [], [], [])  # indexed by Kind
        contexts: list[str] = []
        keys = self._keys
        hits = self._automaton.find_matches_as_indexes(fold(text), overlapping=True) if self._automaton else ()
        for index, start, stop in hits:
            latin_start, latin_end, has_names, context, single, patterns = keys[index]
            if (latin_start and start > 0 and text[start - 1] in word) or (
                latin_end and stop < n and text[stop] in word
            ):
                if has_names:
                    reject((start, text[start:stop], "inside a longer word"))
                continue
            if context is not None:
                contexts.append(context)
            if single is not None:
                by_kind[single.kind].append((start, stop, single))
                continue
            korean: str | bool | None = False  # not yet checked
            for p in patterns:
                if p.exact and text[start:stop] != p.text:
                    if p.kind == _COMPANY:
                        reject((start, text[start:stop], f"case differs from {p.text!r}"))
                    continue
                if p.boundaries and p.hangul_edge:
                    if korean is False:
                        korean = korean_boundary_problem(text, start, stop, n)
                    if korean:
                        reject((start, text[start:stop], korean))
                        continue
                by_kind[p.kind].append((start, stop, p))
        if self._regex is not None:
            for match in self._regex.finditer(text):
                group = next(g for g, v in match.groupdict().items() if v is not None and g in self._regex_owner)
                p = _pattern(_COMPANY, self._regex_owner[group], match.group(0), False, 1.0)
                by_kind[_COMPANY].append((match.start(), match.end(), p))
        return _Scan(by_kind, contexts, rejected)

    # --- decisions ----------------------------------------------------------------------------

    def tag(self, title: str, summary: str, *, explain: bool = False) -> Tags:
        """Companies, layers and topics of one item. With `explain`, also every rejected match and why."""
        text = f"{title}\n{summary}"
        split = len(title) + 1
        scan = self._scan(text)
        notes = scan.rejected if explain else None
        names = self._accept_names(scan, notes) if scan.names else scan.names
        company_scores, found, ai_names = self._company_scores(names, split) if names else ({}, [], 0.0)
        layer_scores, layer_found, ai_terms = _layer_scores(scan, names, text, split, notes)
        layers, primary = self._decide_layers(layer_scores, ai_names + ai_terms, company_scores)
        scores = {c: round(v, 2) for c, v in company_scores.items()}
        if layers:
            found += [f for f in layer_found if f[0] in layers]
            for layer in layers:
                scores[layer] = round(layer_scores[layer], 2)
        topics: list[str] = []
        if scan.topics:  # an item without topic terms skips the step
            topics, topic_scores, topic_found = self._topics(scan, names, text, split, notes)
            found += topic_found
            for topic in topics:
                scores[topic] = round(topic_scores[topic], 2)
        new = tuple.__new__  # an Evidence without the Python-level __new__ of a NamedTuple
        evidence = [
            new(Evidence, (tag, kind, text[start:stop], "title", start, weight))
            if start < split
            else new(Evidence, (tag, kind, text[start:stop], "summary", start - split, weight))
            for tag, kind, start, stop, weight in found
        ]
        rejected = [Rejection(term, *_field(pos, split), reason=reason) for pos, term, reason in notes or ()]
        # positional: companies, layers, primary_layer, scores, evidence, rejected, topics
        return Tags(
            tuple(sorted(company_scores)), tuple(sorted(layers)), primary, scores, tuple(evidence), tuple(rejected),
            tuple(topics),
        )  # fmt: skip

    def _topics(
        self, scan: _Scan, names: list[Hit], text: str, split: int, notes: list[tuple[int, str, str]] | None
    ) -> tuple[list[str], dict[str, float], list[Found]]:
        """The item's topics, their scores and their evidence."""
        hits = _unvetoed(scan.topics, scan.vetoes, text, notes)
        if names:  # '버그' in '저커버그' is part of a name, not a bug
            hits = _outside_names(hits, names, text, notes)
        scores, found = _field_scores(_outermost(hits) if len(hits) > 1 else hits, split, "topic")
        topics = self._decide_topics(scores)
        return topics, scores, [f for f in found if f[0] in topics]

    def _company_scores(self, names: list[Hit], split: int) -> tuple[dict[str, float], list[Found], float]:
        """Each accepted name: 2 in the title, 1 in the summary; each AI-native company is one AI signal."""
        scores: dict[str, float] = {}
        found: list[Found] = []
        ai_score = 0.0
        for start, stop, p in names:
            weight = 2.0 if start < split else 1.0
            owner = p.owner
            if owner in scores:
                scores[owner] += weight
            else:
                scores[owner] = weight
                if owner in self._ai_native:
                    ai_score += 1.0
            found.append((owner, "company", start, stop, weight))
        return scores, found, ai_score

    def _accept_names(self, scan: _Scan, notes: list[tuple[int, str, str]] | None) -> list[Hit]:
        """Names that survive vetoes, context requirements and longer names of other companies."""
        survivors = []
        vetoed: set[tuple[str, str]] = set()
        vetoes = scan.vetoes
        for hit in scan.names:
            start, stop, p = hit
            veto = _overlapping(vetoes[p.owner], start, stop) if p.owner in vetoes else None
            if veto:
                vetoed.add((p.owner, p.key))
                if notes is not None:
                    notes.append((start, p.text, f"inside veto phrase {veto!r}"))
            elif p.context and scan.context.isdisjoint(p.context):
                if notes is not None:
                    notes.append((start, p.text, "ambiguous name without its context terms"))
            else:
                survivors.append(hit)
        if vetoed:
            survivors = _drop_vetoed_elsewhere(survivors, vetoed, notes)
        if len({p.owner for _start, _stop, p in survivors}) < 2:
            return survivors
        accepted = []
        for hit in survivors:
            start, stop, p = hit
            for s, e, longer in survivors:
                if longer.owner != p.owner and s <= start and stop <= e and e - s > stop - start:
                    if notes is not None:
                        notes.append((start, p.text, f"part of the longer name {longer.text!r} ({longer.owner})"))
                    break
            else:
                accepted.append(hit)
        return accepted

    def _decide_layers(
        self, layer_scores: dict[str, float], ai_score: float, company_scores: dict[str, float]
    ) -> tuple[list[str], str | None]:
        """Layers need keyword support; without any AI signal, strong support. Defaults only break ties."""
        if not layer_scores:
            return [], None
        best = max(layer_scores.values())
        if best < (LAYER_THRESHOLD if ai_score > 0 else STRONG_LAYER):
            return [], None
        if len(layer_scores) == 1:
            return list(layer_scores), next(iter(layer_scores))
        defaults = {self._defaults.get(c) for c in company_scores}
        ranked_scores = {
            layer: score + (DEFAULT_LAYER_BONUS if layer in defaults else 0.0) for layer, score in layer_scores.items()
        }
        ranked = sorted(ranked_scores, key=lambda layer: (-ranked_scores[layer], _LAYER_RANK[layer]))
        primary = ranked[0]
        floor = max(SECONDARY_MIN, SECONDARY_SHARE * ranked_scores[primary])
        layers = [primary] + [layer for layer in ranked[1:] if layer_scores[layer] >= floor]
        return layers, primary

    def _decide_topics(self, scores: dict[str, float]) -> list[str]:
        """Zero to three topics: each needs TOPIC_MIN, a second or third also TOPIC_SHARE of the first."""
        if len(scores) < 2:
            return [topic for topic, score in scores.items() if score >= TOPIC_MIN]
        order = self._topic_order
        ranked = sorted((t for t in scores if scores[t] >= TOPIC_MIN), key=lambda t: (-scores[t], order.get(t, 0)))
        if not ranked:
            return []
        floor = TOPIC_SHARE * scores[ranked[0]]
        return [ranked[0]] + [t for t in ranked[1:MAX_TOPICS] if scores[t] >= floor]


def _key_entry(
    key: str, patterns: list[_Pattern]
) -> tuple[bool, bool, bool, str | None, _Pattern | None, tuple[_Pattern, ...]]:
    """What a hit of a key needs: Latin word boundaries at its start and end; whether it holds a name; the
    context term it is (only its presence matters); `single`, its only other pattern when that needs no check
    of case or Korean boundaries (the fast path of most hits); the other patterns."""
    context = next((p.text for p in patterns if p.kind == _CONTEXT), None)
    others = tuple(p for p in patterns if p.kind != _CONTEXT)
    only = others[0] if len(others) == 1 else None
    single = only if only is not None and not only.exact and not (only.boundaries and only.hangul_edge) else None
    has_names = any(p.kind == _COMPANY for p in others)
    return is_latin(key[0]), is_latin(key[-1]), has_names, context, single, others


def _layer_scores(
    scan: _Scan, names: list[Hit], text: str, split: int, notes: list[tuple[int, str, str]] | None
) -> tuple[dict[str, float], list[Found], float]:
    """Layer scores with their evidence, and the AI signals' score. Layer words and product names decide;
    an AI-native company's name says what it usually does only when no layer word says what happened."""
    terms = _unvetoed(scan.terms, scan.vetoes, text, notes)
    evidence = terms
    lab_names = []
    if names:
        products = []
        for hit in names:
            p = hit[2]
            if p.product:
                products.append(hit)
            elif p.target:
                lab_names.append(hit)
        if products:
            evidence = products + terms
    if len(evidence) > 1:
        evidence = _outermost(evidence)
    if lab_names and not _says_what_happened(terms, split):
        evidence = evidence + lab_names  # nothing says strongly what happened (a funding round, a stake): who did it
    if not evidence and not scan.signals:
        return {}, [], 0.0
    scores, found = _field_scores(scan.signals + evidence, split)  # 'AI' inside 'AI agent' still says AI
    return scores, found, scores.pop("ai", 0.0)


def _says_what_happened(terms: list[Hit], split: int) -> bool:
    """Whether a layer's words score EVENT_EVIDENCE. Weights are positive, so one strong term is enough."""
    for start, _stop, p in terms:
        if (p.title_weight if start < split else p.weight) >= EVENT_EVIDENCE:
            return True
    return bool(terms) and max(_field_scores(terms, split)[0].values()) >= EVENT_EVIDENCE


def _unvetoed(
    hits: list[Hit], vetoes: dict[str, list[tuple[int, int, str]]], text: str, notes: list[tuple[int, str, str]] | None
) -> list[Hit]:
    """Terms outside their owner's veto phrases."""
    if not vetoes:
        return hits
    kept = []
    for hit in hits:
        start, stop, p = hit
        veto = _overlapping(vetoes.get(p.owner), start, stop)
        if veto:
            if notes is not None:
                notes.append((start, text[start:stop], f"inside veto phrase {veto!r}"))
            continue
        kept.append(hit)
    return kept


def _outside_names(hits: list[Hit], names: list[Hit], text: str, notes: list[tuple[int, str, str]] | None) -> list[Hit]:
    """Terms that are not part of an accepted company name."""
    kept = []
    for hit in hits:
        start, stop, p = hit
        if not p.in_name:  # its text is in no name: the common case
            kept.append(hit)
            continue
        for name_start, name_stop, name in names:
            if name_start <= start and stop <= name_stop:
                if notes is not None:
                    notes.append((start, text[start:stop], f"part of the name {name.text!r}"))
                break
        else:
            kept.append(hit)
    return kept


def _field_scores(hits: list[Hit], split: int, kind: str = "layer") -> tuple[dict[str, float], list[Found]]:
    """Score per target; each term counts once per field (title, summary), at the highest weight given it."""
    best: dict[tuple[str, str, bool], Found] = {}
    get = best.get
    for start, stop, p in hits:
        if start < split:
            key, weight = p.title_key, p.title_weight
        else:
            key, weight = p.summary_key, p.weight
        old = get(key)
        if old is None or old[4] < weight:
            best[key] = (key[0], kind, start, stop, weight)
    scores: dict[str, float] = {}
    for tag, _kind, _start, _stop, weight in best.values():
        scores[tag] = scores.get(tag, 0.0) + weight
    return scores, list(best.values())


def _drop_vetoed_elsewhere(
    survivors: list[Hit], vetoed: set[tuple[str, str]], notes: list[tuple[int, str, str]] | None
) -> list[Hit]:
    """A name that a veto showed to mean something else ('the Amazon river') means it throughout the
    item, unless another of the company's names confirms the company."""
    confirmed = {p.owner for _start, _stop, p in survivors if (p.owner, p.key) not in vetoed}
    kept = []
    for hit in survivors:
        start, _stop, p = hit
        if (p.owner, p.key) in vetoed and p.owner not in confirmed:
            if notes is not None:
                notes.append((start, p.text, "the same name is vetoed elsewhere in the item"))
            continue
        kept.append(hit)
    return kept


def _overlapping(spans: list[tuple[int, int, str]] | None, start: int, stop: int) -> str | None:
    """The veto phrase whose span overlaps [start, stop), if any."""
    if spans:
        for s, e, phrase in spans:
            if s < stop and start < e:
                return phrase
    return None


def _field(position: int, split: int) -> tuple[str, int]:
    return ("title", position) if position < split else ("summary", position - split)


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Drop hits that lie inside a longer hit: the longer phrase says more ('AI 반도체 스타트업' over '반도체')."""
    reach = -1
    for start, stop, _p in hits:
        if start < reach:
            break
        reach = stop
    else:
        return hits  # in order and apart (the common case): none lies inside another
    ordered = sorted(hits, key=lambda h: (h[0], h[0] - h[1]))
    kept: list[Hit] = []
    reach = -1
    last = 0  # length of the last kept hit
    for hit in ordered:
        start, stop, _p = hit
        if stop <= reach and kept and last > stop - start:
            continue
        kept.append(hit)
        last = stop - start
        if stop > reach:
            reach = stop
    return kept
