"""sentences: the account summary's issue / commitment / risk / other classifier on its held-out,
hand-labelled set (evals/sentence_data/eval.jsonl) -> per-class precision and recall."""

from __future__ import annotations

import numpy as np

from copilot.tools.sentence_classes import LABELS, classify_sentences
from evals.sentences import DATA, macro_f1, per_class, read_split
from evals.types import EvalContext, Metric, SuiteResult

# The bar for every class.
MUST = 0.8


def run(ctx: EvalContext) -> SuiteResult:
    """Classify every held-out sentence (with who said it) with the account summary's classifier
    (`Services.sentence_labeller`) and score it."""
    result = SuiteResult("sentences")
    held_out = read_split(DATA / "eval.jsonl")
    texts = held_out.texts if ctx.limit is None else held_out.texts[: ctx.limit]
    truth = held_out.targets[: len(texts)]
    sides = held_out.sides[: len(texts)]
    labels = classify_sentences(
        texts, ctx.services.sentence_model, ctx.services.sentence_labeller, sides=sides
    )
    predicted = np.asarray([LABELS.index(lab.label) for lab in labels], dtype=np.int64)
    scores = per_class(predicted, truth)
    result.details["sentences"] = len(texts)
    result.add(Metric("macro_f1", macro_f1(scores), None, "", n=len(texts)))
    for label, s in scores.items():
        n = int(s["support"])
        result.add(Metric(f"{label}_precision", s["precision"], MUST, "must (issue 15)", n=n))
        result.add(Metric(f"{label}_recall", s["recall"], MUST, "must (issue 15)", n=n))
    result.notes.append(
        "Held-out set: evals/sentence_data/eval.jsonl (see its README for sources and how it is kept "
        "apart from the training rows: train.jsonl and the round6 files)."
    )
    return result
