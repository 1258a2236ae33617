#!/usr/bin/env python3
"""Build the demo feeds, labels.jsonl and README.md from one data structure.

Everything here is fictitious sample data written for the `monitor` project:
the outlets, reporters and hosts (all on `.example`) do not exist, and every
title and summary was written for this file.  Events are real or plausible
AI-industry news of October and November 2025, retold in our own words.

Standard library only, deterministic: `python3 demo/make_feeds.py`.

Markup inside titles and summaries:
  {{...}}  a money amount; the braces are removed in the feeds and the text
           inside is recorded, as written, in the item's `amounts` label.
           A parenthesised conversion right after an amount is not marked.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
FEEDS_DIR = HERE / "feeds"
UTM = "utm_source=rss&utm_medium=feed"

M, A, E, I, O = "model", "application", "enterprise", "infrastructure", "other"
LAYERS = (M, A, E, I, O)

# --------------------------------------------------------------------------
# Outlets
# --------------------------------------------------------------------------

KST = timezone(timedelta(hours=9), "KST")
UTC = timezone.utc

OUTLETS = {
    "hangang-daily": dict(
        file="hangang-daily.xml", fmt="rss2", lang="ko", host="hangang-daily.example",
        title="한강일보 - IT·과학", description="한강일보 IT·과학 섹션 최신 기사",
        authors=["이도윤 기자", "박서진 기자"], cdata=True,
    ),
    "seoul-ai-journal": dict(
        file="seoul-ai-journal.atom", fmt="atom", lang="ko", host="seoul-ai-journal.example",
        title="서울AI저널", description="인공지능 산업 전문 매체 서울AI저널",
        authors=["최하은", "정민재"],
    ),
    "pangyo-ilbo": dict(
        file="pangyo-ilbo.xml", fmt="rss2", lang="ko", host="pangyo-ilbo.example",
        title="판교일보 - 산업·IT", description="판교일보 산업·IT 뉴스",
        authors=["윤가람 기자", "한지우 기자"], encoding="EUC-KR",
    ),
    "daedeok-science": dict(
        file="daedeok-science.rdf", fmt="rdf", lang="ko", host="daedeok-science.example",
        title="대덕사이언스타임즈", description="과학기술·로봇·에너지 소식",
        authors=["강태오 기자", "서민지 기자"],
    ),
    "frontier-wire": dict(
        file="frontier-wire.xml", fmt="rss2", lang="en", host="frontier-wire.example",
        title="Frontier Wire: Technology", description="Wire copy on technology, markets and the world",
        authors=["Frontier Wire staff"],
    ),
    "bay-signal": dict(
        file="bay-signal.atom", fmt="atom", lang="en", host="bay-signal.example",
        title="Bay Signal", description="Start-ups, Big Tech and the AI economy from the Bay Area",
        authors=["Maya Castillo", "Owen Park"],
    ),
    "chipline": dict(
        file="chipline.rdf", fmt="rdf", lang="en", host="chipline.example",
        title="Chipline", description="Semiconductors, data centres and the compute supply chain",
        authors=["Priya Raman", "Tomas Lindqvist"],
    ),
    "model-ledger": dict(
        file="model-ledger.json", fmt="json", lang="en", host="model-ledger.example",
        title="Model Ledger", description="Models, agents and the companies that build them",
        authors=["Jonah Weiss", "Lena Ortiz"],
    ),
}


def local_tz(outlet: str, naive: datetime) -> timezone:
    """Each outlet stamps dates in its own zone (US outlets follow daylight saving)."""
    if OUTLETS[outlet]["lang"] == "ko":
        return KST
    if outlet == "bay-signal":  # US Pacific: PDT until 2 Nov 2025, then PST
        return timezone(timedelta(hours=-7 if naive < datetime(2025, 11, 2, 2) else -8))
    if outlet == "model-ledger":  # US Eastern
        return timezone(timedelta(hours=-4 if naive < datetime(2025, 11, 2, 2) else -5))
    return UTC


# --------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------

ITEMS: list[dict] = []


def it(feed, slug, when, title, summary, co="", layer=None, ok=None, story=None,
       trap=None, also=None, utm=False):
    """One item. `when` is local time at the outlet ("YYYY-MM-DD HH:MM") or None."""
    ITEMS.append(dict(
        feed=feed, slug=slug, when=when, title=title, summary=summary,
        companies=sorted(co.split()), layer=layer,
        layers_ok=sorted(set((ok or (layer or "")).split()) | ({layer} if layer else set()),
                         key=LAYERS.index),
        story=story, trap=trap, also=also, utm=utm,
    ))


# ============================ 한강일보 (RSS 2.0, UTF-8) ============================
F = "hangang-daily"
it(F, "openai-aws-cloud-deal", "2025-11-04 08:30",
   "오픈AI, AWS와 {{380억 달러}}(약 51조 원) 클라우드 계약…MS 의존 낮춘다",
   "<p>오픈AI가 아마존웹서비스(AWS)와 7년간 {{380억 달러}} 규모의 클라우드 이용 계약을 맺었다. "
   "오픈AI는 AWS 데이터센터에서 엔비디아 GB200·GB300 기반 서버를 대거 쓰게 된다.</p>"
   "<p>그동안 마이크로소프트(MS) 애저에 크게 기대 온 오픈AI가 연산 자원 조달처를 넓히는 행보로 풀이된다. "
   "소식이 전해지자 아마존 주가는 장중 4% 안팎 올랐다.</p>",
   "amazon microsoft nvidia openai", I, story="openai-aws-38b")
it(F, "apple-siri-gemini", "2025-11-06 07:50",
   "애플, 시리에 구글 ‘제미나이’ 탑재…연간 {{10억 달러}}(약 1조 4천억 원) 지불",
   "애플이 음성비서 시리를 개편하면서 구글의 대형 AI 모델 제미나이를 쓰기로 하고, 그 대가로 해마다 "
   "{{10억 달러}} 안팎을 내는 방안을 협의 중인 것으로 알려졌다. 새 시리는 내년 봄 공개를 목표로 한다. "
   "애플은 자체 모델이 충분히 커질 때까지 외부 모델을 징검다리로 삼겠다는 계산이다.",
   "apple google", A, "application model", story="apple-gemini-siri")
it(F, "cop30-belem-opening", "2025-11-10 22:30",
   "브라질 벨렝서 COP30 개막…‘아마존 열대우림’ 보전 기금에 관심",
   "제30차 유엔기후변화협약 당사국총회(COP30)가 10일 브라질 벨렝에서 막을 올렸다. "
   "개최국 브라질은 열대림을 지키는 나라에 장기적으로 돈을 대는 ‘열대우림 영구 보전 기금’을 전면에 내세웠다. "
   "회의장이 아마존 열대우림 어귀에 자리한 만큼 삼림 벌채 문제가 핵심 의제로 떠올랐다.",
   trap="keyword")
it(F, "openai-gpt-5-1", "2025-11-13 09:00",
   "오픈AI, ‘GPT-5.1’ 공개…빠른 ‘인스턴트’와 깊게 생각하는 ‘싱킹’",
   "<p>오픈AI가 챗GPT의 기본 모델을 GPT-5.1로 올렸다. <b>GPT-5.1 인스턴트</b>는 일상 대화에서 더 친근하고 "
   "지시를 잘 따르도록 다듬었고, <b>GPT-5.1 싱킹</b>은 어려운 질문일수록 더 오래 추론한다.</p>"
   "<p>질문에 맞춰 두 모델 가운데 하나를 자동으로 고르는 라우팅도 손봤다. 유료 이용자부터 차례로 적용된다.</p>",
   "openai", M, "model application", story="gpt-5-1")
it(F, "suneung-2026", "2025-11-13 18:20",
   "2026학년도 수능 종료…지원자 약 55만 명",
   "2026학년도 대학수학능력시험이 13일 전국 시험장에서 치러졌다. 지원자는 지난해보다 늘어난 약 55만 명으로 집계됐다. "
   "출제본부는 고교 교육과정 안에서 변별력을 갖추려 했다고 밝혔다.")
it(F, "chatgpt-group-chat-korea", "2025-11-14 10:00",
   "챗GPT ‘그룹 채팅’ 한국서 시범 도입…최대 20명이 함께 대화",
   "오픈AI가 여러 사람이 한 대화방에서 챗GPT와 함께 이야기하는 그룹 채팅 기능을 한국·일본·뉴질랜드·대만에서 먼저 시험한다. "
   "친구들과 여행 일정을 짜거나 동료들과 문서 초안을 다듬을 때 AI를 불러 쓰는 방식이다. "
   "오픈AI는 개인 메모리가 그룹 대화에 공유되지 않는다고 설명했다.",
   "openai", A)
it(F, "npu-startups-public-procurement", "2025-11-17 08:00",
   "리벨리온·퓨리오사AI “공공부문이 국산 AI 칩 먼저 사 달라”",
   "국내 AI 반도체 스타트업 리벨리온과 퓨리오사AI가 정부에 국산 신경망처리장치(NPU) 구매 확대를 요청했다. "
   "공공 데이터센터와 국가 AI 컴퓨팅 센터에 국산 칩을 일정 비율 이상 쓰도록 해 달라는 것이다. "
   "업계는 해외 GPU 의존도를 낮추려면 초기 실적을 쌓을 시장이 필요하다고 강조했다.",
   "furiosa rebellions", O, "other infrastructure", story="korea-npu-procurement")
it(F, "ms-nvidia-anthropic-investment", "2025-11-19 09:30",
   "MS·엔비디아, 앤트로픽에 최대 {{150억 달러}} 투자…앤트로픽은 애저 {{300억 달러}}어치 구매",
   "<p>마이크로소프트와 엔비디아가 앤트로픽에 각각 최대 {{50억 달러}}, {{100억 달러}}를 투자하기로 했다. "
   "앤트로픽은 그 대가로 MS 애저 클라우드 연산을 {{300억 달러}}어치 사들이고, 엔비디아 칩으로 모델을 훈련·구동한다.</p>"
   "<p>앤트로픽은 특정 클라우드 한 곳에 묶이지 않는 ‘멀티 클라우드’ 전략을 한층 굳혔다.</p>",
   "anthropic microsoft nvidia", I, "infrastructure model", story="msft-nvda-anthropic",
   also="seoul-ai-journal")
it(F, "nvidia-q3-results", "2025-11-20 08:10",
   "엔비디아 3분기 매출 {{570억 달러}}…‘AI 거품론’ 일단 잠재웠다",
   "엔비디아의 8~10월 분기 매출이 {{570억 달러}}로 1년 전보다 62% 늘었다. "
   "데이터센터 부문이 매출 대부분을 차지했고, 젠슨 황 최고경영자는 블랙웰 칩 수요가 공급을 크게 웃돈다고 말했다. "
   "다음 분기 매출 전망치도 시장 예상을 넘어섰다.",
   "nvidia", I, story="nvidia-q3-earnings")
it(F, "sovereign-ai-model-review", "2025-11-21 14:00",
   "‘국가대표 AI’ 1차 평가 임박…LG·네이버·업스테이지 등 5개 팀 막판 경쟁",
   "정부의 독자 AI 파운데이션 모델 프로젝트가 다음 달 첫 단계 평가를 앞두고 있다. "
   "LG AI연구원, 네이버클라우드, 업스테이지, SK텔레콤, NC AI 등 5개 정예팀이 자체 모델 성능을 끌어올리는 데 막바지 힘을 쏟고 있다. "
   "평가에서 하위 팀은 탈락하고, 남은 팀은 GPU와 데이터 지원을 계속 받는다.",
   "lg naver upstage", M)
it(F, "gimjang-cabbage-prices", "2025-11-24 16:00",
   "김장철 배춧값 한풀 꺾여…김장 비용 부담 덜었다",
   "김장철을 맞아 배추와 무 가격이 지난해보다 낮아졌다. 올가을 작황이 좋아 출하량이 늘었기 때문이다. "
   "다만 고춧가루와 젓갈 값은 여전히 높은 수준이다.")
it(F, "army-ai-drone-system", "2025-11-25 11:00",
   "군, AI 기반 유·무인 복합 드론 전투체계 시범 운용",
   "육군이 정찰 드론이 모은 영상을 AI가 분석해 표적 정보를 지휘관에게 건네는 유·무인 복합 전투체계를 시범 부대에서 운용하기 시작했다. "
   "군은 최종 교전 결정은 반드시 사람이 내리도록 설계했다고 밝혔다. "
   "방산업계는 국방 AI 시장이 빠르게 커질 것으로 내다봤다.",
   "", O)
it(F, "antigravity-prompt-injection", "2025-11-26 09:00",
   "구글 ‘안티그래비티’, 공개 일주일 만에 프롬프트 주입 취약점 논란",
   "구글의 AI 코딩 에이전트 플랫폼 안티그래비티에서 악성 웹페이지에 숨긴 명령으로 개발자의 자격 증명과 코드 일부를 외부로 빼낼 수 있다는 시연이 나왔다. "
   "보안 연구자들은 에이전트가 스스로 브라우저를 열고 터미널 명령을 실행하는 구조가 위험을 키운다고 지적했다. "
   "구글은 알려진 문제라며 경고 문구와 설정 변경을 안내했다.",
   "google", A, "application model", story="antigravity-prompt-injection")
it(F, "software-earnings-ai", "2025-11-27 10:30",
   "“AI가 실적 끌어올렸다”…팔란티어·MS 등 소프트웨어 기업 호실적",
   "<p>이번 실적 시즌에 소프트웨어 기업들이 AI 덕분에 매출이 늘었다는 성적표를 잇달아 내놓았다. "
   "팔란티어는 미국 기업 고객 매출이 1년 새 두 배 넘게 뛰었고, 마이크로소프트는 애저 성장률이 40%에 이르렀다.</p>"
   "<p>한때 ‘돈 못 버는 기술’이라는 말을 듣던 생성형 AI가 업무 자동화·클라우드 매출로 이어지고 있다는 평가다.</p>",
   "microsoft palantir", E, "enterprise infrastructure", story="software-earnings-ai")
it(F, "coupang-data-breach", "2025-11-30 10:00",
   "쿠팡 고객 3370만 명 개인정보 유출…이름·주소·전화번호 빠져나가",
   "쿠팡에서 고객 계정 약 3370만 개의 이름, 이메일, 배송지 주소, 전화번호 등이 외부로 유출된 것으로 드러났다. "
   "회사는 결제 정보와 비밀번호는 안전하다고 밝혔지만, 정부는 민관 합동 조사에 나섰다. "
   "피해 고객을 노린 문자 사기에 주의하라는 당부도 나왔다.",
   "coupang", trap="non-ai-company")
# October
it(F, "samsung-skhynix-stargate", "2025-10-02 09:00",
   "삼성전자·SK하이닉스, 오픈AI ‘스타게이트’ 합류…메모리 대량 공급",
   "삼성전자와 SK하이닉스가 오픈AI의 초대형 데이터센터 사업 ‘스타게이트’에 메모리 반도체를 공급하는 협력 의향서를 맺었다. "
   "오픈AI는 월 최대 90만 장 규모의 D램 웨이퍼가 필요하다고 밝혔다. "
   "양사는 국내에 AI 데이터센터를 함께 짓는 방안도 논의하기로 했다.",
   "openai samsung skhynix", I, story="stargate-korea")
it(F, "chuseok-holiday-traffic", "2025-10-12 19:00",
   "최장 열흘 추석 연휴 마지막 날…귀경길 곳곳 정체",
   "추석 연휴 마지막 날인 12일 전국 고속도로 상행선이 오후 내내 붐볐다. "
   "한국도로공사는 밤늦게야 정체가 풀릴 것으로 내다봤다. "
   "공항도 해외여행을 마치고 돌아온 사람들로 북적였다.")
it(F, "metaverse-seoul-shutdown", "2025-10-16 10:00",
   "서울시 ‘메타버스 서울’ 4년 만에 운영 종료",
   "서울시가 가상공간에서 민원 상담과 행정 서비스를 제공하던 ‘메타버스 서울’의 운영을 이달 중순 끝낸다. "
   "이용자가 적어 예산 대비 효과가 낮다는 지적이 이어졌기 때문이다. "
   "시는 자주 쓰이던 기능을 기존 누리집과 모바일 앱으로 옮길 계획이다.",
   trap="keyword")
it(F, "nvidia-korea-260k-gpus", "2025-10-31 20:00",
   "엔비디아, 한국에 GPU 26만 장 공급…삼성·SK·현대차·네이버 ‘AI 팩토리’ 구축",
   "<p>젠슨 황 엔비디아 최고경영자가 경주 APEC 정상회의 기간에 한국 정부와 기업에 최신 GPU 26만여 장을 공급한다고 발표했다. "
   "정부 몫 5만 장을 비롯해 삼성전자, SK그룹, 현대자동차그룹, 네이버클라우드가 각각 대규모 물량을 받는다.</p>"
   "<p>업계는 국내 AI 연산 인프라가 단숨에 몇 배로 늘어날 것으로 보고 있다.</p>",
   "naver nvidia samsung", I, story="nvidia-apec-korea")

# ============================ 서울AI저널 (Atom 1.0) ============================
F = "seoul-ai-journal"
it(F, "coupang-gpu-cloud", "2025-11-07 10:00",
   "쿠팡, 엔비디아 손잡고 GPU 클라우드 사업 본격화",
   "쿠팡이 엔비디아 최신 GPU를 대량 확보해 외부 기업과 연구기관에 연산 자원을 빌려주는 GPU 클라우드 사업에 뛰어들었다. "
   "물류·커머스에서 쌓은 데이터센터 운영 경험을 살려 국내 AI 스타트업을 주요 고객으로 삼을 계획이다. "
   "업계는 통신사와 클라우드 기업 중심이던 국내 GPU 임대 시장에 새 경쟁자가 등장했다고 평가했다.",
   "coupang nvidia", I, story="coupang-nvidia-gpu-cloud")
it(F, "coreweave-q3-neocloud", "2025-11-11 09:00",
   "코어위브 3분기 매출 두 배로…‘네오클라우드’ 대표주자 굳혀",
   "GPU 임대 전문 기업 코어위브의 3분기 매출이 1년 전보다 두 배 넘게 늘었다. "
   "메타와 맺은 6년간 {{142억 달러}} 규모 계약 등으로 수주 잔고도 크게 불었다. "
   "다만 일부 데이터센터 완공이 늦어지면서 연간 매출 전망치는 소폭 낮췄다.",
   "coreweave meta", I, story="coreweave-q3")
it(F, "lecun-leaves-meta", "2025-11-12 11:00",
   "‘딥러닝 대부’ 얀 르쿤, 메타 떠나 ‘월드 모델’ 스타트업 세운다",
   "메타의 수석 AI 과학자 얀 르쿤이 연말께 회사를 떠나 새 스타트업을 차린다. "
   "그는 텍스트만 학습하는 대형언어모델로는 한계가 뚜렷하다며, 영상과 물리 세계를 이해하는 ‘월드 모델’ 연구에 집중할 계획이다. "
   "르쿤은 제프리 힌턴, 요슈아 벤지오와 함께 튜링상을 받은 딥러닝 선구자다.",
   "meta", M, story="lecun-leaves-meta")
it(F, "grok-4-1", "2025-11-18 09:00",
   "xAI, ‘그록 4.1’ 공개…“감성 지능·사실성 높였다”",
   "일론 머스크의 AI 기업 xAI가 챗봇 그록의 새 모델 ‘그록 4.1’을 내놨다. "
   "지어낸 답변을 줄이고 대화의 공감 능력을 끌어올렸다는 게 회사 설명이다. "
   "그록 앱과 X에서 모든 이용자가 쓸 수 있다.",
   "xai", M, "model application", story="grok-4-1", trap="keyword")
it(F, "kakao-kanana-app-revamp", "2025-11-18 14:00",
   "카카오, AI 메이트 ‘카나나’ 애플리케이션 전면 개편",
   "카카오가 AI 메이트 서비스 ‘카나나’의 애플리케이션을 새로 단장했다. "
   "일정 관리와 장소 추천을 넘어 카카오톡 대화 맥락을 이해해 먼저 할 일을 챙겨 주는 에이전트 기능을 넣었다. "
   "카카오는 이용자 의견을 반영해 기능을 계속 넓힐 계획이다.",
   "kakao", A, trap="keyword")
it(F, "gemini-3-launch", "2025-11-19 08:00",
   "구글 ‘제미나이 3’ 출시…추론·멀티모달 벤치마크 줄줄이 1위",
   "<p>구글이 차세대 AI 모델 <b>제미나이 3 프로</b>를 공개하고 검색과 제미나이 앱에 곧바로 넣었다. "
   "구글은 어려운 추론 시험과 영상·이미지 이해 평가에서 경쟁 모델을 앞섰다고 밝혔다.</p>"
   "<p>더 오래 생각하는 ‘딥 싱크’ 모드는 안전성 점검을 거쳐 유료 구독자에게 먼저 제공된다.</p>",
   "google", M, "model application", story="gemini-3")
it(F, "google-anthropic-talks", "2025-11-21 09:00",
   "구글, 앤트로픽 추가 투자 협상…기업가치 {{3,500억 달러}}(약 510조 원) 거론",
   "구글이 앤트로픽에 대한 지분 투자를 늘리는 방안을 협상하고 있다는 보도가 나왔다. "
   "성사되면 앤트로픽의 기업가치는 {{3,500억 달러}} 안팎으로, 비상장 기업 가운데 세계 최상위권에 오른다. "
   "구글은 이미 앤트로픽의 주요 주주이자 TPU 공급자다.",
   "anthropic google", M, "model infrastructure", story="google-anthropic-350b")
it(F, "nano-banana-pro", "2025-11-21 15:00",
   "구글, 이미지 생성 모델 ‘나노 바나나 프로’ 공개…한글 글자도 또렷하게",
   "구글 딥마인드가 제미나이 3 기반의 이미지 생성·편집 모델 ‘나노 바나나 프로’를 내놓았다. "
   "그림 속 글자를 여러 언어로 정확하게 그려 넣을 수 있어 포스터나 인포그래픽 제작에 쓸모가 크다. "
   "AI로 만든 이미지에는 눈에 보이지 않는 워터마크가 들어간다.",
   "google", M, "model application")
it(F, "k-drama-ai-dubbing", "2025-11-14 13:00",
   "AI 더빙으로 K-드라마 12개 언어 동시 공개 시대",
   "국내 한 콘텐츠 기술 스타트업이 배우의 목소리 톤을 살린 AI 더빙으로 K-드라마를 12개 언어로 동시에 선보인다. "
   "번역과 녹음에 걸리던 기간이 몇 달에서 며칠로 줄었다. "
   "성우 업계는 일자리 감소를 우려하며 AI 음성 사용에 대한 기준 마련을 요구했다.",
   "", A, trap="keyword")
it(F, "upstage-japan-document-ai", "2025-11-24 10:00",
   "업스테이지, 일본 기업 문서 AI 시장 공략 속도",
   "업스테이지가 자체 언어모델 ‘솔라’와 문서 인식 기술을 묶은 기업용 문서 처리 솔루션으로 일본 시장 공략에 나섰다. "
   "보험·금융사의 청구서와 계약서를 자동으로 읽어 데이터로 바꾸는 업무가 주요 대상이다. "
   "회사는 현지 파트너사와 손잡고 영업망을 넓히고 있다.",
   "upstage", E)
it(F, "claude-opus-4-5", "2025-11-25 09:30",
   "앤트로픽 ‘클로드 오퍼스 4.5’ 출시…코딩 최강 내세우며 값은 3분의 1로",
   "앤트로픽이 최상위 모델 클로드 오퍼스 4.5를 공개했다. "
   "실제 소프트웨어 버그를 고치는 코딩 평가에서 경쟁 모델을 앞섰다고 밝혔고, 이용 가격은 이전 오퍼스의 3분의 1 수준으로 낮췄다. "
   "긴 작업을 스스로 이어가는 에이전트 기능도 강화됐다.",
   "anthropic", M, "model application", story="claude-opus-4-5")
# October
it(F, "lg-exaone-enterprise-agent", "2025-10-15 10:00",
   "LG AI연구원, ‘엑사원’ 기반 기업용 에이전트 외부 판매 나선다",
   "LG AI연구원이 자체 모델 엑사원을 바탕으로 만든 업무용 AI 에이전트를 계열사 밖 기업에도 공급하기로 했다. "
   "문서 요약과 보고서 작성, 사내 데이터 검색을 한 화면에서 처리하는 것이 특징이다. "
   "보안을 중시하는 금융·제조 기업이 주요 고객으로 꼽힌다.",
   "lg", E, "enterprise model")
it(F, "chatgpt-atlas-browser", "2025-10-22 10:00",
   "오픈AI, AI 브라우저 ‘챗GPT 아틀라스’ 공개…웹 브라우저 시장에 도전장",
   "오픈AI가 챗GPT를 중심에 둔 웹 브라우저 ‘챗GPT 아틀라스’를 PC용으로 먼저 내놓았다. "
   "보고 있는 웹페이지 내용을 바로 물어볼 수 있고, 유료 이용자는 에이전트 모드로 예약이나 장보기 같은 작업을 맡길 수 있다. "
   "다른 운영체제용 버전은 추후 나온다.",
   "openai", A, story="chatgpt-atlas")
it(F, "anthropic-google-tpu", "2025-10-24 09:00",
   "앤트로픽, 구글 TPU 최대 100만 개 쓴다…1GW 넘는 연산 확보",
   "앤트로픽이 구글 클라우드의 TPU를 최대 100만 개까지 쓰는 계약을 맺었다. "
   "내년에 1기가와트가 넘는 연산 용량이 가동될 전망이다. "
   "앤트로픽은 엔비디아 GPU, 아마존 트레이니엄과 함께 TPU를 병행하는 다변화 전략을 유지한다고 밝혔다.",
   "amazon anthropic google nvidia", I, story="anthropic-google-tpu")
it(F, "kakaotalk-chatgpt", "2025-10-28 15:00",
   "카카오톡 안에서 챗GPT 바로 쓴다…카카오·오픈AI 협업 첫 결과물",
   "카카오가 카카오톡 채팅 탭에서 챗GPT를 바로 불러 쓸 수 있는 기능을 선보였다. "
   "별도 앱을 설치하지 않아도 대화 중에 질문하고, 선물하기·지도 같은 카카오 서비스와도 연결된다. "
   "카카오는 자체 AI ‘카나나’와 챗GPT를 함께 제공해 이용자 선택권을 넓힌다는 방침이다.",
   "kakao openai", A, story="kakao-chatgpt")

# ============================ 판교일보 (RSS 2.0, EUC-KR) ============================
F = "pangyo-ilbo"
it(F, "openai-amazon-51jo", "2025-11-04 11:20",
   "{{51조 원}} 오픈AI-아마존 계약…국내 클라우드 업계엔 ‘그림의 떡’",
   "오픈AI가 아마존웹서비스와 맺은 {{51조 원}} 규모 계약을 두고 국내 클라우드 업계가 복잡한 표정이다. "
   "초거대 AI 기업의 연산 수요가 해외 대형 클라우드로 몰리면서 국내 사업자가 파고들 틈이 좁아지고 있어서다. "
   "업계는 공공 AI 사업과 GPU 임대 시장에서 돌파구를 찾고 있다.",
   "amazon openai", I, story="openai-aws-38b", utm=True)
it(F, "meta-coreweave-contract", "2025-11-05 10:00",
   "메타, 코어위브와 6년간 {{142억 달러}} AI 인프라 계약",
   "메타가 GPU 클라우드 기업 코어위브와 2031년까지 {{142억 달러}} 규모의 컴퓨팅 용량 계약을 맺었다. "
   "메타는 자체 데이터센터 건설과 별도로 외부 연산 자원을 확보해 AI 모델 훈련 속도를 높인다. "
   "코어위브는 특정 고객 의존도를 낮추는 효과도 기대한다.",
   "coreweave meta", I, story="meta-coreweave-deal")
it(F, "coupang-gpu-cloud-entry", "2025-11-06 15:00",
   "쿠팡, ‘GPU 클라우드’ 출사표…엔비디아 칩으로 AI 스타트업 공략",
   "쿠팡이 GPU 클라우드 브랜드 ‘쿠팡 인텔리전트 클라우드’를 앞세워 연산 자원 임대 시장에 진출한다. "
   "엔비디아 최신 GPU를 갖춘 데이터센터를 국내에 짓고, AI 모델을 훈련하려는 기업에 연산 자원을 빌려준다. "
   "쿠팡은 자체 서비스에 쓰던 인프라 운영 노하우를 외부 고객에게 넓힌다고 설명했다.",
   "coupang nvidia", I, story="coupang-nvidia-gpu-cloud", trap="keyword", utm=True)
it(F, "apple-google-siri-reaction", "2025-11-07 09:00",
   "‘AI 패배 인정?’…애플-구글 시리 동맹에 엇갈린 시선",
   "애플이 시리에 구글 제미나이를 쓰기로 한 것을 두고 업계 평가가 엇갈린다. "
   "폐쇄적 생태계를 고집해 온 애플이 경쟁사 기술을 빌리는 것은 사실상 AI 경쟁에서 뒤처졌음을 인정한 셈이라는 분석이 나온다. "
   "반면 모델이 애플 서버에서 돌아가 이용자 데이터가 구글에 넘어가지 않는다는 점에서 실리를 챙겼다는 시각도 있다.",
   "apple google", A, "application model", story="apple-gemini-siri")
it(F, "softbank-sells-nvidia", "2025-11-12 09:00",
   "소프트뱅크, 엔비디아 지분 전량 매각…{{58억 달러}} 오픈AI 투자 실탄으로",
   "일본 소프트뱅크그룹이 보유하던 엔비디아 주식을 모두 팔아 {{58억 달러}}를 마련했다. "
   "회사는 이 돈을 오픈AI 투자 등 AI 관련 사업에 쓸 계획이라고 밝혔다. "
   "소식이 알려진 뒤 엔비디아 주가는 한때 3% 가까이 내렸다.",
   "nvidia openai softbank", I, "infrastructure model", story="softbank-nvidia-stake", utm=True)
it(F, "palantir-high-school-hires", "2025-11-16 10:00",
   "팔란티어, 대학 대신 고졸 인재 직접 뽑는다",
   "미국 데이터 분석 기업 팔란티어가 대학에 진학하지 않은 고등학교 졸업생을 뽑아 현장에 바로 투입하는 채용 프로그램을 운영하고 있다. "
   "선발된 인원은 몇 달간 교육을 받은 뒤 정규직 전환 기회를 얻는다. "
   "학위보다 실력을 보겠다는 AI 시대 인재 확보 전략이라는 평가가 나온다.",
   "palantir", E, story="palantir-highschool")
it(F, "npu-makers-ask-government", "2025-11-17 16:00",
   "“국산 AI 칩, 공공이 먼저 써 줘야”…리벨리온·퓨리오사 정부에 구매 요청",
   "<p>리벨리온과 퓨리오사AI가 정부 간담회에서 국산 NPU의 공공 조달 확대를 건의했다. "
   "두 회사는 성능 검증을 마친 칩도 <b>레퍼런스</b>가 없어 민간 판매가 어렵다고 호소했다.</p>"
   "<p>정부는 국가 AI 컴퓨팅 센터에 국산 칩 비중을 단계적으로 늘리는 방안을 검토하겠다고 답했다.</p>",
   "furiosa rebellions", O, "other infrastructure", story="korea-npu-procurement")
it(F, "google-antigravity-launch", "2025-11-19 13:00",
   "구글, AI가 스스로 코딩하는 개발 플랫폼 ‘안티그래비티’ 공개",
   "구글이 여러 AI 에이전트가 편집기, 터미널, 브라우저를 오가며 스스로 코드를 짜고 검증하는 개발 플랫폼 ‘안티그래비티’를 선보였다. "
   "개발자는 작업 목록과 결과물 화면으로 에이전트의 진행 상황을 확인한다. "
   "제미나이 3를 기본으로 쓰지만 다른 회사 모델도 고를 수 있다.",
   "google", A, "application model", story="antigravity-launch", utm=True)
it(F, "groq-datacenter-expansion", "2025-11-20 10:00",
   "AI 추론 칩 기업 그록(Groq), 중동·유럽 데이터센터 확장",
   "미국 AI 반도체 스타트업 그록(Groq)이 자체 언어처리장치(LPU)를 넣은 추론 전용 데이터센터를 중동과 유럽에서 늘리고 있다. "
   "GPU보다 응답 속도가 빠르고 전력 효율이 높다는 점을 내세운다. "
   "회사는 올해 들어 대형 투자를 잇달아 유치하며 몸집을 키웠다.",
   "groq", O, "other infrastructure", trap="keyword")
it(F, "samsung-hbm4-nvidia", "2025-11-21 11:00",
   "삼성전자, 엔비디아 HBM4 공급 가시화…내년 점유율 회복 노린다",
   "삼성전자가 6세대 고대역폭메모리(HBM4) 샘플을 엔비디아에 보내 품질 검증 막바지 단계에 들어선 것으로 알려졌다. "
   "내년 엔비디아 차세대 GPU에 탑재될 물량을 확보하면 HBM 시장 점유율을 되찾을 발판이 된다. "
   "업계는 연말 전후로 결과가 나올 것으로 본다.",
   "nvidia samsung", I)
it(F, "samsung-sds-public-ai", "2025-11-25 14:00",
   "삼성SDS, 공공기관 생성형 AI 플랫폼 구축 사업 따내",
   "삼성SDS가 한 중앙행정기관의 생성형 AI 업무 플랫폼 구축 사업을 수주했다. "
   "공무원이 보고서 초안 작성과 법령 검색, 민원 답변에 AI를 쓸 수 있도록 보안 클라우드 위에 시스템을 올린다. "
   "회사는 공공 부문 AI 전환 수요가 내년에 본격화할 것으로 보고 있다.",
   "samsung", E, utm=True)
it(F, "lg-cns-agentic-banking", "2025-11-26 09:00",
   "LG CNS, 은행권 ‘에이전틱 AI’ 전환 사업 잇단 수주",
   "LG CNS가 시중은행들의 상담·여신 심사 업무에 AI 에이전트를 적용하는 사업을 잇달아 따냈다. "
   "고객 문의를 분류하고 필요한 서류를 스스로 찾아 담당자에게 넘기는 방식이다. "
   "회사는 금융권에서 쌓은 경험을 제조·공공 분야로 넓힐 계획이다.",
   "lg", E)
it(F, "naver-financial-dunamu-merger", "2025-11-27 08:00",
   "네이버파이낸셜·두나무 합병 결의…국내 최대 핀테크 탄생",
   "네이버의 금융 자회사 네이버파이낸셜과 가상자산 거래소 업비트 운영사 두나무가 주식 교환 방식으로 합치기로 했다. "
   "두 회사는 간편결제와 가상자산 거래를 잇는 서비스를 내놓을 계획이다. "
   "합병이 마무리되려면 주주총회와 금융 당국 심사를 거쳐야 한다.",
   "naver", trap="non-ai-company")
# October
it(F, "rebellions-series-c", "2025-10-02 14:00",
   "리벨리온, {{2,500억 원}} 시리즈C 마무리…기업가치 {{1조 9000억 원}}",
   "AI 반도체 스타트업 리벨리온이 {{2,500억 원}} 규모의 시리즈C 투자 유치를 끝냈다. "
   "이번 투자에서 인정받은 기업가치는 {{1조 9000억 원}}이다. "
   "회사는 차세대 칩 ‘리벨 쿼드’ 양산과 해외 고객 확보에 자금을 쓸 계획이다.",
   "rebellions", O, "other infrastructure", trap="keyword", utm=True)
it(F, "openai-broadcom-10gw", "2025-10-14 09:00",
   "오픈AI, 브로드컴과 10GW 규모 맞춤형 AI 칩 만든다",
   "오픈AI가 브로드컴과 함께 자체 설계한 AI 가속기를 개발해 2029년까지 10기가와트 규모로 배치하기로 했다. "
   "첫 칩은 내년 하반기 데이터센터에 들어간다. "
   "GPU 업체들과 잇달아 대형 계약을 맺은 오픈AI가 칩 조달처를 한층 넓힌 것이다.",
   "broadcom openai", I)
it(F, "iphone-17-pro-orange", "2025-10-20 10:00",
   "아이폰 17 프로 ‘코스믹 오렌지’ 품귀…색상 하나에 웃돈까지",
   "애플 아이폰 17 프로 시리즈의 새 색상 ‘코스믹 오렌지’가 국내 출시 한 달이 지나도록 구하기 어렵다. "
   "일부 중고 거래 사이트에서는 미개봉 제품에 웃돈이 붙었다. "
   "애플은 추가 물량을 차례로 공급하겠다고 밝혔다.",
   "apple", trap="non-ai-company", utm=True)
it(F, "kakao-chatgpt-effect", "2025-10-29 10:00",
   "카카오 ‘챗GPT 효과’…카톡 체류 시간 늘까",
   "카카오톡에 챗GPT가 들어가면서 카카오의 AI 전략이 시험대에 올랐다. "
   "증권가는 대화 중 AI 사용이 늘면 카카오톡 체류 시간과 광고·커머스 매출이 함께 늘 것으로 기대한다. "
   "다만 오픈AI와의 수익 배분 구조는 공개되지 않았다.",
   "kakao openai", A, story="kakao-chatgpt")
it(F, "skhynix-q3-record", "2025-10-29 15:00",
   "SK하이닉스, 3분기 영업이익 {{11조 3834억 원}}…분기 사상 최대",
   "SK하이닉스가 3분기 영업이익 {{11조 3834억 원}}을 거둬 분기 기준 사상 최대 실적을 냈다. "
   "AI 서버용 HBM과 고용량 D램 판매가 실적을 이끌었다. "
   "회사는 내년 HBM 물량이 사실상 모두 팔렸다고 밝혔다.",
   "skhynix", I)

# ============================ 대덕사이언스타임즈 (RSS 1.0 / RDF) ============================
F = "daedeok-science"
it(F, "cnnc-linglong-one", "2025-11-05 10:00",
   "중국핵공업집단 ‘링룽 1호’ 상업운전 눈앞…세계 첫 육상 SMR",
   "중국핵공업집단(CNNC)이 하이난섬에 짓고 있는 소형모듈원전 ‘링룽 1호’가 주요 시험을 마치고 상업운전 준비에 들어갔다. "
   "계획대로 가동되면 육상에 세운 상용 SMR로는 세계 처음이 된다. "
   "AI 데이터센터 전력 수요가 늘면서 SMR에 대한 관심도 커지고 있다.",
   "cnnc", O)
it(F, "terrapower-kemmerer-review", "2025-11-10 09:00",
   "빌 게이츠의 테라파워, 와이오밍 SMR 인허가 관문 넘어",
   "테라파워가 미국 와이오밍주 케머러에 짓는 소듐냉각 원자로 ‘나트륨’이 원자력규제위원회의 환경 검토를 통과했다. "
   "건설 허가가 나오면 2030년 전후 가동이 목표다. "
   "빅테크의 데이터센터 전력 확보 경쟁 속에 차세대 원전 투자가 이어지고 있다.",
   "terrapower", O)
it(F, "unitree-ipo-prep", "2025-11-13 11:00",
   "유니트리, 상장 준비 마무리…휴머노이드 대중화 속도",
   "중국 로봇 기업 유니트리가 상하이 증시 상장을 위한 사전 절차를 마쳤다. "
   "4족 보행 로봇과 휴머노이드 ‘G1’, ‘H2’를 앞세워 매출을 빠르게 늘리고 있다. "
   "상장에 성공하면 중국 휴머노이드 업계의 첫 대형 상장 사례가 된다.",
   "unitree", O)
it(F, "ibm-nighthawk-quantum", "2025-11-13 14:00",
   "IBM, 새 양자 프로세서 ‘나이트호크’ 공개…2029년 오류 내성 양자컴 목표",
   "IBM이 큐비트 연결 구조를 개선한 양자 프로세서 ‘나이트호크’와 오류 정정 실험용 칩 ‘룬’을 공개했다. "
   "더 복잡한 양자 회로를 돌릴 수 있어 2026년 말까지 고전 컴퓨터를 앞서는 ‘양자 우위’ 사례를 내겠다는 목표다. "
   "회사는 2029년 오류 내성 양자컴퓨터를 내놓겠다는 계획도 재확인했다.",
   "", O)
it(F, "ai-lung-cancer-xray", "2025-11-14 15:00",
   "AI로 흉부 엑스레이 판독…폐암 조기 발견율 높였다",
   "국내 대학병원 연구진이 흉부 엑스레이 사진에서 작은 결절을 찾아내는 AI를 건강검진에 적용한 결과, 폐암 조기 발견 비율이 눈에 띄게 높아졌다. "
   "AI가 의심 부위를 표시하면 영상의학과 의사가 최종 판단한다. "
   "연구진은 의료 AI가 판독 부담을 덜어 줄 것이라고 말했다.",
   "", A, trap="keyword")
it(F, "furiosa-rngd-mass-production", "2025-11-19 09:00",
   "퓨리오사AI, 2세대 NPU ‘레니게이드’ 양산 돌입",
   "퓨리오사AI가 추론용 2세대 신경망처리장치 ‘레니게이드(RNGD)’의 양산을 시작했다. "
   "TSMC 5나노 공정으로 만들고 HBM3를 얹어 전력 대비 성능을 높였다. "
   "국내외 데이터센터 고객을 대상으로 공급을 늘릴 계획이다.",
   "furiosa tsmc", O, "other infrastructure")
it(F, "manifest-power-retention", "2025-11-23 10:00",
   "어텐션 없는 언어모델?…매니페스트AI ‘파워 리텐션’ 공개",
   "미국 스타트업 매니페스트AI가 트랜스포머의 핵심인 어텐션을 쓰지 않는 새 아키텍처 ‘파워 리텐션’을 발표했다. "
   "문맥이 길어져도 계산량이 크게 늘지 않아 긴 문서를 다루는 데 유리하다는 설명이다. "
   "회사는 기존 공개 모델을 새 구조로 바꿔 학습한 결과도 함께 내놓았다.",
   "manifestai", M, story="manifest-power-retention")
it(F, "alphafold-five-years", "2025-11-27 10:00",
   "알파폴드 5년…단백질 구조 예측이 바꾼 생명과학",
   "<p>구글 딥마인드의 알파폴드가 단백질 구조 예측 대회에서 압도적 성적을 낸 지 5년이 됐다. "
   "지금은 전 세계 연구자 300만 명 이상이 알파폴드 데이터베이스를 쓰고 있다.</p>"
   "<p>신약 후보 물질 탐색부터 효소 설계까지 <b>AI가 실험실의 기본 도구</b>가 됐다는 평가다.</p>",
   "google", M, "model application", story="alphafold-5-years")
# October
it(F, "samsung-tiny-recursive-model", "2025-10-09 10:00",
   "삼성 AI 연구소, 파라미터 700만 개 초소형 추론 모델로 거대 모델 앞서",
   "삼성전자 종합기술원의 몬트리올 AI 연구소가 파라미터 700만 개에 불과한 ‘작은 재귀 모델(TRM)’을 공개했다. "
   "스도쿠와 미로, 추상 추론 퍼즐(ARC-AGI)에서 수천 배 큰 언어모델보다 좋은 점수를 냈다. "
   "모델 크기보다 반복 추론 구조가 중요할 수 있음을 보여 줬다는 평가다.",
   "samsung", M)
it(F, "amazon-cascade-smr", "2025-10-17 10:00",
   "아마존, 워싱턴주 SMR 단지 ‘캐스케이드’ 설계 공개",
   "아마존이 엑스에너지와 함께 미국 워싱턴주에 짓는 소형모듈원전 단지 ‘캐스케이드’의 설계를 처음 공개했다. "
   "소형 원자로 여러 기를 모아 데이터센터와 지역 전력망에 전기를 공급하는 구조다. "
   "아마존은 2030년대 초 가동을 목표로 한다.",
   "amazon", O, "other infrastructure")
it(F, "unitree-h2-humanoid", "2025-10-21 14:00",
   "유니트리, 키 180cm 휴머노이드 ‘H2’ 공개",
   "중국 유니트리가 키 180cm, 몸무게 70kg의 새 휴머노이드 로봇 ‘H2’를 선보였다. "
   "관절 수를 늘려 춤과 무술 동작을 한층 자연스럽게 소화한다. "
   "회사는 연구기관과 기업용으로 먼저 판매할 계획이다.",
   "unitree", O)
it(F, "google-quantum-echoes", "2025-10-23 09:00",
   "구글, 양자 알고리즘 ‘퀀텀 에코스’로 슈퍼컴퓨터보다 1만 3000배 빨라",
   "구글 퀀텀 AI 연구팀이 자사 양자칩 ‘윌로’에서 돌린 ‘퀀텀 에코스’ 알고리즘이 최고 성능 슈퍼컴퓨터보다 1만 3000배 빠르게 계산을 마쳤다고 발표했다. "
   "결과를 다른 양자컴퓨터로 다시 확인할 수 있는 검증 가능한 양자 우위라는 점이 특징이다. "
   "연구팀은 분자 구조 분석 같은 실용 연구로 이어질 가능성도 제시했다.",
   "google", O)
it(F, "1x-neo-home-humanoid", "2025-10-29 11:00",
   "가정용 휴머노이드 ‘네오’ 예약 판매…가격 {{2만 달러}}",
   "미국 로봇 스타트업 1X가 집안일을 돕는 휴머노이드 ‘네오’의 예약 판매를 시작했다. "
   "가격은 {{2만 달러}}이며, 월 구독료를 내고 빌려 쓰는 방식도 있다. "
   "어려운 작업은 원격 조종자가 대신 조작하는 경우가 있어 사생활 침해 우려도 나온다.",
   "", O)

# ============================ Frontier Wire (RSS 2.0) ============================
F = "frontier-wire"
it(F, "openai-aws-cloud-deal", "2025-11-03 14:10",
   "OpenAI signs {{$38 billion}} cloud deal with Amazon Web Services",
   "<p>OpenAI has agreed to buy {{$38 billion}} of computing capacity from Amazon Web Services over seven years, "
   "its first major contract with the cloud leader. The deal gives OpenAI access to hundreds of thousands of Nvidia "
   "graphics processors in AWS data centres, with capacity due online by the end of 2026.</p>"
   "<p>The agreement is the latest sign that OpenAI is spreading its compute needs beyond Microsoft.</p>",
   "amazon microsoft nvidia openai", I, story="openai-aws-38b", also="chipline")
it(F, "palantir-q3-outlook", "2025-11-03 21:30",
   "Palantir raises outlook again as U.S. commercial sales surge 121%",
   "Palantir lifted its full-year revenue forecast for the third time this year after U.S. commercial revenue more "
   "than doubled in the third quarter. Chief executive Alex Karp credited demand for the company's AI platform, which "
   "customers use to wire language models into their operations. The shares slipped after hours as investors weighed "
   "a valuation that already prices in years of growth.",
   "palantir", E)
it(F, "apple-gemini-siri-deal", "2025-11-05 19:45",
   "Apple to pay about {{$1 billion}} a year to use Google's Gemini in Siri",
   "Apple is close to an agreement to pay roughly {{$1 billion}} a year for a custom version of Google's Gemini model "
   "to run a revamped Siri, according to people familiar with the talks. The model would run on Apple's own private "
   "cloud servers, keeping user data away from Google. Apple plans to rely on the arrangement until its in-house models catch up.",
   "apple google", A, "application model", story="apple-gemini-siri")
it(F, "perplexity-snap-deal", "2025-11-06 22:00",
   "Perplexity to pay Snap {{$400 million}} to put its answer engine in Snapchat",
   "Perplexity will pay Snap {{$400 million}} in cash and equity to make its AI answer engine available inside "
   "Snapchat from early next year. Snap's shares jumped after the deal was announced alongside its quarterly results. "
   "The arrangement gives Perplexity access to hundreds of millions of mostly young users.",
   "perplexity", A)
it(F, "tesla-pay-package-optimus", "2025-11-06 23:30",
   "Tesla shareholders back Musk pay package tied to robots and robotaxis",
   "Tesla shareholders approved a pay plan that could award Elon Musk shares worth about {{$1 trillion}} if the company "
   "hits a string of targets over the next decade. The milestones include delivering one million Optimus humanoid robots "
   "and putting one million robotaxis into commercial service. Musk told the meeting that Optimus could become Tesla's biggest product.",
   "tesla", O)
it(F, "softbank-exits-nvidia", "2025-11-11 07:30",
   "SoftBank sells its entire Nvidia stake for {{$5.83 billion}}",
   "SoftBank Group sold all of its Nvidia shares in October for {{$5.83 billion}}, using the proceeds to help fund its "
   "commitments to OpenAI. The disclosure came with quarterly results that showed a large gain on the Japanese group's "
   "OpenAI investment. Nvidia shares dipped on the news before recovering.",
   "nvidia openai softbank", I, "infrastructure model", story="softbank-nvidia-stake")
it(F, "lecun-world-model-startup", "2025-11-11 16:00",
   "Yann LeCun plans to leave Meta and launch a world-model start-up",
   "Yann LeCun, Meta's chief AI scientist and a Turing Award winner, is preparing to leave the company to found a "
   "start-up focused on so-called world models. LeCun has long argued that large language models cannot reach "
   "human-level reasoning without learning from video and interaction with the physical world. His departure comes as "
   "Meta reorganises its AI groups around a push for ever-larger models.",
   "meta", M, story="lecun-leaves-meta", also="model-ledger")
it(F, "openai-gpt-5-1-release", "2025-11-12 18:20",
   "OpenAI rolls out GPT-5.1 with 'Instant' and 'Thinking' versions",
   "OpenAI released GPT-5.1, an update to the model behind ChatGPT, in two versions: Instant, tuned for quick everyday "
   "replies, and Thinking, which spends more time on harder questions. The company said both follow instructions more "
   "closely and sound warmer in conversation. Paid subscribers get the models first, with free users following.",
   "openai", M, "model application", story="gpt-5-1")
it(F, "oracle-cds-ai-debt", "2025-11-14 15:00",
   "Cost of insuring Oracle's debt climbs as AI data-centre borrowing mounts",
   "The price of credit default swaps on Oracle's bonds rose to its highest level in more than two years as investors "
   "questioned how the company will pay for a wave of data centres built largely for OpenAI. Oracle has taken on a heavy "
   "load of debt and leases to meet its cloud commitments. Analysts said the move reflects wider unease about borrowing "
   "across the AI build-out.",
   "openai oracle", I)
it(F, "alibaba-qwen-app", "2025-11-17 09:00",
   "Alibaba relaunches Qwen app in push to catch ChatGPT",
   "Alibaba rebranded its main consumer AI app under the Qwen name and added agent-style features, its most direct "
   "challenge yet to ChatGPT. The free app runs on the company's latest Qwen models and will later tie into shopping "
   "and maps services across the group. Alibaba shares rose on the announcement.",
   "alibaba openai", A)
it(F, "microsoft-nvidia-anthropic", "2025-11-18 17:00",
   "Microsoft and Nvidia to invest up to {{$15 billion}} in Anthropic",
   "<p>Microsoft will invest up to {{$5 billion}} and Nvidia up to {{$10 billion}} in Anthropic under a three-way "
   "partnership announced on Tuesday. In return, Anthropic committed to buy {{$30 billion}} of computing capacity on "
   "Microsoft's Azure cloud and to run its Claude models on Nvidia hardware.</p>"
   "<p>The deal makes Claude available to customers of all three of the largest cloud providers.</p>",
   "anthropic microsoft nvidia", I, "infrastructure model", story="msft-nvda-anthropic")
it(F, "nvidia-q3-revenue", "2025-11-19 22:15",
   "Nvidia revenue hits {{$57 billion}} as data-centre demand keeps climbing",
   "Nvidia reported third-quarter revenue of {{$57 billion}}, up 62% from a year earlier, and forecast about "
   "{{$65 billion}} for the current quarter, ahead of Wall Street estimates. Chief executive Jensen Huang said demand "
   "for Blackwell chips far exceeded supply and that cloud GPUs were sold out. The results eased, for now, worries that "
   "AI spending was running ahead of demand.",
   "nvidia", I, story="nvidia-q3-earnings")
it(F, "cop30-overtime-amazon-river", "2025-11-21 12:00",
   "Climate talks run into overtime on the banks of the Amazon river",
   "Negotiators at the COP30 climate summit in Belém worked past their scheduled finish on Friday as countries remained "
   "split over a roadmap away from fossil fuels. The host city sits near the mouth of the Amazon river, and Brazil used "
   "the venue to promote a new fund that pays countries to keep tropical forests standing. A fire in a conference "
   "pavilion on Thursday briefly forced an evacuation.",
   trap="keyword")
it(F, "software-earnings-ai-lift", "2025-11-25 15:00",
   "AI is finally showing up in software makers' revenue",
   "<p>After two years of promises, this earnings season offered some of the clearest evidence yet that AI is lifting "
   "software sales. Palantir's U.S. commercial business more than doubled, and Microsoft said its Azure cloud grew 40% "
   "on demand for AI services.</p><p>Investors remain picky, however: companies whose AI products have not moved the "
   "numbers saw their shares punished.</p>",
   "microsoft palantir", E, "enterprise infrastructure", story="software-earnings-ai")
it(F, "amazon-black-friday-strike", "2025-11-28 14:00",
   "Amazon warehouse workers stage Black Friday walkouts in several countries",
   "Workers at Amazon warehouses in Germany and other countries walked off the job on Black Friday, demanding higher pay "
   "and better safety conditions. Union organisers timed the action to one of the busiest shopping days of the year. "
   "Amazon said the protests had no meaningful impact on deliveries.",
   "amazon", trap="non-ai-company")
it(F, "geminid-meteor-shower", "2025-11-28 20:00",
   "Geminid meteors will streak out of Gemini next month: how to watch",
   "The Geminids, usually the strongest meteor shower of the year, peak on the night of December 13-14. The meteors "
   "appear to stream from a point near the bright star Castor in the constellation Gemini, which rises in the east "
   "in the evening. With only a waning crescent moon rising late, observers under dark skies may see dozens of meteors an hour.",
   trap="keyword")
# October
it(F, "samsung-sk-hynix-stargate", "2025-10-01 15:00",
   "Samsung and SK Hynix sign on to supply memory for OpenAI's Stargate",
   "Samsung Electronics and SK Hynix signed letters of intent to supply memory chips for OpenAI's Stargate data-centre "
   "project after OpenAI's chief executive met South Korea's president in Seoul. OpenAI expects to need up to 900,000 "
   "DRAM wafers a month at full build-out. The companies will also explore building AI data centres in South Korea.",
   "openai samsung skhynix", I, story="stargate-korea")
it(F, "openai-500-billion-valuation", "2025-10-02 20:00",
   "OpenAI valued at {{$500 billion}} after employee share sale",
   "OpenAI completed a sale of about {{$6.6 billion}} of shares held by current and former employees, valuing the "
   "ChatGPT maker at {{$500 billion}}. Buyers included SoftBank and several large investment firms. The price makes "
   "OpenAI the world's most valuable private company.",
   "openai softbank", M)
it(F, "amd-openai-chip-pact", "2025-10-06 13:30",
   "AMD shares soar on chip supply pact with OpenAI",
   "AMD agreed to supply OpenAI with graphics processors totalling six gigawatts of capacity over several years, "
   "starting with its MI450 chips in the second half of 2026. As part of the deal, OpenAI received a warrant to buy up "
   "to 160 million AMD shares, potentially giving it a stake of about 10%. AMD shares jumped more than 20% on the news.",
   "amd openai", I, story="openai-amd")
it(F, "meta-anduril-helmets", "2025-10-13 16:00",
   "Meta and Anduril team up on mixed-reality helmets for U.S. soldiers",
   "Meta and defence start-up Anduril are jointly developing augmented and virtual reality gear for the U.S. Army, the "
   "companies said. The system, called EagleEye, overlays battlefield data and AI-powered alerts onto a soldier's view. "
   "The move deepens Meta's ties with the defence industry after years of keeping its distance from military work.",
   "meta", O)
it(F, "salesforce-agentforce-360", "2025-10-14 18:00",
   "Salesforce bets on AI agents with Agentforce 360 at Dreamforce",
   "Salesforce unveiled Agentforce 360, a platform for building and managing AI agents across its sales, service and "
   "marketing software, at its annual Dreamforce conference. The company is weaving the agents into Slack, which it wants "
   "to turn into the main interface for work. Salesforce also raised its long-term revenue target, saying demand for "
   "agents was starting to pay off.",
   "salesforce", E)
it(F, "tesla-battery-recall", "2025-10-22 13:00",
   "Tesla recalls nearly 13,000 cars over battery pack fault",
   "Tesla is recalling close to 13,000 Model 3 and Model Y vehicles in the United States because a faulty battery pack "
   "connection can cause a sudden loss of drive power. The company will replace the affected parts free of charge. "
   "Tesla said it was not aware of any crashes or injuries linked to the problem.",
   "tesla", trap="non-ai-company")
it(F, "westinghouse-80-billion", "2025-10-28 21:00",
   "U.S. strikes {{$80 billion}} deal to build Westinghouse nuclear reactors",
   "The U.S. government agreed to arrange financing and approvals for at least {{$80 billion}} of new Westinghouse "
   "reactors, part of a push to expand power supply for AI data centres. Westinghouse's owners, Brookfield and Cameco, "
   "said the partnership could give the government a share of future profits. The reactors would use the company's "
   "large AP1000 design rather than small modular units.",
   "", O)
it(F, "microsoft-azure-capex", "2025-10-29 22:00",
   "Microsoft's Azure grows 40% as quarterly AI spending hits {{$34.9 billion}}",
   "Microsoft said revenue from its Azure cloud rose 40% in the September quarter, while capital spending, mostly on AI "
   "chips and data centres, reached {{$34.9 billion}}. The company said it remains short of capacity and expects "
   "spending growth to accelerate this fiscal year. Its shares fell after hours as investors focused on the cost of the build-out.",
   "microsoft", I, "infrastructure enterprise")
it(F, "nvidia-korea-blackwell", "2025-10-31 13:00",
   "Nvidia to supply South Korea with more than 260,000 Blackwell chips",
   "Nvidia will ship more than 260,000 of its latest AI chips to South Korea's government and to companies including "
   "Samsung Electronics, SK Group, Hyundai Motor and Naver, chief executive Jensen Huang announced at the APEC summit in "
   "Gyeongju. The chips will power so-called AI factories for manufacturing, telecoms and autonomous driving. Huang "
   "called the country a natural partner because of its strength in memory and manufacturing.",
   "naver nvidia samsung", I, story="nvidia-apec-korea")

# ============================ Bay Signal (Atom 1.0, every link with utm_) ============================
F = "bay-signal"
it(F, "amazon-stock-openai-aws", "2025-11-03 08:40",
   "Amazon stock climbs after OpenAI commits {{$38B}} to AWS",
   "Amazon shares rose about 4% on Monday after OpenAI agreed to spend {{$38B}} on AWS cloud capacity over the next "
   "seven years. The contract is a win for AWS, which had been seen as trailing Microsoft in landing big AI customers. "
   "OpenAI, meanwhile, gets another source of Nvidia GPUs as it races to add compute.",
   "amazon microsoft nvidia openai", I, story="openai-aws-38b", utm=True)
it(F, "kimi-k2-thinking", "2025-11-06 10:00",
   "Moonshot's Kimi K2 Thinking puts an open model near the frontier",
   "Beijing-based Moonshot AI released Kimi K2 Thinking, an open-weight reasoning model that can chain hundreds of tool "
   "calls on its own. On several agentic benchmarks it scored close to or above leading closed models. The release adds "
   "to pressure on U.S. labs from cheaper Chinese open models.",
   "", M, utm=True)
it(F, "coreweave-q3-revenue", "2025-11-10 14:30",
   "CoreWeave's revenue more than doubles, but a data-centre delay dents its outlook",
   "<p>CoreWeave reported third-quarter revenue of {{$1.36 billion}}, more than double a year earlier, as big AI labs and "
   "tech companies kept renting its GPU clusters. Its backlog grew to {{$55.6 billion}}, helped by a {{$14.2 billion}} "
   "contract with Meta.</p><p>The company trimmed its full-year revenue forecast, blaming a delay at a third-party "
   "data-centre developer. Shares fell in late trading.</p>",
   "coreweave meta", I, story="coreweave-q3", utm=True)
it(F, "anthropic-50-billion-datacenters", "2025-11-12 09:00",
   "Anthropic to spend {{$50 billion}} on its own U.S. data centres",
   "Anthropic plans to invest {{$50 billion}} in data centres in Texas and New York, built with the neocloud Fluidstack, "
   "with sites coming online through 2026. It is the Claude developer's first large bet on its own infrastructure rather "
   "than capacity rented from cloud providers. The company said the projects would create about 800 permanent jobs.",
   "anthropic", I, utm=True)
it(F, "cursor-funding-round", "2025-11-13 11:00",
   "Cursor raises {{$2.3 billion}} at a {{$29.3 billion}} valuation",
   "Anysphere, the start-up behind the AI coding editor Cursor, raised {{$2.3 billion}} in a round that values it at "
   "{{$29.3 billion}}, nearly triple its price in June. The company said annualised revenue had passed {{$1 billion}}. "
   "Part of the money will fund its own coding models, reducing reliance on outside labs.",
   "", A, "application model", utm=True)
it(F, "palantir-high-school-fellows", "2025-11-14 09:00",
   "Palantir skips the campus, hires straight out of high school",
   "Palantir is recruiting recent high-school graduates into a paid fellowship that can lead to full-time jobs, bypassing "
   "university altogether. The first cohort spent months learning the company's software and working alongside engineers "
   "on real deployments. Executives say the programme is a bet that skill matters more than credentials in the AI era.",
   "palantir", E, story="palantir-highschool", utm=True)
it(F, "xai-grok-4-1", "2025-11-17 13:00",
   "xAI releases Grok 4.1, says it hallucinates less",
   "Elon Musk's xAI released Grok 4.1, saying the model gives fewer made-up answers and shows better emotional "
   "intelligence in conversation. The company said the model briefly topped a popular crowd-sourced leaderboard. "
   "It is available free on the Grok app and on X.",
   "xai", M, "model application", story="grok-4-1", utm=True)
it(F, "google-antigravity-agents", "2025-11-18 12:00",
   "Google's Antigravity hands the keyboard to coding agents",
   "Google launched Antigravity, a free development environment in which AI agents plan, write, run and test code across "
   "the editor, the terminal and a built-in browser. Developers review the agents' work through task lists, screenshots "
   "and recordings rather than raw logs. The tool runs on Gemini 3 Pro by default but also supports some third-party models.",
   "google", A, "application model", story="antigravity-launch", utm=True)
it(F, "microsoft-agent-365", "2025-11-18 15:00",
   "Microsoft pitches Agent 365 as the control tower for corporate AI agents",
   "At its Ignite conference, Microsoft introduced Agent 365, a service that lets IT departments register, monitor and "
   "set permissions for AI agents the way they manage employee accounts. The company expects businesses to run hundreds "
   "of agents built by different vendors. Microsoft also added new agent features to Copilot in Word, Excel and PowerPoint.",
   "microsoft", E, utm=True)
it(F, "exoskeleton-arm-injury", "2025-11-19 10:00",
   "AI-guided exoskeleton helps patients regain movement after an arm injury",
   "A Bay Area start-up has begun clinical trials of a soft robotic sleeve that uses machine learning to read faint muscle "
   "signals and assist the wearer's movements. Early results in patients recovering from a stroke or a serious arm injury "
   "showed faster gains in grip strength than standard therapy. The company plans to seek regulatory clearance next year.",
   "", O, "other application", trap="keyword", utm=True)
it(F, "figure-bmw-deployment-ends", "2025-11-20 10:00",
   "Figure retires its BMW robots after an 11-month factory stint",
   "Figure AI said its Figure 02 humanoids have finished their deployment at a BMW plant in South Carolina, where they "
   "loaded sheet-metal parts during 10-hour shifts. The start-up published data from the run, including the number of "
   "parts handled and wear on the robots' joints. Lessons from the trial went into its newer Figure 03 design.",
   "figure", O, utm=True)
it(F, "claude-opus-4-5-launch", "2025-11-24 11:00",
   "Anthropic's Claude Opus 4.5 cuts prices by two-thirds and tops a coding test",
   "Anthropic released Claude Opus 4.5, which it says is the best model yet at real-world software engineering. The "
   "company cut Opus pricing to a third of its previous level, making its top model far more practical for everyday use. "
   "New controls let developers decide how much effort the model spends on a task.",
   "anthropic", M, "model application", story="claude-opus-4-5", utm=True)
it(F, "apple-pie-thanksgiving", "2025-11-25 08:00",
   "Apple pie costs a little less to bake this Thanksgiving",
   "Butter and flour prices have eased from last year's highs, but baking a classic apple pie at home still costs well "
   "above pre-pandemic levels. Bakeries around the Bay say pie pre-orders are running ahead of last year. Growers report "
   "a solid apple harvest in Washington state, which should keep fruit prices in check.",
   trap="keyword", utm=True)
# October
it(F, "openai-devday-apps", "2025-10-06 12:00",
   "OpenAI DevDay: apps move inside ChatGPT, and AgentKit arrives for builders",
   "OpenAI opened its developer conference by letting outside apps run directly inside ChatGPT conversations, starting "
   "with partners such as Spotify, Zillow and Canva. It also launched AgentKit, a set of tools for building, testing and "
   "deploying AI agents. Chief executive Sam Altman said ChatGPT now has 800 million weekly users.",
   "canva openai", A, utm=True)
it(F, "sora-app-downloads", "2025-10-08 09:00",
   "Sora app passes one million downloads in under five days",
   "OpenAI's Sora app, which lets users create and remix short AI-generated videos, passed one million downloads faster "
   "than ChatGPT did, according to the head of the Sora team. The invite-only app topped download charts despite "
   "complaints from rights holders about videos featuring their characters. OpenAI said it would give copyright owners "
   "more control over how their work is used.",
   "openai", A, "application model", utm=True)
it(F, "xai-20-billion-raise", "2025-10-08 15:00",
   "xAI is raising {{$20 billion}}, with Nvidia among the backers",
   "Elon Musk's xAI is raising about {{$20 billion}} in equity and debt, according to people familiar with the matter, "
   "with Nvidia investing as much as {{$2 billion}}. The money is tied to GPUs for the company's Colossus 2 data centre "
   "in Memphis, where xAI trains its Grok models.",
   "nvidia xai", I, "infrastructure model", utm=True)
it(F, "figure-03-unveiled", "2025-10-09 10:00",
   "Figure unveils Figure 03, a humanoid designed for the home",
   "Figure AI introduced Figure 03, its third-generation humanoid robot, with softer materials, better hands and cameras "
   "built for household tasks. The robot runs Helix, the company's own vision-language-action model. Figure says the "
   "design is meant for high-volume manufacturing at a new plant.",
   "figure", O, utm=True)
it(F, "meta-hyperion-financing", "2025-10-17 11:00",
   "Meta lines up {{$27 billion}} financing for its Hyperion data centre",
   "Meta agreed a roughly {{$27 billion}} financing deal with investment firm Blue Owl Capital to fund its Hyperion "
   "data-centre campus in Louisiana, the largest private-credit deal on record. Meta keeps a minority stake and will lease "
   "the facility, keeping most of the debt off its balance sheet. The site is central to Meta's plans to train future AI models.",
   "meta", I, utm=True)
it(F, "chatgpt-atlas-launch", "2025-10-21 15:00",
   "OpenAI launches ChatGPT Atlas, a browser built around its chatbot",
   "OpenAI released ChatGPT Atlas, a web browser with ChatGPT built into every page, starting with desktop computers. "
   "An agent mode lets paying users ask the browser to carry out multi-step tasks such as booking a table. "
   "The launch takes OpenAI into a market where rivals have been racing to add AI features.",
   "openai", A, story="chatgpt-atlas", utm=True)

# ============================ Chipline (RSS 1.0 / RDF) ============================
F = "chipline"
it(F, "microsoft-iren-gpu-contract", "2025-11-03 16:00",
   "Microsoft books {{$9.7 billion}} of GPU capacity from IREN",
   "Microsoft signed a five-year, {{$9.7 billion}} contract with IREN for access to Nvidia GB300 systems at the "
   "Australian company's Texas data-centre campus. IREN will buy the hardware from Dell for about {{$5.8 billion}}. "
   "The deal is another sign that hyperscalers are leaning on neoclouds to add capacity quickly.",
   "microsoft nvidia", I)
it(F, "meta-coreweave-six-year-bet", "2025-11-06 09:00",
   "Inside Meta's {{$14.2 billion}}, six-year bet on CoreWeave",
   "Meta's {{$14.2 billion}} agreement to rent computing power from CoreWeave through 2031 makes it one of the neocloud's "
   "largest customers. The contract includes options to expand, and it gives Meta access to Nvidia's newest GB300 systems "
   "without waiting for its own data centres. For CoreWeave, the deal reduces its reliance on a single large customer.",
   "coreweave meta nvidia", I, story="meta-coreweave-deal")
it(F, "google-ironwood-ga", "2025-11-06 18:00",
   "Google makes Ironwood TPU generally available, with Anthropic first in line",
   "Google Cloud made Ironwood, its seventh-generation tensor processing unit, generally available, promising four times "
   "the performance of the previous generation. Anthropic, which plans to use up to a million TPUs, is among the first "
   "major customers.",
   "anthropic google", I)
it(F, "coreweave-power-limits", "2025-11-11 12:00",
   "CoreWeave's growth runs into the limits of concrete and power",
   "CoreWeave more than doubled its quarterly revenue, but a delayed data centre forced it to lower its 2025 forecast, "
   "underlining how physical construction now limits AI cloud growth. The company said it had about 590 megawatts of "
   "active power at the end of September. Executives said demand still far exceeds the capacity they can bring online.",
   "coreweave", I, story="coreweave-q3")
it(F, "amd-analyst-day-targets", "2025-11-11 21:00",
   "AMD targets faster data-centre growth at its first analyst day in three years",
   "AMD told investors it expects its data-centre business to grow more than 60% a year over the next three to five "
   "years, driven by demand for its Instinct AI accelerators. Chief executive Lisa Su said the market for AI data-centre "
   "chips could be worth {{$1 trillion}} by 2030. The company also laid out plans for rack-scale systems to compete with Nvidia.",
   "amd nvidia", I)
it(F, "korea-npu-startups-buy-local", "2025-11-18 03:00",
   "Korean AI chip start-ups Rebellions and FuriosaAI urge Seoul to buy local",
   "Rebellions and FuriosaAI, South Korea's two leading AI chip start-ups, asked the government to reserve part of its "
   "public AI computing projects for domestic neural processing units. The companies argue that early public orders would "
   "give their chips the track record needed to win commercial customers. The request comes as Seoul spends heavily on "
   "imported GPUs for its national AI push.",
   "furiosa rebellions", O, "other infrastructure", story="korea-npu-procurement")
it(F, "nvidia-datacenter-q3", "2025-11-19 23:00",
   "Nvidia's data-centre sales reach {{$51.2 billion}} in the third quarter",
   "Data-centre revenue at Nvidia rose 66% from a year earlier to {{$51.2 billion}}, about nine-tenths of total sales. "
   "Networking revenue more than doubled as customers bought complete rack systems rather than individual chips. "
   "Gross margin held above 73%.",
   "nvidia", I, story="nvidia-q3-earnings")
it(F, "tsmc-cowos-expansion", "2025-11-26 08:00",
   "TSMC expands advanced packaging again as AI chip orders pile up",
   "TSMC is adding more CoWoS advanced-packaging capacity for next year as Nvidia and other chip designers book space for "
   "their AI accelerators. Packaging, which links logic chips with stacks of high-bandwidth memory, remains one of the "
   "tightest bottlenecks in the supply chain. The company expects demand for AI chips to keep growing quickly.",
   "nvidia tsmc", I)
it(F, "explainer-hbm", None,
   "Explainer: what high-bandwidth memory is and why AI needs so much of it",
   "High-bandwidth memory stacks DRAM chips on top of one another and places them right next to a GPU, giving AI "
   "accelerators far more data throughput than ordinary memory. SK Hynix leads the market, with Samsung Electronics and "
   "Micron racing to catch up on the newest generations. Because each stack takes more wafer area than standard DRAM, "
   "the AI boom is also tightening memory supply for phones and PCs.",
   "samsung skhynix", I)
it(F, "glossary-gpu-tpu-npu-lpu", None,
   "Glossary: GPU, TPU, NPU and LPU in plain language",
   "<p>A <b>GPU</b> runs thousands of small calculations in parallel and has become the workhorse of AI training. "
   "A <b>TPU</b> is Google's custom chip for the same kind of matrix maths, while <b>NPU</b> is a general name for chips "
   "built only for neural networks, such as those from Korean start-ups.</p>"
   "<p>An <b>LPU</b> is Groq's name for its chip designed to generate text quickly.</p>",
   "google groq", I, "infrastructure other")
# October
it(F, "cerebras-withdraws-ipo", "2025-10-03 22:00",
   "Cerebras withdraws IPO filing days after raising {{$1.1 billion}}",
   "AI chip maker Cerebras Systems pulled its plans for a U.S. stock market listing, days after raising {{$1.1 billion}} "
   "from private investors at an {{$8.1 billion}} valuation. The company said it still intends to go public eventually. "
   "Cerebras sells wafer-sized chips and rents them out through its own inference cloud.",
   "cerebras", O, "other infrastructure")
it(F, "openai-amd-warrant", "2025-10-06 15:00",
   "OpenAI's AMD deal comes with a warrant for up to 10% of the chipmaker",
   "OpenAI will deploy six gigawatts of AMD Instinct GPUs, with the first gigawatt of MI450 chips due in the second half "
   "of 2026. AMD granted OpenAI a warrant for up to 160 million shares that vests as deployments and share-price "
   "milestones are met. The deal gives AMD its biggest AI customer and OpenAI an alternative supplier to Nvidia.",
   "amd nvidia openai", I, story="openai-amd")
it(F, "intel-crescent-island", "2025-10-14 17:00",
   "Intel unveils Crescent Island, an inference GPU due in 2026",
   "Intel announced Crescent Island, a data-centre GPU designed for AI inference with 160GB of memory and a focus on "
   "power efficiency. Customer sampling is planned for the second half of 2026. The company said it will move to a yearly "
   "cadence of data-centre GPU releases.",
   "intel", I)
it(F, "google-duane-arnold-restart", "2025-10-28 10:00",
   "Google deal to restart an Iowa nuclear plant for AI power",
   "Google signed a 25-year agreement with NextEra Energy to buy power from the Duane Arnold nuclear plant in Iowa, which "
   "NextEra plans to restart by early 2029. The 615-megawatt plant shut down in 2020. Tech companies are turning to "
   "nuclear energy to power the data centres behind their AI services.",
   "google", O, "other infrastructure")
it(F, "korea-gpu-allocation", "2025-10-31 15:00",
   "Korea's 260,000-GPU order: who gets what",
   "Of the more than 260,000 Nvidia Blackwell GPUs announced for South Korea, about 50,000 go to government-backed "
   "sovereign AI projects, with Samsung Electronics, SK Group and Hyundai Motor each taking similar numbers for factory "
   "automation and robotics. Naver Cloud will deploy more than 60,000 for its cloud and AI services. The orders make "
   "South Korea one of the largest buyers of Nvidia's current generation outside the United States.",
   "naver nvidia samsung", I, story="nvidia-apec-korea")

# ============================ Model Ledger (JSON Feed 1.1) ============================
F = "model-ledger"
it(F, "snowflake-intelligence-ga", "2025-11-04 10:00",
   "Snowflake makes its Intelligence agent generally available to enterprises",
   "Snowflake made Snowflake Intelligence, an agent that lets employees ask questions of company data in plain English, "
   "generally available. The agent plans its own queries across structured tables and documents, and cites where each "
   "answer came from. Snowflake is betting that keeping AI next to governed data will win over cautious corporate buyers.",
   "snowflake", E)
it(F, "gpt-5-1-adaptive-reasoning", "2025-11-12 13:30",
   "GPT-5.1 arrives with adaptive reasoning and new personality presets",
   "<p>OpenAI's GPT-5.1 adjusts how long it thinks to the difficulty of each request: the <b>Thinking</b> model answers "
   "simple questions faster and spends more time on hard ones. ChatGPT also gains presets such as Professional, Candid "
   "and Quirky that change the model's tone.</p><p>The earlier GPT-5 models stay available to paid users for three months.</p>",
   "openai", M, "model application", story="gpt-5-1")
it(F, "pinecone-agent-memory", "2025-11-13 10:00",
   "Pinecone pitches its vector database as long-term memory for AI agents",
   "Pinecone added features aimed at AI agents that need to remember past conversations and documents over long periods, "
   "including cheaper storage tiers and faster filtering. The company argues that retrieval remains cheaper and easier to "
   "audit than stuffing everything into a model's context window. General-purpose databases have been adding vector "
   "search, raising pressure on specialists.",
   "pinecone", E)
it(F, "gemini-3-in-search", "2025-11-18 11:00",
   "Google launches Gemini 3 and puts it straight into Search",
   "Google released Gemini 3 Pro, its new flagship model, and for the first time shipped a new model in Search on launch "
   "day. The company said it leads rivals on reasoning and multimodal benchmarks, including a record score on the "
   "Humanity's Last Exam test. A Deep Think mode with longer reasoning is coming to subscribers after more safety testing.",
   "google", M, "model application", story="gemini-3")
it(F, "databricks-valuation-talks", "2025-11-18 16:00",
   "Databricks in talks to raise money at a valuation above {{$130 billion}}",
   "Databricks is in talks to raise new funding that would value the data and AI company at more than {{$130 billion}}, "
   "up from {{$100 billion}} a few months ago. Its growth is being driven by companies building AI agents on top of their "
   "own data. The company has said it is in no hurry to go public.",
   "databricks", E)
it(F, "meta-sam-3", "2025-11-19 12:00",
   "Meta's SAM 3 finds and tracks objects from a text prompt",
   "Meta released Segment Anything Model 3, which can find, outline and track every instance of an object in images and "
   "video from a short text prompt such as 'yellow school bus'. A companion model, SAM 3D, reconstructs objects and people "
   "in three dimensions from a single photo. Meta is using the models in Instagram's Edits app and Facebook Marketplace.",
   "meta", M)
it(F, "google-anthropic-350b-talks", "2025-11-20 09:00",
   "Google in talks to deepen Anthropic investment at about {{$350 billion}} valuation",
   "Google is in early talks to make a new investment in Anthropic that could value the Claude maker at {{$350 billion}} "
   "or more, according to people familiar with the discussions. Google already owns a significant stake and supplies the "
   "start-up with TPU chips through its cloud. A new round would make Anthropic one of the most valuable private companies "
   "in the world.",
   "anthropic google", M, "model infrastructure", story="google-anthropic-350b")
it(F, "manifest-ai-power-retention", "2025-11-21 10:00",
   "Manifest AI drops attention with 'Power Retention' architecture",
   "Manifest AI, a small U.S. research start-up, published Power Retention, a replacement for the attention layer at the "
   "heart of transformer models. The technique keeps a fixed-size memory, so the cost of processing each new token does "
   "not grow with the length of the context. The company released a 14-billion-parameter model retrained with the method, "
   "along with open-source kernels for developers.",
   "manifestai", M, story="manifest-power-retention")
it(F, "salesforce-spindle-ai", "2025-11-21 15:00",
   "Salesforce to buy Spindle AI to add forecasting agents to Agentforce",
   "Salesforce agreed to acquire Spindle AI, a start-up whose agents analyse business data and model scenarios such as "
   "pricing changes. The technology will be added to Agentforce to help companies ask what-if questions of their numbers. "
   "Terms were not disclosed.",
   "salesforce", E)
it(F, "claude-opus-4-5-explained", "2025-11-24 14:00",
   "Claude Opus 4.5: what changed, and what it costs now",
   "<p>Claude Opus 4.5 is Anthropic's new top model, aimed at coding, agents and computer use. It is priced at roughly a "
   "third of what Opus 4.1 cost, and it uses fewer tokens to reach the same results, according to Anthropic.</p>"
   "<p>The update also lifts Opus-specific usage caps for many subscribers &amp; allows longer conversations in the Claude apps.</p>",
   "anthropic", M, "model application", story="claude-opus-4-5")
it(F, "antigravity-prompt-injection", "2025-11-25 11:00",
   "Researchers show prompt injection can turn Google's Antigravity against its user",
   "Security researchers demonstrated that a poisoned web page could instruct agents in Google's Antigravity to collect "
   "credentials and source code and send them to an attacker-controlled site. The attack exploits the agents' ability to "
   "browse and run terminal commands with little human review. Google said it was aware of the risks and pointed to "
   "settings that require approval before agents act.",
   "google", A, "application model", story="antigravity-prompt-injection")
it(F, "alphafold-five-years-on", "2025-11-26 10:00",
   "Five years of AlphaFold: from a protein puzzle to a lab staple",
   "Five years after DeepMind's AlphaFold 2 cracked the protein-structure prediction challenge, more than three million "
   "researchers have used its database of predicted structures. Scientists have used it to design enzymes that break "
   "down plastics and to speed up work on vaccines and drug targets. Google DeepMind says the next step is modelling how "
   "proteins interact with other molecules inside cells.",
   "google", M, "model application", story="alphafold-5-years")
it(F, "deepseek-math-v2", "2025-11-27 09:00",
   "DeepSeek's open math model reaches gold-medal level on olympiad problems",
   "DeepSeek released DeepSeekMath-V2, an open-weight model that checks its own proofs step by step instead of only "
   "aiming for the right final answer. The company said it achieved gold-level scores on problems from the 2025 "
   "International Mathematical Olympiad. The weights are available under a permissive licence.",
   "deepseek", M)
# October
it(F, "perplexity-comet-free", "2025-10-02 14:00",
   "Perplexity makes its Comet AI browser free for everyone",
   "Perplexity opened its Comet browser, which includes an AI assistant that can summarise pages and complete tasks, to "
   "all users at no charge. The browser had previously been limited to subscribers on its most expensive plan. Perplexity "
   "also announced a paid news bundle that shares revenue with publishers.",
   "perplexity", A)
it(F, "supabase-series-e", "2025-10-03 10:00",
   "Supabase raises {{$100 million}} at a {{$5 billion}} valuation as AI app builders flock in",
   "Supabase, the open-source database platform popular with AI coding tools, raised {{$100 million}} at a "
   "{{$5 billion}} valuation, only months after its previous round. Many apps generated by AI builders now run on its "
   "Postgres-based backend. The company said millions of new databases are being created every month.",
   "supabase", E)
it(F, "claude-haiku-4-5", "2025-10-15 13:00",
   "Claude Haiku 4.5 brings near-frontier coding to Anthropic's cheapest tier",
   "Anthropic released Claude Haiku 4.5, a small model that it says matches the coding performance of its frontier model "
   "from five months ago at a third of the cost. The model is designed for tasks where speed matters, such as running "
   "many sub-agents in parallel. It is available to all Claude users.",
   "anthropic", M)
it(F, "deepseek-ocr", "2025-10-20 18:00",
   "DeepSeek-OCR compresses long documents into images to save tokens",
   "DeepSeek released an open-source model that reads documents by rendering text as images and encoding them with far "
   "fewer tokens than the original text would need. The company says the approach could let language models handle much "
   "longer contexts at lower cost. Researchers called it an unusual but promising twist on document understanding.",
   "deepseek", M)
it(F, "anthropic-million-tpus", "2025-10-23 17:00",
   "Anthropic to use up to one million Google TPUs",
   "Anthropic agreed to expand its use of Google Cloud TPUs to as many as one million chips, bringing well over a gigawatt "
   "of capacity online in 2026. The company said it will keep training and running Claude on a mix of Google TPUs, "
   "Amazon Trainium and Nvidia GPUs. Anthropic's business customers now number more than 300,000.",
   "amazon anthropic google nvidia", I, story="anthropic-google-tpu")
it(F, "mistral-ai-studio", "2025-10-24 11:00",
   "Mistral AI launches AI Studio for companies moving pilots into production",
   "Mistral AI introduced AI Studio, a platform that gives businesses tools to deploy, observe and govern AI applications "
   "running on its models. Customers can run it in Mistral's cloud or inside their own infrastructure. The Paris company "
   "raised {{€1.7 billion}} in September in a round led by chip-equipment maker ASML.",
   "mistral", E)
it(F, "canva-design-model", "2025-10-30 12:00",
   "Canva unveils its own design model and makes Affinity free",
   "Canva introduced a foundation model trained on design layouts, which can generate editable designs with layers rather "
   "than flat images. The company also made its professional Affinity design software free to use. Canva says more than "
   "250 million people use its tools every month.",
   "canva", A, "application model")


# --------------------------------------------------------------------------
# Derived fields
# --------------------------------------------------------------------------

AMOUNT = re.compile(r"\{\{(.+?)\}\}")


def plain(text: str) -> str:
    return AMOUNT.sub(r"\1", text)


def text_only(summary_html: str) -> str:
    t = re.sub(r"</p>\s*<p>", " ", summary_html)
    t = re.sub(r"<[^>]+>", "", t)
    return html.unescape(t).strip()


def with_utm(url: str) -> str:
    return url + ("&" if "?" in url else "?") + UTM


def canonical(url: str) -> str:
    parts = urlsplit(url)
    q = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(q), ""))


def assign_links() -> None:
    """Links, ids and aware datetimes; numbering follows publication order per outlet."""
    counters = {"hangang-daily": 204100, "pangyo-ilbo": 51200, "seoul-ai-journal": 8800}
    order = sorted(ITEMS, key=lambda x: (x["feed"], x["when"] or "9999", x["slug"]))
    for item in order:
        f, o = item["feed"], OUTLETS[item["feed"]]
        host, slug = o["host"], item["slug"]
        if item["when"]:
            naive = datetime.strptime(item["when"], "%Y-%m-%d %H:%M")
            item["dt"] = naive.replace(tzinfo=local_tz(f, naive))
        else:
            item["dt"] = None
        y, m, d = (item["when"] or "2025-11-01")[:10].split("-")
        if f == "hangang-daily":
            counters[f] += 7
            url = f"https://{host}/news/articleView.html?idxno={counters[f]}"
            guid = url
        elif f == "pangyo-ilbo":
            counters[f] += 3
            url = f"https://{host}/news/view.php?no={counters[f]}"
            guid = f"pangyo-ilbo-{counters[f]}"
        elif f == "seoul-ai-journal":
            counters[f] += 1
            url = f"https://{host}/articles/{y}/{m}/{slug}"
            guid = f"tag:{host},2025:article-{counters[f]}"
        elif f == "daedeok-science":
            url = f"https://{host}/science/{y}/{m}/{slug}.html"
            guid = url
        elif f == "frontier-wire":
            url = f"https://{host}/{y}/{m}/{d}/{slug}"
            guid = f"tag:{host},{y}-{m}-{d}:{slug}"
        elif f == "bay-signal":
            url = f"https://{host}/tech/{slug}"
            guid = url
        elif f == "chipline":
            url = f"https://{host}/news/{slug}"
            guid = url
        else:  # model-ledger
            url = f"https://{host}/p/{slug}"
            guid = url
        item["url"] = url
        item["guid"] = guid
        item["link"] = with_utm(url) if item["utm"] else url
        item["author"] = o["authors"][sum(map(ord, slug)) % len(o["authors"])]
        item["title_plain"] = plain(item["title"])
        item["summary_html"] = plain(item["summary"])
        amounts: list[str] = []
        for a in AMOUNT.findall(item["title"] + " " + item["summary"]):
            if a not in amounts:
                amounts.append(a)
        item["amounts"] = amounts


def entries_for(feed: str) -> list[dict]:
    """The outlet's own items plus wire copies it carries (same link, with utm_ added)."""
    out = [dict(x, carried=False) for x in ITEMS if x["feed"] == feed]
    for x in ITEMS:
        if x["also"] == feed:
            out.append(dict(x, carried=True, link=with_utm(x["url"])))
    dated = sorted((e for e in out if e["dt"]), key=lambda e: e["dt"], reverse=True)
    return dated + [e for e in out if not e["dt"]]


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------

