"""Issue 15: how often the sentence classifier's "issue" (or another label) is right, by its score, on a
labelled file.

Reads the customer-side rows of a labelled JSONL file (`text`, `side`, `label`), classifies them with the
shipped model and prints, per score bin, how many it called the label and how many of those the readers
labelled so. Used to set `copilot/tools/call_sentiment.SURE_PROBLEM` on eval3 (a development set by then)
and, with `risk --unnamed` (only sentences no risk words name: a call's warning signs), the call's
`call_complaints.WARNING_SIGN_SCORE`.

    PYTHONPATH=. python scripts/issue_score_bins.py evals/sentence_data/eval3.jsonl
    PYTHONPATH=. python scripts/issue_score_bins.py evals/sentence_data/eval3.jsonl risk --unnamed
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from copilot.config import load_settings
from copilot.container import Services
from copilot.tools.call_risks import risk_kind
from copilot.tools.sentence_classes import classify_sentences

BINS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def main(path: str, label: str = "issue", unnamed: bool = False) -> None:
    services = Services(load_settings())
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    rows = [r for r in rows if r.get("side") == "customer"]
    if unnamed:
        rows = [r for r in rows if risk_kind(r["text"]) is None]
    texts = [r["text"] for r in rows]
    classes = classify_sentences(
        texts, services.sentence_model, services.sentence_labeller, ["customer"] * len(rows)
    )
    for low, high in BINS:
        called = [r for r, c in zip(rows, classes, strict=True) if c.label == label and low <= c.score < high]
        right = sum(r["label"] == label for r in called)
        share = right / len(called) if called else 0.0
        span = f"{low:.1f}-{min(high, 1.0):.1f}"
        print(f"{label} score {span}: {len(called)} called {label}, {right} are, precision {share:.2f}")


if __name__ == "__main__":
    main(sys.argv[1], *(sys.argv[2:3] or ["issue"]), unnamed="--unnamed" in sys.argv)
