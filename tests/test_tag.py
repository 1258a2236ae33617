"""The tagging engine and the shipped rules: Korean particles, English boundaries, traps, evidence."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import ConfigError
from monitor.rules import load_rules, shipped_rule_files
from monitor.tag import PARTICLES, Tagger
from tests.feeds import Post, rss2
from tests.feedserver import Route

KST = timezone(timedelta(hours=9))


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_rules(shipped_rule_files()))


KOREAN_NAMES = {"nvidia": "엔비디아", "openai": "오픈AI", "anthropic": "앤트로픽", "coupang": "쿠팡",
                "coreweave": "코어위브", "samsung": "삼성전자", "naver": "네이버", "google": "구글"}  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(KOREAN_NAMES.items())), st.sampled_from(sorted(PARTICLES)))
def test_a_korean_name_glued_to_any_particle_matches(tagger, company, particle):
    company_id, name = company
    tags = tagger.tag(f"{name}{particle} 새 계획 발표", "")
    assert company_id in tags.companies


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(KOREAN_NAMES.items())),
    st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=3),
)
def test_a_korean_name_inside_a_longer_word_does_not_match(tagger, company, prefix):
    company_id, name = company
    tags = tagger.tag(f"오늘 {prefix}{name} 관련 소식", "")
    assert company_id not in tags.companies


TRAPS = [
    ("새 애플리케이션 출시로 이용자 늘어", "", set()),
    ("메타버스 플랫폼 운영 종료", "서울시가 메타데이터 관리 체계도 바꾼다", set()),
    ("주말 드라마 시청률 1위", "라마 농장 체험도 인기", set()),
    ("아마존 열대우림 벌채 면적 늘어", "", set()),
    ("Grandma's apple pie wins the county fair", "Apple pie and apples galore", set()),
    ("Amazon river levels fall to record lows", "A tributary of the Amazon dried up", set()),
    ("Llama farms draw tourists to the Andes", "", set()),
    ("Gemini constellation is bright this week", "Look for the twins of Gemini", set()),
    ("A painting by Claude Monet sells at auction", "", set()),
    ("Star striker out with an arm injury", "He hurt his arm in training", set()),
    ("A meta-analysis of 40 trials finds no effect", "Metadata standards were used", set()),
    ("Regulators want XAI methods for credit decisions", "explainable AI tools", set()),
    ("The oracle of Omaha speaks", "A perplexity of choices; a mistral wind; one tesla of field", set()),
    ("카카오 가격 급등에 초콜릿값 오른다", "코코아 원료 카카오 콩 수급 불안", set()),
    ("폐암 조기 진단 기술", "암 환자 생존율 개선", set()),
    ("Groq raises $750 million for its inference chips", "", {"groq"}),
    ("xAI releases Grok 4.1", "Musk's xAI model", {"xai"}),
]


@pytest.mark.parametrize(("title", "summary", "companies"), TRAPS)
def test_traps_tag_only_what_is_right(tagger, title, summary, companies):
    tags = tagger.tag(title, summary)
    assert set(tags.companies) == companies
    if not companies:
        assert tags.layers == ()


@pytest.mark.parametrize(
    ("title", "company"),
    [
        ("Apple unveils a new iPhone colour", "apple"),
        ("Amazon warehouse workers strike in Germany", "amazon"),
        ("테슬라, 모델Y 리콜…브레이크 결함", "tesla"),
        ("쿠팡, 새벽배송 지역 확대", "coupang"),
        ("삼성전자, 냉장고 신제품 출시", "samsung"),
    ],
)
def test_non_ai_news_about_a_tracked_company_gets_the_company_and_no_layer(tagger, title, company):
    tags = tagger.tag(title, "")
    assert company in tags.companies
    assert tags.layers == () and tags.primary_layer is None


def test_default_layer_only_chooses_among_supported_layers(tagger):
    samsung = tagger.rules.company("samsung")
    assert samsung is not None and samsung.default_layer == "infrastructure" and not samsung.ai_native
    assert tagger.tag("삼성전자, 세탁기 판매 호조", "").layers == ()
    tags = tagger.tag("삼성전자, AI 데이터센터용 HBM4 공급", "생성형 AI 서비스에도 쓰인다")
    assert tags.primary_layer == "infrastructure"


def test_layers_and_primary(tagger):
    tags = tagger.tag("OpenAI releases GPT-5.1 with a new reasoning mode", "The model is faster.")
    assert tags.primary_layer == "model" and "openai" in tags.companies
    infra = tagger.tag("메타, 코어위브와 142억 달러 AI 데이터센터 계약", "GPU 클라우드 용량 확보")
    assert infra.primary_layer == "infrastructure" and {"meta", "coreweave"} <= set(infra.companies)
    other = tagger.tag("TerraPower's small modular reactor to power AI data centres", "SMR")
    assert other.primary_layer == "other"


def test_title_matches_weigh_more_than_summary_matches(tagger):
    in_title = tagger.tag("엔비디아, 새 GPU 공개", "발표")
    in_summary = tagger.tag("새 GPU 공개", "엔비디아가 발표")
    assert in_title.scores["nvidia"] > in_summary.scores["nvidia"]


def test_evidence_names_term_field_and_position(tagger):
    tags = tagger.tag("Nvidia ships Blackwell", "엔비디아의 새 GPU")
    terms = {(e.tag, e.term, e.field, e.position) for e in tags.evidence if e.kind == "company"}
    assert ("nvidia", "Nvidia", "title", 0) in terms
    assert ("nvidia", "엔비디아", "summary", 0) in terms


def test_tag_command_prints_scorer_lines(invoke, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"url": "https://t.example/1", "title": "앤트로픽, 클로드 오퍼스 4.5 공개", "summary": ""}) + "\n"
        + json.dumps({"url": "https://t.example/2", "title": "Apple pie", "summary": ""}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = invoke("--config", str(tmp_path / "none.toml"), "tag", str(source))
    assert result.code == 2  # the config named does not exist
    cfg = tmp_path / "c.toml"
    cfg.write_text("")
    lines = invoke("--config", str(cfg), "tag", str(source)).jsonl()
    assert lines[0] == {"url": "https://t.example/1", "companies": ["anthropic"], "layers": ["model"],
                        "primary_layer": "model", "topics": []}  # fmt: skip
    assert lines[1] == {"url": "https://t.example/2", "companies": [], "layers": [], "primary_layer": None,
                        "topics": []}  # fmt: skip
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "x", "title": "ok"}\nnot json\n')
    result = invoke("--config", str(cfg), "tag", str(bad))
    assert result.code == 2 and f"{bad}:2: expected a JSON object" in result.err


def test_explain_shows_evidence_and_rejections(invoke, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("")
    out = invoke("--config", str(cfg), "explain", "--text", "엔비디아의 새 애플리케이션, 메타버스에서 공개").out
    assert "company nvidia" in out and "'엔비디아' in title at 0" in out
    assert "'애플' in title" in out and "part of a longer Korean word" in out
    assert "'메타' in title" in out
    usage = invoke("--config", str(cfg), "explain")
    assert usage.code == 2 and "URL or --text" in usage.err


def _extra_rules(path: Path) -> Path:
    path.write_text(
        '[[company]]\nid = "acmeai"\nname_en = "Acme AI"\nname_ko = "애크미AI"\naliases = ["Acme AI", "애크미AI"]\n',
        encoding="utf-8",
    )
    return path


def test_retag_dry_run_then_apply(server, config_file, invoke, tmp_path):
    posts = [
        Post("Acme AI launches a foundation model", "https://r.example/1", datetime(2025, 11, 3, tzinfo=KST)),
        Post("애크미AI, 생성형 AI 모델 공개", "https://r.example/2", datetime(2025, 11, 4, tzinfo=KST)),
        Post(
            "Nvidia ships more GPUs for AI data centers",
            "https://r.example/3",
            datetime(2025, 11, 5, tzinfo=KST),
        ),
    ]
    cfg = config_file([server.add("/r", Route(rss2(posts)))])
    invoke("--config", cfg, "fetch")
    assert invoke("--config", cfg, "items", "--company", "acmeai", "--format", "jsonl").jsonl() == []
    rules = _extra_rules(tmp_path / "extra.toml")
    Path(cfg).write_text(Path(cfg).read_text() + f'\n[rules]\npaths = ["{rules}"]\n')
    dry = invoke("--config", cfg, "retag", "--dry-run")
    assert dry.code == 0
    assert "company:acmeai: +2 -0" in dry.out and "would change the tags of 2 items" in dry.out
    assert invoke("--config", cfg, "items", "--company", "acmeai", "--format", "jsonl").jsonl() == []
    applied = invoke("--config", cfg, "retag")
    assert "changed the tags of 2 items (2 tags gained, 0 lost)" in applied.out
    tagged = invoke("--config", cfg, "items", "--company", "acmeai", "--format", "jsonl").jsonl()
    assert [r["url"] for r in tagged] == ["https://r.example/1", "https://r.example/2"]
    assert "changed the tags of 0 items" in invoke("--config", cfg, "retag").out
    layer = invoke("--config", cfg, "items", "--layer", "infrastructure", "--format", "jsonl").jsonl()
    assert [r["url"] for r in layer] == ["https://r.example/3"]
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        detail = json.loads(
            conn.execute("SELECT tag_detail FROM items WHERE url = 'https://r.example/3'").fetchone()[0]
        )
    assert any(e[1] == "nvidia" for e in detail["evidence"])


def test_explain_a_stored_item_by_url(server, config_file, invoke):
    url = "https://e.example/story?utm_source=rss"
    cfg = config_file([server.add("/e", Route(rss2([Post("쿠팡, 엔비디아와 GPU 클라우드", url,
                                                          datetime(2025, 11, 3, tzinfo=KST))])))])  # fmt: skip
    invoke("--config", cfg, "fetch")
    out = invoke("--config", cfg, "explain", url).out
    assert "company coupang" in out and "company nvidia" in out and "layer infrastructure" in out
    assert invoke("--config", cfg, "explain", "https://e.example/none").code == 2


BAD_RULES = [
    ('[[company]]\nid = "x"\naliases = ["X Corp"]\ncolour = "red"\n', r":4: unknown key 'colour'"),
    (
        '[[company]]\nid = "x"\naliases = ["X Corp"]\npatterns = ["(unclosed"]\n',
        r":4: company 'x': broken regex",
    ),
    ('[[company]]\nid = "openai"\naliases = ["Open Thing"]\n', r":2: duplicate company id 'openai'"),
    ('[[layer]]\nid = "robots"\n[layer.terms]\n"robot" = 1\n', r":2: unknown layer 'robots'"),
    ('[[company]]\nid = "x"\ndefault_layer = "chips"\naliases = ["X Corp"]\n', r":3: unknown layer 'chips'"),
    ("[[company]\n", r"invalid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD_RULES)
def test_a_bad_rule_file_is_one_line_naming_file_and_line(tmp_path, invoke, text, message):
    rules = tmp_path / "rules.toml"
    rules.write_text(text)
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[rules]\npaths = ["{rules}"]\n')
    result = invoke("--config", str(cfg), "config", "check")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert str(rules) in result.err and message.replace("\\", "") in result.err.replace("\\", "")


def test_replace_shipped_uses_only_the_given_rules(tmp_path, invoke):
    rules = _extra_rules(tmp_path / "only.toml")
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[rules]\npaths = ["{rules}"]\nreplace_shipped = true\n')
    assert "ok (0 feeds, 1 companies, 0 layer terms" in invoke("--config", str(cfg), "config", "check").out


def test_topics_need_evidence_and_vetoes_hold(tagger):
    assert tagger.tag("Hackers steal customer records in a data breach", "").topics == ("security",)
    assert tagger.tag("Retirees get a Social Security raise", "").topics == ()
    assert tagger.tag("A singing talent show returns", "").topics == ()
    assert tagger.tag("카카오, 개인정보 처리방침 개정", "").topics == ()
    assert "talent" in tagger.tag("네이버, AI 인재 300명 채용", "").topics
    # '버그' inside the name 저커버그 is part of a name, not a bug
    assert "security" not in tagger.tag('저커버그 "초지능 연다"', "").topics


def test_a_bad_topic_rule_names_file_and_line(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[[topic]]\nid = "security"\n[topic.terms]\n"exploit kit" = "high"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mine\.toml:4: .*weight"):
        load_rules([*shipped_rule_files(), bad])
    extra = tmp_path / "extra.toml"
    extra.write_text('[[topic]]\nid = "security"\n[topic.terms]\n"skimmer" = 2\n', encoding="utf-8")
    tagger = Tagger(load_rules([*shipped_rule_files(), extra]))
    assert tagger.tag("Card skimmer found at a petrol station", "").topics == ("security",)


def test_rules_list_and_unknown_ids(invoke, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("")
    listed = invoke("--config", str(cfg), "rules", "list")
    assert listed.code == 0
    for needle in ("anthropic", "앤트로픽", "infrastructure", "talent", "earnings"):
        assert needle in listed.out
    wrong = invoke("--config", str(cfg), "items", "--topic", "securty")
    assert wrong.code == 2 and "'security'" in wrong.err and "Traceback" not in wrong.err
    assert "'nvidia'" in invoke("--config", str(cfg), "items", "--company", "nvidai").err


def test_topics_are_stored_filtered_and_retagged(server, config_file, invoke, tmp_path):
    posts = [
        Post(
            "Hackers steal customer records in a data breach", "https://p.example/1", datetime(2025, 11, 3, tzinfo=KST)
        ),
        Post("Card skimmer found at a petrol station", "https://p.example/2", datetime(2025, 11, 4, tzinfo=KST)),
        Post("A singing talent show returns", "https://p.example/3", datetime(2025, 11, 5, tzinfo=KST)),
    ]
    cfg = config_file([server.add("/p", Route(rss2(posts)))])
    invoke("--config", cfg, "fetch")
    records = {r["url"]: r["topics"] for r in invoke("--config", cfg, "items", "--format", "jsonl").jsonl()}
    assert records == {"https://p.example/1": ["security"], "https://p.example/2": [], "https://p.example/3": []}
    found = invoke("--config", cfg, "items", "--topic", "security", "--format", "jsonl").jsonl()
    assert [r["url"] for r in found] == ["https://p.example/1"]
    extra = tmp_path / "extra.toml"
    extra.write_text('[[topic]]\nid = "security"\n[topic.terms]\n"skimmer" = 2\n', encoding="utf-8")
    Path(cfg).write_text(Path(cfg).read_text() + f'\n[rules]\npaths = ["{extra}"]\n')
    dry = invoke("--config", cfg, "retag", "--dry-run")
    assert "topic:security: +1 -0" in dry.out and "would change the tags of 1 items" in dry.out
    assert "changed the tags of 1 items" in invoke("--config", cfg, "retag").out
    found = invoke("--config", cfg, "items", "--topic", "security", "--format", "jsonl").jsonl()
    assert [r["url"] for r in found] == ["https://p.example/1", "https://p.example/2"]
    assert "changed the tags of 0 items" in invoke("--config", cfg, "retag").out
    with sqlite3.connect(tmp_path / "monitor.db") as conn:
        rows = conn.execute("SELECT i.url, i.topics FROM items i JOIN item_tags t ON t.item_id = i.id"
                            " WHERE t.kind = 'topic' ORDER BY i.url").fetchall()  # fmt: skip
    assert rows == [("https://p.example/1", '["security"]'), ("https://p.example/2", '["security"]')]


def test_items_stored_before_topics_read_with_none_and_retag_fills_them(tmp_path, invoke):
    from sqlite_utils import Database

    from monitor.store.migrations import migrations

    old = Database(tmp_path / "monitor.db")
    migrations.apply(old, stop_before="m006_item_topics")
    old.execute(
        "INSERT INTO items (key, url, title, summary, published, lang, first_seen, updated, content_hash)"
        " VALUES ('https://o.example/1', 'https://o.example/1', 'Hackers steal customer records in a data breach',"
        " '', '2025-11-03T00:00:00Z', 'en', '2025-11-03T00:00:00Z', '2025-11-03T00:00:00Z', 'x')"
    )
    old.execute("INSERT INTO items_fts (rowid, title, summary) SELECT id, title, summary FROM items")
    old.conn.commit()
    old.close()
    cfg = tmp_path / "c.toml"
    cfg.write_text('[storage]\ndatabase = "monitor.db"\n')
    assert [r["topics"] for r in invoke("--config", str(cfg), "items", "--format", "jsonl").jsonl()] == [[]]
    assert "changed the tags of 1 items (1 tags gained, 0 lost)" in invoke("--config", str(cfg), "retag").out
    found = invoke("--config", str(cfg), "items", "--topic", "security", "--format", "jsonl").jsonl()
    assert [r["url"] for r in found] == ["https://o.example/1"]