def in_tz(feed: str, dt: datetime) -> datetime:
    naive_utc = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.astimezone(local_tz(feed, naive_utc))


def rfc3339(dt: datetime) -> str:
    s = dt.isoformat()
    return s[:-6] + "Z" if s.endswith("+00:00") else s


def latest(entries: list[dict]) -> datetime:
    return max(e["dt"] for e in entries if e["dt"])


def write_rss2(feed: str, entries: list[dict]) -> str:
    o = OUTLETS[feed]
    enc = o.get("encoding", "UTF-8")
    lines = [
        f'<?xml version="1.0" encoding="{enc}"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "  <channel>",
        f"    <title>{escape(o['title'])}</title>",
        f"    <link>https://{o['host']}/</link>",
        f"    <description>{escape(o['description'])}</description>",
        f"    <language>{o['lang']}</language>",
        f"    <lastBuildDate>{format_datetime(in_tz(feed, latest(entries)))}</lastBuildDate>",
        f'    <atom:link href="https://{o["host"]}/rss/{o["file"]}" rel="self" type="application/rss+xml"/>',
    ]
    for e in entries:
        summary = e["summary_html"]
        desc = f"<![CDATA[{summary}]]>" if o.get("cdata") else escape(summary)
        permalink = "true" if e["guid"].startswith("https://") else "false"
        lines += [
            "    <item>",
            f"      <title>{escape(e['title_plain'])}</title>",
            f"      <link>{escape(e['link'])}</link>",
            f"      <description>{desc}</description>",
            f"      <dc:creator>{escape(e['author'])}</dc:creator>",
        ]
        if e["dt"]:
            lines.append(f"      <pubDate>{format_datetime(in_tz(feed, e['dt']))}</pubDate>")
        lines += [f'      <guid isPermaLink="{permalink}">{escape(e["guid"])}</guid>', "    </item>"]
    lines += ["  </channel>", "</rss>", ""]
    return "\n".join(lines)


