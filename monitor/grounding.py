"""The grounding gate: a drafted paragraph may only say what the facts it was written from say.

Pure. Every company name (any alias in the rules, either language), money amount, other number and Latin-script
product or model name (GPT-5.1, Claude Opus 4.5, Gemini 3) in the paragraph must be found in the facts:

- companies by id: an alias in the draft counts when its company is an actor of a story or is named, by any of
  its aliases, in the facts' text; an alias with a number (GPT-5.1, 라마 4) also needs its numbers there, so
  GPT-5.2 is not grounded by facts about GPT-5.1;
- amounts by their value in US dollars, within AMOUNT_TOLERANCE (`380억 달러` matches `$38 billion`; a won
  conversion `약 53조 원` matches by krw_per_usd);
- other numbers by value (3,500 = 3500; 1만 = 10000 = 10 thousand), from the facts' text, dates and context;
- other Latin names word by word, case-insensitively, in the facts' text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick_rs

from monitor.amounts import ENGLISH_SCALE, KOREAN_UNIT, amounts_usd, extract_amounts
from monitor.rules import Rules
from monitor.textmatch import is_hangul, particle_run

AMOUNT_TOLERANCE = 0.06  # rounding of a figure and of its won conversion (at another day's rate)

# Latin words that are no one's name: acronyms of the trade, sentence openers, months.
GENERIC_WORDS = frozenset(
    """ai agi asi ceo cfo cto coo gpu gpus cpu cpus tpu tpus npu npus llm llms api apis ipo ipos us usa u.s uk eu
    hbm it r&d saas b2b b2c ar vr xr pc pcs ev evs ip id sdk app apps ml nlp rag gw mw kw twh gwh ai's
    the a an and or but so yet in on at for with by of to from as after before during while when where amid among
    across over under into this that these those it its they their he she his her we our you meanwhile also
    however still separately elsewhere together overall earlier later then now both such each another other
    in-house new first last next more most many some all any no not one two three four five six seven eight nine
    ten is was were are be been has have had will would could should may might can said says
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
    korea korean seoul china chinese japan japanese america american europe european taiwan india""".split()
)

# A number the facts spell out may be written in digits: "seven-year" grounds 7년, "third quarter" 3분기.
_NUMBER_WORDS = {
    word: n
    for n, words in enumerate(
        [("zero",), ("one", "first"), ("two", "second", "twice"), ("three", "third"), ("four", "fourth"),
         ("five", "fifth"), ("six", "sixth"), ("seven", "seventh"), ("eight", "eighth"), ("nine", "ninth"),
         ("ten", "tenth"), ("eleven",), ("twelve",)]
    )
    for word in words
}  # fmt: skip
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&']*(?:[-.][A-Za-z0-9]+)*")
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?([조억만천]|thousand|million|billion|trillion))?"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)[\"'‘“(]?$")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")


@dataclass(frozen=True, slots=True)
class Figure:
    """A story's money figure: as written, and its value in US dollars."""

    text: str
    usd: float


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """What one story brings to a request: its words, its actors (company ids) and figures."""

    title: str
    summary: str = ""
    actors: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    date: str = ""  # "2025-11-03": its numbers may be written (11월 3일)
    outlets: tuple[str, ...] = ()
    more: tuple[str, ...] = ()  # other articles' titles (the other language's, say)

    def text(self) -> str:
        parts = [self.title, self.summary, self.date, *self.outlets, *self.more, *(f.text for f in self.figures)]
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Verdict:
    grounded: bool
    missing: tuple[str, ...] = ()  # "company 마이크로소프트", "amount 500억 달러", "number 7", "name Gemini"

    def describe(self) -> str:
        return "grounded" if self.grounded else "ungrounded: " + ", ".join(self.missing)


@dataclass(frozen=True, slots=True)
class _Alias:
    text: str
    company: str
    exact: bool
    product: bool


class CompanyNames:
    """Every alias of every company in both languages, found in text as the tagger finds names: Latin aliases as
    whole words, Hangul ones not inside a longer Korean word (a particle may follow)."""

    def __init__(
        self, aliases: Iterable[tuple[str, str, bool, bool]], display: Mapping[str, tuple[str, str]] | None = None
    ) -> None:
        """aliases: (alias, company id, matched case-sensitively, is a product name); display: id -> (Korean
        name, English name), for writing the facts out."""
        self.display = dict(display or {})
        by_key: dict[str, list[_Alias]] = {}
        for text, company, exact, product in aliases:
            if text.strip():
                by_key.setdefault(text.lower(), []).append(_Alias(text, company, exact, product))
        self._keys = list(by_key)
        self._aliases = [by_key[k] for k in self._keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys) if self._keys else None

    @classmethod
    def from_rules(cls, rules: Rules) -> CompanyNames:
        return cls(
            ((alias, c.id, alias in c.exact_case, alias in c.products) for c in rules.companies for alias in c.aliases),
            {c.id: (c.name_ko, c.name_en) for c in rules.companies},
        )

    @classmethod
    def from_mapping(cls, aliases: Mapping[str, str]) -> CompanyNames:
        """alias -> company id (case-insensitive, no products): for callers without rule files."""
        return cls((alias, company, False, False) for alias, company in aliases.items())

    def find(self, text: str) -> list[tuple[int, int, _Alias]]:
        """Non-overlapping name mentions, longest first where they overlap."""
        if self._automaton is None or not text:
            return []
        low = _same_length_lower(text)
        hits: list[tuple[int, int, _Alias]] = []
        for index, start, end in self._automaton.find_matches_as_indexes(low, overlapping=True):
            alias = next((a for a in self._aliases[index] if not a.exact or text[start:end] == a.text), None)
            if alias is not None and _bounded(text, start, end):
                hits.append((start, end, alias))
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        chosen: list[tuple[int, int, _Alias]] = []
        for hit in hits:
            if all(hit[1] <= s or e <= hit[0] for s, e, _ in chosen):
                chosen.append(hit)
        return sorted(chosen, key=lambda h: h[0])

    def companies(self, text: str) -> set[str]:
        return {alias.company for _, _, alias in self.find(text)}

    def label(self, company: str, lang: str) -> str:
        """'오픈AI(OpenAI)' in Korean, 'OpenAI' in English; the id itself when the rules do not name it."""
        if company not in self.display:
            return company
        korean, english = self.display[company]
        english = english.split(" / ")[0].split(" (")[0]
        if lang != "ko":
            return english
        return korean if korean == english or korean.isascii() else f"{korean}({english})"


