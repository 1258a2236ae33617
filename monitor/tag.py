"""Tag text by company and by AI-industry layer, with evidence, in one pass over the text.

All rule strings (aliases, layer terms, AI signals, vetoes, context terms) go into one
Aho-Corasick automaton over lower-cased text; each hit is then checked for case, word
boundaries (Latin) or particles (Korean), vetoes and context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import ahocorasick

from monitor.config import LAYER_IDS
from monitor.models import Evidence, Rejection, Tags
from monitor.rules import Rules

TITLE_WEIGHT = 1.5
LAYER_THRESHOLD = 2.0  # a layer needs this much keyword evidence
STRONG_LAYER = 3.0  # evidence that makes an item AI news without any generic AI word
SECONDARY_SHARE = 0.5  # a second layer needs at least this share of the primary's score
DEFAULT_LAYER_BONUS = 0.75  # a tagged company's default layer wins close calls for primary

_COMPANY, _LAYER, _AI, _VETO, _CONTEXT = range(5)
_KINDS = ("company", "layer", "ai", "veto", "context")

# Korean particles and endings that may follow a name with no space (엔비디아의, 오픈AI가, 구글에서는).
PARTICLES = frozenset(
    """의 가 이 은 는 을 를 과 와 도 에 에서 에게 께 께서 한테 로 으로 로서 으로서 로써 으로써 로부터 으로부터
    부터 까지 만 보다 처럼 같이 마저 조차 뿐 나 이나 든 이든 랑 이랑 하고 며 이며 자 이자 고 라고 이라고
    란 이란 라는 이라는 라며 이라며 다 이다 였다 이었다 인 이던 였던 이었던 엔 야 이야 측 등 발 표 판 사
    과의 와의 에의 에서의 로의 으로의 에는 에선 에도 와도 과도 만의 만이 만은""".split()
)


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: int
    owner: str  # company or layer id; "" for AI signals
    text: str
    exact: bool
    weight: float
    latin_start: bool
    latin_end: bool
    hangul_start: bool
    hangul_end: bool
    boundaries: bool  # Hangul terms of layers and AI signals match anywhere; names never do
    context: tuple[str, ...] = ()


@dataclass
class _Scan:
    """Hits of one text, before decisions."""

    names: list[tuple[int, int, _Pattern]] = field(default_factory=list)
    terms: list[tuple[int, int, _Pattern]] = field(default_factory=list)
    vetoes: dict[str, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    context: set[str] = field(default_factory=set)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (position, term, reason)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _particle_run(run: str) -> bool:
    """True when a run of Hangul right after a name is one to three particles or endings."""
    if run in PARTICLES:
        return True
    for cut in range(1, len(run)):
        head, tail = run[:cut], run[cut:]
        if head in PARTICLES and (
            tail in PARTICLES
            or any(tail[:k] in PARTICLES and tail[k:] in PARTICLES for k in range(1, len(tail)))
        ):
            return True
    return False


def _lower(text: str) -> str:
    """Lower-case without changing length, so positions stay valid in the original text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Tagger:
    """Compiled rules. `tag(title, summary)` is pure and thread-safe."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._defaults = {c.id: c.default_layer for c in rules.companies}
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Pattern]] = defaultdict(list)
        for company in rules.companies:
            for alias in company.aliases:
                context = tuple(_lower(t) for t in company.context.get(alias, ()))
                table[_lower(alias)].append(
                    self._pattern(
                        _COMPANY, company.id, alias, alias in company.exact_case, 1.0, True, context
                    )
                )
                for term in context:
                    table[term].append(self._pattern(_CONTEXT, company.id, term, False, 0.0, True))
            for veto in company.vetoes:
                table[_lower(veto)].append(self._pattern(_VETO, company.id, veto, False, 0.0, False))
        for layer in rules.layers:
            for term, weight in layer.terms.items():
                table[_lower(term)].append(
                    self._pattern(_LAYER, layer.id, term, term in layer.exact_case, weight, False)
                )
            for veto in layer.vetoes:
                table[_lower(veto)].append(self._pattern(_VETO, layer.id, veto, False, 0.0, False))
        for term, weight in rules.ai_terms.items():
            table[_lower(term)].append(
                self._pattern(_AI, "", term, term in rules.ai_exact_case, weight, False)
            )
        for key, patterns in table.items():
            self._automaton.add_word(key, (len(key), tuple(patterns)))
        self._words = bool(table)
        if self._words:
            self._automaton.make_automaton()
        self._regex, self._regex_owner = self._compile_patterns(rules)

    @staticmethod
    def _pattern(
        kind: int,
        owner: str,
        text: str,
        exact: bool,
        weight: float,
        names: bool,
        context: tuple[str, ...] = (),
    ) -> _Pattern:
        return _Pattern(
            kind=kind,
            owner=owner,
            text=text,
            exact=exact,
            weight=weight,
            latin_start=_is_latin(text[0]),
            latin_end=_is_latin(text[-1]),
            hangul_start=_is_hangul(text[0]),
            hangul_end=_is_hangul(text[-1]),
            boundaries=names,
            context=context,
        )

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
        scan = _Scan()
        low = _lower(text)
        n = len(text)
        for end, (length, patterns) in self._automaton.iter(low) if self._words else ():
            start = end - length + 1
            stop = end + 1
            for p in patterns:
                if p.exact and text[start:stop] != p.text:
                    if p.kind == _COMPANY:
                        scan.rejected.append((start, text[start:stop], f"case differs from {p.text!r}"))
                    continue
                reason = self._boundary_problem(text, low, start, stop, n, p)
                if reason:
                    if p.kind == _COMPANY:
                        scan.rejected.append((start, text[start:stop], reason))
                    continue
                if p.kind == _COMPANY:
                    scan.names.append((start, stop, p))
                elif p.kind in (_LAYER, _AI):
                    scan.terms.append((start, stop, p))
                elif p.kind == _VETO:
                    scan.vetoes[p.owner].append((start, stop, p.text))
                else:
                    scan.context.add(p.text)
        if self._regex is not None:
            for match in self._regex.finditer(text):
                group = next(
                    g for g, v in match.groupdict().items() if v is not None and g in self._regex_owner
                )
                p = self._pattern(_COMPANY, self._regex_owner[group], match.group(0), False, 1.0, False)
                scan.names.append((match.start(), match.end(), p))
        return scan

    @staticmethod
    def _boundary_problem(text: str, low: str, start: int, stop: int, n: int, p: _Pattern) -> str | None:
        before = text[start - 1] if start > 0 else " "
        after = text[stop] if stop < n else " "
        if p.latin_start and _is_latin(before):
            return "inside a longer word"
        if p.latin_end and _is_latin(after):
            return "inside a longer word"
        if not p.boundaries:
            return None
        if p.hangul_start and _is_hangul(before):
            return "preceded by Hangul: part of a longer Korean word"
        if p.hangul_end and _is_hangul(after):
            j = stop
            while j < n and _is_hangul(text[j]):
                j += 1
            run = text[stop:j]
            if not _particle_run(run):
                return f"followed by '{run}': part of a longer Korean word"
        return None

    # --- decisions ----------------------------------------------------------------------------

    def tag(self, title: str, summary: str) -> Tags:
        text = f"{title}\n{summary}"
        split = len(title) + 1
        scan = self._scan(text)
        rejected = [
            Rejection(term, *self._where(pos, split), reason=reason) for pos, term, reason in scan.rejected
        ]
        evidence: list[Evidence] = []
        company_scores: dict[str, float] = defaultdict(float)
        accepted = self._accept_names(scan, text, split, rejected)
        for start, _stop, p in accepted:
            field_name, position = self._where(start, split)
            weight = 2.0 if field_name == "title" else 1.0
            company_scores[p.owner] += weight
            evidence.append(Evidence(p.owner, "company", p.text, field_name, position, weight))

        layer_scores: dict[str, float] = defaultdict(float)
        ai_score = 0.0
        counted: set[tuple[str, str, str]] = set()
        for start, stop, p in scan.terms:
            if p.kind == _LAYER and self._vetoed(scan.vetoes.get(p.owner), start, stop):
                field_name, position = self._where(start, split)
                rejected.append(Rejection(text[start:stop], field_name, position, "inside a veto phrase"))
                continue
            field_name, position = self._where(start, split)
            key = (p.owner, _lower(p.text), field_name)
            if key in counted:
                continue
            counted.add(key)
            weight = p.weight * (TITLE_WEIGHT if field_name == "title" else 1.0)
            if p.kind == _AI:
                ai_score += weight
                continue
            layer_scores[p.owner] += weight
            evidence.append(Evidence(p.owner, "layer", p.text, field_name, position, weight))

        layers, primary = self._decide_layers(layer_scores, ai_score, company_scores)
        kept_layers = set(layers)
        evidence = [e for e in evidence if e.kind == "company" or e.tag in kept_layers]
        scores = {
            **{c: round(s, 2) for c, s in company_scores.items()},
            **{layer: round(layer_scores[layer], 2) for layer in layers},
        }
        return Tags(
            companies=tuple(sorted(company_scores)),
            layers=tuple(sorted(layers)),
            primary_layer=primary,
            scores=scores,
            evidence=tuple(evidence),
            rejected=tuple(rejected),
        )

    def _accept_names(
        self, scan: _Scan, text: str, split: int, rejected: list[Rejection]
    ) -> list[tuple[int, int, _Pattern]]:
        present = scan.context
        survivors = []
        for start, stop, p in scan.names:
            field_name, position = self._where(start, split)
            veto = self._vetoed(scan.vetoes.get(p.owner), start, stop)
            if veto:
                rejected.append(
                    Rejection(text[start:stop], field_name, position, f"inside veto phrase {veto!r}")
                )
                continue
            if p.context and not present.intersection(p.context):
                rejected.append(
                    Rejection(
                        text[start:stop], field_name, position, "ambiguous name without its context terms"
                    )
                )
                continue
            survivors.append((start, stop, p))
        accepted = []
        for start, stop, p in survivors:
            longer = next(
                (
                    q
                    for s, e, q in survivors
                    if q.owner != p.owner and s <= start and stop <= e and e - s > stop - start
                ),
                None,
            )
            if longer is not None:
                field_name, position = self._where(start, split)
                rejected.append(
                    Rejection(
                        text[start:stop],
                        field_name,
                        position,
                        f"part of the longer name {longer.text!r} ({longer.owner})",
                    )
                )
                continue
            accepted.append((start, stop, p))
        return accepted

    @staticmethod
    def _vetoed(spans: list[tuple[int, int, str]] | None, start: int, stop: int) -> str | None:
        if not spans:
            return None
        for s, e, phrase in spans:
            if s < stop and start < e:
                return phrase
        return None

    @staticmethod
    def _where(position: int, split: int) -> tuple[str, int]:
        return ("title", position) if position < split else ("summary", position - split)

    def _decide_layers(
        self, layer_scores: dict[str, float], ai_score: float, company_scores: dict[str, float]
    ) -> tuple[list[str], str | None]:
        if not layer_scores:
            return [], None
        best = max(layer_scores.values())
        if best < LAYER_THRESHOLD or (ai_score <= 0 and best < STRONG_LAYER):
            return [], None
        defaults = {self._defaults.get(c) for c in company_scores} - {None}
        ranked = sorted(
            layer_scores,
            key=lambda layer: (
                -(layer_scores[layer] + (DEFAULT_LAYER_BONUS if layer in defaults else 0.0)),
                LAYER_IDS.index(layer),
            ),
        )
        primary = ranked[0]
        floor = max(LAYER_THRESHOLD, SECONDARY_SHARE * layer_scores[primary])
        layers = [primary] + [layer for layer in ranked[1:] if layer_scores[layer] >= floor]
        return layers, primary