def write_atom(feed: str, entries: list[dict]) -> str:
    o = OUTLETS[feed]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{o["lang"]}">',
        f"  <id>tag:{o['host']},2025:feed</id>",
        f"  <title>{escape(o['title'])}</title>",
        f"  <subtitle>{escape(o['description'])}</subtitle>",
        f"  <updated>{rfc3339(in_tz(feed, latest(entries)))}</updated>",
        f'  <link rel="alternate" type="text/html" href="https://{o["host"]}/"/>',
        f'  <link rel="self" type="application/atom+xml" href="https://{o["host"]}/feed.atom"/>',
        f"  <author><name>{escape(o['title'])}</name></author>",
    ]
    for e in entries:
        stamp = rfc3339(in_tz(feed, e["dt"]))
        lines += [
            "  <entry>",
            f"    <id>{escape(e['guid'])}</id>",
            f"    <title>{escape(e['title_plain'])}</title>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(e['link'])}/>",
            f"    <published>{stamp}</published>",
            f"    <updated>{stamp}</updated>",
            f"    <author><name>{escape(e['author'])}</name></author>",
            f'    <summary type="html">{escape(e["summary_html"])}</summary>',
            "  </entry>",
        ]
    lines += ["</feed>", ""]
    return "\n".join(lines)


