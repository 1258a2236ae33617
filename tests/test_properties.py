"""Properties, checked by hypothesis: URL identity, money amounts, Korean name matching.

Profiles: `ci` (loaded when CI is set: fixed examples, no example database, a bounded count so the
suite stays within its time budget) and `dev` (more examples; choose it with HYPOTHESIS_PROFILE=dev).
"""

from __future__ import annotations

import math
import os
import re
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlsplit

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from monitor.amounts import KINDS, amounts_at, extract_amounts
from monitor.facts import analyse, analyse_values, outlet_of
from monitor.models import Entry
from monitor.normalize import _canonical_general, canonical_url, normalize_entry
from monitor.words import _piece_tokens, title_tokens

settings.register_profile(
    "ci",
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=400, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
    settings.load_profile("ci")

relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- URL identity ---------------------------------------------------------------------------------------------

TRACKING_NAMES = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc"]
tracking_name = st.one_of(
    st.builds(lambda tail: "utm_" + tail, st.from_regex(r"[a-z_]{1,10}", fullmatch=True)),
    st.sampled_from(TRACKING_NAMES),
).flatmap(lambda name: st.builds(lambda flips: _recase(name, flips), st.lists(st.booleans(), min_size=len(name),
                                                                                   max_size=len(name))))  # fmt: skip
NO_SPACE = ("Cs", "Cc", "Zs", "Zl", "Zp")  # trimmed at the ends of a link, %20 inside: tested on any text below
query_value = st.text(alphabet=st.characters(blacklist_characters="&#", blacklist_categories=NO_SPACE), max_size=8)
tracking_param = st.one_of(
    st.builds(lambda n, v: f"{n}={v}", tracking_name, query_value),
    tracking_name,  # a bare name, no value
)
plain_param = st.builds(
    lambda n, v: f"{n}={v}",
    st.from_regex(r"[A-Za-z0-9.\-\[\]]{1,8}", fullmatch=True).filter(lambda n: not _looks_tracking(n)),
    query_value,
) | st.from_regex(r"[a-z]{1,6}", fullmatch=True).filter(lambda n: not _looks_tracking(n))

host = st.one_of(
    st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,8}[A-Za-z0-9])?(?:\.[A-Za-z0-9]{1,8}){0,2}\.(?:example|TEST|co\.kr)",
                  fullmatch=True),
    st.sampled_from(["127.0.0.1", "[::1]", "[2001:DB8::1]", "BÜCHER.example", "한국.example", "xn--bcher-kva.example"]),
)  # fmt: skip
path_segment = st.text(alphabet=st.characters(blacklist_characters="/?#", blacklist_categories=NO_SPACE), max_size=6)


@st.composite
def urls(draw) -> tuple[str, list[str], str]:  # type: ignore[no-untyped-def]
    """(scheme://user@host:port/path, its query parameters, its fragment)"""
    base = (
        draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
        + "://"
        + draw(st.sampled_from(["", "user@", "user:pw@"]))
        + draw(host)
        + draw(st.sampled_from(["", ":80", ":443", ":8080", ":0"]))
        + "/".join(["", *draw(st.lists(path_segment, max_size=4))])
    )
    params = draw(st.lists(plain_param, max_size=4))
    fragment = draw(st.sampled_from(["", "#", "#top", "#a=b&c", "#utm_source=x"]))
    return base, params, fragment


def _recase(name: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(name, flips, strict=True))


def _looks_tracking(name: str) -> bool:
    low = name.lower()
    return low.startswith("utm_") or low in TRACKING_NAMES or low in {"spm", "rss", "ncid", "cmpid", "s_cid"}


def _url(base: str, params: list[str], fragment: str) -> str:
    return base + ("?" + "&".join(params) if params else "") + fragment


@relaxed
@given(urls())
def test_canonical_url_is_idempotent(parts):
    base, params, fragment = parts
    once = canonical_url(_url(base, params, fragment))
    assert canonical_url(once) == once


@relaxed
@example("http://x.example/a ?utm_source=rss")
@example("https://x.example/a?id=7 #top")
@given(st.one_of(st.text(), st.builds(lambda t: "http://" + t, st.text()), st.builds(lambda t: "https://x.example/" + t,
                                                                                       st.text())))  # fmt: skip
