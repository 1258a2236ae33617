"""What the optional writer sends: a system prompt in the digest's language (from the digest-style notes) and the
request's facts as a compact list. Pure. Change PROMPT_VERSION whenever a prompt's wording changes: archived
drafts name the version that wrote them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.grounding import CompanyNames, DraftFacts
from monitor.locale import words

if TYPE_CHECKING:
    from monitor.llm import DraftRequest

PROMPT_VERSION = "writer-2025-12.1"

_RULES_KO = """너는 한국어 월간 'AI 동향 리포트'의 기자다. 사용자가 준 사실 목록만으로 쓴다.
- 사실 목록에 없는 기업, 인물, 제품, 숫자, 금액, 날짜는 절대 쓰지 않는다. 추측이나 평가를 덧붙이지 않는다.
- 누가 누구와 무엇을 얼마에 했는지 한 문장에 쓴다: 주체를 먼저, 상대는 '와/과'로, 금액은 한국식 단위(380억 달러)와
  괄호 속 원화 환산(약 53조 원)으로.
- 외국 기업은 처음 나올 때 한국어 이름 뒤 괄호에 영문 이름을 쓴다: 앤트로픽(Anthropic). 그 뒤로는 한국어 이름만.
- 기사 수나 이야기 수를 쓰지 않는다. 기사 제목을 문장의 주어로 인용하지 않는다. 영어 문장을 그대로 옮기지 않는다.
- 제목, 목록, 마크다운 없이 본문만 쓴다."""

_TASK_KO = {
    "section": "'{heading}' 부문의 도입 문단을 하나 쓴다. 평서문 기사체(-했다, -였다, -이다)로, 중요한 이야기부터 "
    "차례로 '우선', '한편', '또한', '이어', '국내에서도' 같은 접속어로 잇는다.",
    "excerpt": "이달 리포트의 요약을 '-습니다' 체 두 문장으로 쓴다. 첫 문장은 이달의 흐름, 둘째 문장은 가장 큰 거래 "
    "두세 건(주체와 금액)과 주요 출시를 이름으로 든다.",
    "summary": "'종합하면'으로 시작하는 마무리 문단을 하나 쓴다. 이달의 흐름을 이끈 기업과 거래를 이름으로 들고, "
    "통계는 나열하지 않는다.",
}

_RULES_EN = """You are a reporter on a monthly AI-industry digest. Write only from the facts the user gives.
- Never name a company, person, product, number, amount or date that is not in the facts. Add no guesses or opinions.
- One sentence says who did what with whom, for how much: actor first, then verb, partner and figure ($38 billion).
- Give Korean companies the names they use themselves (Coupang, Rebellions, FuriosaAI).
- Do not count stories or articles. Do not make a headline the subject of a sentence. Do not copy Korean sentences.
- No headings, lists or Markdown: plain prose only."""

_TASK_EN = {
    "section": "Write the opening paragraph of the section '{heading}' in news style, past tense for events, the "
    "biggest story first, the others joined with connectives (meanwhile, also, in Korea).",
    "excerpt": "Write the digest's excerpt in two sentences: the month's theme, then the two or three biggest deals "
    "(actors and amounts) and the main launches by name.",
    "summary": "Write one closing paragraph that opens with 'In sum,' and names the month's forces: the companies "
    "and deals that led it. No statistics.",
}


def messages(request: DraftRequest, names: CompanyNames, krw_per_usd: float) -> list[dict[str, str]]:
    """The chat for one paragraph: system (rules and task in the digest's language), user (the facts)."""
    korean = request.lang == "ko"
    rules, tasks = (_RULES_KO, _TASK_KO) if korean else (_RULES_EN, _TASK_EN)
    task = tasks.get(request.kind, tasks["section"]).format(heading=request.heading)
    return [
        {"role": "system", "content": f"{rules}\n\n{task}"},
        {"role": "user", "content": facts_text(request, names, krw_per_usd)},
    ]


def facts_text(request: DraftRequest, names: CompanyNames, krw_per_usd: float) -> str:
    """The request's facts as a compact numbered list."""
    korean = request.lang == "ko"
    lines = [("사실 목록" if korean else "Facts") + (f" ({'; '.join(request.context)})" if request.context else "")]
    for n, story in enumerate(request.facts, 1):
        lines.append(f"{n}. " + " | ".join(_story_fields(story, names, krw_per_usd, korean=korean)))
    return "\n".join(lines)


def _story_fields(story: DraftFacts, names: CompanyNames, krw_per_usd: float, *, korean: bool) -> list[str]:
    label = {"title": "제목", "summary": "요약", "actors": "기업", "figures": "금액", "date": "날짜", "outlets": "매체"}
    if not korean:
        label = {key: key for key in label}
    fields = [f"{label['title']}: {story.title}"]
    if story.summary:
        fields.append(f"{label['summary']}: {story.summary}")
    if story.actors:
        lang = "ko" if korean else "en"
        fields.append(f"{label['actors']}: " + ", ".join(names.label(a, lang) for a in story.actors))
    if story.figures:
        shown = [f"{f.text} (≈ {_money(f.usd, krw_per_usd, korean=korean)})" for f in story.figures]
        fields.append(f"{label['figures']}: " + "; ".join(shown))
    if story.date:
        fields.append(f"{label['date']}: {story.date}")
    if story.more:
        fields.append(("다른 기사 제목" if korean else "other headlines") + ": " + " / ".join(story.more))
    if story.outlets:
        fields.append(f"{label['outlets']}: " + ", ".join(story.outlets))
    return fields


def _money(usd: float, krw_per_usd: float, *, korean: bool) -> str:
    """A figure as the prompt shows it, in the digest's money words: '380억 달러(약 53조 원)' or '$38 billion'."""
    return words("ko").money(usd, krw_per_usd) if korean else words("en").money(usd)
