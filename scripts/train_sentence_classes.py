"""Train the issue / commitment / risk / other sentence classifier; writes copilot/tools/sentence_classes.npz.

Usage (from the repo root):
    python scripts/train_sentence_classes.py [--cache-dir DIR] [--report evals/sentence_data/REPORT.md]
        [--only I ...] [--cv-only] [--extra FILE ...]

The committed model: `--only 1` (the config cross-validation chose; without `--only` every config in
CONFIGS is cross-validated again, about 25 minutes on 2 shared cores, and the same one is chosen).

Reads the pinned, hand-labelled `evals/sentence_data/train.jsonl` (the only data the model sees),
checks it shares no sentence template with `evals/sentence_data/eval.jsonl`, embeds both with the
packaged all-MiniLM-L6-v2, chooses the head (softmax or a small MLP), its L2 penalty and per-class
offsets by grouped 5-fold cross-validation on train, fits it on all of train, and reports per-class
precision and recall on the held-out eval set (`--cv-only` stops before scoring it).
The same data and arguments give the same model file. `--extra` adds labelled rows kept outside
train.jsonl (a labelling round not yet in the committed model, e.g. evals/sentence_data/round6_*.jsonl)
after train.jsonl's, so a round can be cross-validated and scored before it joins train.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.embedder import Embedder
from copilot.tone.model import embed_for_training
from copilot.tools.sentence_classes import (
    LABELS,
    MODEL_PATH,
    SentenceClassifier,
    fit_softmax,
    side_features,
)
from copilot.tools.sentence_fit import fit_mlp_ensemble, tune_offsets, worst_score
from evals.sentences import (
    DATA,
    Labelled,
    Scores,
    check_apart_from_held_out,
    confusion,
    macro_f1,
    per_class,
    read_split,
    render_report,
    template,
)

Matrix = npt.NDArray[np.float64]
Config = tuple[str, float, float, int, float, bool, int]
CvScores = tuple[float, float, Scores]  # worst per-class P/R, macro-F1, per-class figures
# (kind, L2, n-gram weight, hidden units, side weight, side crossed with cues, networks averaged):
# the grid cross-validation chooses from, on train only. Side weight 0: the model does not read who
# said it. Networks averaged > 1: that many seeds' ReLU layers merged into one (sentence_fit).
CONFIGS: tuple[Config, ...] = (
    ("mlp", 0.01, 12.0, 64, 8.0, True, 1),  # the fourth round's choice
    ("mlp", 0.01, 12.0, 64, 16.0, True, 1),
    ("mlp", 0.01, 12.0, 64, 8.0, True, 3),
    ("mlp", 0.01, 12.0, 128, 16.0, True, 1),
    ("mlp", 0.01, 16.0, 64, 16.0, True, 1),
)
BUCKETS = 2048
# Sources whose `origin` names a whole conversation (rounds 14 and 15: an authored account): one fold each.
DIALOGUE_SOURCES = ("tweetsumm:", "dialogsum-dev:", "authored14:", "authored15:")
FOLDS = 5


def fit(
    vectors: Matrix, texts: list[str], sides: list[str], targets: npt.NDArray[np.int64], config: Config
) -> SentenceClassifier:
    """A classifier fitted on the given rows (standardisation from these rows only)."""
    kind, l2, weight, hidden, side_weight, crossed, seeds = config
    mean, scale = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    buckets = BUCKETS if weight > 0 else 0
    lexical = np.asarray([buckets, weight], dtype=np.float64)
    side = np.asarray([float(crossed), side_weight], dtype=np.float64)
    columns = side_features(["-"], ["unknown"], crossed=crossed).shape[1] if side_weight else 0
    empty = np.zeros((vectors.shape[1] + buckets + columns, len(LABELS)))
    shell = SentenceClassifier(LABELS, empty, np.zeros(len(LABELS)), mean, scale, lexical, side=side)
    features = shell.features(vectors, texts, sides)
    if kind == "mlp":
        layer, weights, bias = fit_mlp_ensemble(
            features, targets, len(LABELS), hidden=hidden, l2=l2, seeds=seeds
        )
        return SentenceClassifier(LABELS, weights, bias, mean, scale, lexical, hidden=layer, side=side)
    weights, bias = fit_softmax(features, targets, len(LABELS), l2=l2)
    return SentenceClassifier(LABELS, weights, bias, mean, scale, lexical, side=side)


def read_train(paths: list[Path]) -> Labelled:
    """train.jsonl and any extra labelled files, in that order (the order keys the embedding cache)."""
    parts = [read_split(path) for path in paths]
    return Labelled(
        [t for p in parts for t in p.texts],
        np.concatenate([p.targets for p in parts]),
        [s for p in parts for s in p.sources],
        [o for p in parts for o in p.origins],
        [s for p in parts for s in p.sides],
    )


def grouped_folds(train: Labelled) -> list[npt.NDArray[np.int64]]:
    """Folds that keep a whole TweetSumm or DialogSum dialogue (and every copy of a sample template) in
    one fold, so cross-validation never scores a sentence beside its own conversation."""
    groups: dict[str, list[int]] = {}
    for i, (text, origin) in enumerate(zip(train.texts, train.origins, strict=True)):
        key = origin if origin.startswith(DIALOGUE_SOURCES) else template(text)
        groups.setdefault(key, []).append(i)
    order = np.random.default_rng(15).permutation(len(groups))
    keys = list(groups)
    folds: list[list[int]] = [[] for _ in range(FOLDS)]
    for rank, g in enumerate(order):
        folds[rank % FOLDS] += groups[keys[g]]
    return [np.asarray(sorted(f), dtype=np.int64) for f in folds]


def out_of_fold(vectors: Matrix, train: Labelled, config: Config) -> Matrix:
    """Every training sentence's probabilities from a model that never saw its group."""
    probabilities = np.zeros((len(train.texts), len(LABELS)))
    everything = np.arange(len(train.texts))
    for fold in grouped_folds(train):
        rest = np.setdiff1d(everything, fold)
        model = fit(
            vectors[rest],
            [train.texts[i] for i in rest],
            [train.sides[i] for i in rest],
            train.targets[rest],
            config,
        )
        probabilities[fold] = model.probabilities(
            vectors[fold], [train.texts[i] for i in fold], [train.sides[i] for i in fold]
        )
    return probabilities


