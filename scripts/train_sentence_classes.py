"""Train the issue / commitment / risk / other sentence classifier; writes copilot/tools/sentence_classes.npz.

Usage (from the repo root):
    python scripts/train_sentence_classes.py [--cache-dir DIR] [--report evals/sentence_data/REPORT.md]

Reads the pinned, hand-labelled `evals/sentence_data/train.jsonl` (the only data the model sees),
checks it shares no sentence template with `evals/sentence_data/eval.jsonl`, embeds both with the
packaged all-MiniLM-L6-v2, picks the L2 penalty by 5-fold cross-validation on train, fits a softmax
head on all of train, and reports per-class precision and recall on the held-out eval set.
The same data and arguments give the same model file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
from langchain_core.embeddings import Embeddings

from copilot.config import load_settings
from copilot.index.embeddings import LocalEmbeddings
from copilot.tone.model import embed_for_training
from copilot.tools.sentence_classes import LABELS, MODEL_PATH, SentenceClassifier, fit_softmax
from evals.sentences import (
    DATA,
    check_disjoint,
    confusion,
    macro_f1,
    per_class,
    read_split,
    render_report,
)

L2_GRID = (0.1, 0.3, 1.0)
LEXICAL_WEIGHTS = (0.0, 12.0)
BUCKETS = 2048
FOLDS = 5

Matrix = npt.NDArray[np.float64]


def fit(
    vectors: Matrix, texts: list[str], targets: npt.NDArray[np.int64], l2: float, weight: float
) -> SentenceClassifier:
    """A classifier fitted on the given rows (standardisation from these rows only)."""
    mean, scale = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    buckets = BUCKETS if weight > 0 else 0
    lexical = np.asarray([buckets, weight], dtype=np.float64)
    empty = np.zeros((vectors.shape[1] + buckets, len(LABELS)))
    shell = SentenceClassifier(LABELS, empty, np.zeros(len(LABELS)), mean, scale, lexical)
    weights, bias = fit_softmax(shell.features(vectors, texts), targets, len(LABELS), l2=l2)
    return SentenceClassifier(LABELS, weights, bias, mean, scale, lexical)


def choose(
    vectors: Matrix, texts: list[str], targets: npt.NDArray[np.int64]
) -> tuple[tuple[float, float], dict]:
    """The (L2, n-gram weight) with the best cross-validated macro-F1 on train (folds fixed by a seed)."""
    order = np.random.default_rng(15).permutation(len(targets))
    folds = np.array_split(order, FOLDS)
    results = {}
    for weight in LEXICAL_WEIGHTS:
        for l2 in L2_GRID:
            predicted = np.empty_like(targets)
            for fold in folds:
                rest = np.setdiff1d(order, fold)
                model = fit(vectors[rest], [texts[i] for i in rest], targets[rest], l2, weight)
                predicted[fold] = model.probabilities(vectors[fold], [texts[i] for i in fold]).argmax(axis=1)
            results[(l2, weight)] = macro_f1(per_class(predicted, targets))
    return max(results, key=lambda k: results[k]), results


class LazyEmbeddings(Embeddings):
    """The packaged MiniLM, loaded only when a split is not in the cache yet (loading is slow here)."""

    def __init__(self) -> None:
        self._model: LocalEmbeddings | None = None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed with the real model, loading it on first use."""
        if self._model is None:
            self._model = LocalEmbeddings(load_settings().resolved_embedding_path())
        return self._model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """One text."""
        return self.embed_documents([text])[0]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder with train.jsonl and eval.jsonl")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--report", type=Path, default=None, help="also write the markdown report here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate on the held-out set, save the model; returns the exit code."""
    args = _parse(argv)
    train, held_out = read_split(args.data / "train.jsonl"), read_split(args.data / "eval.jsonl")
    check_disjoint(train, held_out)
    embeddings = LazyEmbeddings()
    x_train = embed_for_training(embeddings, train.texts, "sentences-train", args.cache_dir)
    x_eval = embed_for_training(embeddings, held_out.texts, "sentences-eval", args.cache_dir)
    (l2, weight), grid = choose(x_train, train.texts, train.targets)
    print(
        "cross-validated macro-F1 by (L2, n-gram weight): "
        + ", ".join(f"{k}={v:.3f}" for k, v in grid.items())
    )
    model = fit(x_train, train.texts, train.targets, l2, weight)
    predicted = model.probabilities(x_eval, held_out.texts).argmax(axis=1)
    scores = per_class(predicted, held_out.targets)
    note = (
        f"Model: softmax head on all-MiniLM-L6-v2 vectors (torch) plus {BUCKETS if weight else 0} "
        f"hashed word uni/bigram features (weight {weight}); L2 = {l2} and the n-gram weight chosen "
        f"by {FOLDS}-fold cross-validation on train only; the eval set was not used for any choice. "
        "Reproduce: `python scripts/train_sentence_classes.py --report evals/sentence_data/REPORT.md`."
    )
    report = render_report(scores, confusion(predicted, held_out.targets), train, held_out, note)
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
