"""The narrative writer: section openings that tell the section's main stories one after another (who did what,
with whom, for how much) from each story's own lead sentence and its facts; an excerpt naming the month's themes,
biggest deals and launches; a closing "종합하면 …" naming the forces of the month and what changed.

Deterministic and grounded: every sentence is a story's own lead sentence (in the digest's language) or a frame
filled with the story's facts (actors, figure, headline); nothing is judged that the stories do not say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from monitor.amounts import deal_type
from monitor.digest_model import Deal, Money, Section, Story
from monitor.korean import with_particle
from monitor.locale import words
from monitor.locale.prose import Prose, prose
from monitor.writers import MonthFacts
from monitor.writers.sentences import (
    event_amount,
    gloss,
    in_language,
    join_names,
    join_with_and,
    korean_angle,
    latin_name,
    latin_product,
    lead_sentence,
    product_of,
    start_with,
    with_amount,
)

TOLD = 6  # stories a section's opening tells
PER_PARAGRAPH = 3
EXCERPT_DEALS = 3
LAUNCHES = 3
# A headline that tells of a launch, in either language.
_LAUNCH = re.compile(r"출시|공개|선보|내놓|launch|releas|unveil|introduc|debut|roll(?:s|ed)? out", re.I)


def only_a_headline(story: Story, lang: str) -> bool:
    """A story the prose can only quote: reported in the other language and naming no company. A section's opening
    leaves it to the section's list, or tells it alone when the section has no other story."""
    return not story.companies and (story.lang or lang) != lang