def test_canonical_url_is_idempotent_on_any_text_it_accepts(text):
    try:
        once = canonical_url(text)
    except ValueError:
        return  # refusing is allowed; what it returns must be stable
    assert canonical_url(once) == once
    link = text.strip()
    if link.startswith(("http://", "https://")) and "?" not in link and "#" not in link:
        now = datetime(2025, 11, 20, tzinfo=UTC)
        with_tracking = normalize_entry(Entry(link + "?utm_source=rss#top", None, "T", "", None), 1, now)
        without = normalize_entry(Entry(link, None, "T", "", None), 1, now)
        assert with_tracking is not None and without is not None and with_tracking.key == without.key


def links(prefix: str) -> st.SearchStrategy[str]:
    """Well-formed links, `prefix` + any text, and "http://" + any text."""
    return st.one_of(
        urls().map(lambda parts: _url(*parts)),
        st.builds(lambda t: prefix + t, st.text()),
        st.builds(lambda t: "http://" + t, st.text()),
    )


@relaxed
@example("OpenAI GPT-5.1 출시…오픈AI, 9.5% 늘어 $38B")
@example("a  b\tc\u3000d 엔비디아의 H200")
@given(st.text(alphabet=st.sampled_from(list("ab AZ09.-,%$\t\u3000가나힣 _gw")), max_size=60) | st.text(max_size=60))
def test_a_titles_tokens_are_the_union_of_its_pieces_tokens(title):
    assert title_tokens(title) == _piece_tokens.__wrapped__(title)


@relaxed
@example("https://reader.example@host.example/")  # a user part: not the host
@example("https://[::1]:80/x")
@example("https://x.example\t.example/")
@example("HTTPS://UP.example:8080?q")
@given(links("https://"))
def test_an_outlet_is_the_links_host_as_urlsplit_reads_it(link):
    try:
        host = (urlsplit(link).hostname or "").lower()
    except ValueError:
        return
    assert outlet_of(link) == (host[4:] if host.startswith("www.") else host)


@relaxed
@example("https://x.example/a?utm_source=rss&&id=1")
@example("https://x.example/a\u3000b")
@given(links("https://x.example/"))
def test_the_plain_link_shortcut_gives_what_the_general_path_gives(link):
    try:
        general = _canonical_general(link.strip())
    except ValueError:
        return
    assert canonical_url(link) == general


@relaxed
@given(urls(), st.lists(tracking_param, min_size=1, max_size=4), st.data())
def test_tracking_parameters_never_change_identity(parts, tracking, data):
    base, params, fragment = parts
    mixed = list(params)
    for param in tracking:  # anywhere in the query, not only at the end
        mixed.insert(data.draw(st.integers(0, len(mixed))), param)
    other_fragment = data.draw(st.sampled_from(["", "#elsewhere", fragment]))
    assert canonical_url(_url(base, mixed, other_fragment)) == canonical_url(_url(base, params, fragment))


@relaxed
@given(urls(), st.lists(tracking_param, min_size=1, max_size=3))
def test_tracking_parameters_never_change_an_items_identity(parts, tracking):
    base, params, fragment = parts
    assume(base.lower().startswith(("http://", "https://")))
    now = datetime(2025, 11, 20, tzinfo=UTC)
    clean = normalize_entry(Entry(_url(base, params, fragment), "g", "T", "", None), 1, now)
    tracked = normalize_entry(Entry(_url(base, params + tracking, ""), "g", "T", "", None), 2, now)
    assert clean is not None and tracked is not None and clean.key == tracked.key


@relaxed
@given(urls())
def test_the_rest_of_the_query_is_kept_as_it_was(parts):
    base, params, fragment = parts
    query = canonical_url(_url(base, params, fragment)).partition("?")[2]
    assert query == "&".join(p for p in params if p)


@relaxed
@example("http://[oops/")
@given(st.builds(lambda t: "http://" + t, st.text(alphabet="[]:/@?#%.a1 ", max_size=12)))
def test_an_items_link_can_be_anything_without_crashing_normalisation(link):
    normalize_entry(Entry(link, None, "T", "", None), 1, datetime(2025, 11, 20, tzinfo=UTC))


# --- money amounts ------------------------------------------------------------------------------------------