def write_rdf(feed: str, entries: list[dict]) -> str:
    o = OUTLETS[feed]
    about = f"https://{o['host']}/"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"',
        '         xmlns="http://purl.org/rss/1.0/"',
        '         xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"  <channel rdf:about={quoteattr(about)}>",
        f"    <title>{escape(o['title'])}</title>",
        f"    <link>{about}</link>",
        f"    <description>{escape(o['description'])}</description>",
        f"    <dc:language>{o['lang']}</dc:language>",
        f"    <dc:date>{rfc3339(in_tz(feed, latest(entries)))}</dc:date>",
        "    <items>",
        "      <rdf:Seq>",
    ]
    lines += [f"        <rdf:li rdf:resource={quoteattr(e['link'])}/>" for e in entries]
    lines += ["      </rdf:Seq>", "    </items>", "  </channel>"]
    for e in entries:
        lines += [
            f"  <item rdf:about={quoteattr(e['link'])}>",
            f"    <title>{escape(e['title_plain'])}</title>",
            f"    <link>{escape(e['link'])}</link>",
            f"    <description>{escape(e['summary_html'])}</description>",
            f"    <dc:creator>{escape(e['author'])}</dc:creator>",
        ]
        if e["dt"]:
            lines.append(f"    <dc:date>{rfc3339(in_tz(feed, e['dt']))}</dc:date>")
        lines.append("  </item>")
    lines += ["</rdf:RDF>", ""]
    return "\n".join(lines)


