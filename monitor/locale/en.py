"""English: every user-facing word of the English digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

from monitor.locale import Words, on_day


def month_name(month: tuple[int, int]) -> str:
    return datetime(month[0], month[1], 1).strftime("%B %Y")


def started(when: date) -> str:
    return f"monitor began collecting on {when.day} {when:%B}: earlier news is only what the feeds still carried then."


def _significant(value: float, digits: int = 3) -> float:
    return float(f"{value:.{digits}g}") if value > 0 else 0.0


@lru_cache(maxsize=1 << 12)  # a month's deals table formats the same figures again and again
def money(usd: float, krw_per_usd: float | None = None, *, per_year: bool = False, cap: bool = False) -> str:
    """ "$38 billion", "$250 million", small amounts exactly ("$3,499", "$0.47"); `krw_per_usd` is not shown."""
    if usd >= 1e12:
        text = f"${_significant(usd / 1e12):g} trillion"
    elif usd >= 1e9:
        text = f"${_significant(usd / 1e9):g} billion"
    elif usd >= 1e6:
        text = f"${_significant(usd / 1e6):g} million"
    elif usd >= 1:
        text = f"${usd:,.0f}" if usd >= 1000 else f"${_significant(usd):g}"
    else:
        text = f"${_significant(usd, 2):g}"
    text = f"up to {text}" if cap else text
    return f"{text} a year" if per_year else text


def names(companies: Sequence[str]) -> str:
    shown = list(companies[:3])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


WORDS = Words(
    lang="en",
    layer_names={
        "model": "Models",
        "application": "Applications and services",
        "enterprise": "Enterprise AI",
        "infrastructure": "AI infrastructure",
        "other": "Adjacent industries",
    },
    kind_names={
        "deal": "deal or investment",
        "valuation": "valuation",
        "revenue": "revenue",
        "market": "market size",
        "pay": "pay",
        "cost": "price or cost",
    },
    deal_types={
        "investment": "investment",
        "funding": "funding",
        "acquisition": "acquisition",
        "purchase": "purchase",
        "sale": "sale",
        "financing": "financing",
        "contract": "contract",
    },
    own_headings=False,
    month_name=month_name,
    title="AI industry report: {month}",
    money=money,
    won=lambda _usd, _krw_per_usd: "",  # an English digest's prose keeps dollars alone
    names=names,
    industry="The industry",
    outlets=lambda n: "outlets" if n != 1 else "outlet",
    amount=" ({text})",
    intro_lead=(
        "{count} stories in {items} articles this month. The most widely reported, by {weight} "
        '{outlets}, was {who}: "{title}"{amount}.'
    ),
    intro_item='{who}: "{title}"{amount}',
    intro_sep="; ",
    intro_follow=" It was followed by {follow}.",
    excerpt_none="No AI-industry news in {month}.",
    excerpt_lead='The biggest AI-industry story of {month} was {who}: "{title}".',
    excerpt_item="{who}{amount}",
    excerpt_sep=" and ",
    excerpt_rest=" {rest} also made news.",
    excerpt_deal=" The largest deal was {who}'s {text}.",
    closing_lead="In sum, {month} in the AI industry came down to {count} stories.",
    closing_busiest=" The busiest area was {name} ({share:.0%} of the articles).",
    closing_leaders=" {leaders} were most often at the centre of the news.",
    leaders_sep=", ",
    closing_deals=" The {count} deals of $1 million or more added up to about {total}.",
    deals_heading="The month's largest deals",
    valuations_heading="Valuations (not deals)",
    also_heading="Also this month",
    col_amount="Amount",
    col_kind="Kind",
    col_deal_companies="Companies",
    col_story="Story",
    companies_heading="Companies in the news",
    companies_chart="stories per company",
    col_company="Company",
    col_stories="Stories",
    col_articles="Articles",
    col_change="vs last month",
    layers_heading="Layers",
    layers_chart="articles per layer",
    col_layer="Layer",
    col_share="Share",
    summary_heading="Summary",
    health_heading="Appendix: source health",
    col_feed="Feed",
    col_problem="Problem",
    no_trouble="No feed had trouble this month.",
    no_feed_delivered="No feed delivered an AI article this month.",
    never_mentioned="Tracked companies never mentioned: ",
    footer_line=(
        "Period {f.period} · {f.ai_items} AI articles · {f.stories} stories · {f.outlets} outlets · "
        "{f.feeds_delivered} feeds delivered · made {f.generated}"
    ),
    articles="articles",
    stories="stories",
    outlets_word="outlets",
    feeds_word="feeds delivered",
    masthead="The monthly AI industry report",
    started=on_day(started),
    edition="{month} edition · {f.stories} stories · {f.outlets} outlets · {f.ai_items} AI articles",
    new_mark="new",
    in_this_issue="In this issue",
    top_story="Top story",
    sources_label="Sources",
    this_month="This month",
    last_month="Last month",
    companies_caption="Stories per company, top 10",
    layers_caption="Share of this month's AI articles per layer",
)