NEUTRAL_BEFORE = ["회사가", "오픈AI는", "The company said", "보도에 따르면", ""]
NEUTRAL_AFTER = ["규모의 계약을 맺었다.", "를 투자한다.", "in new funding.", "수준이다.", ""]


def _isolated(amount: str, before: str, after: str) -> str:
    return " ".join(x for x in (before, amount, after) if x)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9)


amount_text = st.lists(
    st.sampled_from([*"0123456789,.$ ()약억조만천원달러엔유로BbMmKkTt€₩", "billion", "million", "US$", " (약 ", "조 원",
                     "억 달러"]),
    max_size=30,
).map("".join)  # fmt: skip


@relaxed
@given(st.one_of(st.text(), amount_text, st.builds(lambda a, b: a + b, st.text(max_size=20), amount_text)))
def test_amount_extraction_never_crashes_and_reports_what_is_written(text):
    found = extract_amounts(text)
    positions = [a.position for a in found]
    assert positions == sorted(positions)
    for amount in found:
        assert 0 <= amount.position < len(text)
        assert amount.text and amount.text in text[amount.position : amount.position + len(amount.text) + 2]
        assert amount.kind in KINDS
        assert math.isfinite(amount.usd) and amount.usd >= 0


title_words = st.sampled_from(["오픈AI", "투자", "매출", "up to", "valued at", "최대", "연간", "a year", "shares rise",
                               "GPT-5", " ", ", ", "\n"])  # fmt: skip


@relaxed
@given(st.lists(st.one_of(amount_text, title_words), max_size=6).map("".join), st.text(max_size=30) | amount_text)
def test_an_analysis_in_two_steps_is_the_analysis_in_one(title, summary):
    # (the helper process gives grouping the values and title keys first, and the amounts' kinds and flags later)
    spans, (values, keys) = analyse_values(title, summary, 1400.0)
    amounts, one_step_keys = analyse(title, summary, 1400.0)
    assert (values, keys) == (tuple(a.usd for a in amounts), one_step_keys)
    assert amounts_at(f"{title}\n{summary}", spans) == amounts


korean_number = st.one_of(st.integers(1, 9999).map(str), st.integers(1, 99).map(lambda n: f"{n}.5"),
                          st.integers(1, 9).map(lambda n: f"{n},{n}00"))  # fmt: skip


def _value(number: str) -> float:
    return float(number.replace(",", ""))


@relaxed
@given(
    korean_number,
    st.sampled_from([("만", 1e4), ("억", 1e8), ("조", 1e12), ("천억", 1e11)]),
    st.sampled_from([("달러", 1.0), ("원", 1 / 1400)]),
    st.sampled_from(["", " "]),
    st.sampled_from(NEUTRAL_BEFORE),
    st.sampled_from(NEUTRAL_AFTER),
)
def test_korean_amounts_are_found_once_at_their_value(number, unit, currency, gap, before, after):
    text = _isolated(f"{number}{unit[0]}{gap}{currency[0]}", before, after)
    [amount] = extract_amounts(text, krw_per_usd=1400)
    assert amount.text == f"{number}{unit[0]}{gap}{currency[0]}"
    assert _close(amount.usd, _value(number) * unit[1] * currency[1])


@relaxed
@given(st.integers(1, 99), st.integers(1, 9), st.sampled_from(["", " "]))
def test_compound_korean_amounts_add_up(jo, cheon, gap):
    [amount] = extract_amounts(f"총 {jo}조{gap}{cheon}천억 원 규모", krw_per_usd=1400)
    assert _close(amount.usd, (jo * 1e12 + cheon * 1e11) / 1400)


@relaxed
@given(
    st.one_of(st.integers(1, 999).map(str), st.integers(1, 99).map(lambda n: f"{n}.2")),
    st.sampled_from([("billion", 1e9), ("million", 1e6), ("B", 1e9), ("bn", 1e9), ("M", 1e6), ("trillion", 1e12)]),
    st.sampled_from([("$", 1.0), ("US$", 1.0), ("€", 1.08)]),
    st.sampled_from(["", " "]),
    st.sampled_from(NEUTRAL_BEFORE),
    st.sampled_from(NEUTRAL_AFTER),
)
def test_english_amounts_are_found_once_at_their_value(number, scale, symbol, gap, before, after):
    assume(not (gap and len(scale[0]) <= 2 and scale[0] != "bn"))  # "$5 B" is not how anyone writes it
    written = f"{symbol[0]}{number}{gap}{scale[0]}"
    [amount] = extract_amounts(_isolated(written, before, after))
    assert amount.text == written
    assert _close(amount.usd, float(number) * scale[1] * symbol[1])


