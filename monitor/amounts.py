"""Money amounts in Korean and English news text, normalised to US dollars."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import NamedTuple

# Rough rates for currencies other than won (won comes from [digest] krw_per_usd).
USD_PER_UNIT = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CNY": 0.14, "JPY": 0.0067, "TWD": 0.031, "INR": 0.012}
KOREAN_CURRENCY = {"달러": "USD", "불": "USD", "원": "KRW", "유로": "EUR", "파운드": "GBP", "위안": "CNY",
                   "엔": "JPY", "대만달러": "TWD", "루피": "INR"}  # fmt: skip
ENGLISH_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
                 "b": 1e9, "trillion": 1e12, "tn": 1e12, "t": 1e12}  # fmt: skip
KOREAN_UNIT = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3, "백": 1e2, "십": 1e1}

_MONEY_HINT = re.compile(
    r"\d\s?(?:[조억만천백십]|달러|원|유로|파운드|위안|엔|루피|불)|[$€£₩¥]\s?\d|\d\s?(?:thousand|million|billion|trillion)|KRW|USD|EUR",
    re.I,
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 1조9000억원, 7억5000만 달러, 1조 4천억 원, 380억 달러, 51조 원, $142억 (a dollar sign with Korean units)
_KOREAN_UNIT = r"(?:[천백십]?[조억만]|천)"
_KOREAN = re.compile(
    rf"(?P<usd>\$|US\$)?(?P<k>(?:(?:{_NUM})\s?{_KOREAN_UNIT}\s?)+)"
    rf"(?:(?P<cur>대만달러|달러|유로|파운드|위안|루피|원(?![자전])|엔(?!비)|불(?![가-힣]))|(?(usd)|(?!)))"
)
# 299달러, 19.99달러, 3,000원: no Korean unit, so the currency word is required
_KOREAN_PLAIN = re.compile(
    rf"(?<![\d.,$])(?P<n>{_NUM})\s?(?P<cur>대만달러|달러|유로|파운드|위안|루피|원(?![자전])|엔(?!비))"
)
# $14.2 billion, $38B, US$2.5bn, $799, €1.7 billion, 38 billion dollars, ₩51 trillion, 51 trillion won
_ENGLISH = re.compile(
    rf"(?P<sym>US\$|\$|€|£|₩|¥|NT\$|KRW\s?|USD\s?|EUR\s?)(?P<n>{_NUM})(?:\s?(?P<scale>thousand|million|billion|"
    rf"trillion|bn|mn|tn|[kKmMbBtT])\b)?|(?P<n2>{_NUM})\s?(?P<scale2>thousand|million|billion|trillion)\s"
    rf"(?P<cur2>dollars|won|euros|pounds|yuan|yen|rupees)\b",
)
_SYMBOL = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "¥": "CNY", "NT$": "TWD", "KRW": "KRW",
           "USD": "USD", "EUR": "EUR"}  # fmt: skip
_WORD_CURRENCY = {
    "dollars": "USD",
    "won": "KRW",
    "euros": "EUR",
    "pounds": "GBP",
    "yuan": "CNY",
    "yen": "JPY",
    "rupees": "INR",
}
_CONVERSION = re.compile(r"\s*[(（]\s*(?:약|about|approximately|approx\.|around|roughly|or|≈|~)?\s*")

KINDS = ("valuation", "revenue", "market", "pay", "cost", "deal")
# A settlement, damages or a fine is what a company pays, not a deal: a cost beside its amount, and no deal type for
# a title. A lawsuit's words count too: "agrees to pay authors $1.5 billion" / "집단소송에서 15억 달러를 지급하기로".
SETTLEMENT_WORDS = ("settle", "penalt", "lawsuit", "plaintiff", "class action", "damages", "합의금", "배상", "과징금",
                    "벌금", "소송", *(f"물어{ending}" for ending in "주준줄줬내낸낼냈"))  # fmt: skip
_KIND_WORDS = {
    "valuation": ("기업가치", "몸값", "가치를 인정", "시가총액", "시총", "평가액", "valuation", "valued at", "valuing",
                  "market value", "market cap", "value the", "value it", "would value"),
    "revenue": ("매출", "영업이익", "영업익", "순이익", "실적", "revenue", "sales", "earnings", "profit", "run-rate",
                "annualized", "annualised", "income", "guidance", "forecast", "전망치", "가이던스", "backlog",
                "수주잔고", "bookings", "performance obligations", "outlook", "guides"),
    "market": ("시장 규모", "시장이", "시장은", "market for", "market of", "market size", "addressable", "TAM",
               "opportunity", "spending", "지출"),
    "pay": ("pay package", "pay plan", "compensation", "보상안", "성과 보상", "보수"),
    "cost": ("price", "priced", "costs", "cost of", "per image", "per token", "per month", "a month", "가격", "요금",
             "이용료", "구독료", "per share", "a share", "주당", "each", *SETTLEMENT_WORDS),
    "deal": ("투자", "계약", "인수", "유치", "조달", "출자", "지분", "펀딩", "합의", "매각", "회사채", "채권", "대출",
             "발행", "수주", "주문", "약속", "deal", "contract", "invest", "funding", "raise", "acqui", "stake",
             "agreement", "buy", "purchase", "round", "commit", "pledge", "bond", "financing", "loan", "order",
             "offer", "bid", "lifeline", "sell", "sale of"),
}  # fmt: skip


class Amount(NamedTuple):  # (a named tuple: made for every amount of a month, five times quicker than a dataclass)
    text: str  # as written (a range in full; a per-year amount with its "a year" / "연", a cap with its "up to")
    usd: float  # a range's lower end; a per-year amount's one year
    kind: str  # "deal" | "valuation" | "revenue" | "market" (a market's size) | "pay" (compensation) | "cost"
    position: int
    per_year: bool = False
    cap: bool = False  # "up to", "최대": a ceiling, not the figure itself
    context: bool = False  # a total, an order book, an older or earlier figure: not an event's own figure


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _korean_value(units: str) -> float:
    total = 0.0
    for number, unit in re.findall(rf"({_NUM})\s?({_KOREAN_UNIT})", units):
        scale = KOREAN_UNIT[unit[-1]]
        if len(unit) == 2:
            scale *= KOREAN_UNIT[unit[0]]
        total += _number(number) * scale
    return total


def _to_usd(value: float, currency: str, krw_per_usd: float) -> float:
    if currency == "KRW":
        return value / krw_per_usd
    return value * USD_PER_UNIT.get(currency, 1.0)


# Where a match of _KOREAN, _KOREAN_PLAIN or _ENGLISH can begin. sre skips ahead quickly only for a pattern that
# opens with a plain character or character class; these open with optional groups and alternatives, so on their own
# they try every position of a long text. _scan tries them only at these characters, which finds the same matches.
_START = re.compile(r"[$€£₩¥UNKE\d]")


def _scan(pattern: re.Pattern[str], starts: list[int], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)` (none of these patterns matches an empty string), trying the pattern
    only at `starts`, the positions where one of its matches can begin."""
    pos = 0
    for start in starts:
        if start >= pos:
            m = pattern.match(text, start)
            if m is not None:
                yield m
                pos = m.end()


