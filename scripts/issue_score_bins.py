"""Issue 15: how often the sentence classifier's "issue" is right, by its score, on a labelled file.

Reads the customer-side rows of a labelled JSONL file (`text`, `side`, `label`), classifies them with the
shipped model and prints, per score bin, how many it called an issue and how many of those the readers
labelled one. Used to set `copilot/tools/call_sentiment.SURE_PROBLEM` on eval3 (a development set by then).

    PYTHONPATH=. python scripts/issue_score_bins.py evals/sentence_data/eval3.jsonl
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from copilot.config import load_settings
from copilot.container import Services
from copilot.tools.sentence_classes import classify_sentences

BINS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)]


def main(path: str) -> None:
    services = Services(load_settings())
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    rows = [r for r in rows if r.get("side") == "customer"]
    texts = [r["text"] for r in rows]
    classes = classify_sentences(
        texts, services.sentence_model, services.sentence_labeller, ["customer"] * len(rows)
    )
    for low, high in BINS:
        called = [
            r for r, c in zip(rows, classes, strict=True) if c.label == "issue" and low <= c.score < high
        ]
        right = sum(r["label"] == "issue" for r in called)
        share = right / len(called) if called else 0.0
        span = f"{low:.1f}-{min(high, 1.0):.1f}"
        print(f"issue score {span}: {len(called)} called issue, {right} are, precision {share:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
