"""Train the outbound politeness model on the Stanford Politeness Corpus and write
copilot/tone/politeness_model.npz.

Usage (from the repo root):
    python scripts/train_politeness.py [--data ../shared/data/politeness] [--cache-dir /tmp/tone-cache]

Splits the corpus by the fixed id-hash rule (copilot/tone/politeness.py: ~70/15/15), embeds every
sentence with the runtime sentence model, pools them per request, adds the politeness-strategy
counts, fits ridge regression to the raters' normalized score on train, picks the ridge penalty, the
calibration and the flag threshold on dev, and prints the held-out test figures once.
Deterministic: closed-form fits, no random state.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import Services
from copilot.tone.metrics import f1_at
from copilot.tone.model import embed_for_training, fit_calibration
from copilot.tone.politeness import (
    SPLITS,
    PolitenessSplit,
    pairwise_ranking_accuracy,
    quartile_flag_accuracy,
    quartile_ranking_accuracy,
    read_politeness,
)
from copilot.tone.politeness_model import (
    MODEL_PATH,
    PolitenessModel,
    fit_ridge,
    pool_sentences,
)
from copilot.tone.sentences import split_sentences
from copilot.tone.strategies import strategy_matrix

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "politeness"
PENALTIES = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)

Matrix = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="politeness corpus folder")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument(
        "--whole-text",
        action="store_true",
        help="embed each request whole, not its sentences pooled (a comparison; flag_tone pools)",
    )
    return parser.parse_args(argv)


def sentence_texts(texts: list[str]) -> tuple[list[str], list[int]]:
    """Every sentence of every text (a text without one counts as one sentence), and counts per text."""
    sentences: list[str] = []
    counts: list[int] = []
    for text in texts:
        parts = [text[a:b] for a, b in split_sentences(text)] or [text]
        sentences += parts
        counts.append(len(parts))
    return sentences, counts


def features(vectors: Matrix, texts: list[str]) -> Matrix:
    """What the model sees: pooled embedding then strategy counts (the order PolitenessModel uses)."""
    return np.hstack([vectors, strategy_matrix(texts)])


def _pick_penalty(train: Matrix, train_y: Matrix, dev: Matrix, dev_y: Matrix) -> float:
    scores = {}
    for l2 in PENALTIES:
        weights, bias, mean, scale = fit_ridge(train, train_y, l2)
        scores[l2] = pairwise_ranking_accuracy(((dev - mean) / scale) @ weights + bias, dev_y)
        print(f"  l2={l2:<6} dev pairwise ranking accuracy={scores[l2]:.3f}")
    return max(scores, key=lambda k: scores[k])


def _pick_threshold(probability: Matrix, impolite: npt.NDArray[np.bool_]) -> float:
    candidates = np.linspace(0.05, 0.95, 91)
    f1s = [f1_at(probability >= t, impolite) for t in candidates]
    return float(candidates[int(np.argmax(f1s))])


def report(name: str, model: PolitenessModel, vectors: Matrix, split: PolitenessSplit) -> None:
    """Print the figures the issue asks for on one split."""
    politeness = model.politeness(vectors, split.texts)
    probability = model.impolite_probability(politeness)
    flagged = probability >= model.threshold
    print(
        f"{name}: n={len(split.texts)} "
        f"quartile flag accuracy={quartile_flag_accuracy(flagged, split.scores):.3f} "
        f"quartile ranking accuracy={quartile_ranking_accuracy(probability, split.scores):.3f} "
        f"pairwise ranking accuracy={pairwise_ranking_accuracy(politeness, split.scores):.3f} "
        f"flagged={flagged.mean():.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Train, tune on dev, report dev and held-out test, save; returns the exit code."""
    args = _parse(argv)
    embedder = Services(load_settings()).sentence_model
    data = {s: read_politeness(args.data, s) for s in SPLITS}
    vectors = {}
    for split, rows in data.items():
        sentences, counts = sentence_texts(rows.texts)
        if args.whole_text:
            sentences, counts = rows.texts, [1] * len(rows.texts)
        key = f"politeness-whole-{split}" if args.whole_text else f"politeness-{split}"
        raw = embed_for_training(embedder, sentences, key, args.cache_dir)
        vectors[split] = pool_sentences(raw, counts)
    x = {s: features(vectors[s], data[s].texts) for s in SPLITS}
    l2 = _pick_penalty(x["train"], data["train"].scores, x["dev"], data["dev"].scores)
    weights, bias, mean, scale = fit_ridge(x["train"], data["train"].scores, l2)
    # "Impolite" = below the train set's lower quartile of rater scores.
    impolite_below = float(np.quantile(data["train"].scores, 0.25))
    dev_politeness = ((x["dev"] - mean) / scale) @ weights + bias
    dev_impolite = data["dev"].scores <= impolite_below
    slope, intercept = fit_calibration(dev_politeness, dev_impolite)
    uncut = PolitenessModel(mean, scale, weights, bias, slope, intercept, 0.5, impolite_below)
    threshold = _pick_threshold(uncut.impolite_probability(dev_politeness), dev_impolite)
    model = PolitenessModel(mean, scale, weights, bias, slope, intercept, threshold, impolite_below)
    print(f"chosen l2={l2}, threshold={threshold:.2f}, impolite below score {impolite_below:.3f}")
    report("dev (tuned here)", model, vectors["dev"], data["dev"])
    report("test (held out)", model, vectors["test"], data["test"])
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
