# ruff: noqa: E501  (data: one sentence a line)
"""Writes stories_month.jsonl and stories_month_labels.jsonl: a labelled month (August 2025) of AI news told by
fictitious `.example` outlets in our own words, for story grouping, actors and event figures.

Written before the grouping and fact rules were tuned; run `python3 tests/data/make_stories_month.py` after editing.
Each story: (id, actors in order, event figure (usd, kind) or None, layer, items); each item:
(lang, outlet, day and time, title, summary). Outlets: ridge-post, circuit-daily, valley-ledger, open-wire (en);
hanbit-news, mapo-tech, gangnam-biz, nuri-it (ko).
"""

from __future__ import annotations

import json
from pathlib import Path

R, C, V, O = "ridge-post", "circuit-daily", "valley-ledger", "open-wire"  # noqa: E741
H, M, G, N = "hanbit-news", "mapo-tech", "gangnam-biz", "nuri-it"
KO = {H, M, G, N}

STORIES = [
    (
        "oracle-openai-cloud",
        ["oracle", "openai"],
        (30e9, "deal"),
        "infrastructure",
        [
            (
                R,
                "01 09:00",
                "Oracle signs cloud deal with OpenAI worth $30 billion a year",
                "The contract, disclosed in a securities filing, starts in fiscal 2028. Oracle's remaining performance "
                "obligations, its order backlog, climbed to $138 billion.",
            ),
            (
                H,
                "02 08:30",
                "오라클, 오픈AI와 연 300억 달러 클라우드 계약",
                "오라클은 2028 회계연도부터 오픈AI에 연간 300억 달러(약 42조 원) 규모의 컴퓨팅을 공급한다. 수주잔고는 "
                "1380억 달러로 불어났다.",
            ),
            (
                C,
                "01 14:00",
                "OpenAI is the customer behind Oracle's $30 billion-a-year cloud contract",
                "People familiar with the matter said the capacity is part of the Stargate data center buildout in Texas.",
            ),
        ],
    ),
    (
        "nvidia-intel-stake",
        ["nvidia", "intel"],
        (5e9, "deal"),
        "infrastructure",
        [
            (
                V,
                "03 06:00",
                "Nvidia to invest $5 billion in Intel and co-develop PC and data center chips",
                "Nvidia will buy Intel common stock at $23.28 a share. The two will build x86 processors that link to "
                "Nvidia GPUs over NVLink.",
            ),
            (
                M,
                "04 07:10",
                "엔비디아, 인텔에 50억 달러 투자…PC·데이터센터 칩 공동 개발",
                "엔비디아가 인텔 보통주를 사들이고 두 회사가 엔비디아 GPU와 연결되는 x86 칩을 함께 만든다. AMD 주가는 "
                "하락했다.",
            ),
            (
                O,
                "03 13:30",
                "Intel shares jump 23% after Nvidia's $5 billion investment",
                "Intel stock posted its best day since 1987 as investors cheered the partnership; AMD shares slipped.",
            ),
        ],
    ),
    (
        "gemini-flash-image",
        ["google"],
        (0.039, "cost"),
        "model",
        [
            (
                R,
                "05 08:00",
                "Google releases Gemini 2.5 Flash Image for editing pictures",
                "The model keeps a character consistent across edits and costs $0.039 per image through the Gemini API. "
                "It competes with image tools from OpenAI.",
            ),
            (
                G,
                "06 09:00",
                "구글, 이미지 편집 모델 '제미나이 2.5 플래시 이미지' 공개",
                "인물의 모습을 유지한 채 사진을 고칠 수 있으며 API 가격은 이미지당 0.039달러다.",
            ),
        ],
    ),
    (
        "meta-google-cloud",
        ["meta", "google"],
        (10e9, "deal"),
        "infrastructure",
        [
            (
                C,
                "05 10:00",
                "Meta signs $10 billion cloud computing deal with Google",
                "The six-year agreement gives Meta servers and storage on Google Cloud as it races to add AI capacity.",
            ),
            (
                N,
                "06 08:00",
                "메타, 구글 클라우드와 100억 달러 계약…6년간 서버 사용",
                "메타가 AI 연산 능력을 늘리기 위해 구글 클라우드의 서버와 저장 장치를 6년 동안 쓴다.",
            ),
        ],
    ),
    (
        "softbank-intel",
        ["softbank", "intel"],
        (2e9, "deal"),
        "infrastructure",
        [
            (
                V,
                "19 05:00",
                "SoftBank to buy $2 billion stake in Intel",
                "SoftBank will pay $23 a share for Intel common stock. The purchase follows its pledge of $30 billion to "
                "OpenAI earlier this year.",
            ),
            (
                H,
                "19 21:00",
                "소프트뱅크, 인텔에 20억 달러 투자…오픈AI에 300억 달러 약속 이어",
                "소프트뱅크가 인텔 보통주를 주당 23달러에 사들인다. 손정의 회장은 미국 반도체 생산에 힘을 보탠다고 밝혔다.",
            ),
            (
                O,
                "19 09:00",
                "Intel gets $2 billion lifeline from SoftBank",
                "The Japanese group becomes one of Intel's larger shareholders as the chipmaker rebuilds its foundry.",
            ),
        ],
    ),
    (
        "anthropic-series-f",
        ["anthropic"],
        (13e9, "deal"),
        "model",
        [
            (
                R,
                "08 10:00",
                "Anthropic raises $13 billion at $183 billion valuation",
                "The Claude maker's Series F was led by Iconiq. Its run-rate revenue passed $5 billion in August.",
            ),
            (
                M,
                "09 08:00",
                "앤트로픽, 130억 달러 유치…기업가치 1830억 달러",
                "클로드 개발사 앤트로픽의 시리즈F에는 아이코닉이 앞장섰다. 연 환산 매출은 50억 달러를 넘었다.",
            ),
            (
                C,
                "13 12:00",
                "What Anthropic's $13 billion round means for the AI funding race",
                "Analysts say the Anthropic round resets the bar for model developers; rivals such as OpenAI are raising "
                "even larger sums.",
            ),
        ],
    ),
    (
        "kakao-datacenter",
        ["kakao"],
        (1e9, "deal"),
        "infrastructure",
        [
            (
                H,
                "11 10:00",
                "카카오, AI 데이터센터에 10억~20억 달러 투자 검토",
                "카카오가 수도권 밖에 AI 전용 데이터센터를 세우는 방안을 검토하고 있다. 투자 규모는 10억~20억 달러로 "
                "거론된다.",
            ),
            (
                O,
                "11 08:00",
                "Kakao weighs $1 billion to $2 billion AI data center",
                "Kakao is studying a dedicated AI data center outside Seoul to run its own models and partner services.",
            ),
        ],
    ),
    (
        "tesla-musk-pay",
        ["tesla"],
        (1e12, "pay"),
        "other",
        [
            (
                R,
                "20 07:00",
                "Tesla board proposes Musk pay package worth up to $1 trillion",
                "The plan pays out in stock only if Tesla hits targets including one million robotaxis and its Optimus "
                "robots.",
            ),
            (
                G,
                "21 06:00",
                "테슬라 이사회, 머스크에 최대 1조 달러 보상안 제시",
                "로보택시 100만 대와 옵티머스 로봇 보급 등 목표를 달성해야 주식을 받는 구조다.",
            ),
        ],
    ),
    (
        "meta-bond",
        ["meta"],
        (30e9, "deal"),
        "infrastructure",
        [
            (
                C,
                "21 11:00",
                "Meta sells $30 billion of bonds to fund AI data centers",
                "Investors placed orders for about $125 billion, a record for a corporate bond sale.",
            ),
            (
                N,
                "22 07:00",
                "메타, 300억 달러 회사채 발행…주문 1250억 달러 몰려",
                "메타는 조달한 돈을 AI 데이터센터 건설에 쓴다. 회사채 주문은 사상 최대 규모였다.",
            ),
            (
                V,
                "21 15:00",
                "Meta's $30 billion bond draws record demand",
                "The six-part offering is the largest of the year as Meta borrows to build data centers in Louisiana.",
            ),
        ],
    ),
    (
        "coreweave-core-scientific",
        ["coreweave"],
        (9e9, "deal"),
        "infrastructure",
        [
            (
                O,
                "07 06:00",
                "CoreWeave to buy Core Scientific in $9 billion all-stock deal",
                "The acquisition gives CoreWeave 1.3 gigawatts of power. CoreWeave also expects revenue of about $5 "
                "billion this year.",
            ),
            (
                M,
                "08 09:00",
                "코어위브, 코어사이언티픽 90억 달러에 인수",
                "코어위브는 전력 1.3기가와트를 확보하게 된다. 인수는 전액 주식 교환으로 이뤄진다.",
            ),
        ],
    ),
    (
        "nvidia-earnings",
        ["nvidia"],
        (46.7e9, "revenue"),
        "infrastructure",
        [
            (
                R,
                "27 14:00",
                "Nvidia posts $46.7 billion in quarterly revenue, guides to $54 billion",
                "Data center sales made up most of the total. Nvidia said the outlook assumes no H20 sales to China.",
            ),
            (
                H,
                "28 07:00",
                "엔비디아 2분기 매출 467억 달러…3분기 전망 540억 달러",
                "데이터센터 매출이 대부분을 차지했다. 중국향 H20 판매는 전망에 넣지 않았다.",
            ),
            (
                V,
                "27 15:00",
                "Nvidia revenue climbs to $46.7 billion on data center demand",
                "The chipmaker also authorised a $60 billion share buyback.",
            ),
            (
                O,
                "29 08:00",
                "Nvidia shares slip as data center sales miss estimates",
                "Nvidia stock fell about 3% after its report, as investors focused on slowing growth in data center sales.",
            ),
        ],
    ),
    (
        "openai-valuation",
        ["openai"],
        (500e9, "valuation"),
        "model",
        [
            (
                C,
                "15 08:00",
                "OpenAI valued at $500 billion in employee share sale talks",
                "Current and former staff could sell about $6 billion of shares to investors including SoftBank.",
            ),
            (
                G,
                "16 08:00",
                "오픈AI 기업가치 5000억 달러 평가…직원 지분 매각 추진",
                "전·현직 직원이 약 60억 달러어치 주식을 투자자들에게 팔 수 있게 된다.",
            ),
        ],
    ),
    (
        "gartner-ai-spending",
        [],
        (1.5e12, "market"),
        "other",
        [
            (
                R,
                "18 09:00",
                "Gartner expects AI spending to reach $1.5 trillion this year",
                "The research firm said AI-optimised servers and devices make up most of the worldwide spending on AI.",
            ),
            (
                N,
                "18 20:00",
                '가트너 "올해 전 세계 AI 지출 1조5000억 달러"',
                "AI 서버와 AI 기능을 넣은 기기가 지출의 대부분을 차지한다고 가트너는 내다봤다.",
            ),
        ],
    ),
    (
        "gemini-government",
        ["google"],
        (0.47, "cost"),
        "application",
        [
            (
                V,
                "21 09:00",
                "Google offers Gemini to US agencies for $0.47 each",
                "The price undercuts OpenAI and Anthropic, which offered their chatbots to the government for $1.",
            ),
            (
                M,
                "22 08:00",
                "구글, 미 정부기관에 제미나이 0.47달러에 제공",
                "기관당 0.47달러로 1년간 쓸 수 있다. 오픈AI와 앤트로픽은 1달러를 내걸었다.",
            ),
        ],
    ),
    (
        "gpt-5-launch",
        ["openai"],
        None,
        "model",
        [
            (
                R,
                "07 10:00",
                "OpenAI launches GPT-5 for all ChatGPT users",
                "The new model routes between fast answers and longer reasoning, and free users get access for the first "
                "time.",
            ),
            (
                H,
                "08 03:00",
                "오픈AI, GPT-5 공개…무료 사용자도 쓴다",
                "GPT-5는 빠른 답변과 깊은 추론을 알아서 오가며 챗GPT 무료 사용자에게도 제공된다.",
            ),
            (
                O,
                "07 11:00",
                "GPT-5 arrives with fewer hallucinations, OpenAI says",
                "OpenAI said the model is better at coding and writing and makes fewer factual errors than GPT-4o.",
            ),
            (
                N,
                "08 09:00",
                'GPT-5 출시…오픈AI "환각 크게 줄였다"',
                "오픈AI는 GPT-5가 코딩과 글쓰기에 강하고 사실 오류가 적다고 밝혔다.",
            ),
        ],
    ),
    (
        "gpt-oss",
        ["openai"],
        None,
        "model",
        [
            (
                C,
                "05 12:00",
                "OpenAI releases gpt-oss, its first open-weight models since GPT-2",
                "The two models, gpt-oss-120b and gpt-oss-20b, can run on a single GPU or a laptop under an Apache 2.0 "
                "licence.",
            ),
            (
                G,
                "06 07:00",
                "오픈AI, 오픈웨이트 모델 'gpt-oss' 공개",
                "gpt-oss-120b와 gpt-oss-20b 두 가지로, 노트북에서도 돌릴 수 있다.",
            ),
        ],
    ),
    (
        "xai-cfo-departs",
        ["xai"],
        None,
        "model",
        [
            (
                V,
                "12 10:00",
                "xAI finance chief departs after three months",
                "Mike Liberatore, who joined Elon Musk's AI company in the spring, has left; xAI did not comment.",
            ),
            (
                N,
                "13 09:00",
                "xAI 최고재무책임자, 석 달 만에 회사 떠나",
                "일론 머스크의 AI 기업 xAI에서 재무를 맡았던 마이크 리버라토레가 합류 석 달 만에 물러났다.",
            ),
        ],
    ),
    (
        "samsung-tesla-foundry",
        ["samsung", "tesla"],
        (16.5e9, "deal"),
        "infrastructure",
        [
            (
                H,
                "01 08:00",
                "삼성전자, 테슬라와 22조8000억 원 파운드리 계약",
                "삼성전자가 테슬라의 차세대 AI6 칩을 텍사스 테일러 공장에서 생산한다. 계약 기간은 2033년까지다.",
            ),
            (
                C,
                "01 02:00",
                "Samsung lands $16.5 billion chip deal with Tesla",
                "Samsung will make Tesla's next-generation AI6 chip at its Texas fab, a boost for its foundry business.",
            ),
            (
                G,
                "02 10:00",
                '테슬라 AI6 칩, 삼성 텍사스 공장서 생산…머스크 "165억 달러는 최소"',
                "일론 머스크는 실제 생산액이 이보다 클 것이라고 말했다.",
            ),
            (
                M,
                "04 09:00",
                "삼성전자 주가, 테슬라 수주에 6% 상승",
                "테슬라 파운드리 수주 소식에 삼성전자 주가가 올랐다.",
            ),
        ],
    ),
    (
        "skhynix-hbm4",
        ["skhynix"],
        None,
        "infrastructure",
        [
            (
                H,
                "14 09:00",
                "SK하이닉스, HBM4 양산 체제 구축",
                "SK하이닉스가 HBM4 개발을 마치고 양산 준비를 끝냈다. 삼성전자보다 앞선 행보다.",
            ),
            (
                O,
                "14 03:00",
                "SK Hynix readies HBM4 mass production",
                "The memory maker finished development of HBM4 for Nvidia's next accelerators, ahead of Samsung "
                "Electronics.",
            ),
        ],
    ),
    (
        "naver-morocco",
        ["naver"],
        None,
        "infrastructure",
        [
            (
                M,
                "15 10:00",
                "네이버클라우드, 모로코에 AI 데이터센터 구축",
                "네이버클라우드가 현지 기업과 함께 엔비디아 GPU를 쓰는 AI 데이터센터를 모로코에 세운다.",
            ),
            (
                N,
                "15 11:00",
                "네이버, 모로코 AI 데이터센터 사업 참여",
                "네이버가 유럽과 아프리카를 겨냥한 AI 인프라 사업을 모로코에서 시작한다.",
            ),
            (
                R,
                "16 02:00",
                "Naver to build AI data center in Morocco with Nvidia chips",
                "Naver Cloud will run the site with a local partner to serve customers in Europe and Africa.",
            ),
        ],
    ),
    (
        "upstage-solar",
        ["upstage"],
        None,
        "model",
        [
            (
                H,
                "18 10:00",
                "업스테이지, 추론 모델 '솔라 프로 2' 공개",
                "업스테이지가 310억 파라미터 규모의 솔라 프로 2를 내놓았다. 한국어 추론 성능을 높였다.",
            ),
            (
                G,
                "18 15:00",
                "업스테이지 '솔라 프로 2', 한국어 추론 성능 끌어올려",
                "업스테이지는 솔라 프로 2가 비슷한 크기의 해외 모델보다 한국어 문제를 잘 푼다고 밝혔다.",
            ),
        ],
    ),
    (
        "furiosa-bridge",
        ["furiosa"],
        (121.4e6, "deal"),
        "infrastructure",
        [
            (
                M,
                "20 09:00",
                "퓨리오사AI, 1700억 원 투자 유치",
                "퓨리오사AI가 시리즈C 브릿지 라운드로 1700억 원을 모았다. 상장 전 마지막 투자다.",
            ),
            (
                N,
                "20 13:00",
                "퓨리오사AI 1700억 원 조달…레니게이드 양산 속도",
                "퓨리오사AI는 조달한 돈으로 AI 추론 칩 레니게이드 양산을 서두른다.",
            ),
            (
                C,
                "21 01:00",
                "FuriosaAI raises $121 million ahead of IPO",
                "The Korean chip startup will use the money to ramp production of its RNGD inference chip.",
            ),
        ],
    ),
    (
        "microsoft-mai",
        ["microsoft"],
        None,
        "model",
        [
            (
                R,
                "28 09:00",
                "Microsoft unveils MAI-1-preview, its first in-house foundation model",
                "Microsoft AI also released MAI-Voice-1, a speech model, reducing its reliance on partner OpenAI.",
            ),
            (
                G,
                "29 08:00",
                "마이크로소프트, 자체 AI 모델 'MAI-1-프리뷰' 공개",
                "마이크로소프트가 음성 모델 MAI-Voice-1과 함께 처음으로 자체 기반 모델을 내놓았다.",
            ),
            (
                V,
                "28 12:00",
                "Microsoft's MAI-Voice-1 and MAI-1-preview mark a step away from OpenAI",
                "The in-house models were trained on about 15,000 Nvidia H100 GPUs.",
            ),
        ],
    ),
    (
        "apple-us-pledge",
        ["apple"],
        (100e9, "deal"),
        "infrastructure",
        [
            (
                O,
                "06 10:00",
                "Apple pledges another $100 billion for US manufacturing",
                "The new commitment brings Apple's total US investment plan to $600 billion, including AI servers made "
                "in Houston.",
            ),
            (
                H,
                "07 07:00",
                "애플, 미국에 1000억 달러 추가 투자…총 6000억 달러",
                "휴스턴 AI 서버 공장을 포함한 미국 내 제조 투자 약속을 키웠다.",
            ),
            (
                C,
                "06 12:00",
                "Apple adds $100 billion to US investment plan as tariffs loom",
                "Tim Cook presented the plan at the White House; it covers chips and AI server production.",
            ),
        ],
    ),
    (
        "amd-zt-sale",
        ["amd"],
        (3e9, "deal"),
        "infrastructure",
        [
            (
                V,
                "22 09:00",
                "AMD sells ZT Systems manufacturing business to Sanmina for $3 billion",
                "AMD keeps ZT's rack design engineers, whom it bought last year in a $4.9 billion acquisition.",
            ),
            (
                N,
                "23 08:00",
                "AMD, ZT시스템즈 제조 부문 30억 달러에 매각",
                "AMD는 랙 설계 인력은 남기고 서버 제조 부문만 산미나에 넘긴다.",
            ),
        ],
    ),
    (
        "broadcom-order",
        ["broadcom"],
        (10e9, "deal"),
        "infrastructure",
        [
            (
                R,
                "29 14:00",
                "Broadcom lands $10 billion order for custom AI chips",
                "The new customer, widely reported to be OpenAI, ordered racks of custom accelerators. Broadcom's AI "
                "revenue reached $5.2 billion in the quarter.",
            ),
            (
                M,
                "30 08:00",
                "브로드컴, 100억 달러 규모 맞춤형 AI 칩 주문 확보",
                "새 고객사로부터 맞춤형 AI 가속기 주문을 받았다. 분기 AI 매출은 52억 달러였다.",
            ),
        ],
    ),
    (
        "meta-hiring-freeze",
        ["meta"],
        None,
        "model",
        [
            (
                C,
                "20 10:00",
                "Meta freezes hiring in its AI division after talent spree",
                "Meta Superintelligence Labs stopped most hiring while it reorganises into four groups.",
            ),
            (
                G,
                "21 07:00",
                "메타, AI 조직 채용 동결…조직 개편",
                "메타 슈퍼인텔리전스 랩스가 네 개 그룹으로 나뉘며 채용을 멈췄다.",
            ),
        ],
    ),
    (
        "databricks-valuation",
        ["databricks"],
        (100e9, "valuation"),
        "enterprise",
        [
            (
                O,
                "19 08:00",
                "Databricks to raise funding at more than $100 billion valuation",
                "The data and AI company signed a term sheet for a Series K round, it said.",
            ),
            (
                H,
                "20 08:00",
                "데이터브릭스, 기업가치 1000억 달러 이상으로 투자 유치",
                "데이터브릭스가 시리즈K 투자 조건에 합의했다. AI 에이전트 사업에 돈을 쓴다.",
            ),
        ],
    ),
    (
        "perplexity-chrome",
        ["perplexity", "google"],
        (34.5e9, "deal"),
        "application",
        [
            (
                V,
                "12 08:00",
                "Perplexity makes $34.5 billion offer for Google's Chrome",
                "The startup, valued at about $18 billion, said investors would fund the bid if a court forces Google to "
                "sell the browser.",
            ),
            (
                M,
                "13 08:00",
                "퍼플렉시티, 구글 크롬에 345억 달러 인수 제안",
                "기업가치가 약 180억 달러인 퍼플렉시티가 크롬 인수를 제안했다.",
            ),
            (
                R,
                "12 11:00",
                "Perplexity bids $34.5 billion for Chrome browser",
                "Google has not said it would sell Chrome; Perplexity's offer depends on the outcome of an antitrust case.",
            ),
        ],
    ),
    (
        "grok-open-source",
        ["xai"],
        None,
        "model",
        [
            (
                R,
                "24 09:00",
                "xAI open-sources Grok 2.5 weights",
                "Elon Musk said Grok 3 would follow in about six months.",
            ),
            (N, "24 20:00", "xAI, 그록 2.5 오픈소스로 공개", "일론 머스크는 그록 3도 약 6개월 뒤 공개하겠다고 밝혔다."),
        ],
    ),
    (
        "deepseek-v31",
        ["deepseek"],
        None,
        "model",
        [
            (
                C,
                "21 05:00",
                "DeepSeek releases V3.1 tuned for Chinese-made chips",
                "The hybrid model switches between thinking and non-thinking modes and uses the UE8M0 FP8 format.",
            ),
            (
                H,
                "22 08:00",
                "딥시크, V3.1 공개…중국산 칩 지원",
                "딥시크 V3.1은 추론 모드를 켜고 끌 수 있으며 중국산 AI 칩에 맞춘 데이터 형식을 쓴다.",
            ),
        ],
    ),
    (
        "alibaba-cloud-revenue",
        ["alibaba"],
        (4.676e9, "revenue"),
        "infrastructure",
        [
            (
                V,
                "29 04:00",
                "Alibaba cloud revenue jumps 26% to 33.4 billion yuan on AI demand",
                "Alibaba said AI-related product revenue grew at triple digits for an eighth straight quarter.",
            ),
            (
                G,
                "30 09:00",
                "알리바바 클라우드 매출 334억 위안…26% 증가",
                "AI 관련 제품 매출이 8분기 연속 세 자릿수 성장했다.",
            ),
        ],
    ),
    (
        "lg-exaone",
        ["lg"],
        None,
        "model",
        [
            (
                M,
                "25 10:00",
                "LG, 하이브리드 추론 모델 '엑사원 4.0' 공개",
                "LG AI연구원이 추론과 일반 대화를 한 모델에서 처리하는 엑사원 4.0을 내놓았다.",
            ),
            (
                N,
                "25 14:00",
                "LG AI연구원 엑사원 4.0, 수학·코딩 성능 높여",
                "엑사원 4.0은 수학과 코딩 시험에서 이전 모델보다 높은 점수를 받았다.",
            ),
            (
                O,
                "26 01:00",
                "LG unveils Exaone 4.0 hybrid reasoning model",
                "LG AI Research said Exaone 4.0 handles reasoning and everyday chat in one model.",
            ),
        ],
    ),
    (
        "tsmc-july-revenue",
        ["tsmc"],
        (10.02e9, "revenue"),
        "infrastructure",
        [
            (
                C,
                "10 08:00",
                "TSMC July revenue rises 26% to NT$323.2 billion",
                "Demand for AI chips kept the contract chipmaker's sales near record levels.",
            ),
            (
                H,
                "11 07:00",
                "TSMC 7월 매출 3232억 대만달러…AI 수요에 26% 증가",
                "AI 칩 수요가 이어지며 월 매출이 사상 최고 수준을 유지했다.",
            ),
        ],
    ),
    (
        "cerebras-round",
        ["cerebras"],
        (1.1e9, "deal"),
        "infrastructure",
        [
            (
                R,
                "26 08:00",
                "Cerebras raises $1.1 billion at $8.1 billion valuation",
                "The AI chipmaker's Series G was led by Fidelity as it expands its inference cloud.",
            ),
            (
                G,
                "27 08:00",
                "세레브라스, 11억 달러 투자 유치…기업가치 81억 달러",
                "AI 칩 기업 세레브라스가 추론 클라우드를 넓히려 시리즈G 투자를 받았다.",
            ),
        ],
    ),
    (
        "groq-round",
        ["groq"],
        (750e6, "deal"),
        "infrastructure",
        [
            (
                V,
                "17 08:00",
                "Groq raises $750 million at $6.9 billion valuation",
                "The inference chip startup said demand from developers more than doubled this year.",
            ),
            (
                O,
                "17 10:00",
                "Inference chipmaker Groq lands $750 million round",
                "Groq will use the money to add data centers for its LPU chips in Europe and the Middle East.",
            ),
        ],
    ),
    (
        "palantir-army",
        ["palantir"],
        (10e9, "deal"),
        "enterprise",
        [
            (
                R,
                "01 12:00",
                "Palantir wins Army enterprise agreement worth up to $10 billion",
                "The ten-year deal folds 75 contracts into one and covers Palantir's AI and data software.",
            ),
            (
                N,
                "02 08:00",
                "팔란티어, 미 육군과 최대 100억 달러 계약",
                "10년간 75개 계약을 하나로 묶어 팔란티어의 AI·데이터 소프트웨어를 공급한다.",
            ),
        ],
    ),
    (
        "coupang-earnings",
        ["coupang"],
        (8.5e9, "revenue"),
        "application",
        [
            (
                H,
                "06 08:00",
                "쿠팡, 2분기 매출 11조9763억 원…AI 물류로 16% 성장",
                "쿠팡은 AI 기반 물류 자동화로 배송 효율을 높였다고 밝혔다.",
            ),
            (
                M,
                "06 10:00",
                "쿠팡 분기 매출 12조 원 육박…대만 사업도 성장",
                "쿠팡의 2분기 매출은 11조9763억 원으로 지난해보다 16% 늘었다. AI 추천과 물류 자동화가 힘을 보탰다.",
            ),
            (
                C,
                "06 01:00",
                "Coupang quarterly revenue rises 16% to $8.5 billion",
                "The Korean e-commerce company credited AI-driven logistics and growth in Taiwan.",
            ),
        ],
    ),
    (
        "aws-ulsan",
        ["amazon"],
        (5e9, "deal"),
        "infrastructure",
        [
            (
                G,
                "10 09:00",
                "아마존웹서비스, 울산에 7조 원 규모 AI 데이터센터 구축",
                "AWS가 울산에 100메가와트 규모의 AI 데이터센터를 세운다.",
            ),
            (
                O,
                "10 02:00",
                "AWS to build $5 billion AI data center in Ulsan",
                "Amazon Web Services will start with 100 megawatts of capacity at the South Korean site.",
            ),
        ],
    ),
    (
        "microsoft-nebius",
        ["microsoft"],
        (17.4e9, "deal"),
        "infrastructure",
        [
            (
                O,
                "09 08:00",
                "Microsoft signs $17.4 billion GPU capacity deal with Nebius",
                "The five-year contract could grow to as much as $19.4 billion if Microsoft buys more capacity.",
            ),
            (
                G,
                "10 08:00",
                "마이크로소프트, 네비우스와 174억 달러 GPU 계약…최대 194억 달러",
                "마이크로소프트는 뉴저지 데이터센터의 GPU를 5년 동안 빌려 쓴다.",
            ),
            (
                R,
                "09 10:00",
                "Nebius stock soars on $17.4 billion Microsoft contract",
                "Shares of the Amsterdam-based neocloud jumped after Microsoft agreed to rent GPU capacity for five years.",
            ),
        ],
    ),
    (
        "figure-round",
        ["figure"],
        (1e9, "deal"),
        "other",
        [
            (
                C,
                "25 09:00",
                "Figure raises more than $1 billion at $39 billion valuation",
                "The humanoid robot maker will use the Series C money to scale production of its Figure 03 robot.",
            ),
            (
                H,
                "26 08:00",
                "피규어AI, 10억 달러 넘게 유치…기업가치 390억 달러",
                "휴머노이드 로봇 기업 피규어AI가 시리즈C 투자로 로봇 양산을 늘린다.",
            ),
        ],
    ),
    (
        "asml-mistral",
        ["asml", "mistral"],
        (1.404e9, "deal"),
        "model",
        [
            (
                R,
                "30 08:00",
                "ASML invests €1.3 billion in Mistral AI",
                "The Dutch chip equipment maker becomes Mistral's largest shareholder in a round valuing it at €11.7 "
                "billion.",
            ),
            (
                M,
                "31 08:00",
                "ASML, 미스트랄AI에 13억 유로 투자…최대 주주로",
                "미스트랄AI는 이번 투자에서 기업가치 117억 유로를 인정받았다.",
            ),
        ],
    ),
    (
        "openai-seoul-office",
        ["openai"],
        None,
        "model",
        [
            (
                G,
                "11 09:00",
                "오픈AI, 서울 사무소 문 열어…한국 이용자 급증",
                "오픈AI가 아시아에서 세 번째 사무소를 서울에 열었다. 챗GPT 유료 구독자는 미국 다음으로 많다.",
            ),
            (
                V,
                "11 02:00",
                "OpenAI opens Seoul office as ChatGPT use surges in Korea",
                "South Korea has the most paying ChatGPT subscribers outside the United States, OpenAI said.",
            ),
        ],
    ),
    # single-article stories, some on the same day as another event of the same company
    (
        "nvidia-jetson-thor",
        ["nvidia"],
        (3499.0, "cost"),
        "infrastructure",
        [
            (
                C,
                "25 08:00",
                "Nvidia's Jetson Thor robot computer goes on sale for $3,499",
                "The developer kit brings Blackwell graphics to humanoid robots.",
            ),
        ],
    ),
    (
        "google-oklahoma",
        ["google"],
        (9e9, "deal"),
        "infrastructure",
        [
            (
                O,
                "13 08:00",
                "Google to invest $9 billion in Oklahoma for AI and cloud",
                "The money goes to a new data center campus and training programmes through 2026.",
            ),
        ],
    ),
    (
        "hf-smol",
        ["huggingface"],
        None,
        "model",
        [
            (
                R,
                "22 08:00",
                "Hugging Face releases a tiny vision model for phones",
                "The open model runs on a laptop or phone and answers questions about images.",
            ),
        ],
    ),
    (
        "unitree-ipo",
        ["unitree"],
        None,
        "other",
        [
            (
                H,
                "27 09:00",
                "中 유니트리, 4분기 상장 신청 예정",
                "휴머노이드 로봇 기업 유니트리가 상하이 증시 상장을 준비하고 있다.",
            ),
        ],
    ),
    (
        "samsung-galaxy-ai",
        ["samsung"],
        None,
        "application",
        [
            (
                N,
                "05 09:00",
                "삼성전자, 갤럭시 AI 기능 4억 대에 탑재 목표",
                "삼성전자가 올해 안에 갤럭시 기기 4억 대에 AI 기능을 넣겠다고 밝혔다.",
            ),
        ],
    ),
]

