"""Sentences for the narrative writer: a story's lead sentence cleaned of bylines, the language a text is in,
a foreign company's Latin name at its first mention, the event's figure woven in, product names in a headline.

Pure functions on strings and the digest model's records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from monitor.digest_model import Money, Story
from monitor.korean import with_particle

# Companies whose home is Korea (rule ids): their stories are the "Korean angle" ("국내에서도 …"), and their names
# need no Latin gloss in a Korean digest.
KOREAN_COMPANIES = frozenset(
    {"coupang", "rebellions", "furiosa", "upstage", "naver", "kakao", "samsung", "skhynix", "lg", "sktelecom", "kt",
     "deepx"}
)  # fmt: skip

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_QUOTED = re.compile(r"‘[^’]*’|“[^”]*”|'[^']*'|\"[^\"]*\"|「[^」]*」|『[^』]*』")
_BYLINES = (
    re.compile(r"^[\[(【<〈][^\])】>〉]{0,40}=[^\])】>〉]{0,40}[\])】>〉]\s*"),  # [매체=기자], (서울=연합뉴스)
    re.compile(r"^[\[(【][^\])】]{0,30}(?:기자|특파원|통신원)[^\])】]{0,10}[\])】]\s*"),  # [홍길동 기자]
    re.compile(r"^[가-힣]{2,4}\s*(?:기자|특파원|통신원)\s*=\s*"),  # 홍길동 기자 =
    re.compile(r"^[A-Z][A-Z .,'’-]{1,40}(?:\([^)]{1,30}\))?\s*[-—–]+\s+"),  # SAN FRANCISCO (Reuters) —
    re.compile(r"^\([^)]{1,30}\)\s*[-—–]+\s*"),  # (Reuters) -
    re.compile(r"^[▲△◆◇■□●○▶►※·•\-–—]+\s*"),
)
_TRAILING_BYLINE = re.compile(r"\s*(?:/\s*)?[가-힣]{2,4}\s*(?:기자|특파원)\s*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.|\b(?:Inc|Corp|Co|Ltd|Mr|Ms|Dr|St|vs|No|U\.S|U\.K)\.)$")
_PARTICLE_AFTER = ("이", "가", "은", "는", "을", "를", "와", "과", "의", "에", "도", "로", "으로", "까지", "보다", "만")
_QUOTED_NAME = re.compile(r"[‘“'\"「『]([^’”'\"」』]{2,30})[’”'\"」』]")


def hangul_share(text: str) -> float:
    """Hangul letters among Hangul and Latin letters (1.0 for a text with neither)."""
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 1.0


def unquoted(text: str) -> str:
    """The text less its quoted passages (a headline quoted in prose) and parenthesised Latin glosses."""
    return re.sub(r"\([A-Za-z][^()]{0,40}\)", "", _QUOTED.sub("", text))


def in_language(text: str, lang: str) -> bool:
    """Whether `text` (less its quotes) is written in `lang`: mostly Hangul for "ko", no Hangul for "en"."""
    bare = unquoted(text)
    if lang == "ko":
        return hangul_share(bare) >= 0.5
    return not _HANGUL.search(bare) and bool(_LATIN.search(bare))


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for part in _SENTENCE.split(text.strip()):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p for p in out if p]


def strip_byline(text: str) -> str:
    text = text.strip()
    changed = True
    while changed:
        changed = False
        for pattern in _BYLINES:
            stripped = pattern.sub("", text, count=1).strip()
            if stripped != text:
                text, changed = stripped, True
    return _TRAILING_BYLINE.sub("", text).strip()


def lead_sentence(summary: str, lang: str) -> str | None:
    """The summary's first sentence, bylines and datelines removed, if it is a whole sentence in `lang`
    (Korean: the plain written style, ending in 다.)."""
    text = strip_byline(summary)
    if not text:
        return None
    sentence = strip_byline(split_sentences(text)[0])
    if sentence.endswith(("…", "...")) or not in_language(sentence, lang):
        return None
    if lang == "ko":
        sentence = sentence.rstrip(".") + "."
        return sentence if sentence.endswith("다.") and len(sentence) >= 12 else None
    if not sentence.endswith((".", "!", "?")):
        sentence += "."
    return sentence if len(sentence.split()) >= 5 else None


def event_amount(story: Story) -> Money | None:
    """The event's figure: the story's `amount`, else the headline's figure when the headline tells one."""
    if story.amount is not None:
        return story.amount
    if story.amounts and _number(story.amounts[0].text) and _number(story.amounts[0].text) in _squash(story.title):
        return story.amounts[0]
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _number(text: str) -> str:
    """The figure as written, less its conversion in parentheses and spaces: "380억달러", "$38billion"."""
    return _squash(text.split("(")[0])


# A figure's per-year or ceiling words (amounts.Amount.text keeps them), which a sentence may put another way.
_QUALIFIED = re.compile(
    r"^(?:연간|연|매년|해마다|최대|up to|as much as)\s*|\s*(?:a year|per year|annually|a month|per month)$", re.I
)


def _figure_at(sentence: str, figure: str) -> int:
    """Where the figure is written in the sentence, not as the end of a longer number ("10억" in "110억"); -1."""
    found = re.search(rf"(?<![\d.,]){re.escape(figure)}", sentence)
    return found.start() if found else -1