def choose(
    vectors: Matrix, train: Labelled, configs: tuple[Config, ...] = CONFIGS
) -> tuple[Config, Matrix, dict[Config, CvScores]]:
    """The config with the best cross-validated worst per-class precision/recall (after tuned offsets),
    its offsets, and every config's (worst score, macro-F1, per-class figures) for the report."""
    results: dict[Config, CvScores] = {}
    offsets: dict[Config, Matrix] = {}
    for config in configs:
        probabilities = out_of_fold(vectors, train, config)
        offsets[config] = tune_offsets(probabilities, train.targets)
        predicted = (np.log(np.clip(probabilities, 1e-12, 1.0)) + offsets[config]).argmax(axis=1)
        scores = per_class(predicted, train.targets)
        results[config] = (worst_score(predicted, train.targets, len(LABELS)), macro_f1(scores), scores)
        cells = ", ".join(f"{s['precision']:.2f}/{s['recall']:.2f}" for s in scores.values())
        # Authored sentences are written to be clear, so they flatter the folds; the worst class
        # without them says what the model does on text it did not shape.
        found = np.asarray([source != "authored" for source in train.sources])
        unwritten = worst_score(predicted[found], train.targets[found], len(LABELS))
        print(
            f"{config}: worst P/R {results[config][0]:.3f}, macro-F1 {results[config][1]:.3f} ({cells}); "
            f"worst P/R without authored rows {unwritten:.3f}",
            file=sys.stderr,
            flush=True,
        )
    best = max(results, key=lambda k: results[k][:2])
    return best, offsets[best], results


