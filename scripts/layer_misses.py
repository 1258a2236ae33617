#!/usr/bin/env python3
"""List layer misses per labelled set: item id, gold, predicted, and the tagger's evidence.

usage: python scripts/layer_misses.py [--explain] [SET.jsonl ...]
Defaults to the shared dev set and our two labelled sets. Scores use tests/scoring.py
(the definitions of shared/eval/score.py). A development aid, not part of the service.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.explain import explain_lines  # noqa: E402
from monitor.rules import load_rules, shipped_rule_files  # noqa: E402
from monitor.tag import Tagger  # noqa: E402
from tests.scoring import score  # noqa: E402

SETS = [
    ROOT.parent / "shared" / "eval" / "dev_items.jsonl",
    ROOT / "tests" / "data" / "labelled_items.jsonl",
    ROOT / "tests" / "data" / "topic_items.jsonl",
]


def main(argv: list[str]) -> int:
    show = "--explain" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or SETS
    tagger = Tagger(load_rules(shipped_rule_files()))
    for path in paths:
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        preds = {}
        for g in gold:
            t = tagger.tag(g["title"], g.get("summary", ""))
            preds[g["url"]] = {"companies": list(t.companies), "layers": list(t.layers)}
        s = score(gold, preds)
        print(
            f"== {path.name}: primary_recall={s.primary_recall:.3f} layer_precision={s.layer_precision:.3f} "
            f"false_ai={s.false_ai_rate:.3f} traps={s.trap_errors} "
            f"f1 ko={s.company_f1['ko']:.3f} en={s.company_f1['en']:.3f}"
        )
        for line in s.errors:
            print("  " + line)
            if show:
                g = next(x for x in gold if line.startswith(x["id"] + " "))
                tags = tagger.tag(g["title"], g.get("summary", ""), explain=True)
                for ex in explain_lines(g["title"], g.get("summary", ""), tags, tagger.rules):
                    print("      " + ex)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