def write_json(feed: str, entries: list[dict]) -> str:
    o = OUTLETS[feed]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": o["title"],
        "home_page_url": f"https://{o['host']}/",
        "feed_url": f"https://{o['host']}/{o['file']}",
        "description": o["description"],
        "language": o["lang"],
        "authors": [{"name": o["title"]}],
        "items": [],
    }
    for e in entries:
        entry = {
            "id": e["guid"],
            "url": e["link"],
            "title": e["title_plain"],
            "content_html": e["summary_html"],
            "summary": text_only(e["summary_html"]),
            "authors": [{"name": e["author"]}],
        }
        if e["dt"]:
            entry["date_published"] = rfc3339(in_tz(feed, e["dt"]))
        doc["items"].append(entry)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"rss2": write_rss2, "atom": write_atom, "rdf": write_rdf, "json": write_json}


# --------------------------------------------------------------------------
# Checks (stay consistent when someone edits the data above)
# --------------------------------------------------------------------------

def check() -> None:
    urls = [x["url"] for x in ITEMS]
    assert len(urls) == len(set(urls)), "duplicate canonical URLs"
    known = {x for x in LAYERS}
    for x in ITEMS:
        assert x["layer"] in known or x["layer"] is None, x["slug"]
        assert set(x["layers_ok"]) <= known, x["slug"]
        assert (x["layer"] is None) == (not x["layers_ok"]), x["slug"]
        assert x["trap"] in (None, "keyword", "non-ai-company"), x["slug"]
        assert x["trap"] != "non-ai-company" or (x["companies"] and x["layer"] is None), x["slug"]
        assert "{{" not in x["title_plain"] + x["summary_html"], x["slug"]
        assert canonical(x["link"]) == x["url"], x["slug"]
        if x["dt"]:
            assert x["dt"].astimezone(UTC).month == x["dt"].month, f"month differs in UTC: {x['slug']}"
    stories: dict[str, list[dict]] = {}
    for x in ITEMS:
        if x["story"]:
            stories.setdefault(x["story"], []).append(x)
    for slug, members in stories.items():
        feeds = [m["feed"] for m in members]
        assert 2 <= len(members) <= 4, slug
        assert len(feeds) == len(set(feeds)), f"story {slug}: one outlet twice"
        times = [m["dt"] for m in members]
        assert max(times) - min(times) <= timedelta(days=3), f"story {slug} spans more than 3 days"


