"""tone: GoEmotions test mapped to our inbound labels, and the hand-labelled inbound/outbound sets,
through the production flag_tone -> macro-F1 and per-label precision/recall."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from copilot.tone.goemotions import INBOUND_MAPPING, read_split
from copilot.tone.labelled import LabelledText, evaluate, load_labelled
from copilot.tone.metrics import LabelScores, macro_f1, scores_from_counts
from copilot.tone.report import InboundLabel, OutboundLabel
from copilot.tools.flag_tone import flag_tone
from evals.types import EvalContext, Metric, SuiteResult

DEFAULT_GOEMOTIONS = 2000
TONE_DATA = Path(__file__).resolve().parent.parent / "tone_data"
# GoEmotions BERT macro-F1 on Ekman's 6 groups (published); our mapping is one coarser binary label.
GOEMOTIONS_ANCHOR = 62.4 / 100


def _labels(ctx: EvalContext, text: str, direction: Literal["inbound", "outbound"]) -> set[str]:
    return flag_tone(text, direction, ctx.services.embeddings).label_names()


def _goemotions(ctx: EvalContext, result: SuiteResult) -> None:
    limit = ctx.limit if ctx.limit is not None else DEFAULT_GOEMOTIONS
    split = read_split(ctx.data / "goemotions", "test", limit=limit)
    labels = list(INBOUND_MAPPING)
    counts = {name: [0, 0, 0] for name in [*labels, *(f"not_{label}" for label in labels)]}
    for i, text in enumerate(ctx.track("tone: GoEmotions", split.texts, len(split.texts))):
        predicted = _labels(ctx, text, "inbound") if text.strip() else set()
        for j, label in enumerate(labels):
            truth, hit = bool(split.targets[i, j] > 0.5), label in predicted
            # Scored as two classes (label / not label) so macro-F1 is not just the positive class.
            for name, t, h in ((label, truth, hit), (f"not_{label}", not truth, not hit)):
                _count(counts[name], truth=t, predicted=h)
    scores = {name: scores_from_counts(*c) for name, c in counts.items()}
    result.details["goemotions_texts"] = len(split.texts)
    result.add(
        Metric(
            "goemotions_macro_f1",
            macro_f1(scores),
            GOEMOTIONS_ANCHOR,
            "BERT Ekman-6 macro-F1 (published, different label set)",
            n=len(split.texts),
        )
    )
    _per_label(result, "goemotions", scores)


def _count(slots: list[int], *, truth: bool, predicted: bool) -> None:
    """Add one decision to [tp, fp, fn]."""
    if predicted:
        slots[0 if truth else 1] += 1
    elif truth:
        slots[2] += 1


def _per_label(result: SuiteResult, prefix: str, scores: dict[str, LabelScores]) -> None:
    for label, s in scores.items():
        result.add(Metric(f"{prefix}_{label}_precision", s.precision, None, "", n=s.support))
        result.add(Metric(f"{prefix}_{label}_recall", s.recall, None, "", n=s.support))


def _hand_labelled(ctx: EvalContext, result: SuiteResult, direction: Literal["inbound", "outbound"]) -> None:
    rows: list[LabelledText] = load_labelled(TONE_DATA / f"{direction}.jsonl")
    rows = rows if ctx.limit is None else rows[: ctx.limit]
    labels = get_args(InboundLabel) if direction == "inbound" else get_args(OutboundLabel)
    tracked = list(ctx.track(f"tone: {direction} set", rows, len(rows)))
    scores = evaluate(tracked, lambda text: _labels(ctx, text, direction), labels)
    present = {k: v for k, v in scores.items() if v.support}
    fine = [r for r in tracked if not r.labels]
    false_alarms = sum(1 for r in fine if _labels(ctx, r.text, direction))
    result.details[f"{direction}_texts"] = len(rows)
    result.add(Metric(f"{direction}_macro_f1", macro_f1(present), None, "labels with support", n=len(rows)))
    result.add(
        Metric(
            f"{direction}_fine_flagged",
            false_alarms / len(fine) if fine else None,
            0.0,
            "texts labelled fine that got any flag",
            higher_is_better=False,
            n=len(fine),
        )
    )
    _per_label(result, direction, present)


def run(ctx: EvalContext) -> SuiteResult:
    """GoEmotions (mapped) plus the repo's hand-labelled inbound and outbound sets."""
    result = SuiteResult("tone")
    _goemotions(ctx, result)
    _hand_labelled(ctx, result, "inbound")
    _hand_labelled(ctx, result, "outbound")
    result.notes.append(
        "GoEmotions test texts are labelled frustrated when any of "
        f"{', '.join(INBOUND_MAPPING['frustrated'])} is gold; macro-F1 averages the frustrated and "
        "not-frustrated classes. The hand-labelled sets are evals/tone_data/*.jsonl."
    )
    return result