def _candidates(text: str, krw_per_usd: float) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    starts = [m.start() for m in _START.finditer(text)]
    korean = not text.isascii()  # (a Korean amount has a Hangul unit or currency word: none in an ASCII text)
    for m in _scan(_KOREAN, starts, text) if korean else ():
        currency = KOREAN_CURRENCY.get(m.group("cur") or "", "USD") if not m.group("usd") else "USD"
        found.append((m.start(), m.end(), _to_usd(_korean_value(m.group("k")), currency, krw_per_usd)))
    for m in _scan(_KOREAN_PLAIN, starts, text) if korean else ():
        if not any(s < m.end() and m.start() < e for s, e, _ in found):
            value = _number(m.group("n"))
            found.append((m.start(), m.end(), _to_usd(value, KOREAN_CURRENCY[m.group("cur")], krw_per_usd)))
    taken = [(s, e) for s, e, _ in found]
    for m in _scan(_ENGLISH, starts, text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.group("n") is not None:
            currency = _SYMBOL[m.group("sym").strip()]
            scale = ENGLISH_SCALE[(m.group("scale") or "").lower()] if m.group("scale") else 1.0
            value = _number(m.group("n")) * scale
        else:
            currency = _WORD_CURRENCY[m.group("cur2")]
            value = _number(m.group("n2")) * ENGLISH_SCALE[m.group("scale2")]
        found.append((m.start(), m.end(), _to_usd(value, currency, krw_per_usd)))
    # A number too long for a float (309 digits) is no figure: kept while the matches above were weighed, not given.
    return sorted(span for span in found if math.isfinite(span[2]))


def extract_amounts(text: str, krw_per_usd: float = 1400.0, *, flags: bool = True) -> list[Amount]:
    """Every money amount in the text, in order; a parenthesised conversion right after one is skipped, a range
    ("10억~20억 달러", "$1 billion to $2 billion") is one amount at its lower end. `flags=False`: without working out
    per_year, cap and context (all False), for a caller that needs values and kinds only."""
    return _amounts(text, _spans(text, krw_per_usd), flags)


Span = tuple[int, int, float]  # (start, end, usd) of an amount in its text


def money_spans(text: str, krw_per_usd: float = 1400.0) -> list[Span]:
    """Where the amounts of extract_amounts(text) are, and their values in US dollars: all that story grouping reads of
    most amounts. amounts_at() gives them their kinds and flags later."""
    return _spans(text, krw_per_usd)


def amounts_at(text: str, spans: list[Span], *, flags: bool = True, before: int | None = None) -> list[Amount]:
    """extract_amounts(text, flags=flags) from the text's money_spans(): those that begin before `before`, if given."""
    return _amounts(text, spans, flags, before)


def _amounts(text: str, spans: list[tuple[int, int, float]], flags: bool, before: int | None = None) -> list[Amount]:
    """The spans (those that begin before `before`, if given) as amounts, with their kinds."""
    amounts: list[Amount] = []
    for n, (start, end, usd) in enumerate(spans):
        if before is not None and start >= before:
            break
        lower = spans[n - 1][1] if n else 0
        upper = spans[n + 1][0] if n + 1 < len(spans) else len(text)
        compared = bool(amounts and _COMPARISON.search(text[lower:start]))
        # "$130 billion, up from $100 billion": the same measure
        kind = amounts[-1].kind if compared else classify_amount(text[lower:upper], start - lower, end - lower)
        if kind == "deal" and usd < SMALL:
            kind = "cost"  # nobody's deal is a few dollars: a price
        if flags:
            amounts.append(_flagged(text, start, end, usd, kind, compared))
        else:
            amounts.append(Amount(text[start:end].strip(), usd, kind, start))
    return amounts


SMALL = 100_000.0  # below this, an amount is a price or a cost
_PER_YEAR_AFTER = re.compile(r"(?:\s+(?:a|per|each|every)\s+year|-a-year|\s+annually|\s*/\s*(?:yr|year))\b", re.I)
_PER_YEAR_BEFORE = re.compile(r"(?:(?<![가-힣])연간?|매년|해마다|\bannual(?:ly)?|\byearly)\s*$", re.I)
_CAP = re.compile(
    r"(?:\bup to|\bas much as|\bas high as|\bcould (?:grow|reach|rise) to|\bmaximum of|최대|최고)\s*$", re.I
)
_CONTEXT_BEFORE = re.compile(
    r"(?:\borders?\b(?: book)?[^.;]{0,25}|\btotal(?:ing|ling|led|s)?\b[^.;]{0,30}|\bbring(?:s|ing)?\b[^.;]{0,50}\bto|"
    r"\bcumulative[^.;]{0,20}|(?<![가-힣])총|누적|주문이?|\bcompared with|\bversus|\bvs\.?|\bhelped by(?: an?| its)?|"
    r"\bthanks to(?: an?| its)?|\bdriven by(?: an?| its)?|\bincluding(?: an?| its)?|\bsuch as(?: an?| its)?)\s*$",
    re.I,
)
_CONTEXT_AFTER = re.compile(
    r"^[^.;]{0,40}(?:\blast year\b|\bearlier this year\b|\ba year ago\b|지난해|작년)|"
    r"^[^.;,]{0,12}(?:등으로|등에 힘입어|등을 포함)",
    re.I,
)


# Words one of which a match of _PER_YEAR_BEFORE, _CAP or _CONTEXT_BEFORE contains (lower case): searching for
# those anchored patterns tries every position of the text before an amount, so they are tried only when one is there.
_PER_YEAR_WORDS = ("연", "매년", "해마다", "annual", "yearly")
_CAP_WORDS = ("up to", "as much as", "as high as", "could", "maximum of", "최대", "최고")
_CONTEXT_WORDS = ("order", "total", "bring", "cumulative", "총", "누적", "주문", "compared with", "versus", "vs",
                  "helped by", "thanks to", "driven by", "including", "such as")  # fmt: skip
# What re.I matches and str.lower() does not: with these three folded first, a word of the lists above is in the lower
# case text exactly where the case-insensitive pattern of its words would find it (İ is the one character whose
# lower case is two characters).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_UNFOLDED = re.compile("[\u0130\u0131\u017f]")


def fold_case(text: str) -> str:
    """The text in lower case with İ, ı and ſ as i, i and s: a plain word (lower case, of ASCII letters, Hangul and
    spaces) is in it wherever a case-insensitive pattern of that word would match the text."""
    return (text.translate(_FOLD) if _UNFOLDED.search(text) else text).lower()


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern found in a text exactly where one of `words` is (one search instead of a loop of `in`)."""
    return re.compile("|".join(map(re.escape, words)))


_PER_YEAR_WORD, _CAP_WORD, _CONTEXT_WORD = map(_any_of, (_PER_YEAR_WORDS, _CAP_WORDS, _CONTEXT_WORDS))


def _flagged(text: str, start: int, end: int, usd: float, kind: str, compared: bool) -> Amount:
    """The amount with what its surroundings say: per year, a cap, or context."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 60]
    folded = fold_case(before)
    shown_start, shown_end = start, end
    per_year = False
    if m := _PER_YEAR_AFTER.match(after):
        per_year, shown_end = True, end + m.end()
    elif _PER_YEAR_WORD.search(folded) and (m := _PER_YEAR_BEFORE.search(before)):
        per_year, shown_start = True, start - (len(before) - m.start())
    capped = _CAP.search(before) if _CAP_WORD.search(folded) else None
    cap = capped is not None
    if capped is not None:  # "up to $15 billion" / "최대 150억 달러": the text says it is a ceiling
        shown_start = min(shown_start, start - (len(before) - capped.start()))
    context = compared or bool(
        (_CONTEXT_WORD.search(folded) and _CONTEXT_BEFORE.search(before)) or _CONTEXT_AFTER.match(after)
    )
    shown = text[shown_start:shown_end].strip()
    return Amount(shown, usd, kind, start, per_year=per_year, cap=cap, context=context)


def figure_flags(text: str) -> tuple[bool, bool] | None:
    """(per_year, cap) of one figure as written (an Amount's text: "up to $15 billion", "$1 billion a year"); None
    when the text is not one figure (a range, two amounts, none)."""
    spans = _spans(text, 1400.0)
    if len(spans) != 1 or [span[:2] for span in _candidates(text, 1400.0)] != [spans[0][:2]]:
        return None  # (a range is one span over two figures, or over its upper end's only: "10억~20억 달러")
    start, end, usd = spans[0]
    found = _flagged(text, start, end, usd, "deal", False)
    return found.per_year, found.cap


def amounts_usd(text: str, krw_per_usd: float = 1400.0) -> list[float]:
    """The values in US dollars of `extract_amounts(text)`, in order, without working out their kinds."""
    return [usd for _start, _end, usd in _spans(text, krw_per_usd)]


def _spans(text: str, krw_per_usd: float) -> list[tuple[int, int, float]]:
    """(start, end, usd) of every amount, in order, less a parenthesised conversion right after one; a range is one
    span from its lower end's start, valued at its lower end."""
    if not _MONEY_HINT.search(text):
        return []
    spans: list[tuple[int, int, float]] = []
    previous_end = -1
    for start, end, usd in _candidates(text, krw_per_usd):
        if previous_end >= 0 and _is_conversion(text, previous_end, start):
            previous_end = -1
            continue
        if spans and _RANGE_BETWEEN.fullmatch(text[spans[-1][1] : start]) and 0 < spans[-1][2] < usd:
            low = spans[-1][2]
            while low * 1000 <= usd:
                low *= 1000  # "$1 to $2 billion"
            spans[-1] = (spans[-1][0], end, low)
        elif m := _KOREAN_LOW.search(text, max(0, start - 24), start):
            spans.append((m.start(), end, usd * _korean_ratio(m, text[start:end])))
        else:
            spans.append((start, end, usd))
        previous_end = end
    return spans


_RANGE_BETWEEN = re.compile(r"\s*(?:to|-|–|~|∼|〜)\s*")
_KOREAN_LOW = re.compile(rf"(?<![\d.,])(?P<n>{_NUM})\s?(?P<u>{_KOREAN_UNIT})?\s?[~∼〜\-–]\s?$")


def _korean_ratio(low: re.Match[str], high: str) -> float:
    """The lower end of "10억~20억 달러" as a share of its upper end."""
    first = re.match(rf"\$?({_NUM})\s?({_KOREAN_UNIT})", high)
    if first is None:
        return 1.0
    unit = low.group("u") or first.group(2)
    ratio = _korean_value(f"{low.group('n')}{unit}") / max(_korean_value(high.lstrip("$")), 1e-9)
    return ratio if 0 < ratio <= 1 else 1.0


def _is_conversion(text: str, previous_end: int, start: int) -> bool:
    between = text[previous_end:start]
    return ("(" in between or "（" in between) and _CONVERSION.fullmatch(between) is not None


_COMPARISON = re.compile(
    r"^[\s,]*(?:up|down|rising|falling)? ?from |^[\s,]*(?:compared with|versus|vs\.?) |^\s*대비|^\s*에서 ", re.I
)
_CLAUSE_BREAK = re.compile(r"[.;,·…]\s|\n| as | while | but |며 |고 |지만 ")


# Every telling word in one alternation, in the order of KINDS and of each kind's words: where several begin at one
# position, a search returns the first of them, which is the one the word-by-word order picks.
_KIND_WORD_ORDER = {word: n for n, word in enumerate(word for kind in KINDS for word in _KIND_WORDS[kind])}
_KIND_OF_WORD = {word: kind for kind in KINDS for word in _KIND_WORDS[kind]}
_KIND_WORD = re.compile("|".join(re.escape(word) for word in _KIND_WORD_ORDER))


def _trie(words: list[str]) -> str:
    """A pattern that matches where one of `words` begins, as a tree of their letters: sre then tries a position
    against each distinct first letter once, where the plain alternation tries it against every word."""
    heads: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    if ends:
        return ""  # a word ends here: the shorter match will do, the position is what counts
    branches = [re.escape(head) + _trie(rest) for head, rest in heads.items()]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# Where a telling word begins (any of them): which word it is comes from _KIND_WORD.match there.
_KIND_WORD_AT = re.compile(_trie(list(_KIND_WORD_ORDER)))


def classify_amount(text: str, start: int, end: int) -> str:
    """The amount's kind from the nearest telling word in its clause (default: deal).

    A word's distance is counted from where it begins: len(before) - its start before the amount, its start + 1 after
    it; on a tie the earlier word of _KIND_WORDS wins, and for one word, before wins over after.
    """
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    window_start = max([start - 60, *breaks_before])
    next_break = _CLAUSE_BREAK.search(text, end)
    window_end = min(end + 40, next_break.start() if next_break else len(text))
    before = text[max(0, window_start) : start].lower()
    after = text[end:window_end].lower()
    nearest: list[tuple[int, int, int, str]] = []  # (distance, word order, 0 before / 1 after, word)
    last = None
    pos = 0
    while (m := _KIND_WORD_AT.search(before, pos)) is not None:  # the last place a telling word begins before it
        last, pos = m, m.start() + 1
    if last is not None:
        last = _KIND_WORD.match(before, last.start())
    if last is not None:
        nearest.append((len(before) - last.start(), _KIND_WORD_ORDER[last.group()], 0, last.group()))
    first = _KIND_WORD_AT.search(after)
    if first is not None:
        first = _KIND_WORD.match(after, first.start())
    if first is not None:
        nearest.append((first.start() + 1, _KIND_WORD_ORDER[first.group()], 1, first.group()))
    return _KIND_OF_WORD[min(nearest)[3]] if nearest else "deal"


# What a deal's title calls it. The word nearest to the deal's figure names the type ("500억 달러 투자", "a $38 billion
# contract"): a deal's kind alone says only that money changes hands. A title with none of them leaves it unsaid.
DEAL_TYPES = ("investment", "funding", "acquisition", "purchase", "sale", "financing", "contract")
_KOREAN_DEAL_WORDS = {
    **dict.fromkeys(("투자", "출자", "투입"), "investment"),
    **dict.fromkeys(("유치", "펀딩", "조달"), "funding"),
    **dict.fromkeys(("인수", "합병"), "acquisition"),
    **dict.fromkeys(("구매", "구입", "매입"), "purchase"),
    "매각": "sale",
    **dict.fromkeys(("회사채", "채권", "대출"), "financing"),
    **dict.fromkeys(("계약", "수주", "주문", "공급", "합의", "지불", "지급"), "contract"),  # (paid for a service)
}
_ENGLISH_DEAL_WORDS = {
    **dict.fromkeys(("funding", "raise", "raises", "raised", "raising", "round"), "funding"),
    **dict.fromkeys(("spend", "spends", "spending"), "investment"),
    **dict.fromkeys(("takeover", "merger"), "acquisition"),
    **dict.fromkeys(("buy", "buys", "buying", "bought"), "purchase"),
    **dict.fromkeys(("sell", "sells", "selling", "sold", "sale"), "sale"),
    **dict.fromkeys(("bond", "bonds", "financing", "loan", "loans", "debt"), "financing"),
    **dict.fromkeys(("contract", "contracts", "agreement", "agreements", "deal", "deals", "sign", "signs", "signed",
                     "signing", "books", "order", "orders", "pay", "pays", "paying"), "contract"),
}  # fmt: skip
_ENGLISH_DEAL_STEMS = (("invest", "investment"), ("pledg", "investment"), ("acqui", "acquisition"),
                       ("purchas", "purchase"), ("divest", "sale"), ("commit", "contract"))  # fmt: skip
_KOREAN_DEAL_WORD = re.compile("|".join(_KOREAN_DEAL_WORDS))  # (none begins another: each is found where it is)
_STEMS = tuple(stem for stem, _type in _ENGLISH_DEAL_STEMS)
# A lower-case Latin word (a run of [a-z0-9_]) that begins with a deal word or stem: the only words _deal_words weighs.
_DEAL_WORD_START = re.compile(
    "(?<![a-z0-9_])(?:" + "|".join(sorted({*_ENGLISH_DEAL_WORDS, *_STEMS}, key=len, reverse=True)) + ")[a-z0-9_]*"
)
_FUNDING_AFTER = re.compile(r"\s?유치")
_SETTLEMENT = re.compile("|".join(SETTLEMENT_WORDS), re.I)


def deal_type(title: str, figure: str = "") -> str:
    """The type of deal (one of DEAL_TYPES) that the title's word nearest to its `figure` (as written) names; its
    first such word when the figure is not in it; "" when it has none. "투자 유치" is funding, "투자" alone investment;
    English words count whole ("raises", "bonds") or by stem ("acquires")."""
    words = _deal_words(title)
    if not words or _SETTLEMENT.search(title):
        return ""  # (what a settlement pays is not a contract's price)
    at = title.find(figure) if figure else -1
    if at < 0:
        return min(words)[2]
    return min(words, key=lambda w: (at - w[1] if w[1] <= at else w[0] - at, w[0]))[2]


def _deal_words(title: str) -> list[tuple[int, int, str]]:
    """(start, end, deal type) of each deal word in the title."""
    found = []
    for m in _KOREAN_DEAL_WORD.finditer(title):
        funding = _FUNDING_AFTER.match(title, m.end()) if m.group() == "투자" else None
        found.append((m.start(), funding.end(), "funding") if funding else (*m.span(), _KOREAN_DEAL_WORDS[m.group()]))
    for m in _DEAL_WORD_START.finditer(title.lower()):
        word = m.group()
        said = _ENGLISH_DEAL_WORDS.get(word)
        if said is None and word.startswith(_STEMS):
            said = next(t for stem, t in _ENGLISH_DEAL_STEMS if word.startswith(stem))
        if said:
            found.append((m.start(), m.end(), said))
    return found
