"""What story grouping compares of an item's text: title tokens (Latin words and numbers, Hangul bigrams) as bit
masks over one vocabulary, rare tokens (model names), numbers; worked out from the pieces between spaces, each once."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from functools import lru_cache, reduce
from operator import or_
from typing import NamedTuple

# Latin words and numbers. Written so that it opens with a plain character class (the case-insensitive [A-Za-z] is
# the ASCII letters and U+0130, U+0131, U+017F, U+212A), which lets sre skip ahead over Hangul quickly; it matches
# exactly what `[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|\d+(?:[.,]\d+)*(?:gw|mw|gb|tb|nm|%)?` with re.I does.
_LATIN_TOKEN = re.compile(
    r"[A-Za-z\u0130\u0131\u017f\u212a\d]"
    r"(?i:(?<=[A-Za-z])[A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|(?<=\d)\d*(?:[.,]\d+)*(?:gw|mw|gb|tb|nm|%)?)"
)
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_STOP = frozenset(
    """a an the of to in on for and or with by from at as is are was were be its it this that new says
    said will over into after about than more most up out first ai inc corp co ltd""".split()
)
_SUMMARY_HEAD = 300  # characters of the summary that count towards an item's words


def title_tokens(title: str) -> frozenset[str]:
    """Latin words and numbers, plus Hangul character bigrams (particles glue onto Korean words). None spans a space,
    so a title's are the union of its pieces', and news repeats its words: each piece's are remembered."""
    pieces = title.split(" ")
    return frozenset().union(*map(_piece_tokens, pieces)) if len(pieces) > 1 else _piece_tokens(title)


@lru_cache(maxsize=1 << 16)
def _piece_tokens(text: str) -> frozenset[str]:
    tokens = {t.lower() for t in _LATIN_TOKEN.findall(text)} - _STOP
    for word in _HANGUL_WORD.findall(text):
        if len(word) == 1:
            tokens.add(word)
        tokens.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(tokens)


def rare_tokens(text: str) -> frozenset[str]:
    """Tokens that name a thing in any language: model names, numbers with letters (GPT-5.1, HBM4, 10GW)."""
    return frozenset(
        t.lower() for t in _LATIN_TOKEN.findall(text) if any(c.isdigit() for c in t) and any(c.isalpha() for c in t)
    )


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of the smaller set: an article that names more companies is not penalised."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# A number not inside another: `(?<![\d.,])\d+(?:\.\d+)?(?![\d,])`, written to open with \d so that sre skips ahead.
_NUMBER = re.compile(r"\d(?<![\d.,]\d)\d*(?:\.\d+)?(?![\d,])")


def numbers(text: str) -> frozenset[str]:
    """Numbers written the same in any language (4.5, 6, 260), years left out."""
    return frozenset(n for n in _NUMBER.findall(text) if len(n) > 1 and not (len(n) == 4 and n[:2] in ("19", "20")))


class Tokens(NamedTuple):
    """A set of tokens as a bit mask over the grouping's first VOCABULARY distinct tokens, plus the others as a set:
    most of an intersection is then one `&` and bit_count()."""

    mask: int
    rest: frozenset[str]
    size: int  # how many tokens in all


VOCABULARY = 4096  # bits of a mask: at most 512 bytes an item


def shared_count(a: Tokens, b: Tokens) -> int:
    """|a ∩ b|"""
    shared = (a.mask & b.mask).bit_count()
    if a.rest and b.rest:
        shared += len(a.rest & b.rest)
    return shared


def jaccard_tokens(a: Tokens, b: Tokens) -> float:
    """_jaccard of the two sets of tokens."""
    if not a.size or not b.size:
        return 0.0
    shared = shared_count(a, b)
    return shared / (a.size + b.size - shared)


_NO_TOKENS: frozenset[str] = frozenset()

_DIGIT = re.compile(r"\d")


