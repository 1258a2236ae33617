"""Tag text by company, by AI-industry layer and by topic, with evidence, in one pass over the text.

All rule strings (aliases, layer and topic terms, AI signals, vetoes, context terms) go into one
Aho-Corasick automaton over lower-cased text; each hit is then checked for case, word
boundaries (Latin) or particles (Korean), vetoes and context.

The primary layer is decided by what happened (the event's words); an AI-native company's name
is evidence for its default layer only when the item has no layer words at all.
"""

from __future__ import annotations

import re

import ahocorasick_rs

from monitor.config import LAYER_IDS
from monitor.models import Evidence, Rejection, Tags
from monitor.rules import Rules
from monitor.tag_patterns import (
    AI,
    COMPANY,
    LAYER,
    TOPIC,
    VETO,
    Found,
    Hit,
    compile_table,
    key_entry,
    make_pattern,
)
from monitor.textmatch import PARTICLES, WORD_CHARS, fold, korean_boundary_problem

__all__ = ["PARTICLES", "Tagger"]

LAYER_THRESHOLD = 1.0  # with an AI signal, the best layer needs this much keyword evidence
STRONG_LAYER = 3.0  # evidence that makes an item AI news without any generic AI word
SECONDARY_MIN = 3.0  # a second layer needs this much evidence
SECONDARY_SHARE = 0.8  # and at least this share of the primary's score
TOPIC_MIN = 2.0  # a topic needs one strong term (2) or two supporting ones (1 + 1)
TOPIC_SHARE = 0.8  # a second or third topic also needs this share of the first's score
MAX_TOPICS = 3
EVENT_EVIDENCE = 2.0  # layer words this strong say what happened; below it a lab's name still counts
DEFAULT_LAYER_BONUS = 1.0  # a tagged company's default layer wins close calls for primary


_LAYER_RANK = {layer: n for n, layer in enumerate(LAYER_IDS)}  # ties between layers go to the earlier one


class _Scan:
    """Hits of one text by kind, before decisions."""

    __slots__ = ("context", "names", "rejected", "signals", "terms", "topics", "vetoes")

    def __init__(
        self, by_kind: tuple[list[Hit], ...], contexts: list[str], rejected: list[tuple[int, str, str]]
    ) -> None:
        self.names = by_kind[COMPANY]
        self.terms = by_kind[LAYER]  # layer terms
        self.signals = by_kind[AI]  # generic AI terms
        self.topics = by_kind[TOPIC]  # topic terms
        self.vetoes: dict[str, list[tuple[int, int, str]]] = {}  # by owner: (start, stop, phrase)
        for start, stop, p in by_kind[VETO]:
            self.vetoes.setdefault(p.owner, []).append((start, stop, p.text))
        self.context = set(contexts)  # context terms present
        self.rejected = rejected  # (position, term, reason)


class Tagger:
    """Compiled rules. `tag(title, summary)` is pure and thread-safe."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._defaults = {c.id: c.default_layer for c in rules.companies}
        self._ai_native = frozenset(c.id for c in rules.companies if c.ai_native)
        self._topic_order = {rule.id: n for n, rule in enumerate(rules.topics)}
        table = compile_table(rules)
        self._keys = [key_entry(key, patterns) for key, patterns in table.items()]  # by index in the automaton
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(table), matchkind=ahocorasick_rs.MatchKind.Standard) if table else None
        )
        self._regex, self._regex_owner = self._compile_patterns(rules)

    @staticmethod
    def _compile_patterns(rules: Rules) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        owner: dict[str, str] = {}
        parts: list[str] = []
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
                    if p.kind == COMPANY:
                        reject((start, text[start:stop], f"case differs from {p.text!r}"))
                    continue
                if p.boundaries and p.hangul_edge:
                    if korean is False:
                        korean = korean_boundary_problem(text, start, stop, n)
                    if korean:
                        reject((start, text[start:stop], str(korean)))
                        continue
                by_kind[p.kind].append((start, stop, p))
        if self._regex is not None:
            for match in self._regex.finditer(text):
                group = next(g for g, v in match.groupdict().items() if v is not None and g in self._regex_owner)
                p = make_pattern(COMPANY, self._regex_owner[group], match.group(0), False, 1.0)
                by_kind[COMPANY].append((match.start(), match.end(), p))
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
