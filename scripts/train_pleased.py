"""Train the pleased head (copilot/tone/pleased.py) and report it on held-out customer sentences.

Usage (from the repo root):
    PYTHONPATH=. python scripts/train_pleased.py [--data ../shared/data/goemotions] [--cache-dir /tmp/pleased]
                                                 [--out copilot/tone/pleased_model.npz]

What the model sees: GoEmotions' train split (a text is pleased when any of its emotions is one of
PLEASED_EMOTIONS) and evals/pleased/crm_training_sentences.jsonl (1,007 customer sentences of the
training rounds' authored account records, hand-labelled pleased / displeased / neutral by
evals/pleased/GUIDE.md), repeated REPEAT times so 1,007 rows weigh against 43,410; all embedded with the
product's own sentence model (the ONNX MiniLM). The threshold is the best F1 out of fold on the CRM
training rows (five folds by account). Reported on evals/pleased/crm_customer_sentences.jsonl (864
customer sentences of eval4's accounts, which no step above saw) and on GoEmotions' test split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import Services
from copilot.tone.goemotions import read_emotions, read_label_names, read_split
from copilot.tone.model import ToneClassifier, embed_for_training, fit_logistic
from copilot.tone.pleased import MODEL_PATH, PLEASED_EMOTIONS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "goemotions"
CRM_TRAIN = REPO / "evals" / "pleased" / "crm_training_sentences.jsonl"
CRM_HELD_OUT = REPO / "evals" / "pleased" / "crm_customer_sentences.jsonl"
# Chosen out of fold on the CRM training rows among 1, 5 and 20 (l2 1e-2 and 1e-3), 2026-12-06.
REPEAT = 20
FOLDS = 5
Matrix = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GoEmotions folder")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--l2", type=float, default=1e-3)
    return parser.parse_args(argv)


def goemotions_targets(data: Path, split: str) -> tuple[list[str], Matrix]:
    """Texts of a split and a one-column 0/1 target: any pleased emotion."""
    names = read_label_names(data)
    columns = [names.index(e) for e in PLEASED_EMOTIONS]
    emotions = read_emotions(data, split)
    texts = read_split(data, split).texts
    return texts, emotions[:, columns].max(axis=1, keepdims=True).astype(np.float64)


def crm_rows(path: Path) -> list[dict[str, str]]:
    """Hand-labelled customer sentences: id, text, source ("authored15:J-<account>:call3") and label."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def account_fold(row: dict[str, str]) -> int:
    """The fold of a sentence's account (a stable hash), so one account's sentences stay together."""
    return int(hashlib.sha1(row["source"].split(":")[1].encode()).hexdigest(), 16) % FOLDS


def fit(x: Matrix, y: Matrix, l2: float) -> ToneClassifier:
    """A logistic head on vectors `x` with 0/1 targets `y` (threshold set later)."""
    weights, bias, mean, scale = fit_logistic(x, y, l2=l2, epochs=300)
    return ToneClassifier(["pleased"], weights, bias, np.full(1, 0.5), mean, scale)


def with_goemotions(x: Matrix, y: Matrix, goemotions: tuple[Matrix, Matrix]) -> tuple[Matrix, Matrix]:
    """The CRM rows repeated REPEAT times, then GoEmotions' train rows."""
    return np.vstack([*[x] * REPEAT, goemotions[0]]), np.vstack([*[y] * REPEAT, goemotions[1]])


def scores(probs: Matrix, truth: npt.NDArray[np.bool_], threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of `probs >= threshold` against `truth`."""
    said = probs >= threshold
    hits = float((said & truth).sum())
    precision = hits / max(float(said.sum()), 1.0)
    recall = hits / max(float(truth.sum()), 1.0)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def best_threshold(probs: Matrix, truth: npt.NDArray[np.bool_]) -> float:
    """The threshold with the best F1, among 0.05 … 0.95."""
    grid = [round(t, 2) for t in np.arange(0.05, 0.96, 0.01)]
    return max(grid, key=lambda t: (scores(probs, truth, t)[2], t))


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    embeddings = Services(load_settings()).sentence_model
    texts, targets = goemotions_targets(args.data, "train")
    goemotions = (embed_for_training(embeddings, texts, "pleased-onnx-train", args.cache_dir), targets)
    test_texts, test_targets = goemotions_targets(args.data, "test")
    test_vectors = embed_for_training(embeddings, test_texts, "pleased-onnx-test", args.cache_dir)
    train, held_out = crm_rows(CRM_TRAIN), crm_rows(CRM_HELD_OUT)
    x = np.asarray(embeddings.embed_documents([r["text"] for r in train]), dtype=np.float64)
    y = np.array([[float(r["label"] == "pleased")] for r in train])
    folds = np.array([account_fold(r) for r in train])
    out_of_fold = np.zeros(len(train))
    for k in range(FOLDS):
        model = fit(*with_goemotions(x[folds != k], y[folds != k], goemotions), args.l2)
        out_of_fold[folds == k] = model.probabilities(x[folds == k])[:, 0]
    truth = y[:, 0] > 0
    threshold = best_threshold(out_of_fold, truth)
    model = fit(*with_goemotions(x, y, goemotions), args.l2)
    held_x = np.asarray(embeddings.embed_documents([r["text"] for r in held_out]), dtype=np.float64)
    held_truth = np.array([r["label"] == "pleased" for r in held_out])
    print(f"threshold {threshold:.2f} (best F1 out of fold on {len(train)} CRM training sentences)")
    for name, (probs, want) in [
        ("CRM training sentences, out of fold", (out_of_fold, truth)),
        ("held-out customer sentences (eval4 accounts)", (model.probabilities(held_x)[:, 0], held_truth)),
        ("GoEmotions test", (model.probabilities(test_vectors)[:, 0], test_targets[:, 0] > 0)),
    ]:
        p, r, f = scores(probs, want, threshold)
        print(f"{name}: P={p:.3f} R={r:.3f} F1={f:.3f} (pleased {int(want.sum())} of {len(want)})")
    tuned = np.full(1, threshold)
    ToneClassifier(["pleased"], model.weights, model.bias, tuned, model.mean, model.scale).save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
