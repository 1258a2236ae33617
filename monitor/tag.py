"""Tag text by company and by AI-industry layer, with evidence, in one pass over the text.

All rule strings (aliases, layer terms, AI signals, vetoes, context terms) go into one
Aho-Corasick automaton over lower-cased text; each hit is then checked for case, word
boundaries (Latin) or particles (Korean), vetoes and context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick_rs

from monitor.config import LAYER_IDS
from monitor.models import Evidence, Rejection, Tags
from monitor.rules import CompanyRule, Rules

TITLE_WEIGHT = 1.5
PRODUCT_WEIGHT = 2.0  # a product or model name (GPT-5.1, Blackwell) is evidence for its layer
NAME_WEIGHT = 1.0  # an AI-native company's name is weak evidence for its default layer
LAYER_THRESHOLD = 1.0  # with an AI signal, the best layer needs this much keyword evidence
STRONG_LAYER = 3.0  # evidence that makes an item AI news without any generic AI word
SECONDARY_MIN = 3.0  # a second layer needs this much evidence
SECONDARY_SHARE = 0.8  # and at least this share of the primary's score
DEFAULT_LAYER_BONUS = 1.5  # a tagged company's default layer wins close calls for primary

_COMPANY, _LAYER, _AI, _VETO, _CONTEXT = range(5)

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
    product_layer: str | None = None
    key: str = ""  # lower-cased text: one term, however it is written


class _Scan:
    """Hits of one text, before decisions."""

    __slots__ = ("context", "names", "rejected", "signals", "terms", "vetoes")

    def __init__(self) -> None:
        self.names: list[tuple[int, int, _Pattern]] = []
        self.terms: list[tuple[int, int, _Pattern]] = []  # layer terms
        self.signals: list[tuple[int, int, _Pattern]] = []  # generic AI terms
        self.vetoes: dict[str, list[tuple[int, int, str]]] = {}
        self.context: set[str] = set()
        self.rejected: list[tuple[int, str, str]] = []  # (position, term, reason)


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _korean_boundary_problem(text: str, start: int, stop: int, n: int) -> str | None:
    """Why a Hangul name at text[start:stop] is part of a longer Korean word, or None."""
    if (start == 0 or text[start - 1] < "\uac00") and (stop == n or text[stop] < "\uac00"):
        return None  # the common case: space or punctuation on both sides
    if start > 0 and _is_hangul(text[start - 1]) and _is_hangul(text[start]):
        return "preceded by Hangul: part of a longer Korean word"
    if stop < n and _is_hangul(text[stop]) and _is_hangul(text[stop - 1]):
        j = stop
        while j < n and _is_hangul(text[j]):
            j += 1
        run = text[stop:j]
        if not _particle_run(run):
            return f"followed by '{run}': part of a longer Korean word"
    return None


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
            tail in PARTICLES or any(tail[:k] in PARTICLES and tail[k:] in PARTICLES for k in range(1, len(tail)))
        ):
            return True
    return False


def _alias_evidence(company: CompanyRule, alias: str) -> tuple[str | None, float]:
    """The layer a name is evidence for: a product's layer; for an AI-native company, weakly, its default."""
    if alias in company.products:
        return company.products[alias], PRODUCT_WEIGHT
    if company.ai_native and company.default_layer:
        return company.default_layer, NAME_WEIGHT
    return None, 0.0