def paragraphs_of(stories: Sequence[Story]) -> list[list[Story]]:
    """The stories in paragraphs of two to PER_PARAGRAPH (a lone story only when there is one): the others first in
    rank order, then the Korean-angle ones."""
    out: list[list[Story]] = []
    for group in ([s for s in stories if not korean_angle(s)], [s for s in stories if korean_angle(s)]):
        count = -(-len(group) // PER_PARAGRAPH)
        size = -(-len(group) // count) if count else 0
        out += [group[i : i + size] for i in range(0, len(group), size)] if size else []
    return out


class NarrativeWriter:
    """A Writer (monitor.writers). `latin` gives a foreign company's Latin name for its first mention in Korean;
    `products` each company's product names (to name a launch)."""

    def __init__(self, latin: Mapping[str, str] | None = None, products: Mapping[str, Sequence[str]] | None = None):
        self.latin = dict(latin or {})
        self.products = dict(products or {})

    @classmethod
    def from_rules(cls, rules: Any) -> NarrativeWriter:
        """From monitor.rules.Rules: the companies' English names and product aliases."""
        return cls(
            {c.id: latin_name(c.name_en) for c in rules.companies},
            {c.id: tuple(sorted(c.products, key=len, reverse=True)) for c in rules.companies},
        )

    # --- a section's opening ------------------------------------------------------------------------------

    def section_intro(
        self, heading: str, top: Sequence[Story], stories: Sequence[Story], lang: str, *, opening: bool = True
    ) -> str:
        """The section's stories told one after another; only the digest's first section opens with p.first
        ("우선"): said at every section's head, it read as a form filled in five times."""
        p = prose(lang)
        chosen = list(top)[:TOLD]
        # A story the prose could only quote is left to the list below it, unless the section has nothing else.
        quoted = [story for story in chosen if only_a_headline(story, lang)]
        others = [story for story in chosen if story not in quoted]
        paragraphs = paragraphs_of(others) if others else [quoted[:1]] if quoted else []
        glossed: set[str] = set()
        out, told, domestic_told = [], 0, False
        for index, paragraph in enumerate(paragraphs):
            sentences = []
            for position, story in enumerate(paragraph):
                if korean_angle(story) and not domestic_told and told and not story.summary.startswith("국내"):
                    conn = p.domestic
                elif told == 0:
                    conn = p.first if opening and len(top) > 1 else ""
                elif position == 0:
                    conn = p.next_paragraph[(index - 1) % len(p.next_paragraph)]
                else:
                    conn = p.within[(position - 1) % len(p.within)]
                domestic_told = domestic_told or korean_angle(story)
                sentence = self.tell(story, conn, lang, glossed, told)
                if sentence:
                    sentences.append(sentence)
                    told += 1
            if sentences:
                out.append(" ".join(sentences))
        return "\n\n".join(out)

    def tell(self, story: Story, conn: str, lang: str, glossed: set[str], turn: int = 0) -> str:
        """One story as a sentence or two in `lang`: its lead sentence with its figure, or a frame of its facts."""
        p = prose(lang)
        own = (story.lang or lang) == lang and in_language(story.title, lang)
        sentence = lead_sentence(story.summary, lang) if own else None
        if sentence is None:
            framed = self.frame(story, conn, p, turn, foreign=not own)
            return gloss(framed, story, self.latin, glossed) if lang == "ko" else framed
        amount = converted(in_words(event_amount(story), lang))
        if lang == "ko":
            sentence = gloss(sentence, story, self.latin, glossed)
        return start_with(conn, with_amount(sentence, amount, p.after_amount, lang))

    def frame(self, story: Story, conn: str, p: Prose, turn: int, *, foreign: bool) -> str:
        """A story told from its facts: actors, the kind of its figure (or its topic). Told only in the other
        language, a Korean digest says who did what for how much when the facts say it, and quotes the headline
        only when they do not (an English digest never quotes a Korean headline)."""
        lang = p.lang
        names = [n for n in self.names(story.companies, story.company_names, lang)[:2] if n]
        if lang == "en" and conn == p.domestic:
            conn = ""  # "Korean-language outlets" says it
        headline = f"‘{story.title}’"
        as_title = with_particle(headline, "이라는") if lang == "ko" else headline
        about = what_about(story, names, p)
        if not foreign and lang == "ko":  # the story's own language, but no whole lead sentence
            told = f"{about} 소식도 전해졌다({headline})." if names else f"{headline} 소식도 전해졌다."
            return start_with(conn, told)
        if not names:  # only a headline to tell: a Korean digest quotes it, an English one leaves it to the list
            return p.foreign_bare.format(conn=conn, headline=headline, headline_as=as_title) if lang == "ko" else ""
        amount = converted(in_words(event_amount(story), lang))
        if lang == "ko" and amount is not None:  # who, and for how much: enough for a sentence of its own
            event = korean_event(names, amount, story.outlets)
            if event is None:
                said = p.foreign_facts[turn % len(p.foreign_facts)]
                event = said.format(about=what_about(story, names, p, won=True), told=english_outlets(story.outlets))
            return start_with(conn, event)
        product = latin_product(story, self.products) if lang == "en" and amount is None else None
        if product:  # what a Korean-only story is about, in words an English reader can look up
            about = f"{names[0]}'s {product}"
        text = p.foreign[turn % len(p.foreign)].format(conn=conn, about=about, headline=headline, headline_as=as_title)
        return text[:1].upper() + text[1:]

    # --- the month ----------------------------------------------------------------------------------------

    def excerpt(self, facts: MonthFacts) -> str:
        p, lang = prose(facts.lang), facts.lang
        month = words(lang).month_name(tuple(facts.month))  # type: ignore[arg-type]
        if not facts.stories:
            return p.excerpt_none.format(month=month)
        themes = [self.theme(s, p) for s in ranked_sections(facts)[:2]]
        text = p.excerpt_theme.format(month=month, themes=themes_phrase(themes, lang, "이"))
        deals = [
            deal_phrase(d, facts, p, self.names(d.companies, d.company_names, p.lang))
            for d in big_deals(facts.deals)[:EXCERPT_DEALS]
        ]
        launches = [name for _s, name in self.launches(facts.stories, lang)]
        deals_text = p.list_sep.join(deals) if lang == "ko" else join_with_and(deals, lang)
        launches_text = join_with_and(launches, lang) if lang == "en" else p.list_sep.join(launches)
        if deals and launches:
            text += " " + p.excerpt_both.format(deals=deals_text, launches=launches_text)
        elif deals:
            text += " " + p.excerpt_deals.format(deals=deals_text)
        elif launches:
            text += " " + p.excerpt_launches.format(launches=launches_text)
        return text

    def closing(self, facts: MonthFacts) -> str:
        if not facts.stories:
            return ""
        p, lang = prose(facts.lang), facts.lang
        month = words(lang).month_name(tuple(facts.month))  # type: ignore[arg-type]
        sections = [s for s in ranked_sections(facts) if s.stories][:3]
        themes = [self.theme(s, p) for s in sections]
        text = p.closing_lead.format(month=month, themes=themes_phrase(themes, lang, "이"))
        told_deals = 0
        for section, theme in zip(sections, themes, strict=True):
            line, deals = self.section_line(section, theme, facts, p, told_deals)
            text, told_deals = text + line, told_deals + deals
        return text + movers(facts, p)

    def section_line(self, section: Section, theme: str, facts: MonthFacts, p: Prose, turn: int) -> tuple[str, int]:
        """One sentence on a theme: its launches, else its deals, else its leading companies (and whether it
        told deals)."""
        lang = p.lang
        titles = {s.title for s in section.stories}
        deals = [
            deal_phrase(d, facts, p, self.names(d.companies, d.company_names, p.lang))
            for d in big_deals(facts.deals)
            if d.title in titles
        ][:2]
        launches = self.launches(section.stories, lang)
        if len(deals) >= 2 and len(launches) < 2:
            pattern = p.closing_deals[turn % len(p.closing_deals)]
            listed = p.list_sep.join(deals) if lang == "ko" else join_with_and(deals, lang)
            return pattern.format(theme=theme, theme_cap=theme[:1].upper() + theme[1:], deals=listed), 1
        if len(launches) >= 2:
            who = join_names((display(s.company_names[0], lang) for s, _n in launches if s.company_names), lang)
            names = [n for _s, n in launches]
            listed = p.list_sep.join(names) if lang == "ko" else join_with_and(names, lang)
            who_text = with_particle(who, "이") if lang == "ko" else who
            return p.closing_launches.format(theme=theme, who=who_text, launches=listed), 0
        if deals:
            return p.closing_deal.format(theme=theme, theme_cap=theme[:1].upper() + theme[1:], deal=deals[0]), 1
        leaders = join_names((display(s.company_names[0], lang) for s in section.stories[:3] if s.company_names), lang)
        if not leaders:
            return "", 0
        who = with_particle(leaders, "이") if lang == "ko" else leaders
        return p.closing_leaders.format(theme=theme, who=who), 0

    def launches(self, stories: Sequence[Story], lang: str) -> list[tuple[Story, str]]:
        """The model stories told by most outlets that name a product (written in `lang`), with its name."""
        found: list[tuple[Story, str]] = []
        # a story with a figure is a deal, not a launch
        launched = (s for s in stories if s.layer == "model" and event_amount(s) is None and _LAUNCH.search(s.title))
        for story in sorted(launched, key=lambda s: -s.weight):
            name = product_of(story, self.products)
            readable = bool(name) and (lang != "en" or in_language(name or "", "en"))
            if name and readable and not any(name in n or n in name for _s, n in found):
                found.append((story, name))
        return found[:LAUNCHES]

    def names(self, companies: Sequence[str], names: Sequence[str], lang: str) -> list[str]:
        """The companies' names in `lang`: an English digest takes the Latin name wherever a name is not Latin."""
        if lang != "en":
            return list(names)
        return [n if in_language(n, "en") else self.latin.get(c, n) for c, n in zip(companies, names, strict=False)]

    def theme(self, section: Section, p: Prose) -> str:
        key = section.topics[0] if not section.layers and section.topics else section.layer
        return p.themes.get(key, section.heading)


def what_about(story: Story, names: Sequence[str], p: Prose, *, won: bool = False) -> str:
    """What the story is about, from its facts, in p's language ("데이터브릭스의 기업가치 1,300억 달러", "$400 million
    deal news from Perplexity"); a deal by what its title calls it ("23억 달러 투자 유치"); its topic or layer when
    it has no figure. `won`: a figure with its conversion ("23억 달러(약 3조 2,200억 원)"), as prose gives it."""
    figure = event_amount(story)
    amount = converted(in_words(figure, p.lang)) if won else in_words(figure, p.lang)
    if figure is not None and amount is not None and amount.kind in p.what_amount:
        type_ = deal_type(story.title, figure.text) if amount.kind == "deal" else ""
        said = p.what_amount[amount.kind].format(amount=amount.text)
        what = f"{amount.text} {p.deal_words[type_]}" if type_ else said
    else:
        what = next((p.nouns[t] for t in story.topics if t in p.nouns), p.nouns.get(story.layer, ""))
    return (p.about if what else p.about_bare).format(who=join_with_and(list(names), p.lang), what=what)


def highlight(stories: Sequence[Story], lang: str) -> str:
    """A section's line in the table of contents: the title of its first story told in `lang`; where every story is
    told in the other language, what the first is about, from its facts (its title when it names no company)."""
    own = next((s for s in stories if s.lang == lang and in_language(s.title, lang)), None)
    if own is not None:
        return own.title
    if not stories:
        return ""
    first = stories[0]
    names = [display(n, lang) for n in first.company_names[:2] if n]
    if not names or (lang == "en" and not all(in_language(n, lang) for n in names)):
        return first.title
    return what_about(first, names, prose(lang))


def in_words(amount: Money | None, lang: str) -> Money | None:
    """The figure as written when it is written in `lang`, else in `lang`'s money words ("$50.0 billion")."""
    if amount is None or in_language(amount.text, lang) or not amount.usd:
        return amount
    return Money(words(lang).money(amount.usd).replace(".0 billion", " billion"), amount.usd, amount.kind, amount.won)


def converted(amount: Money | None) -> Money | None:
    """The figure with its won conversion after it, when it has one ("380억 달러(약 53조 원)")."""
    if amount is None or not amount.won or "(" in amount.text:
        return amount
    return Money(f"{amount.text}({amount.won})", amount.usd, amount.kind)


def english_outlets(outlets: int) -> str:
    return "영문 매체들이" if outlets > 1 else "영문 매체가"


def display(name: str, lang: str) -> str:
    """A company's name in English prose: "Google / Alphabet" -> "Google"."""
    return latin_name(name) if lang == "en" else name


def ranked_sections(facts: MonthFacts) -> list[Section]:
    """The month's sections, most outlets first."""
    return sorted(facts.sections, key=lambda s: -sum(story.weight for story in s.stories))


def themes_phrase(themes: Sequence[str], lang: str, particle: str) -> str:
    phrase = join_with_and(list(themes), lang)
    return with_particle(phrase, particle) if lang == "ko" and phrase else phrase


def big_deals(deals: Sequence[Deal]) -> list[Deal]:
    """Deals before valuations, largest first."""
    return sorted(deals, key=lambda d: (d.kind != "deal", -d.usd))


def deal_phrase(deal: Deal, facts: MonthFacts, p: Prose, company_names: Sequence[str]) -> str:
    """'오픈AI-아마존 380억 달러 계약' / 'a $38 billion deal between OpenAI and Amazon'."""
    if deal.kind == "valuation" or deal.deal_type:
        word = p.deal_words[deal.deal_type or "valuation"]
    else:  # the title does not say: a story about funding is an investment
        story = next((s for s in facts.stories if s.title == deal.title), None)
        word = p.deal_words["investment" if story and "funding" in story.topics else "deal"]
    names = [display(n, p.lang) for n in company_names[:2] if n]
    money = deal.usd_text.replace(".0 billion", " billion")
    if p.lang == "ko":
        return f"{'-'.join(names)} {money} {word}".strip()
    tie = "between" if word in ("deal", "contract") else "involving"  # (an investment is not "between" two firms)
    if money.startswith("up to "):  # a cap: "a deal of up to $15 billion", never "a up to $15 billion deal"
        who = f" {tie} {names[0]} and {names[1]}" if len(names) == 2 else f" with {names[0]}" if names else ""
        return f"{'an' if word[0] in 'aeiou' else 'a'} {word} of {money}{who}"
    if len(names) == 2 and word != "valuation":
        return f"a {money} {word} {tie} {names[0]} and {names[1]}"
    return f"{names[0]}'s {money} {word}" if names else f"a {money} {word}"


def movers(facts: MonthFacts, p: Prose) -> str:
    """What changed against the month before: the companies whose stories grew most, and those new to the news
    (nothing when there is no month before to compare with)."""
    if not facts.companies or all(c.previous == 0 for c in facts.companies):
        return ""
    lang = p.lang
    up = sorted((c for c in facts.companies if c.previous and c.stories > c.previous),
                key=lambda c: -(c.stories - c.previous))[:2]  # fmt: skip
    new = [c for c in facts.companies if c.previous == 0][:2]
    text = ""
    if up:
        text += p.closing_movers.format(up=join_names((display(c.name, lang) for c in up), lang))
    if new:
        names = join_names((display(c.name, lang) for c in new), lang)
        text += p.closing_new.format(new=with_particle(names, "이") if lang == "ko" else names)
    return text


NARRATIVE = NarrativeWriter()


def korean_event(names: Sequence[str], amount: Money | None, outlets: int = 1) -> str | None:
    """An English-only story told as a Korean news sentence when its facts say what happened: two actors and a
    deal, or one company's valuation; reported by `outlets` English outlets. None when the facts say less."""
    if amount is None:
        return None
    told = f"{english_outlets(outlets)} 전했다"
    if amount.kind == "deal" and len(names) >= 2:
        a, b = names[0], names[1]
        return f"{with_particle(a, '이')} {with_particle(b, '와')} {amount.text} 규모의 거래를 맺었다고 {told}."
    if amount.kind == "valuation" and names:
        return f"{names[0]}의 기업가치가 {with_particle(amount.text, '으로')} 평가됐다고 {told}."
    return None