# --------------------------------------------------------------------------
# Labels and README
# --------------------------------------------------------------------------

def label(x: dict) -> dict:
    row = {
        "url": x["url"],
        "feed": OUTLETS[x["feed"]]["file"],
        "lang": OUTLETS[x["feed"]]["lang"],
        "published": x["dt"].isoformat() if x["dt"] else None,
        "title": x["title_plain"],
        "companies": x["companies"],
        "layer_primary": x["layer"],
        "layers_ok": x["layers_ok"],
        "story": x["story"],
        "amounts": x["amounts"],
    }
    if x["trap"]:
        row["trap"] = x["trap"]
    if x["also"]:
        row["also_in"] = [OUTLETS[x["also"]]["file"]]
    return row


def stats() -> dict:
    def month(x):
        return x["dt"].strftime("%Y-%m") if x["dt"] else None

    stories: dict[str, set] = {}
    for x in ITEMS:
        if x["story"]:
            stories.setdefault(x["story"], set()).add(OUTLETS[x["feed"]]["lang"])
    return dict(
        items=len(ITEMS),
        nov=sum(month(x) == "2025-11" for x in ITEMS),
        oct=sum(month(x) == "2025-10" for x in ITEMS),
        undated=sum(x["dt"] is None for x in ITEMS),
        entries=sum(len(entries_for(f)) for f in OUTLETS),
        copies=sum(1 for x in ITEMS if x["also"]),
        stories=len(stories),
        cross=sum(len(v) == 2 for v in stories.values()),
        with_amounts=sum(bool(x["amounts"]) for x in ITEMS),
        keyword=sum(x["trap"] == "keyword" for x in ITEMS),
        nonai_company=sum(x["trap"] == "non-ai-company" for x in ITEMS),
        nonai=sum(x["layer"] is None for x in ITEMS),
    )