@relaxed
@given(st.integers(1, 9999), st.integers(1, 99), st.sampled_from(["약 ", "", "about "]))
def test_a_parenthesised_conversion_is_not_a_second_amount(dollars, won, hedge):
    text = f"오픈AI가 {dollars}억 달러({hedge}{won}조 원) 규모 계약을 맺었다"
    [amount] = extract_amounts(text)
    assert amount.text == f"{dollars}억 달러" and _close(amount.usd, dollars * 1e8)


@relaxed
@given(st.integers(1, 9999), st.sampled_from(["억 원", "조 원", "만 원"]), st.floats(100, 3000))
def test_won_amounts_follow_the_exchange_rate(number, unit, rate):
    text = f"{number}{unit} 규모"
    [at_rate] = extract_amounts(text, krw_per_usd=rate)
    [at_one] = extract_amounts(text, krw_per_usd=1.0)
    assert math.isclose(at_rate.usd * rate, at_one.usd, rel_tol=1e-9)


# --- Korean names with the shipped rules --------------------------------------------------------------------

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@cache
def tagger():  # type: ignore[no-untyped-def]
    from monitor.rules import load_rules, shipped_rule_files
    from monitor.tag import Tagger

    return Tagger(load_rules(shipped_rule_files()))


@cache
def korean_names() -> list[tuple[str, str, str]]:
    """(company id, Hangul alias, a context word that makes an ambiguous alias count) from the shipped rules."""
    names = []
    for company in tagger().rules.companies:
        for alias in company.aliases:
            if HANGUL.search(alias):
                context = company.context.get(alias, ("",))
                names.append((company.id, alias, context[0]))
    return sorted(names)


@cache
def particles() -> list[str]:
    from monitor.tag import PARTICLES

    return sorted(PARTICLES)


def _particle_run(run: str, depth: int = 3) -> bool:
    """Independent of the tagger: `run` is one to three particles or endings, glued."""
    if run in particles():
        return True
    return depth > 1 and any(run[:k] in particles() and _particle_run(run[k:], depth - 1) for k in range(1, len(run)))


def _evidence_at(text: str, company: str, alias: str, position: int) -> bool:
    tags = tagger().tag(text, "")
    return any(
        e.kind == "company" and e.tag == company and e.field == "title" and e.position == position and e.term == alias
        for e in tags.evidence
    )


def _vetoed(company: str, text: str) -> bool:
    rule = tagger().rules.company(company)
    return any(veto.lower() in text.lower() for veto in rule.vetoes) if rule else False


hangul_syllables = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=3)


@relaxed
@given(st.data(), st.integers(1, 2), st.sampled_from(["", " ", ",", ".", "…", ")"]))
def test_every_korean_name_glued_to_particles_matches(data, count, tail):
    company, alias, context = data.draw(st.sampled_from(korean_names()), label="name")
    glued = "".join(data.draw(st.lists(st.sampled_from(particles()), min_size=count, max_size=count)))
    text = f"{alias}{glued}{tail} {context} 관련 소식이 전해졌다".replace("  ", " ")
    assume(not _vetoed(company, text))
    assert _evidence_at(text, company, alias, 0), text


@relaxed
@given(st.data(), hangul_syllables)
def test_a_korean_name_after_hangul_is_part_of_a_longer_word(data, prefix):
    company, alias, context = data.draw(st.sampled_from([n for n in korean_names() if HANGUL.match(n[1])]))
    text = f"오늘 {prefix}{alias} {context} 소식"
    assert not _evidence_at(text, company, alias, len("오늘 ") + len(prefix)), text


@relaxed
@given(st.data(), hangul_syllables)
def test_a_korean_name_before_a_non_particle_is_part_of_a_longer_word(data, suffix):
    company, alias, context = data.draw(st.sampled_from([n for n in korean_names() if HANGUL.match(n[1][-1])]))
    assume(not _particle_run(suffix))
    text = f"{alias}{suffix} {context} 소식"
    assert not _evidence_at(text, company, alias, 0), text
