"""Fit the retrieval fusion weights on the TRAIN accounts and measure each method's contribution.

    python -m evals.retrieval_ablation [--data-dir DIR] [--write] [--out evals/out/retrieval_ablation.md]

The sample CRM is loaded once into --data-dir (default: a temporary folder; pass a folder to reuse
the load across runs). Every learned row is fitted on the templated questions of the train accounts
(odd CRM ids) with its own feature set, then scored on the 96 templated questions of the held-out
accounts, on all 192, and on the hand-written paraphrases (never fitted on). `--write` stores the
full method's weights in copilot/retrieval/fusion_weights.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from copilot.config import load_settings
from copilot.container import Services
from copilot.retrieval.context import RetrievalMethod, Retriever
from copilot.retrieval.features import signals
from copilot.retrieval.fusion import WEIGHTS_FILE, FusionWeights, TrainingList, fit_fusion
from copilot.retrieval.questions import intent_of
from copilot.sample.load import answer_key, load_sample
from evals.suites.common import account_ids, interactions, squash
from evals.suites.retrieval import paraphrase_questions, score_questions, split_of

BASELINE = RetrievalMethod(sentences=False, expansion=False, fields=False, learned=False)
ROWS: list[tuple[str, RetrievalMethod]] = [
    ("before: chunk dense + chunk BM25, RRF, recency boost", BASELINE),
    ("+ sentence-level vectors and BM25 (RRF)", replace(BASELINE, sentences=True)),
    ("+ question-type expansion (RRF)", replace(BASELINE, sentences=True, expansion=True)),
    ("+ field-level (amount/date) sentence signal (RRF)", RetrievalMethod(learned=False)),
    ("+ learned fusion (all signals, kind prior) = shipped", RetrievalMethod()),
    ("shipped without sentence level (learned)", RetrievalMethod(sentences=False, fields=False)),
    ("shipped without expansion (learned)", RetrievalMethod(expansion=False)),
    ("shipped without field signal (learned)", RetrievalMethod(fields=False)),
]


@dataclass
class Loaded:
    """Services over a loaded sample and its answer key."""

    services: Services
    key: dict[str, Any]


def load(data_dir: Path) -> Loaded:
    """Services on `data_dir`, loading the sample there unless a previous run did."""
    services = Services(load_settings(data_dir=data_dir))
    services.migrate()
    marker = data_dir / "sample-loaded"
    if not marker.exists():
        load_sample(services, data_dir / "sample")
        marker.write_text("ok")
    return Loaded(services, answer_key(data_dir / "sample"))


def training_lists(
    loaded: Loaded, method: RetrievalMethod, questions: list[dict[str, Any]]
) -> list[TrainingList]:
    """Each question's signals over its account, and which chunks belong to the stating interaction."""
    services = loaded.services
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index, method=method)
    accounts = account_ids(services)
    out = []
    for fact in questions:
        account_id = accounts[fact["account_crm_id"]]
        snapshot = retriever.snapshot(account_id)
        intent = intent_of(fact["question"], expand=method.expansion)
        vector = np.asarray(services.embeddings.embed_query(fact["question"]), dtype=np.float32)
        found = signals(snapshot, vector, intent, datetime.now(UTC), sentences=method.sentences)
        texts = interactions(services, set(snapshot.interaction_ids))
        needle = squash(fact["text"])
        relevant = np.array([needle in squash(texts[i][1]) for i in snapshot.interaction_ids])
        out.append(TrainingList(found, intent.kind, relevant))
    return out


def measure(loaded: Loaded, write: bool) -> list[dict[str, Any]]:
    """One result row per method; fits learned rows on the train split first."""
    facts = loaded.key["facts"]
    train = [f for f in facts if split_of(f["account_crm_id"]) == "train"]
    paraphrases = paraphrase_questions(loaded.key)
    services = loaded.services
    rows = []
    for label, method in ROWS:
        weights = None
        if method.learned:
            weights = fit_fusion(training_lists(loaded, method, train), mask=method.columns())
            if method == RetrievalMethod() and write:
                _write(weights, len(train))
        retriever = Retriever(
            services.sessions, services.embeddings, services.vector_index, method=method, weights=weights
        )
        templated = score_questions(services, retriever, facts)
        worded = score_questions(services, retriever, paraphrases)
        rows.append(
            {
                "method": label,
                "recall5_all": templated["all"].recall5,
                "mrr_all": templated["all"].mrr,
                "recall5_heldout": templated["test"].recall5,
                "mrr_heldout": templated["test"].mrr,
                "paraphrase_recall5": worded["all"].recall5,
                "paraphrase_mrr": worded["all"].mrr,
                "paraphrase_recall5_heldout": worded["test"].recall5,
                "foreign": templated["all"].foreign + worded["all"].foreign,
                "n": (
                    templated["all"].asked,
                    templated["test"].asked,
                    worded["all"].asked,
                    worded["test"].asked,
                ),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def _write(weights: FusionWeights, questions: int) -> None:
    provenance = {
        "fitted": datetime.now(UTC).date().isoformat(),
        "on": f"{questions} templated fact questions of the sample's train accounts (odd CRM ids, seed 7)",
        "held_out": "even CRM ids' questions and every hand-written paraphrase",
        "command": "python -m evals.retrieval_ablation --write",
        "embedding": "all-MiniLM-L6-v2 (default onnx backend)",
    }
    data = replace(weights, provenance=provenance).as_json()
    WEIGHTS_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def table(rows: list[dict[str, Any]]) -> str:
    """The ablation as a markdown table."""
    n = rows[0]["n"]
    lines = [
        f"| method | recall@5 (all {n[0]}) | MRR@10 (all) | recall@5 (held-out {n[1]}) | MRR@10 (held-out) "
        f"| paraphrase recall@5 ({n[2]}) | paraphrase MRR@10 | paraphrase recall@5 held-out accts ({n[3]}) "
        "| foreign |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['method']} | {r['recall5_all']:.3f} | {r['mrr_all']:.3f} | {r['recall5_heldout']:.3f} "
            f"| {r['mrr_heldout']:.3f} | {r['paraphrase_recall5']:.3f} | {r['paraphrase_mrr']:.3f} "
            f"| {r['paraphrase_recall5_heldout']:.3f} | {r['foreign']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load, measure, print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("evals/out/retrieval_ablation.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="retrieval-ablation-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        rows = measure(load(data_dir), args.write)
    text = table(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
