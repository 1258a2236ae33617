"""Korean particles after names ending in Hangul, Latin letters and digits."""

from __future__ import annotations

import pytest

from monitor.korean import CONSONANT, RIEUL, VOWEL, final_sound, particle, with_particle


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("오픈AI", "이", "오픈AI가"),
        ("앤트로픽", "가", "앤트로픽이"),
        ("메타", "과", "메타와"),
        ("구글", "와", "구글과"),
        ("애플", "는", "애플은"),
        ("구글", "는", "구글은"),
        ("메타", "은", "메타는"),
        ("코어위브", "을", "코어위브를"),
        ("엔비디아", "을", "엔비디아를"),
        ("쿠팡", "를", "쿠팡을"),
        ("서울", "으로", "서울로"),
        ("부산", "로", "부산으로"),
        ("파리", "으로", "파리로"),
        ("쿠팡", "나", "쿠팡이나"),
        ("메타", "이나", "메타나"),
        ("앤트로픽", "라", "앤트로픽이라"),
        ("엔비디아", "이라", "엔비디아라"),
        ("앤트로픽(Anthropic)", "가", "앤트로픽(Anthropic)이"),
        ("3,500억 달러(약 490조 원)", "로", "3,500억 달러(약 490조 원)로"),  # the word outside the parentheses
        ("10억 원(약 71만 달러)", "로", "10억 원(약 71만 달러)으로"),
        ("코어위브(CoreWeave)", "과", "코어위브(CoreWeave)와"),
        ("‘클로드 오퍼스 4.5’", "을", "‘클로드 오퍼스 4.5’를"),
    ],
)
def test_particles_after_korean_names(name: str, form: str, expected: str) -> None:
    assert with_particle(name, form) == expected


@pytest.mark.parametrize(
    ("name", "sound"),
    [
        ("GPT-5.1", RIEUL),  # 오 점 일
        ("GPT-5", VOWEL),  # 오
        ("Gemini 3", CONSONANT),  # 삼
        ("Claude Opus 4.5", VOWEL),  # 오
        ("Llama 4", VOWEL),  # 사
        ("o3", CONSONANT),
        ("iPhone 17", RIEUL),  # 십칠
        ("Windows 10", CONSONANT),  # 십
        ("모델 2.0", CONSONANT),  # 영
        ("100", CONSONANT),  # 백
        ("3,500", CONSONANT),  # 오백
        ("1000", CONSONANT),  # 천
        ("LG", VOWEL),  # 지
        ("IBM", CONSONANT),  # 엠
        ("ASML", RIEUL),  # 엘
        ("AMD", VOWEL),  # 디
        ("xAI", VOWEL),  # 아이
        ("OpenAI", VOWEL),
        ("Google", RIEUL),  # 구글
        ("Intel", RIEUL),  # 인텔
        ("Meta", VOWEL),
        ("Arm", CONSONANT),  # 암
        ("Qualcomm", CONSONANT),  # 퀄컴
        ("Samsung", CONSONANT),  # 삼성
        ("Microsoft", VOWEL),  # 마이크로소프트
        ("SK하이닉스", VOWEL),
        ("삼성전자", VOWEL),
        ("네이버", VOWEL),
        ("카카오톡", CONSONANT),
    ],
)
def test_the_sound_a_name_ends_in(name: str, sound: str) -> None:
    assert final_sound(name) == sound


def test_latin_and_digit_endings_take_the_spoken_particle() -> None:
    assert with_particle("GPT-5.1", "은") == "GPT-5.1은"
    assert with_particle("GPT-5.1", "으로") == "GPT-5.1로"  # 일: ㄹ takes 로
    assert with_particle("Gemini 3", "으로") == "Gemini 3으로"
    assert with_particle("GPT-5", "을") == "GPT-5를"
    assert with_particle("IBM", "와") == "IBM과"
    assert with_particle("LG", "이") == "LG가"
    assert with_particle("Google", "이") == "Google이"


def test_unknown_particle_is_an_error() -> None:
    with pytest.raises(ValueError):
        particle("구글", "에서")
