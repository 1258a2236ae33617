"""Stories and the facts they state, scored against three labelled sets: the shared dev set, our labelled month
(tests/data/stories_month*.jsonl, written before the rules were tuned) and the demo's labels."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from monitor.amounts import DEAL_TYPES, Amount, deal_type, extract_amounts
from monitor.cli import main
from monitor.digest import company_names, story_from_facts
from monitor.facts import StoryFacts, TitleNames, actors, build_stories, event_figure, headline
from monitor.ranking import deal_rows, money, rank, select, story_record
from monitor.rules import load_rules, shipped_rule_files, short_name
from monitor.store import StoredItem
from tests import storyeval as se
from tests.conftest import write_config
from tests.feeds import Post, rss2
from tests.feedserver import FeedServer, Route

RULES = load_rules(shipped_rule_files())
SETS = {"dev": lambda: se.labelled(se.DEV), "own": lambda: se.labelled(se.OWN), "demo": se.demo}


@pytest.fixture(scope="module")
def own_stories() -> tuple[list[StoryFacts], dict[int, str]]:
    data = se.labelled(se.OWN)
    rows = se.load(se.OWN)
    story_of = {item.id: row["story_id"] for (item, _s), row in zip(data, rows, strict=True)}
    return build_stories([i for i, _s in data], RULES, 1400, "ko"), story_of


@pytest.mark.parametrize("name", sorted(SETS))
def test_story_grouping_pairwise_precision_and_recall(name):
    if name == "dev" and not se.DEV.exists():
        pytest.skip("shared/ is not beside the clone")
    data = SETS[name]()
    gold = {item.id: story for item, story in data if item.primary_layer}
    stories = build_stories([item for item, _story in data], RULES, 1400, "ko")
    groups = [[item.id for item in s.items] for s in stories]
    precision, recall, pairs, _fp = se.pairwise(groups, gold)
    assert pairs >= 20
    assert precision >= 0.95 and recall >= 0.90, (name, precision, recall)
    # every AI item in exactly one story, an item without a layer in none
    told = Counter(i for g in groups for i in g)
    assert set(told) == set(gold) and set(told.values()) == {1}


def test_story_grouping_does_not_depend_on_input_order():
    data = se.labelled(se.OWN)
    items = [i for i, _s in data]
    one = {frozenset(i.id for i in s.items) for s in build_stories(items, RULES, 1400, "ko")}
    other = {frozenset(i.id for i in s.items) for s in build_stories(items[::-1], RULES, 1400, "ko")}
    assert one == other


def test_actors_and_event_figures_on_the_labelled_month(own_stories):
    stories, story_of = own_stories
    labels = {x["story"]: x for x in se.load(se.OWN_LABELS)}
    multi = sum(x["articles"] > 1 for x in labels.values())
    assert multi >= 40
    right_actors = right_figure = 0
    for story in stories:
        label = labels[Counter(story_of[i.id] for i in story.items).most_common(1)[0][0]]
        right_actors += set(story.companies) == set(label["companies"])
        want, got = label["amount"], story.amount
        if want is None:
            right_figure += got is None
        else:
            right_figure += (
                got is not None and abs(got.usd - want["usd"]) <= 0.05 * want["usd"] and (got.kind == want["kind"])
            )
    assert right_actors / len(stories) >= 0.90
    assert right_figure / len(stories) >= 0.95


def test_the_deals_table_holds_deals_only(own_stories):
    stories, _ = own_stories
    names = {c.id: c.display_en for c in RULES.companies}
    rows = deal_rows(rank(stories), "en", 1400, names)
    assert rows and all(r.kind == "deal" and r.usd >= 1e6 for r in rows)
    assert [r.usd for r in rows] == sorted((r.usd for r in rows), reverse=True)
    assert len({r.title for r in rows}) == len(rows)
    assert all(r.url and r.title and r.text for r in rows)
    valuations = deal_rows(stories, "en", 1400, names, kind="valuation")
    assert valuations and not {r.title for r in valuations} & {r.title for r in rows}
    by_usd = {round(r.usd / 1e8) for r in rows}
    assert 300 in by_usd and 5000 not in by_usd  # Oracle's $30 billion a year; never OpenAI's valuation
    assert {r.deal_type for r in rows} <= {"", *DEAL_TYPES} and sum(bool(r.deal_type) for r in rows) > len(rows) / 2
    korean = deal_rows(rank(stories), "ko", 1400, names)
    named = {"투자", "투자 유치", "인수", "구매", "매각", "자금 조달", "계약"}
    assert {r.kind_name for r in korean if r.deal_type} <= named
    assert all(r.kind_name == "계약·투자" for r in korean if not r.deal_type)


@pytest.mark.parametrize(
    ("title", "figure", "kind"),
    [
        ("가온반도체, 미국 공장에 120억 달러 투자", "120억", "investment"),
        ("누리랩스, 시리즈B로 900억 원 투자 유치", "900억", "funding"),
        ("한빛전자, 팹리스 업체 3조 원에 인수", "3조", "acquisition"),
        ("한빛전자, 자회사 지분 매각…2조 원 신사업 투자 재원으로", "2조", "sale"),  # the nearer word
        ("다온클라우드, 5년간 40억 달러 GPU 공급 계약", "40억", "contract"),
        ("세온전자, 1조 원 회사채 발행해 AI 설비 자금 마련", "1조", "financing"),
        ("노바AI, 5억 유로 조달…유럽 최대 규모", "5억", "funding"),
        ("하이칩, 20억 달러 규모 HBM 주문 따내", "20억", "contract"),
        ("Acme raises $600 million in a round led by Beta Capital", "$600", "funding"),
        ("Acme to acquire chip designer Gamma for $4.1 billion", "$4.1", "acquisition"),
        ("Delta to spend $25 billion on new data centres", "$25", "investment"),
        ("Delta signs $3 billion cloud deal with Acme", "$3", "contract"),
        ("Delta buys $2 billion of accelerators from Acme", "$2", "purchase"),
        ("가온전자, 하이칩 지분 5억 달러어치 매입", "5억", "purchase"),
        ("Delta shares jump after $5 billion report", "$5", ""),  # no word says what the money is
        ("하나폰, 검색엔진에 AI 모델 탑재…연간 10억 달러 지불", "10억", "contract"),  # paid for a service
        ("Echo to pay Zeta $400 million to put its assistant in Zeta's app", "$400", "contract"),
        ("Echo to pay $2 billion to settle a consumer case", "$2", ""),  # a settlement is no contract
        ("Echo agrees to pay writers $800 million after losing a lawsuit", "$800", ""),
        ("노바랩스, 번역가들에 8억 달러 물어준다", "8억", ""),
        ("자회사 매각 마친 한빛전자, 가온랩스에 3억 달러 투자", "3억", "investment"),  # not the first word
        ("After its bond sale, Acme agrees to acquire Beta for $9 billion", "$9", "acquisition"),
        ("에코랩스 매출 1조 원 돌파", "", ""),
    ],
)
def test_a_deals_type_is_the_word_nearest_its_figure(title, figure, kind):
    assert deal_type(title, figure) == kind


def item(n: int, title: str, lang: str = "en", outlet: str = "a.example", day: int = 1, **kw) -> StoredItem:
    when = datetime(2025, 8, day, 9, tzinfo=UTC) + timedelta(minutes=n)
    return StoredItem(
        n, f"https://{outlet}/{n}", title, kw.get("summary", ""), when, False, lang, (), kw.get("companies", ()),
        ("model",), kw.get("layer", "model"), when,
    )  # fmt: skip


def test_actors_are_named_in_most_titles_and_the_rest_only_mentioned():
    titles = [frozenset({"google"}), frozenset({"google", "openai"}), frozenset({"google"})]
    companies = [("google", "openai", "nvidia"), ("google", "openai"), ("google",)]
    assert actors(titles, companies) == (("google",), ("openai", "nvidia"))
    # no company in more than half of the titles: those in most articles
    assert actors([frozenset(), frozenset()], [("meta", "google"), ("meta",)]) == (("meta",), ("google",))


def test_a_title_names_its_companies_in_order_and_the_headlines_subject_leads_the_actors():
    names = TitleNames(RULES)
    assert names.named("Meta signs a $14 billion compute deal with CoreWeave", ("coreweave", "meta")) == (
        "meta", "coreweave")  # fmt: skip
    assert names.named("오픈AI, AWS와 클라우드 계약", ("amazon", "openai")) == ("openai", "amazon")
    # Both in every title and every article: the one most titles name first (the subject) leads, not the alphabet.
    titles = [("openai", "amazon"), ("openai", "amazon"), ("amazon", "openai")]
    companies = [("amazon", "openai")] * 3
    assert actors(titles, companies) == (("openai", "amazon"), ())
    assert actors([("openai", "amazon")], [("amazon", "openai")]) == (("openai", "amazon"), ())


def _amounts(title: str, summary: str = "") -> tuple[int, list[Amount]]:
    return len(title), extract_amounts(f"{title}\n{summary}")


def test_the_event_figure_is_the_titles_figure_not_the_largest_or_context():
    figure = event_figure(
        [
            _amounts("Acme wins $2 billion order", "Its backlog grew to $90 billion, a record."),
            _amounts("에이크미, 20억 달러 수주", "총 900억 달러 규모의 수주잔고를 쌓았다."),
            _amounts("Acme's $2 billion contract", "The company sold $30 billion of bonds last year."),
        ]
    )
    assert figure is not None and figure.usd == 2e9 and figure.kind == "deal"
    capped = event_figure([_amounts("Beta signs $17.4 billion deal that could grow to as much as $19.4 billion")])
    assert capped is not None and capped.usd == 17.4e9
    assert event_figure([_amounts("Gamma opens office", "Investors placed orders for $5 billion.")]) is None
    valuation = event_figure([_amounts("Delta valued at $500 billion in share sale", "Staff sell $6 billion.")] * 2)
    assert valuation is not None and valuation.kind == "valuation"


@pytest.mark.parametrize(
    ("text", "shown", "usd", "kind", "flag"),
    [
        ("카카오, 데이터센터에 10억~20억 달러 투자", "10억~20억 달러", 1e9, "deal", None),
        ("weighs a $1 billion to $2 billion data center", "$1 billion to $2 billion", 1e9, "deal", None),
        ("cloud deal worth $30 billion a year", "$30 billion a year", 30e9, "deal", "per_year"),
        ("연간 300억 달러(약 42조 원) 규모 계약", "연간 300억 달러", 30e9, "deal", "per_year"),
        ("pay package worth up to $1 trillion", "up to $1 trillion", 1e12, "pay", "cap"),
        ("앤트로픽에 최대 150억 달러 투자", "최대 150억 달러", 15e9, "deal", "cap"),
        ("placed orders for about $125 billion", "$125 billion", 125e9, "deal", "context"),
        ("API costs $0.039 per image", "$0.039", 0.039, "cost", None),
        ("offered to agencies for $0.47 each", "$0.47", 0.47, "cost", None),
        # what a lawsuit makes a company pay is a cost, never a deal
        ("노바랩스, 번역가들에 8억 달러 물어준다…저작권 다툼 일단락", "8억 달러", 8e8, "cost", None),
        ("집단소송에서 8억 달러를 내기로 했다", "8억 달러", 8e8, "cost", None),
        ("the class action ends with a $300 million payment", "$300 million", 3e8, "cost", None),
        ("a lawsuit that sought $2 billion", "$2 billion", 2e9, "cost", None),
        ("소송 끝에 한빛전자가 3조 원에 인수", "3조 원", 3e12 / 1400, "deal", None),  # the nearer word says
    ],
)
def test_amount_kinds_ranges_per_year_caps_and_context(text, shown, usd, kind, flag):
    (amount,) = extract_amounts(text)
    assert (amount.text, amount.kind) == (shown, kind)
    assert abs(amount.usd - usd) < 1e-9 * max(usd, 1)
    for name in ("per_year", "cap", "context"):
        assert getattr(amount, name) == (name == flag)


@pytest.mark.parametrize(
    ("usd", "ko", "en"),
    [
        (38e9, "380억 달러(약 53조 원)", "$38 billion"),
        (14.2e9, "142억 달러(약 20조 원)", "$14.2 billion"),
        (1.5e12, "1조 5,000억 달러(약 2,100조 원)", "$1.5 trillion"),
        (121.4e6, "1억 2,100만 달러(약 1,700억 원)", "$121 million"),
        (2.5e6, "250만 달러(약 35억 원)", "$2.5 million"),
        (3499, "3,499달러(약 490만 원)", "$3,499"),
        (0.47, "0.47달러(약 658원)", "$0.47"),
    ],
)
def test_money_in_words_with_a_conversion(usd, ko, en):
    assert money(usd, "ko", 1400) == ko
    assert money(usd, "en", 1400) == en
    assert not money(usd, "ko", 1400).startswith("0만")


def test_money_per_year_and_caps():
    assert money(30e9, "ko", 1400, per_year=True) == "연 300억 달러(약 42조 원)"
    assert money(30e9, "en", 1400, per_year=True) == "$30 billion a year"
    assert money(15e9, "en", cap=True) == "up to $15 billion"


def _story(n: int, layer: str, outlets: int, langs: str = "en") -> StoryFacts:
    items = tuple(item(n * 10 + k, f"story {n}", langs[k % len(langs)], f"o{k}.example") for k in range(outlets))
    return StoryFacts(items, items[0], (), (), None, layer, tuple(f"o{k}" for k in range(outlets)), frozenset(langs))


def test_sections_show_stories_of_several_outlets_then_fill_thin_sections():
    busy = [_story(n, "model", 3) for n in range(10)] + [_story(20, "model", 1)]
    thin = [_story(30, "application", 2), _story(31, "application", 1), _story(32, "application", 1),
            _story(33, "application", 1)]  # fmt: skip
    chosen = select(rank(busy + thin), ["model", "application"], per_section=8)
    assert [len(s.outlets) for s in chosen.sections["model"]] == [3] * 8
    assert [len(s.outlets) for s in chosen.sections["application"]] == [2, 1, 1]
    assert len(chosen.also) == 4  # two of the busy section, its one-outlet story, one of the thin section
    both = _story(40, "model", 2, "ko" + "en")
    assert rank([_story(41, "model", 2), both])[0] is both


def test_the_headline_comes_from_the_best_article_not_the_earliest():
    early = item(1, "Acme news", outlet="tiny.example", summary="Short.")
    best = item(2, "Acme signs $2 billion deal with Beta", outlet="big.example", summary="A longer report.")
    other = item(3, "Acme, Beta strike $2 billion deal", outlet="mid.example", summary="Another report.")
    titles = [frozenset({"acme"}), frozenset({"acme", "beta"}), frozenset({"acme", "beta"})]
    counts = Counter({"big.example": 9, "tiny.example": 2, "mid.example": 2})
    assert headline([early, best, other], titles, ["acme", "beta"], [False, True, True], counts, "en") == 1


def test_a_month_told_twice_is_told_alike_whatever_order_its_reports_arrived_in():
    def month(first_id: int) -> list[str]:
        """Two same-moment reports of one deal and two unrelated one-outlet items, stored in either order."""
        texts = [
            ("Acme signs $2 billion deal with Beta", "a.example"),
            ("Acme, Beta strike $2 billion deal", "b.example"),
            ("Gamma opens a lab", "c.example"),
            ("Delta hires a chief scientist", "d.example"),
        ]
        order = texts if first_id == 1 else texts[::-1]
        items = [item(0, title, outlet=outlet, companies=("acme",))._replace(id=n) for n, (title, outlet) in
                 enumerate(order, first_id)]  # fmt: skip
        ranked = rank(build_stories(items, RULES, 1400, "en"))
        return [f"{s.lead.url} {[i.url for i in s.items]}" for s in ranked]

    assert month(1) == month(10)


def test_display_names_drop_the_descriptive_part():
    assert short_name("Google / Alphabet") == "Google"
    assert short_name("LG (LG AI Research)") == "LG"
    google = RULES.company("google")
    assert google is not None and google.display_en == "Google" and google.display_ko == "구글"


def test_story_records_have_the_contract_fields(own_stories):
    stories, _ = own_stories
    names = company_names(RULES, "ko")
    record = story_record(story_from_facts(rank(stories)[0], names, UTC), 1)
    assert list(record) == ["rank", "title", "lang", "layer", "topics", "companies", "mentioned", "outlets",
                            "articles", "items", "amount", "published", "updated"]  # fmt: skip
    assert record["rank"] == 1 and record["topics"] == [] and record["outlets"] >= 3


def run(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def test_monitor_stories_command(tmp_path, capsys):
    posts = [
        Post("Acme raises $2 billion for AI models", "https://one.example/1", datetime(2025, 8, 4, 9, tzinfo=UTC)),
        Post("OpenAI launches GPT-5 for ChatGPT users", "https://one.example/2", datetime(2025, 8, 7, 9, tzinfo=UTC)),
    ]
    more = [Post("GPT-5 arrives: OpenAI's new model", "https://two.example/1", datetime(2025, 8, 7, 12, tzinfo=UTC))]
    server = FeedServer().start()
    try:
        urls = [server.add("/a", Route(rss2(posts))), server.add("/b", Route(rss2(more)))]
        cfg = str(write_config(tmp_path / "c.toml", urls))
        assert run("--config", cfg, "fetch") == 0
    finally:
        server.stop()
    capsys.readouterr()
    assert run("--config", cfg, "--now", "2025-09-01T09:00:00+09:00", "stories", "--format", "jsonl") == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and records[0]["rank"] == 1 and records[0]["outlets"] == 2
    assert records[0]["companies"] == ["openai"] and records[0]["articles"] == 2
    assert run("--config", cfg, "stories", "--month", "2025-13") == 2
    assert "monitor: error:" in capsys.readouterr().err


def test_two_things_one_company_launches_the_same_day_stay_apart():
    """A title naming a model and one naming another product by its own name, which the first never mentions, are
    two events, however many words and companies they share; the same product told twice is one."""
    model = item(1, "Acme launches Zeta 3 and puts it straight into its search engine", companies=("acme",),
                 summary="Acme released Zeta 3, its new flagship model, in search.", outlet="a.example")  # fmt: skip
    tool = item(2, "Acme launches Skyward and hands the keyboard to coding agents", companies=("acme",),
                summary="Acme launched Skyward, a coding tool in which agents write code; it runs on Zeta 3.",
                outlet="b.example")  # fmt: skip
    again = item(3, "Acme unveils Zeta 3, its new flagship model", companies=("acme",),
                 summary="Zeta 3 is in search from today.", outlet="c.example")  # fmt: skip
    groups = {frozenset(i.id for i in s.items) for s in build_stories([model, tool, again], None, 1400, "en")}
    assert groups == {frozenset({1, 3}), frozenset({2})}


def test_a_number_too_long_for_a_float_is_no_figure():
    """Feed text is untrusted: 400 digits make an infinite float, which no deals table, total or JSON can hold."""
    assert extract_amounts("1" * 400 + "억 달러 투자") == []
    assert extract_amounts("$" + "9" * 400 + " billion deal") == []
    (kept,) = extract_amounts("$" + "9" * 400 + " billion, then a $2 billion contract")
    assert (kept.text, kept.usd, kept.kind) == ("$2 billion", 2e9, "deal")
