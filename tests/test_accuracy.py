"""The shipped rules against labelled sets: the shared development set and our own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from tests.scoring import parse_shared_scorer, score

DEV_SET = SHARED / "eval" / "dev_items.jsonl"
SCORER = SHARED / "eval" / "score.py"
OWN_SET = ROOT / "tests" / "data" / "labelled_items.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tag_file(invoke, path: Path) -> list[dict]:
    result = invoke("--config", str(ROOT / "config" / "monitor.toml"), "tag", str(path))
    assert result.code == 0, result.err
    return result.jsonl()


@pytest.mark.skipif(not DEV_SET.exists(), reason=f"shared/ is not beside this clone ({DEV_SET} missing)")
def test_dev_set_meets_the_thresholds_with_the_shared_scorer(invoke, tmp_path):
    predictions = tag_file(invoke, DEV_SET)
    assert len(predictions) == len(load(DEV_SET))
    pred_file = tmp_path / "predictions.jsonl"
    pred_file.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in predictions))
    output = subprocess.run(
        [sys.executable, str(SCORER), str(DEV_SET), str(pred_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    scores = parse_shared_scorer(output)
    assert not scores.failures(), "\n".join(scores.failures()) + "\n" + output
    ours = score(load(DEV_SET), {p["url"]: p for p in predictions})
    assert abs(ours.company_f1["all"] - scores.company_f1["all"]) < 0.002  # our scorer reads like the shared one
    assert abs(ours.primary_recall - scores.primary_recall) < 0.002


def test_own_labelled_set_meets_the_thresholds(invoke):
    gold = load(OWN_SET)
    assert len(gold) >= 100 and sum(g["lang"] == "ko" for g in gold) * 2 >= len(gold)
    assert sum(1 for g in gold if g.get("trap")) >= 15
    predictions = {p["url"]: p for p in tag_file(invoke, OWN_SET)}
    scores = score(gold, predictions)
    assert not scores.failures(), "\n".join(scores.failures() + scores.errors[:40])


TOPIC_SET = ROOT / "tests" / "data" / "topic_items.jsonl"
TOPIC_IDS = ("talent", "security", "policy", "research", "funding", "earnings")


def test_topic_set_is_big_balanced_and_has_near_misses():
    gold = load(TOPIC_SET)
    assert len(gold) >= 150 and sum(g["lang"] == "ko" for g in gold) * 2 >= len(gold)
    for topic in TOPIC_IDS:
        assert sum(topic in g["topics"] for g in gold) >= 15, topic
    assert sum(not g["topics"] for g in gold) >= 20  # near-misses and items with no topic


def test_topic_precision_and_recall_per_topic(invoke):
    gold = load(TOPIC_SET)
    predictions = {p["url"]: p for p in tag_file(invoke, TOPIC_SET)}
    problems = []
    for topic in TOPIC_IDS:
        tp = fp = fn = 0
        for g in gold:
            got, want = topic in predictions[g["url"]]["topics"], topic in g["topics"]
            tp, fp, fn = tp + (got and want), fp + (got and not want), fn + (want and not got)
        precision, recall = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
        if precision < 0.85 or recall < 0.85:
            problems.append(f"{topic}: precision {precision:.2f} recall {recall:.2f}")
    assert not problems, problems
    assert all(len(p["topics"]) <= 3 for p in predictions.values())


def test_topic_set_companies_and_layers_meet_the_thresholds(invoke):
    gold = load(TOPIC_SET)
    scores = score(gold, {p["url"]: p for p in tag_file(invoke, TOPIC_SET)})
    assert not scores.failures(), "\n".join(scores.failures() + scores.errors[:40])
