"""Tagging metrics with the definitions of shared/eval/score.py, for sets that live in this repository."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_SET = frozenset(
    """openai anthropic google amazon microsoft meta nvidia apple coreweave coupang rebellions furiosa manifestai
    palantir amd broadcom bytedance xai groq cerebras snowflake databricks pinecone supabase scaleai salesforce
    canva ssi worldlabs terrapower cnnc unitree mistral deepseek alibaba naver kakao samsung skhynix lg upstage
    tsmc intel oracle perplexity huggingface tesla sequoia softbank arm figure""".split()
)  # the taxonomy's minimum set; like shared/eval/score.py, other ids are not scored
THRESHOLDS = {"company_f1": 0.98, "primary_recall": 0.92, "layer_precision": 0.90, "false_ai_rate": 0.02}  # issue 14


@dataclass
class Scores:
    company_f1: dict[str, float]  # "all", "ko", "en"
    primary_recall: float
    layer_precision: float
    false_ai_rate: float
    trap_errors: int
    errors: list[str]

    def failures(self) -> list[str]:
        problems = []
        for lang in ("ko", "en"):
            if self.company_f1[lang] < THRESHOLDS["company_f1"]:
                problems.append(f"company F1 ({lang}) {self.company_f1[lang]:.3f} < {THRESHOLDS['company_f1']}")
        if self.primary_recall < THRESHOLDS["primary_recall"]:
            problems.append(f"primary recall {self.primary_recall:.3f} < {THRESHOLDS['primary_recall']}")
        if self.layer_precision < THRESHOLDS["layer_precision"]:
            problems.append(f"layer precision {self.layer_precision:.3f} < {THRESHOLDS['layer_precision']}")
        if self.false_ai_rate > THRESHOLDS["false_ai_rate"]:
            problems.append(f"false-AI rate {self.false_ai_rate:.3f} > {THRESHOLDS['false_ai_rate']}")
        if self.trap_errors:
            problems.append(f"{self.trap_errors} trap items mis-tagged")
        return problems


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[dict], predictions: dict[str, dict]) -> Scores:
    """`predictions` maps url -> {"companies": [...], "layers": [...]}."""
    counts = {k: [0, 0, 0] for k in ("all", "ko", "en")}
    prim_hit = prim_n = lay_ok = lay_n = false_ai = nonai = trap_err = 0
    errors = []
    for g in gold:
        p = predictions.get(g["url"], {})
        comps, lays = set(p.get("companies", [])) & MIN_SET, set(p.get("layers", []))
        gc, ok = set(g["companies"]), set(g["layers_ok"])
        tp, fp, fn = len(comps & gc), len(comps - gc), len(gc - comps)
        for k in ("all", g["lang"]):
            counts[k][0] += tp
            counts[k][1] += fp
            counts[k][2] += fn
        lay_n += len(lays)
        lay_ok += len(lays & ok)
        prim_miss = False
        if g["layer_primary"] is None:
            nonai += 1
            false_ai += bool(lays)
        else:
            prim_n += 1
            accept = set(g.get("primary_any") or [g["layer_primary"]])
            prim_miss = not (lays & accept)
            prim_hit += not prim_miss
        wrong = bool(fp or fn or (lays - ok) or prim_miss)
        if g.get("trap") and wrong:
            trap_err += 1
        if wrong:
            errors.append(
                f"{g['id']} companies={sorted(comps)} gold={sorted(gc)} layers={sorted(lays)} "
                f"gold={g['layer_primary']}/{sorted(ok)} | {g['title'][:70]}"
            )
    return Scores(
        company_f1={k: _f1(*v) for k, v in counts.items()},
        primary_recall=prim_hit / prim_n if prim_n else 1.0,
        layer_precision=lay_ok / lay_n if lay_n else 1.0,
        false_ai_rate=false_ai / nonai if nonai else 0.0,
        trap_errors=trap_err,
        errors=errors,
    )


_SUMMARY = re.compile(
    r"company_f1=(?P<f1>[\d.]+) primary_recall=(?P<pr>[\d.]+) layer_precision=(?P<lp>[\d.]+) "
    r"false_ai_rate=(?P<far>[\d.]+) trap_errors=(?P<te>-?\d+)"
)
_LANG = re.compile(r"^\s+(?P<lang>all|ko|en)\s+P=[\d.]+ R=[\d.]+ F1=(?P<f1>[\d.]+)", re.M)


def parse_shared_scorer(output: str) -> Scores:
    """Read the figures that shared/eval/score.py prints."""
    summary = _SUMMARY.search(output)
    if summary is None:
        raise AssertionError(f"scorer printed no summary line:\n{output[-2000:]}")
    f1 = {m["lang"]: float(m["f1"]) for m in _LANG.finditer(output)}
    return Scores(
        company_f1=f1,
        primary_recall=float(summary["pr"]),
        layer_precision=float(summary["lp"]),
        false_ai_rate=float(summary["far"]),
        trap_errors=int(summary["te"]),
        errors=[],
    )