NON_AI = [
    (V, "14 09:00", "Apple pie sales rise at farm stands this summer", "Growers said a warm spring helped orchards."),
    (H, "16 09:00", "한강 수영장 이용객 늘어", "무더위에 야외 수영장을 찾는 시민이 많아졌다."),
]


def zone(outlet: str) -> str:
    return "+09:00" if outlet in KO else "-07:00"


def main() -> None:
    here = Path(__file__).parent
    rows, labels = [], []
    n = 0
    for story, actors, figure, layer, items in STORIES:
        for outlet, when, title, summary in items:
            n += 1
            day, time = when.split()
            rows.append({
                "id": f"s{n:03d}", "lang": "ko" if outlet in KO else "en", "outlet": outlet,
                "published": f"2025-08-{day}T{time}:00{zone(outlet)}", "title": title, "summary": summary,
                "url": f"https://{outlet}.example/2025/08/{day}/{story}-{n}", "layer_primary": layer,
                "story": story if len(items) > 1 else None, "story_id": story,
            })  # fmt: skip
        amount = {"usd": figure[0], "kind": figure[1]} if figure else None
        labels.append({"story": story, "companies": actors, "amount": amount, "articles": len(items)})
    for outlet, when, title, summary in NON_AI:
        n += 1
        day, time = when.split()
        rows.append({
            "id": f"s{n:03d}", "lang": "ko" if outlet in KO else "en", "outlet": outlet,
            "published": f"2025-08-{day}T{time}:00{zone(outlet)}", "title": title, "summary": summary,
            "url": f"https://{outlet}.example/2025/08/{day}/other-{n}", "layer_primary": None, "story": None,
            "story_id": None,
        })  # fmt: skip
    (here / "stories_month.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (here / "stories_month_labels.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labels), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
