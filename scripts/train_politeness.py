"""Train the outbound politeness model on the Stanford Politeness Corpus and write
copilot/tone/politeness_model.npz.

Usage (from the repo root):
    python scripts/train_politeness.py [--data ../shared/data/politeness] [--cache-dir /tmp/tone-cache]

Splits the corpus by the fixed id-hash rule (copilot/tone/politeness.py: ~70/15/15) and embeds every
split through the production path: `politeness_inputs`, the call flag_tone_many makes, in batches of
64 texts in file order, as /v1/tone/batch and the tone suite send them (the int8 sentence vectors
shift slightly with their batch neighbours, so other batching gives other figures). Pools each
request's sentence vectors, adds the politeness-strategy features, fits ridge regression to the
raters' normalized score on train, picks the ridge penalty, the calibration and the flag threshold on
dev, and prints the held-out test figures once. Deterministic: closed-form fits, no random state.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.embedder import Embedder
from copilot.tone.metrics import f1_at
from copilot.tone.model import fit_calibration
from copilot.tone.politeness import (
    SPLITS,
    PolitenessSplit,
    pairwise_ranking_accuracy,
    quartile_flag_accuracy,
    quartile_masks,
    quartile_ranking_accuracy,
    read_politeness,
)
from copilot.tone.politeness_model import MODEL_PATH, PolitenessModel, fit_ridge, pool_sentences
from copilot.tone.sentences import split_sentences
from copilot.tone.strategies import feature_matrix
from copilot.tools.flag_tone import politeness_inputs

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "politeness"
PENALTIES = (0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0)
# Texts per embedding call: the most one /v1/tone/batch request holds, and what the tone suite sends.
BATCH = 64

Matrix = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="politeness corpus folder")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npz here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    return parser.parse_args(argv)


def production_vectors(
    embedder: Embedder, texts: list[str], key: str, cache_dir: Path | None
) -> list[Matrix]:
    """Per text, its sentence vectors as flag_tone_many gets them (batches of BATCH texts, in order);
    cached by the exact texts, since embedding the corpus takes minutes on a busy machine."""
    digest = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:12]
    cached = cache_dir / f"politeness-b{BATCH}-{key}-{len(texts)}-{digest}.npz" if cache_dir else None
    if cached is not None and cached.is_file():
        with np.load(cached) as stored:
            flat, counts = np.asarray(stored["vectors"], dtype=np.float64), stored["counts"]
        return np.split(flat, np.cumsum(counts)[:-1])
    started = time.perf_counter()
    rows = [v for i in range(0, len(texts), BATCH) for v in politeness_inputs(texts[i : i + BATCH], embedder)]
    print(f"embedded {len(texts)} {key} requests in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        # The embedder returns float32, so storing float32 loses nothing.
        np.savez(cached, vectors=np.vstack(rows).astype(np.float32), counts=[len(r) for r in rows])
    return rows


def features(vectors: Matrix, texts: list[str]) -> Matrix:
    """What the model sees: pooled embedding then strategy features (the order PolitenessModel uses)."""
    return np.hstack([vectors, feature_matrix(texts)])


def _pick_penalty(train: Matrix, train_y: Matrix, dev: Matrix, dev_y: Matrix) -> float:
    scores = {}
    for l2 in PENALTIES:
        weights, bias, mean, scale = fit_ridge(train, train_y, l2)
        scores[l2] = pairwise_ranking_accuracy(((dev - mean) / scale) @ weights + bias, dev_y)
        print(f"  l2={l2:<6} dev pairwise ranking accuracy={scores[l2]:.4f}")
    return max(scores, key=lambda k: scores[k])


def quartile_cut(politeness: Matrix, human: Matrix, flaggable: Mask) -> float:
    """The predicted politeness at which a request is as likely to be in the raters' least polite
    quarter as in their most polite one (logistic fit on those two quarters): the cut the
    bottom-vs-top flag accuracy asks for, as a fitted value rather than an argmax over a noisy curve."""
    bottom, top = quartile_masks(human)
    rows = (bottom | top) & flaggable
    slope, intercept = fit_calibration(politeness[rows], bottom[rows])
    return -intercept / slope


def _f1_cut(probability: Matrix, impolite: Mask) -> float:
    candidates = np.linspace(0.05, 0.95, 91)
    return float(candidates[int(np.argmax([f1_at(probability >= t, impolite) for t in candidates]))])


def flaggable(texts: list[str]) -> Mask:
    """Texts flag_tone can flag at all: one without a sentence (only punctuation) gets no label."""
    return np.array([bool(split_sentences(text)) for text in texts])


def report(
    name: str, model: PolitenessModel, vectors: Matrix, split: PolitenessSplit, cut: float | None = None
) -> None:
    """Print the figures the issue asks for on one split, as flag_tone_many decides them."""
    politeness = model.politeness(vectors, split.texts)
    probability = model.impolite_probability(politeness)
    flagged = (probability >= (model.threshold if cut is None else cut)) & flaggable(split.texts)
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
        raw = production_vectors(embedder, rows.texts, split, args.cache_dir)
        vectors[split] = pool_sentences(np.vstack(raw), [len(r) for r in raw])
    x = {s: features(vectors[s], data[s].texts) for s in SPLITS}
    y = {s: data[s].scores for s in SPLITS}
    # Fit only on what production can flag; dev keeps every request, as the suite scores them.
    fit_rows = flaggable(data["train"].texts)
    l2 = _pick_penalty(x["train"][fit_rows], y["train"][fit_rows], x["dev"], y["dev"])
    weights, bias, mean, scale = fit_ridge(x["train"][fit_rows], y["train"][fit_rows], l2)
    # P(impolite) = P(below the train set's lower quartile of rater scores), calibrated on dev.
    impolite_below = float(np.quantile(y["train"], 0.25))
    dev_politeness = ((x["dev"] - mean) / scale) @ weights + bias
    dev_flaggable = flaggable(data["dev"].texts)
    dev_impolite = y["dev"] <= impolite_below
    slope, intercept = fit_calibration(dev_politeness[dev_flaggable], dev_impolite[dev_flaggable])
    uncut = PolitenessModel(mean, scale, weights, bias, slope, intercept, 0.5, impolite_below)
    threshold = float(
        uncut.impolite_probability(np.array([quartile_cut(dev_politeness, y["dev"], dev_flaggable)]))[0]
    )
    model = PolitenessModel(mean, scale, weights, bias, slope, intercept, threshold, impolite_below)
    print(f"chosen l2={l2}, threshold={threshold:.4f}, impolite below score {impolite_below:.3f}")
    f1_cut = _f1_cut(uncut.impolite_probability(dev_politeness)[dev_flaggable], dev_impolite[dev_flaggable])
    report(f"dev at the F1-optimal cut {f1_cut:.2f} (not used)", model, vectors["dev"], data["dev"], f1_cut)
    report("dev (tuned here)", model, vectors["dev"], data["dev"])
    report("test (held out)", model, vectors["test"], data["test"])
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
