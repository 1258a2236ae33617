"""The plain writer: deterministic sentences naming the biggest stories, their companies and amounts, built from the
patterns of monitor.locale."""

from __future__ import annotations

from collections.abc import Sequence

from monitor.digest_model import Deal, Story
from monitor.locale import Words, words
from monitor.writers import MonthFacts


def who(story: Story | Deal, w: Words) -> str:
    """The companies a story or deal is about, as a subject."""
    return w.names(story.company_names) if story.company_names else w.industry


def amount_phrase(story: Story, w: Words) -> str:
    return w.amount.format(text=story.amounts[0].text) if story.amounts else ""


class PlainWriter:
    def section_intro(
        self, heading: str, top: Sequence[Story], stories: Sequence[Story], lang: str, *, opening: bool = True
    ) -> str:
        """A paragraph in full sentences naming the top three stories' companies and their amounts."""
        w = words(lang)
        first, rest = top[0], top[1:3]
        text = w.intro_lead.format(
            heading=heading, count=len(stories), items=sum(s.articles for s in stories), weight=first.weight,
            outlets=w.outlets(first.weight), who=who(first, w), title=first.title, amount=amount_phrase(first, w),
        )  # fmt: skip
        if rest:
            items = (w.intro_item.format(who=who(s, w), title=s.title, amount=amount_phrase(s, w)) for s in rest)
            text += w.intro_follow.format(follow=w.intro_sep.join(items))
        return text

    def excerpt(self, facts: MonthFacts) -> str:
        """Two or three sentences naming the biggest stories and their amounts."""
        w = words(facts.lang)
        month = w.month_name(facts.month)
        top = facts.stories[:3]
        if not top:
            return w.excerpt_none.format(month=month)
        lead, rest = top[0], top[1:]
        named = {s.title for s in top}
        biggest = next((d for d in facts.deals if d.title not in named), None)
        text = w.excerpt_lead.format(month=month, who=who(lead, w), title=lead.title)
        if rest:
            items = (w.excerpt_item.format(who=who(s, w), amount=amount_phrase(s, w)) for s in rest)
            text += w.excerpt_rest.format(rest=w.excerpt_sep.join(items))
        if biggest:
            text += w.excerpt_deal.format(who=who(biggest, w), text=biggest.text)
        return text

    def closing(self, facts: MonthFacts) -> str:
        if not facts.stories:
            return ""
        w = words(facts.lang)
        text = w.closing_lead.format(month=w.month_name(facts.month), count=len(facts.stories))
        if facts.layers:
            busiest = max(facts.layers, key=lambda x: x.articles)
            text += w.closing_busiest.format(name=busiest.name, share=busiest.share)
        leaders = [c.name for c in facts.companies[:3]]
        if leaders:
            text += w.closing_leaders.format(leaders=w.leaders_sep.join(leaders))
        if facts.deals:
            total = sum(d.usd for d in facts.deals)
            text += w.closing_deals.format(count=len(facts.deals), total=w.money(total))
        return text


PLAIN = PlainWriter()
