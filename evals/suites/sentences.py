"""sentences: the account summary's issue / commitment / risk / other classifier on its held-out,
hand-labelled sets (evals/sentence_data/eval.jsonl, eval2.jsonl, eval3.jsonl) -> per-class precision,
recall and F1 on each set and on their pool, with confusion matrices and the risk errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.tools.sentence_classes import LABELS, classify_sentences
from evals.sentence_agreement import RELABEL, adjudicated_twin, agreement_line, pool_readers, read_readers
from evals.sentences import confusion, held_out_files, macro_f1, per_class, read_split
from evals.types import EvalContext, Metric, SuiteResult

# The bar for every class.
MUST = 0.8
POOLED = "pooled"

# Sentence texts and their sides in, one label name per sentence out.
Classify = Callable[[list[str], list[str]], Sequence[str]]


@dataclass(frozen=True)
class Predictions:
    """One held-out set's (or the pool's) true and predicted label indices, with the rows they belong to."""

    name: str
    truth: npt.NDArray[np.int64]
    predicted: npt.NDArray[np.int64]
    texts: list[str]
    sides: list[str]


def predict_held_out(paths: list[Path], classify: Classify, limit: int | None = None) -> list[Predictions]:
    """Classify each held-out file on its own (one call per file, so a file's figures do not depend on
    which other files exist) and, when there is more than one, add their pool."""
    sets = []
    for path in paths:
        split = read_split(path)
        count = len(split.texts) if limit is None else min(limit, len(split.texts))
        texts, sides = split.texts[:count], split.sides[:count]
        labels = classify(texts, sides)
        predicted = np.asarray([LABELS.index(label) for label in labels], dtype=np.int64)
        sets.append(Predictions(path.stem, split.targets[:count], predicted, texts, sides))
    return [*sets, pooled(sets, POOLED)] if len(sets) > 1 else sets


def pooled(sets: list[Predictions], name: str) -> Predictions:
    """Several sets' rows as one."""
    return Predictions(
        name,
        np.concatenate([s.truth for s in sets]),
        np.concatenate([s.predicted for s in sets]),
        [t for s in sets for t in s.texts],
        [side for s in sets for side in s.sides],
    )


def against_settled_labels(
    paths: list[Path], found: list[Predictions], relabel: Path = RELABEL
) -> list[Predictions]:
    """The same predictions scored against the labels two readers settled on (`relabel/`), for every
    held-out file that has a second reading, then pooled; empty when none has."""
    settled = []
    for path, predictions in zip(paths, found, strict=False):
        twin = adjudicated_twin(path, relabel)
        if twin is None:
            continue
        readers = read_readers(twin, path)
        truth = readers.settled[: len(predictions.truth)]
        settled.append(
            Predictions(
                f"{path.stem}_settled", truth, predictions.predicted, predictions.texts, predictions.sides
            )
        )
    return [*settled, pooled(settled, f"{POOLED}_settled")] if len(settled) > 1 else settled


def reader_agreement(paths: list[Path], relabel: Path = RELABEL) -> list[str]:
    """How the blind second reader's labels compare with the first reader's, file by file and pooled: the
    per-class precision and recall a careful human reaches against the first labels, and Cohen's kappa."""
    read = {
        path.stem: read_readers(twin, path) for path in paths if (twin := adjudicated_twin(path, relabel))
    }
    if len(read) > 1:
        read[POOLED] = pool_readers(list(read.values()))
    return [agreement_line(name, readers) for name, readers in read.items()]


def risk_errors(found: Predictions) -> list[str]:
    """The set's risk false alarms and misses: true -> predicted [side] text."""
    risk = LABELS.index("risk")
    wrong = (found.truth != found.predicted) & ((found.truth == risk) | (found.predicted == risk))
    return [
        f"{LABELS[found.truth[i]]} -> {LABELS[found.predicted[i]]} [{found.sides[i]}] {found.texts[i]}"
        for i in np.flatnonzero(wrong)
    ]


def add_scores(result: SuiteResult, found: Predictions) -> None:
    """Per-class precision and recall (against the issue's bar) and F1, macro-F1, the confusion matrix."""
    scores = per_class(found.predicted, found.truth)
    result.add(Metric(f"{found.name}.macro_f1", macro_f1(scores), None, "", n=len(found.truth)))
    for label, s in scores.items():
        n = int(s["support"])
        result.add(Metric(f"{found.name}.{label}_precision", s["precision"], MUST, "must (issue 15)", n=n))
        result.add(Metric(f"{found.name}.{label}_recall", s["recall"], MUST, "must (issue 15)", n=n))
        result.add(Metric(f"{found.name}.{label}_f1", s["f1"], None, "", n=n))
    result.notes.append(
        f"{found.name}: confusion, rows true and columns predicted in the order {', '.join(LABELS)}: "
        f"{confusion(found.predicted, found.truth)}"
    )


def run(ctx: EvalContext) -> SuiteResult:
    """Classify every held-out sentence (with who said it) with the account summary's classifier
    (`Services.sentence_labeller`) and score each held-out file and their pool."""
    result = SuiteResult("sentences")

    def classify(texts: list[str], sides: list[str]) -> list[str]:
        labels = classify_sentences(
            texts, ctx.services.sentence_model, ctx.services.sentence_labeller, sides=sides
        )
        return [lab.label for lab in labels]

    paths = held_out_files()
    found = predict_held_out(paths, classify, ctx.limit)
    for predictions in found + against_settled_labels(paths, found):
        result.details[predictions.name] = len(predictions.truth)
        add_scores(result, predictions)
        if predictions.name in {path.stem for path in paths}:
            errors = risk_errors(predictions)
            result.examples.append(f"{predictions.name}: risk errors ({len(errors)})\n" + "\n".join(errors))
    result.notes.extend(reader_agreement(paths))
    result.notes.append(
        "Held-out sets: evals/sentence_data/eval*.jsonl, each classified on its own, then pooled (see "
        "the README for their sources and how they are kept apart from the training rows: train.jsonl "
        "and the round6 files; the other round files are outside training too). eval3.jsonl holds every "
        "sentence of authored account records (emails, calls, tickets, notes) split as the product splits "
        "them (evals/sentence_data/round13/). Evaluation only: never tuned "
        "on. `*_settled`: the same predictions against the labels two blind readers settled on, a third "
        "reader choosing where they differed (evals/sentence_data/relabel/)."
    )
    return result