def _spellings(term: str) -> set[str]:
    """An English phrase also matches with hyphens for spaces and the other way round (credit-scoring)."""
    if not term.isascii() or not (" " in term or "-" in term):
        return {term}
    return {term, term.replace(" ", "-"), term.replace("-", " ")}


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
        self._ai_native = frozenset(c.id for c in rules.companies if c.ai_native)
        table: dict[str, list[_Pattern]] = defaultdict(list)
        for company in rules.companies:
            for alias in company.aliases:
                context = tuple(_lower(t) for t in company.context.get(alias, ()))
                layer, weight = _alias_evidence(company, alias)
                table[_lower(alias)].append(
                    self._pattern(
                        _COMPANY, company.id, alias, alias in company.exact_case, weight, True, context, layer
                    )
                )
                for term in context:  # one context pattern per term: only its presence matters
                    if not any(q.kind == _CONTEXT for q in table[term]):
                        table[term].append(self._pattern(_CONTEXT, "", term, False, 0.0, True))
            for veto in company.vetoes:
                table[_lower(veto)].append(self._pattern(_VETO, company.id, veto, False, 0.0, False))
        for layer in rules.layers:
            for term, weight in layer.terms.items():
                for variant in _spellings(term):
                    table[_lower(variant)].append(
                        self._pattern(_LAYER, layer.id, variant, term in layer.exact_case, weight, False)
                    )
            for veto in layer.vetoes:
                table[_lower(veto)].append(self._pattern(_VETO, layer.id, veto, False, 0.0, False))
        for term, weight in rules.ai_terms.items():
            for variant in _spellings(term):
                table[_lower(variant)].append(
                    self._pattern(_AI, "", variant, term in rules.ai_exact_case, weight, False)
                )
        # Every key's hits with their checks, by the key's index in the automaton
        self._keys = [
            (_is_latin(key[0]), _is_latin(key[-1]), any(p.kind == _COMPANY for p in patterns), tuple(patterns))
            for key, patterns in table.items()
        ]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(list(table), matchkind=ahocorasick_rs.MatchKind.Standard) if table else None
        )
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
        product_layer: str | None = None,
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
            product_layer=product_layer,
            key=_lower(text),
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
        word = _WORD_CHARS
        reject, name, term, signal = (
            scan.rejected.append,
            scan.names.append,
            scan.terms.append,
            scan.signals.append,
        )
        keys = self._keys
        hits = self._automaton.find_matches_as_indexes(low, overlapping=True) if self._automaton else ()
        for index, start, stop in hits:
            latin_start, latin_end, has_names, patterns = keys[index]
            if (latin_start and start > 0 and text[start - 1] in word) or (
                latin_end and stop < n and text[stop] in word
            ):
                if has_names:
                    reject((start, text[start:stop], "inside a longer word"))
                continue
            korean: str | bool | None = False  # not yet checked
            for p in patterns:
                if p.exact and text[start:stop] != p.text:
                    if p.kind == _COMPANY:
                        reject((start, text[start:stop], f"case differs from {p.text!r}"))
                    continue
                kind = p.kind
                if p.boundaries and (p.hangul_start or p.hangul_end):
                    if korean is False:
                        korean = _korean_boundary_problem(text, start, stop, n)
                    if korean:
                        if kind == _COMPANY:
                            reject((start, text[start:stop], korean))
                        continue
                if kind == _COMPANY:
                    name((start, stop, p))
                elif kind == _LAYER:
                    term((start, stop, p))
                elif kind == _AI:
                    signal((start, stop, p))
                elif kind == _VETO:
                    scan.vetoes.setdefault(p.owner, []).append((start, stop, p.text))
                else:
                    scan.context.add(p.text)
        if self._regex is not None:
            for match in self._regex.finditer(text):
                group = next(g for g, v in match.groupdict().items() if v is not None and g in self._regex_owner)
                p = self._pattern(_COMPANY, self._regex_owner[group], match.group(0), False, 1.0, False)
                scan.names.append((match.start(), match.end(), p))
        return scan

    # --- decisions ----------------------------------------------------------------------------

    def tag(self, title: str, summary: str, *, explain: bool = False) -> Tags:
        """Companies and layers of one item. With `explain`, also every rejected match and why."""
        text = f"{title}\n{summary}"
        split = len(title) + 1
        scan = self._scan(text)
        notes = scan.rejected if explain else None
        names = self._accept_names(scan, notes)

        company_scores: dict[str, float] = {}
        ai_score = 0.0
        found: list[tuple[str, str, int, int, float]] = []  # (tag, kind, start, stop, weight)
        for start, stop, p in names:
            weight = 2.0 if start < split else 1.0
            if p.owner in company_scores:
                company_scores[p.owner] += weight
            else:
                company_scores[p.owner] = weight
                if p.owner in self._ai_native:
                    ai_score += 1.0
            found.append((p.owner, "company", start, stop, weight))

        layer_hits = [hit for hit in names if hit[2].product_layer]
        for hit in scan.terms:
            start, stop, p = hit
            veto = _overlapping(scan.vetoes.get(p.owner), start, stop)
            if veto:
                if notes is not None:
                    notes.append((start, text[start:stop], f"inside veto phrase {veto!r}"))
                continue
            layer_hits.append(hit)
        if len(layer_hits) > 1:
            layer_hits = _outermost(layer_hits)

        # Each term counts once per field, at the highest weight any rule gives it.
        best: dict[tuple[str, str, bool], tuple[str, str, int, int, float]] = {}
        for start, stop, p in scan.signals + layer_hits:  # 'AI' inside 'AI agent' still says AI
            in_title = start < split
            layer = p.product_layer or p.owner or "ai"
            weight = p.weight * TITLE_WEIGHT if in_title else p.weight
            key = (layer, p.key, in_title)
            old = best.get(key)
            if old is None or old[4] < weight:
                best[key] = (layer, "layer", start, stop, weight)
        layer_scores: dict[str, float] = {}
        for layer, _kind, _start, _stop, weight in best.values():
            if layer == "ai":
                ai_score += weight
            else:
                layer_scores[layer] = layer_scores.get(layer, 0.0) + weight

        layers, primary = self._decide_layers(layer_scores, ai_score, company_scores)
        found += [e for e in best.values() if e[0] in layers]
        scores = {c: round(v, 2) for c, v in company_scores.items()}
        scores.update((layer, round(layer_scores[layer], 2)) for layer in layers)
        return Tags(
            companies=tuple(sorted(company_scores)),
            layers=tuple(sorted(layers)),
            primary_layer=primary,
            scores=scores,
            evidence=tuple(
                Evidence(tag, kind, text[start:stop], "title", start, weight)
                if start < split
                else Evidence(tag, kind, text[start:stop], "summary", start - split, weight)
                for tag, kind, start, stop, weight in found
            ),
            rejected=tuple(Rejection(term, *_field(pos, split), reason=reason) for pos, term, reason in notes or ()),
        )

    def _accept_names(self, scan: _Scan, notes: list[tuple[int, str, str]] | None) -> list[tuple[int, int, _Pattern]]:
        """Names that survive vetoes, context requirements and longer names of other companies."""
        survivors = []
        vetoed: set[tuple[str, str]] = set()
        for hit in scan.names:
            start, stop, p = hit
            veto = _overlapping(scan.vetoes.get(p.owner), start, stop)
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
            survivors = self._drop_vetoed_elsewhere(survivors, vetoed, notes)
        if len({p.owner for _s, _e, p in survivors}) < 2:
            return survivors
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
            if longer is None:
                accepted.append((start, stop, p))
            elif notes is not None:
                notes.append((start, p.text, f"part of the longer name {longer.text!r} ({longer.owner})"))
        return accepted

    @staticmethod
    def _drop_vetoed_elsewhere(
        survivors: list[tuple[int, int, _Pattern]],
        vetoed: set[tuple[str, str]],
        notes: list[tuple[int, str, str]] | None,
    ) -> list[tuple[int, int, _Pattern]]:
        """A name that a veto showed to mean something else ('the Amazon river') means it throughout the
        item, unless another of the company's names confirms the company."""
        confirmed = {p.owner for _s, _e, p in survivors if (p.owner, p.key) not in vetoed}
        kept = []
        for start, stop, p in survivors:
            if (p.owner, p.key) in vetoed and p.owner not in confirmed:
                if notes is not None:
                    notes.append((start, p.text, "the same name is vetoed elsewhere in the item"))
                continue
            kept.append((start, stop, p))
        return kept

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
        ranked = sorted(
            layer_scores,
            key=lambda layer: (
                -(layer_scores[layer] + (DEFAULT_LAYER_BONUS if layer in defaults else 0.0)),
                LAYER_IDS.index(layer),
            ),
        )
        primary = ranked[0]
        floor = max(SECONDARY_MIN, SECONDARY_SHARE * layer_scores[primary])
        layers = [primary] + [layer for layer in ranked[1:] if layer_scores[layer] >= floor]
        return layers, primary


def _overlapping(spans: list[tuple[int, int, str]] | None, start: int, stop: int) -> str | None:
    """The veto phrase whose span overlaps [start, stop), if any."""
    if spans:
        for s, e, phrase in spans:
            if s < stop and start < e:
                return phrase
    return None


def _field(position: int, split: int) -> tuple[str, int]:
    return ("title", position) if position < split else ("summary", position - split)


def _outermost(hits: list[tuple[int, int, _Pattern]]) -> list[tuple[int, int, _Pattern]]:
    """Drop hits that lie inside a longer hit: the longer phrase says more ('AI 반도체 스타트업' over '반도체')."""
    ordered = sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, _Pattern]] = []
    reach = -1
    for hit in ordered:
        start, stop, _p = hit
        if stop <= reach and kept and (kept[-1][1] - kept[-1][0]) > (stop - start):
            continue
        kept.append(hit)
        reach = max(reach, stop)
    return kept
