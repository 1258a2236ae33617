"""Every user-facing word of the digest, one module per language (ko.py, en.py), each a Words record.

The builder takes layer and kind names, the title and money from it; the plain writer its sentence patterns
(str.format patterns with named fields); the templates its headings and labels as `t`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Words:
    lang: str
    # --- the model -------------------------------------------------------------------------------------------
    layer_names: Mapping[str, str]
    kind_names: Mapping[str, str]
    deal_types: Mapping[str, str]  # a deal's type (amounts.DEAL_TYPES) as the deals table names it
    own_headings: bool  # sections keep their configured headings; False: the layer's name in this language
    month_name: Callable[[tuple[int, int]], str]  # (2025, 11) -> "2025년 11월" / "November 2025"
    title: str  # {month}
    money: Callable[
        ..., str
    ]  # (usd, krw_per_usd=None, *, per_year, cap): 38e9 -> "380억 달러(약 53조 원)" / "$38 billion"
    won: Callable[[float, float], str]  # (usd, krw_per_usd) -> "약 53조 원": the prose's conversion ("" for none)
    names: Callable[[Sequence[str]], str]  # up to three company names as one subject
    industry: str  # the subject when a story names no company
    outlets: Callable[[int], str]  # the word after a number of outlets
    # --- the plain writer's sentences --------------------------------------------------------------------------
    amount: str  # {text}: a story's figure after its title
    intro_lead: str  # {heading} {count} {items} {weight} {outlets} {who} {title} {amount}
    intro_item: str  # {who} {title} {amount}
    intro_sep: str
    intro_follow: str  # {follow}
    excerpt_none: str  # {month}
    excerpt_lead: str  # {month} {who} {title}
    excerpt_item: str  # {who} {amount}
    excerpt_sep: str
    excerpt_rest: str  # {rest}
    excerpt_deal: str  # {who} {text}
    closing_lead: str  # {month} {count}
    closing_busiest: str  # {name} {share}
    closing_leaders: str  # {leaders}
    leaders_sep: str
    closing_deals: str  # {count} {total}
    # --- the templates' headings and labels --------------------------------------------------------------------
    deals_heading: str
    valuations_heading: str
    also_heading: str
    col_amount: str
    col_kind: str
    col_deal_companies: str
    col_story: str
    companies_heading: str
    companies_chart: str  # the chart's name, for a template's alternative text
    col_company: str
    col_stories: str
    col_articles: str
    col_change: str
    layers_heading: str
    layers_chart: str
    col_layer: str
    col_share: str
    summary_heading: str
    health_heading: str
    col_feed: str
    col_problem: str
    no_trouble: str
    no_feed_delivered: str  # instead of no_trouble when no feed delivered an AI article (or there are none)
    never_mentioned: str
    footer_line: str  # {f.period} {f.ai_items} {f.stories} {f.outlets} {f.feeds_delivered} {f.generated}
    articles: str
    stories: str
    outlets_word: str
    feeds_word: str
    # --- the HTML page's masthead, contents and charts ---------------------------------------------------------
    masthead: str  # the line above the title
    edition: str  # {month} {f.stories} {f.outlets} {f.ai_items}: the line under the title
    started: Callable[[str], str]  # (YYYY-MM-DD) -> the note on a month monitor began collecting in
    new_mark: str  # a company not in last month's stories
    in_this_issue: str
    top_story: str  # the label above a section's lead story
    sources_label: str
    this_month: str
    last_month: str
    companies_caption: str  # under the companies chart
    layers_caption: str


def on_day(note: Callable[[date], str]) -> Callable[[str], str]:
    """A note about a day, taking the day as written in the digest model (YYYY-MM-DD); "" for a day it cannot read
    (an archive edited by hand)."""

    def noted(day: str) -> str:
        try:
            return note(date.fromisoformat(day))
        except ValueError:
            return ""

    return noted


def words(lang: str) -> Words:
    """The words of a language ("ko" or "en")."""
    if lang == "ko":
        from monitor.locale.ko import WORDS
    else:
        from monitor.locale.en import WORDS
    return WORDS