def with_amount(sentence: str, amount: Money | None, after: Mapping[str, str], lang: str) -> str:
    """The sentence with the event's figure in it: its conversion added where the figure is written without one,
    or one more sentence telling it ("거래 규모는 …에 이른다.") when the sentence lacks it."""
    if amount is None or not amount.text:
        return sentence
    head = amount.text.split("(")[0].strip()
    if amount.text in sentence or (head != amount.text and f"{head}(" in sentence):
        return sentence
    if head and (at := _figure_at(sentence, head)) >= 0:
        return f"{sentence[:at]}{amount.text}{sentence[at + len(head) :]}"
    core = _QUALIFIED.sub("", head)  # "연간 10억 달러" told as "해마다 10억 달러", "$1 billion a year" as "annually"
    if core != head and (at := _figure_at(sentence, core)) >= 0:
        conversion = amount.text[len(head) :].strip()
        end = at + len(core)
        return f"{sentence[:end]}{conversion}{sentence[end:]}" if conversion.startswith("(") else sentence
    if _number(amount.text) in _squash(sentence):
        return sentence
    pattern = after.get(amount.kind)
    if pattern is None:
        return sentence
    ro = with_particle(amount.text, "로") if lang == "ko" else amount.text
    return f"{sentence} {pattern.format(amount=amount.text, amount_ro=ro)}"


def gloss(sentence: str, story: Story, latin: Mapping[str, str], glossed: set[str]) -> str:
    """A Korean sentence with the Latin name after each foreign company's first mention in the paragraph run
    (`glossed` holds the companies already named; it is updated)."""
    for company, name in zip(story.companies, story.company_names, strict=False):
        at = sentence.find(name) if name else -1
        if company in glossed or at < 0:
            continue
        glossed.add(company)
        roman = latin.get(company, "")
        if company in KOREAN_COMPANIES or not roman or roman == name or not _HANGUL.search(name):
            continue
        rest = sentence[at + len(name) :]
        if rest.startswith("(") or (rest[:1] and _HANGUL.match(rest[:1]) and not rest.startswith(_PARTICLE_AFTER)):
            continue
        sentence = f"{sentence[: at + len(name)]}({roman}){rest}"
    return sentence


def latin_name(name_en: str) -> str:
    """A company's Latin name for a gloss: "Google / Alphabet" -> "Google", "LG (LG AI Research)" -> "LG"."""
    return re.split(r"\s*[/(]", name_en, maxsplit=1)[0].strip()


def korean_angle(story: Story) -> bool:
    """A story about a Korean company, or one only Korean outlets told that names no foreign actor."""
    if any(c in KOREAN_COMPANIES for c in story.companies[:2]):
        return True
    langs = story.langs or ((story.lang,) if story.lang else ())
    return tuple(langs) == ("ko",) and not story.companies


def product_of(story: Story, products: Mapping[str, Sequence[str]]) -> str | None:
    """A product of the story's lead company that its headline names: a short quoted name holding one of its
    product names (‘제미나이 3’), else the longest such name, else a short quoted name naming no other company's
    product (a headline about Apple using Gemini names no Apple launch)."""
    quoted = [m.group(1).strip() for m in _QUOTED_NAME.finditer(story.title)]
    quoted = [q for q in quoted if len(q.split()) <= 4 and not q.endswith(("다", "."))]
    lead, others = story.companies[:1], story.companies[1:]
    own = [a for c in lead for a in products.get(c, ()) if _has_word(story.title, a)]
    foreign = [a for c in others for a in products.get(c, ()) if _has_word(story.title, a)]
    for name in quoted:
        if any(alias in name for alias in own):
            return name
    if own:
        return max(own, key=len)
    return next((q for q in quoted if not any(alias in q for alias in foreign)), None)


def latin_product(story: Story, products: Mapping[str, Sequence[str]]) -> str | None:
    """The product the story's headline names (product_of), as Latin script writes it: the name itself when it is
    Latin, else the Latin name the summary glosses it with, as Korean news does ("레니게이드(RNGD)"); None without
    one."""
    name = product_of(story, products)
    if not name:
        return None
    if in_language(name, "en"):
        return name
    glossed = re.search(re.escape(name) + r"\s?\(([A-Za-z][A-Za-z0-9 .+-]{0,30})\)", story.summary)
    return glossed.group(1).strip() if glossed else None


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9.])", text) is not None


def join_names(names: Iterable[str], lang: str, *, joiner: str = "") -> str:
    """Names as one phrase: 구글·앤트로픽 / Google, Anthropic and OpenAI."""
    shown = [n for n in dict.fromkeys(names) if n]
    if lang == "ko":
        return (joiner or "·").join(shown)
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


_JOINED = re.compile(r"[가-힣][와과] ")  # "인재 이동과 보안": two things joined already


def join_with_and(items: Sequence[str], lang: str) -> str:
    """Korean: "A, B와 C" (the particle after B chosen by its sound), or "A, B, C" when C holds a 와/과 of its own
    ("…경쟁, 인재 이동과 보안 이슈", never "…경쟁과 인재 이동과 보안 이슈"); English: "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    if lang == "ko":
        if _JOINED.search(items[-1]):
            return ", ".join(items)
        return ", ".join([*items[:-2], with_particle(items[-2], "와")]) + " " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def start_with(connective: str, sentence: str) -> str:
    """The sentence after a connective ("한편 ", "Meanwhile, "): an English sentence's first word lower-cased
    when it is an ordinary word."""
    if not connective:
        return sentence
    first = sentence.split(" ", 1)[0]
    if first[:1].isupper() and first.isalpha() and first.lower() in _ORDINARY:
        sentence = sentence[:1].lower() + sentence[1:]
    return connective + sentence


_ORDINARY = frozenset(
    "a an the at in on with after before as for from by its this that these those during while when following "
    "under over".split()
)
