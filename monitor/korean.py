"""Korean particles after a name, chosen by how the name's last syllable is read aloud.

Pure functions. A name ending in Hangul is read from its last syllable's final consonant (받침); one ending in
digits or Latin letters as a Korean reader says it: "GPT-5.1" ends in 일 (a consonant, ㄹ), "Gemini 3" in 삼,
"오픈AI" in 아이 (a vowel), "LG" in 지, "IBM" in 엠, "Google" in 글, "Meta" in 타.
"""

from __future__ import annotations

import re

# Each pair: (after a consonant, after a vowel). 으로/로 is special: ㄹ takes 로.
_PAIRS = {
    "이": ("이", "가"),
    "가": ("이", "가"),
    "은": ("은", "는"),
    "는": ("은", "는"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
    "이나": ("이나", "나"),
    "나": ("이나", "나"),
    "이라": ("이라", "라"),
    "라": ("이라", "라"),
    "이며": ("이며", "며"),
    "며": ("이며", "며"),
    "이다": ("이다", "다"),
    "다": ("이다", "다"),
    "이고": ("이고", "고"),
    "고": ("이고", "고"),
    "이란": ("이란", "란"),
    "란": ("이란", "란"),
    "이라는": ("이라는", "라는"),
    "라는": ("이라는", "라는"),
}

VOWEL = ""  # the name ends in a vowel sound
RIEUL = "ㄹ"
CONSONANT = "C"  # any final consonant other than ㄹ

_JONG_RIEUL = 8  # index of ㄹ among the 28 final-consonant slots of a Hangul syllable
# The letters' Korean names: 엘 알 end in ㄹ, 엠 엔 in another consonant, the rest in a vowel (에이, 비, 씨, ...).
_LETTER = {"l": RIEUL, "r": RIEUL, "m": CONSONANT, "n": CONSONANT}
# Digits read one by one (after a decimal point, or the last digit of a whole number): 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT = {
    "0": CONSONANT,
    "1": RIEUL,
    "2": VOWEL,
    "3": CONSONANT,
    "4": VOWEL,
    "5": VOWEL,
    "6": CONSONANT,
    "7": RIEUL,
    "8": RIEUL,
    "9": VOWEL,
}
_TRAILING = re.compile(r"[\s\"'’”」』》〉)\]]+$")
_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]$")
_NUMBER = re.compile(r"(\.)?(\d[\d,]*)$")
_LATIN = re.compile(r"[A-Za-z]+$")


def final_sound(name: str) -> str:
    """VOWEL, RIEUL or CONSONANT: how the name's last syllable ends when read aloud in Korean.

    A parenthesised gloss after the name is ignored ("앤트로픽(Anthropic)" ends in 픽), as are closing quotes.
    """
    text = name
    while True:
        stripped = _TRAILING.sub("", _PAREN.sub("", text))
        if stripped == text or not stripped:
            break
        text = stripped
    if not text:
        return VOWEL
    last = text[-1]
    if "\uac00" <= last <= "\ud7a3":
        jong = (ord(last) - 0xAC00) % 28
        return VOWEL if jong == 0 else RIEUL if jong == _JONG_RIEUL else CONSONANT
    number = _NUMBER.search(text)
    if number:
        return _number_sound(number.group(2).replace(",", ""), decimal=bool(number.group(1)))
    word = _LATIN.search(text)
    if word:
        return _latin_sound(word.group())
    return VOWEL


def _number_sound(digits: str, *, decimal: bool) -> str:
    """How a number ends in Korean: 5.1 → 일, 3 → 삼, 20 → 이십, 100 → 백, 1000 → 천, 10000 → 만, 1억 ..."""
    if decimal or set(digits) == {"0"}:
        return _DIGIT[digits[-1]]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT[digits[-1]]
    if zeros < 12:
        return CONSONANT  # 십 백 천 만 억 all end in a consonant
    return VOWEL  # 조


def _latin_sound(word: str) -> str:
    """The last Latin word as a Korean reader says it: an acronym letter by letter, a word as it is transcribed."""
    tail = re.search(r"[A-Z]{2,}$", word)
    if word.isupper() or tail or len(word) == 1:
        return _LETTER.get(word[-1].lower(), VOWEL)
    low = word.lower()
    if low.endswith(("le", "l")):
        return RIEUL  # Google 구글, Apple 애플, Intel 인텔
    if low.endswith(("ng", "m", "n", "me", "ne", "ck", "ok", "ic", "ak", "q")):
        return CONSONANT  # Samsung 삼성, Arm 암, Micron 마이크론, Chrome 크롬, Slack 슬랙, Grok 그록
    return VOWEL  # Meta 메타, Claude 클로드, Microsoft 마이크로소프트, Nexus 넥서스


def particle(name: str, form: str) -> str:
    """The particle of the pair `form` belongs to (이/가, 은/는, 을/를, 와/과, 으로/로, 이나/나, 이라/라, ...)
    that follows `name`: particle("구글", "와") == "과"."""
    if form not in _PAIRS:
        raise ValueError(f"unknown particle {form!r}")
    after_consonant, after_vowel = _PAIRS[form]
    sound = final_sound(name)
    if after_consonant == "으로":
        return "으로" if sound == CONSONANT else "로"
    return after_vowel if sound == VOWEL else after_consonant


def with_particle(name: str, form: str) -> str:
    """The name followed by the right particle: with_particle("오픈AI", "이") == "오픈AI가"."""
    return name + particle(name, form)