FORMAT_NAMES = {"rss2": "RSS 2.0", "atom": "Atom 1.0", "rdf": "RSS 1.0 (RDF)", "json": "JSON Feed 1.1"}


def readme() -> str:
    s = stats()
    rows = []
    for key, o in OUTLETS.items():
        own = sum(1 for x in ITEMS if x["feed"] == key)
        n = len(entries_for(key))
        fmt = FORMAT_NAMES[o["fmt"]] + (f", {o['encoding']}" if "encoding" in o else "")
        extra = f" (+{n - own} carried)" if n > own else ""
        rows.append(f"| `feeds/{o['file']}` | {o['title']} | `{o['host']}` | {o['lang']} | {fmt} | {own}{extra} |")
    return f"""# Demo feeds

Sample data for `monitor demo` and the tests. **Everything here is fictitious and
was written for this project**: the outlets, reporters and `.example` hosts do not
exist, and every title and summary is original text. The events are real or
plausible AI-industry news of October and November 2025, retold in our own words;
November follows the model digest (the November 2025 report).

Files are generated: edit the data in `make_feeds.py` and run
`python3 demo/make_feeds.py` (standard library only, deterministic). It rewrites
`feeds/`, `labels.jsonl` and this README.

## Feeds

| file | outlet | host | lang | format | items |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Korean outlets date in +09:00; Frontier Wire and Chipline in UTC; Bay Signal in
US Pacific time and Model Ledger in US Eastern time (both switch from daylight
saving on 2 November). RSS 2.0 uses RFC 822 dates, Atom and JSON Feed RFC 3339,
RSS 1.0 `dc:date`. Two Chipline explainers carry no date. Bay Signal adds
`?utm_source=rss&utm_medium=feed` to every link, Pangyo Ilbo to some, and wire
copies carried by another outlet keep the original link plus those parameters.
Summaries are 2-4 sentences, some with `<p>`, `<b>` and `&amp;`.

## Counts

- {s['items']} distinct items ({s['entries']} feed entries; {s['copies']} items are carried by a second feed)
- dated November 2025: {s['nov']}; October 2025: {s['oct']}; undated: {s['undated']}
- {s['stories']} stories told by 2-4 outlets within 3 days, {s['cross']} of them in both Korean and English
- {s['with_amounts']} items with money amounts
- traps: {s['keyword']} keyword traps, {s['nonai_company']} tracked companies in non-AI news;
  {s['nonai']} items are not AI-industry news at all (layer null)

## labels.jsonl

One line per distinct item, keyed by the canonical link (tracking `utm_*`
parameters removed), sorted by publication time (undated last):

- `url`, `feed` (the outlet that published it), `lang`, `published` (ISO 8601 with
  the outlet's offset, or null), `title`
- `companies`: sorted taxonomy ids of every tracked company the item names (by
  name or product); keyword traps are not counted
- `layer_primary` (null for non-AI news) and `layers_ok` (acceptable layers,
  primary included; `[]` for non-AI news)
- `story`: slug shared by items on the same event, else null
- `amounts`: money amounts as written in title and summary, in order of first
  appearance, each once; only the currency expression (`380억 달러`, `$38B`,
  `$1 billion` in "$1 billion a year", `51조 원`), without qualifiers such as
  약/about or a parenthesised conversion that follows an amount
- `trap` (optional): `keyword` (a name inside another word or an ordinary word:
  애플리케이션, 메타버스, 드라마, 아마존 열대우림, 폐암, 인텔리전트, 시리즈C, 그록 (xAI's Grok
  and Groq), Apple pie,
  the Amazon river, an arm injury, the constellation Gemini) or `non-ai-company`
  (a tracked company in news with no AI angle)
- `also_in` (optional): other feed files that carry the same item
"""


def main() -> None:
    assign_links()
    check()
    FEEDS_DIR.mkdir(parents=True, exist_ok=True)
    for key, o in OUTLETS.items():
        text = WRITERS[o["fmt"]](key, entries_for(key))
        (FEEDS_DIR / o["file"]).write_bytes(text.encode(o.get("encoding", "UTF-8").lower()))
    rows = sorted(ITEMS, key=lambda x: (x["dt"] is None, x["dt"].astimezone(UTC) if x["dt"] else 0, x["url"]))
    with open(HERE / "labels.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for x in rows:
            fh.write(json.dumps(label(x), ensure_ascii=False) + "\n")
    (HERE / "README.md").write_text(readme(), encoding="utf-8", newline="\n")
    s = stats()
    print(f"{len(OUTLETS)} feeds, {s['items']} items ({s['nov']} Nov, {s['oct']} Oct, {s['undated']} undated), "
          f"{s['stories']} stories ({s['cross']} cross-language)")


if __name__ == "__main__":
    main()