def _same_length_lower(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _bounded(text: str, start: int, end: int) -> bool:
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if first.isascii() and first.isalnum() and before.isascii() and before.isalnum():
        return False
    if last.isascii() and last.isalnum() and after.isascii() and after.isalnum():
        return False
    if last.isascii() and after in "-." and text[end + 1 : end + 2].isdigit():
        return False  # GPT-6 is not GPT: the whole name is checked as a product name
    if is_hangul(first) and is_hangul(before):
        return False
    if is_hangul(last) and is_hangul(after):
        run = _HANGUL_RUN.match(text, end)
        return run is not None and particle_run(run.group())
    return True


def _numbers(text: str) -> set[float]:
    """Every number in the text by value, both as written and scaled by a unit after it (38 billion: 38 and 3.8e10)."""
    values: set[float] = set()
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        values.add(round(value, 6))
        if m.group(3):
            values.add(round(value * _scale(m.group(3)), 6))
    return values


def _scale(unit: str) -> float:
    return KOREAN_UNIT.get(unit) or ENGLISH_SCALE[unit.lower()]


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


class _Facts:
    def __init__(self, facts: Sequence[DraftFacts], names: CompanyNames, context: Sequence[str], krw: float) -> None:
        self.text = "\n".join([*(f.text() for f in facts), *context])
        self.low = self.text.lower()
        self.companies = {actor for f in facts for actor in f.actors} | names.companies(self.text)
        self.amounts = [f.usd for story in facts for f in story.figures] + amounts_usd(self.text, krw)
        tokens = [w.lower() for w in _LATIN_TOKEN.findall(self.text)]
        self.words = {*tokens, *(part for w in tokens for part in re.split(r"[-.]", w))}
        self.numbers = _numbers(self.text) | {float(n) for w, n in _NUMBER_WORDS.items() if w in self.words}

    def has_amount(self, usd: float) -> bool:
        return any(abs(usd - known) <= AMOUNT_TOLERANCE * max(abs(known), 1.0) for known in self.amounts)

    def has_text(self, alias: str) -> bool:
        return alias.lower() in self.low


def check_grounding(
    paragraph: str,
    facts: Sequence[DraftFacts],
    names: CompanyNames,
    *,
    krw_per_usd: float = 1400.0,
    context: Sequence[str] = (),
) -> Verdict:
    """Whether every name, amount and number in `paragraph` is in `facts` (and `context`: the period, the
    section's heading: words the request gave the writer besides its stories)."""
    known = _Facts(facts, names, context, krw_per_usd)
    missing: list[str] = []
    text = paragraph
    for start, end, alias in names.find(paragraph):
        grounded = known.has_text(alias.text) or (
            alias.company in known.companies and _numbers(alias.text) <= known.numbers
        )
        if not grounded:
            missing.append(f"{'name' if alias.product else 'company'} {paragraph[start:end]}")
        text = _mask(text, start, end)
    for _ in range(3):  # a conversion after an amount is found once the amount is masked
        amounts = extract_amounts(text, krw_per_usd)
        for amount in amounts:
            if not known.has_amount(amount.usd):
                missing.append(f"amount {amount.text}")
            text = _mask(text, amount.position, amount.position + len(amount.text))
        if not amounts:
            break
    text = _check_latin(text, known, missing, english=_mostly_latin(paragraph))
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        scaled = value * _scale(m.group(3)) if m.group(3) else value
        if round(value, 6) not in known.numbers and round(scaled, 6) not in known.numbers:
            missing.append(f"number {m.group().strip()}")
    return Verdict(not missing, tuple(dict.fromkeys(missing)))


def _mostly_latin(text: str) -> bool:
    hangul = len(_HANGUL_RUN.findall(text))
    return hangul == 0 or len(_LATIN_TOKEN.findall(text)) > 2 * hangul


def _check_latin(text: str, known: _Facts, missing: list[str], *, english: bool) -> str:
    """Check the Latin names left in `text`; return it with every Latin word masked.

    In English prose a capitalised word opening a sentence may be an ordinary word; in Korean prose every
    capitalised Latin word is a name."""
    for m in _LATIN_TOKEN.finditer(text):
        word = m.group().removesuffix("'s")
        if (
            _name_like(word, text, m.start(), english=english)
            and word.lower() not in known.words
            and not known.has_text(word)
        ):
            missing.append(f"name {word}")
        text = _mask(text, m.start(), m.end())
    return text


def _name_like(word: str, text: str, start: int, *, english: bool) -> bool:
    """A product, model or company name rather than an ordinary word of an English sentence."""
    low = word.lower().rstrip(".")
    if low in GENERIC_WORDS or low.removesuffix("'s") in GENERIC_WORDS:
        return False
    if any(ch.isdigit() for ch in word) or any(ch.isupper() for ch in word[1:]):
        return True
    if not word[0].isupper():
        return False
    return not english or _SENTENCE_START.search(text, 0, start) is None
