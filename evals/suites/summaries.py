"""summaries: DialogSum test through summarize_call -> ROUGE-1/2/L (max over 3 references) beside a lead
baseline; and action-item precision/recall against the sample CRM's planted call commitments."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any

from connectors.base import AccountRecord
from copilot.errors import CopilotError
from copilot.ingest.pipeline import IngestPipeline
from copilot.tools.summarize_call import summarize_call
from evals.scoring import content_words, prf, rouge_implementation, rouge_max
from evals.suites.common import account_ids
from evals.suites.dialogsum import Dialogue, as_transcript, lead_summary, read_dialogsum
from evals.types import EvalContext, Metric, SuiteResult

DEFAULT_DIALOGUES = 30
DEFAULT_CALLS = 12
EVAL_ACCOUNT = "EVAL-DIALOGSUM"
# DialogSum's published reference point (BART-large vs summary1), from the data README.
PUBLISHED = {"rouge1": 45.95, "rouge2": 21.36, "rougeL": 38.72}
MATCH_OVERLAP = 0.5


def _eval_account(ctx: EvalContext) -> int:
    """A dedicated account for the dialogues, so they never mix into the sample's accounts."""
    record = AccountRecord(crm_id=EVAL_ACCOUNT, name="DialogSum evaluation", raw_ref="evals")
    IngestPipeline(ctx.services, origin="evals:dialogsum").run([record])
    return account_ids(ctx.services)[EVAL_ACCOUNT]


def _model_summaries(
    ctx: EvalContext, dialogues: list[Dialogue], work: Path, result: SuiteResult
) -> dict[str, str]:
    account_id = _eval_account(ctx)
    work.mkdir(parents=True, exist_ok=True)
    found: dict[str, str] = {}
    replaced = 0
    for d in ctx.track("summaries: DialogSum", dialogues, len(dialogues)):
        path = work / f"{d.fname}.txt"
        path.write_text(as_transcript(d.dialogue), encoding="utf-8")
        try:
            draft = summarize_call(ctx.services, path, account_id=account_id)
        except CopilotError as exc:
            result.errors.append(f"{d.fname}: {exc}")
            continue
        found[d.fname] = str((draft.structured or {})["summary"]["text"])
        replaced += "summary" in ((draft.timings or {}).get("template_fields") or [])
    result.details["model_summaries_replaced_by_fallback"] = replaced
    return found


def _rouge(pairs: list[tuple[str, list[str]]]) -> dict[str, float]:
    scores = [rouge_max(candidate, refs) for candidate, refs in pairs]
    return {k: mean(s[k] for s in scores) * 100 for k in ("rouge1", "rouge2", "rougeL")} if scores else {}


def _rouge_metrics(ctx: EvalContext, result: SuiteResult) -> None:
    dialogues = read_dialogsum(ctx.data / "dialogsum" / "dialogsum.test.jsonl")
    subset = ctx.take(dialogues, DEFAULT_DIALOGUES)
    lead_all = dialogues  # cheap, so always the whole test split
    assert ctx.sample_dir is not None
    model = _model_summaries(ctx, subset, ctx.sample_dir.parent / "dialogsum", result)
    scored = [d for d in subset if d.fname in model]
    ours = _rouge([(model[d.fname], d.references) for d in scored])
    lead_same = _rouge([(lead_summary(d.dialogue), d.references) for d in scored])
    lead_full = _rouge([(lead_summary(d.dialogue), d.references) for d in lead_all])
    result.details.update(
        dialogues_model=len(scored),
        dialogues_lead=len(lead_all),
        lead="first 2 turns",
        rouge=rouge_implementation(),
    )
    for key in ("rouge1", "rouge2", "rougeL"):
        result.add(
            Metric(
                f"model_{key}",
                ours.get(key),
                lead_same.get(key),
                f"lead on the same dialogues; BART-large {PUBLISHED[key]}",
                n=len(scored),
            )
        )
        result.add(
            Metric(f"lead_{key}", lead_same.get(key), PUBLISHED[key], "BART-large (published)", n=len(scored))
        )
        result.add(
            Metric(
                f"lead_all_{key}",
                lead_full.get(key),
                PUBLISHED[key],
                "BART-large (published)",
                n=len(lead_all),
            )
        )


def _matches(action: str, predicted: str) -> bool:
    gold = {w[:5] for w in content_words(action)}
    said = {w[:5] for w in content_words(predicted)}
    return bool(gold) and len(gold & said) / len(gold) >= MATCH_OVERLAP


def _action_metrics(ctx: EvalContext, result: SuiteResult) -> None:
    assert ctx.sample_dir is not None
    by_call: dict[str, list[dict[str, Any]]] = {}
    for item in ctx.key["call_commitments"]:
        by_call.setdefault(item["call_ref"], []).append(item)
    calls = ctx.take(sorted(by_call), DEFAULT_CALLS)
    accounts = account_ids(ctx.services)
    tally: Counter[str] = Counter()
    for ref in ctx.track("summaries: call actions", calls, len(calls)):
        gold = by_call[ref]
        try:
            draft = summarize_call(
                ctx.services, ctx.sample_dir / ref, account_id=accounts[gold[0]["account_crm_id"]]
            )
        except (CopilotError, KeyError) as exc:
            result.errors.append(f"{ref}: {type(exc).__name__}: {exc}")
            continue
        predicted = [str(i.get("text", "")) for i in (draft.structured or {}).get("action_items", [])]
        tally["tp_pred"] += sum(any(_matches(g["action"], p) for g in gold) for p in predicted)
        tally["predicted"] += len(predicted)
        tally["tp_gold"] += sum(any(_matches(g["action"], p) for p in predicted) for g in gold)
        tally["gold"] += len(gold)
    precision = prf(tally["tp_pred"], tally["predicted"] - tally["tp_pred"], 0)[0]
    recall = prf(tally["tp_gold"], 0, tally["gold"] - tally["tp_gold"])[1]
    result.details["calls"] = len(calls)
    result.add(
        Metric("action_item_precision", precision, 1.0, "planted call commitments", n=tally["predicted"])
    )
    result.add(Metric("action_item_recall", recall, 1.0, "planted call commitments", n=tally["gold"]))


def run(ctx: EvalContext) -> SuiteResult:
    """ROUGE of the production summaries against DialogSum, and action items against the sample key."""
    result = SuiteResult("summaries")
    _rouge_metrics(ctx, result)
    _action_metrics(ctx, result)
    result.notes += [
        "Summaries come from the production tool copilot.tools.summarize_call (each dialogue written as a "
        "`Person1: text` transcript and ingested into a dedicated eval account). ROUGE F1 is the max over "
        "summary1..3, computed with Google's rouge-score (Porter stemming) when installed, else our own.",
        f"An action item matches a planted commitment when >= {MATCH_OVERLAP:.0%} of the commitment's "
        "content words (5-letter prefixes) appear in it.",
    ]
    return result
