"""Text helpers of the tagger: Korean particles after a name, character classes, case folding (for matching)."""

from __future__ import annotations

# Korean particles and endings that may follow a name with no space (엔비디아의, 오픈AI가, 구글에서는).
PARTICLES = frozenset(
    """의 가 이 은 는 을 를 과 와 도 에 에서 에게 께 께서 한테 로 으로 로서 으로서 로써 으로써 로부터 으로부터
    부터 까지 만 보다 처럼 같이 마저 조차 뿐 나 이나 든 이든 랑 이랑 하고 며 이며 자 이자 고 라고 이라고
    란 이란 라는 이라는 라며 이라며 다 이다 였다 이었다 인 이던 였던 이었던 엔 야 이야 측 등 발 표 판 사
    과의 와의 에의 에서의 로의 으로의 에는 에선 에도 와도 과도 만의 만이 만은""".split()
)

WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def korean_boundary_problem(text: str, start: int, stop: int, n: int) -> str | None:
    """Why a Hangul name at text[start:stop] is part of a longer Korean word, or None."""
    if (start == 0 or text[start - 1] < "\uac00") and (stop == n or text[stop] < "\uac00"):
        return None  # the common case: space or punctuation on both sides
    if start > 0 and is_hangul(text[start - 1]) and is_hangul(text[start]):
        return "preceded by Hangul: part of a longer Korean word"
    if stop < n and is_hangul(text[stop]) and is_hangul(text[stop - 1]):
        j = stop
        while j < n and is_hangul(text[j]):
            j += 1
        run = text[stop:j]
        if not particle_run(run):
            return f"followed by '{run}': part of a longer Korean word"
    return None


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def particle_run(run: str) -> bool:
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


def spellings(term: str) -> set[str]:
    """An English phrase also matches with hyphens for spaces and the other way round (credit-scoring)."""
    if not term.isascii() or not (" " in term or "-" in term):
        return {term}
    return {term, term.replace(" ", "-"), term.replace("-", " ")}


def fold(text: str) -> str:
    """Lower-case without changing length, so positions stay valid in the original text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