def grid_table(grid: dict[Config, CvScores], chosen: Config) -> str:
    """Every tried configuration's cross-validated figures on train, as a markdown section."""
    lines = [
        "",
        f"Cross-validation on train ({FOLDS} grouped folds, tuned offsets), every configuration tried:",
        "",
        "| head | L2 | n-gram weight | hidden | networks | side | worst P/R | macro-F1 | "
        "P/R issue, commitment, risk, other |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for config, (worst, f1, scores) in grid.items():
        kind, l2, weight, hidden, side_weight, crossed, seeds = config
        cells = ", ".join(f"{s['precision']:.2f}/{s['recall']:.2f}" for s in scores.values())
        mark = " (chosen)" if config == chosen else ""
        side = "-" if not side_weight else f"{side_weight}" + (" x cues" if crossed else "")
        lines.append(
            f"| {kind}{mark} | {l2} | {weight} | {hidden or '-'} | {seeds if hidden else '-'} | {side} "
            f"| {worst:.3f} | {f1:.3f} "
            f"| {cells} |"
        )
    return "\n".join(lines) + "\n"


class LazyEmbeddings(Embedder):
    """The sentence model the product classifies with (`Services.sentence_model`: the configured
    backend, ONNX int8 by default), loaded only when a split is not in the cache yet (loading is slow)."""

    def __init__(self) -> None:
        self._services = Services(load_settings())

    @property
    def backend(self) -> str:
        """Which transformer runtime embeds (the static table's installs classify with ONNX); it keys the
        cache so vectors of different runtimes never mix."""
        return "torch" if self._services.settings.embedding_backend == "torch" else "onnx int8"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed through the runtime path, loading it on first use."""
        return self._services.sentence_model.embed_documents(texts)

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
    parser.add_argument(
        "--configs", type=int, default=len(CONFIGS), help="try only the first N configs (the MLP is slow)"
    )
    parser.add_argument(
        "--only",
        type=int,
        nargs="+",
        default=None,
        help="cross-validate only these configs (0-based positions in CONFIGS; overrides --configs)",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        nargs="+",
        default=[],
        help="labelled JSONL files to train on after train.jsonl (a round not yet merged into it)",
    )
    parser.add_argument(
        "--cv-only",
        action="store_true",
        help="stop after cross-validation on train (the eval set is not scored)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate on the held-out set, save the model; returns the exit code."""
    args = _parse(argv)
    train = read_train([args.data / "train.jsonl", *args.extra])
    held_out = read_split(args.data / "eval.jsonl")
    check_apart_from_held_out(train, args.data)
    embeddings = LazyEmbeddings()
    x_train = embed_for_training(
        embeddings, train.texts, f"sentences-train-{embeddings.backend.split()[0]}", args.cache_dir
    )
    configs = tuple(CONFIGS[i] for i in args.only) if args.only else CONFIGS[: args.configs]
    config, offsets, grid = choose(x_train, train, configs)
    print(
        "cross-validated (worst P/R, macro-F1) by config: "
        + ", ".join(f"{k}={v[0]:.3f}/{v[1]:.3f}" for k, v in grid.items())
    )
    if args.cv_only:
        return 0
    model = fit(x_train, train.texts, train.sides, train.targets, config)
    model.bias = model.bias + offsets  # the offsets shift the arg-max exactly as on the folds
    x_eval = embed_for_training(
        embeddings, held_out.texts, f"sentences-eval-{embeddings.backend.split()[0]}", args.cache_dir
    )
    predicted = model.probabilities(x_eval, held_out.texts, held_out.sides).argmax(axis=1)
    scores = per_class(predicted, held_out.targets)
    kind, l2, weight, hidden, side_weight, crossed, seeds = config
    head = f"one ReLU layer of {hidden} units and a softmax" if kind == "mlp" else "a softmax"
    if kind == "mlp" and seeds > 1:
        head = (
            f"the logit average of {seeds} networks of one ReLU layer of {hidden} units and a softmax "
            f"(seeds 15-{14 + seeds}, stored as one layer of {hidden * seeds} units)"
        )
    crossing = ", crossed with the 5 cue flags" if crossed else ""
    side = (
        f"who said it (customer / ours / unknown one-hot{crossing}, weight {side_weight})"
        if side_weight
        else "no side input"
    )
    chosen_from = f"--only {' '.join(map(str, args.only))}" if args.only else f"--configs {args.configs}"
    chosen_from += f" --extra {' '.join(map(str, args.extra))}" if args.extra else ""
    note = (
        f"Model: {head} on all-MiniLM-L6-v2 vectors ({embeddings.backend}, as the product embeds) plus "
        f"{BUCKETS if weight else 0} hashed word uni/bigram features (weight {weight}) and {side}, "
        f"L2 = {l2}, class-weighted; per-class decision offsets "
        f"{np.round(offsets, 2).tolist()}. The configuration and the offsets were chosen by {FOLDS}-fold "
        "cross-validation on train only (folds keep each TweetSumm or DialogSum dialogue and each sample "
        "template together; criterion: the worst per-class precision or recall); the eval set was not used "
        f"for any choice. Reproduce: `python scripts/train_sentence_classes.py {chosen_from} "
        "--report evals/sentence_data/REPORT.md`."
    )
    report = render_report(scores, confusion(predicted, held_out.targets), train, held_out, note)
    report += grid_table(grid, config)
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