class Pieces:
    """title_tokens, rare_tokens and numbers of texts, from those of their pieces between spaces.

    None of the three spans a space, so a text's are the union of its pieces'; rare tokens and numbers are only in
    pieces with a digit. News repeats its words, so each piece's are worked out once and remembered. Title tokens come
    out as a mask over one vocabulary (the first VOCABULARY distinct tokens, numbered as they come) and a set of the
    rest, which make a Tokens.
    """

    def __init__(self) -> None:
        self._mask: dict[str, int] = {}  # piece -> mask of its tokens in the vocabulary
        self._rest: dict[str, frozenset[str]] = {}  # piece -> its tokens outside it, if it has any
        self._named: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._vocabulary: dict[str, int] = {}  # token -> bit
        self._latin = 0  # mask of the tokens of the vocabulary in Latin script

    def tokens(self, text: str) -> tuple[int, frozenset[str]]:
        """The mask and the rest of title_tokens(text)."""
        pieces = text.split(" ")
        masks = list(map(self._mask.get, pieces))
        if None in masks:
            for n, piece in enumerate(pieces):
                if masks[n] is None:
                    masks[n] = self._learn(piece)
        rests = list(filter(None, map(self._rest.get, pieces))) if self._rest else None
        return reduce(or_, masks, 0), frozenset().union(*rests) if rests else _NO_TOKENS

    def _learn(self, piece: str) -> int:
        vocabulary = self._vocabulary
        mask = 0
        rest = []
        for token in _piece_tokens(piece):
            bit = vocabulary.get(token)
            if bit is None and len(vocabulary) < VOCABULARY:
                bit = vocabulary[token] = len(vocabulary)
                if token.isascii():
                    self._latin |= 1 << bit
            if bit is None:
                rest.append(sys.intern(token))
            else:
                mask |= 1 << bit
        self._mask[piece] = mask
        if rest:
            self._rest[piece] = frozenset(rest)
        return mask

    def latin(self, tokens: Tokens) -> Tokens:
        """The tokens in Latin script."""
        return tokens_of(tokens.mask & self._latin, frozenset(filter(str.isascii, tokens.rest)))

    def rare_and_numbers(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        rare: frozenset[str] = frozenset()
        figures: frozenset[str] = frozenset()
        known = self._named
        pos = 0
        while (digit := _DIGIT.search(text, pos)) is not None:
            start = text.rfind(" ", 0, digit.start()) + 1
            pos = text.find(" ", digit.end())
            if pos < 0:
                pos = len(text)
            piece = text[start:pos]
            found = known.get(piece)
            if found is None:
                found = known[piece] = (
                    frozenset(map(sys.intern, rare_tokens(piece))),
                    frozenset(map(sys.intern, numbers(piece))),
                )
            rare |= found[0]
            figures |= found[1]
        return rare, figures


def tokens_of(mask: int, rest: frozenset[str]) -> Tokens:
    return Tokens(mask, rest, mask.bit_count() + len(rest))


# What grouping compares of an item's text, which needs none of its amounts: the title's tokens, those of the title
# and the summary's head, the title's Latin-script tokens, rare tokens and numbers.
Words = tuple["Tokens", "Tokens", "Tokens", frozenset[str], frozenset[str]]


def item_words(texts: Sequence[tuple[str, str]]) -> list[Words]:
    """The Words of each (title, summary), for group_stories() to take with the items in the same order (a caller
    can work them out while the items' amounts are still being found).

    None of them spans white space, so those of "title summary" are those of the title and of the summary.
    """
    pieces = Pieces()
    out = []
    for title, summary in texts:
        mask, rest = pieces.tokens(title)
        head_mask, head_rest = pieces.tokens(summary[:_SUMMARY_HEAD])
        rare, figures = pieces.rare_and_numbers(f"{title} {summary}")
        tokens = tokens_of(mask, rest)
        body = tokens_of(mask | head_mask, rest | head_rest)
        out.append((tokens, body, pieces.latin(tokens), rare, figures))
    return out
