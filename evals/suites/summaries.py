"""summaries: DialogSum test and held-out TweetSumm chats through the production call-summary path ->
ROUGE-1/2/L (max over the references) beside lead-2; and action-item precision/recall against the
sample CRM's planted call commitments."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from statistics import mean
from typing import Any

from connectors.base import AccountRecord
from copilot.errors import CopilotError
from copilot.ingest.calls import ingest_transcript
from copilot.ingest.pipeline import IngestPipeline
from copilot.tools.summarize_call import summarize_call
from evals.scoring import content_words, prf, rouge_implementation, rouge_max
from evals.suites.common import account_ids
from evals.suites.dialogsum import as_transcript, lead_summary, read_dialogsum
from evals.suites.tweetsumm import chat_lead, chat_transcript, read_tweetsumm, split
from evals.types import EvalContext, Metric, SuiteResult

DEFAULT_DIALOGUES = 500
DEFAULT_CHATS = 100
DEFAULT_CALLS = 12
EVAL_ACCOUNT = "EVAL-DIALOGSUM"
# DialogSum's published reference point (BART-large vs summary1), from the data README.
PUBLISHED = {"rouge1": 45.95, "rouge2": 21.36, "rougeL": 38.72}
MATCH_OVERLAP = 0.5
ROUGE_KEYS = ("rouge1", "rouge2", "rougeL")


class Case:
    """One transcript to summarise: a file name, the transcript text, its references and lead baseline."""

    def __init__(self, name: str, transcript: str, references: list[str], lead: str) -> None:
        self.name, self.transcript, self.references, self.lead = name, transcript, references, lead


def _eval_account(ctx: EvalContext) -> int:
    """A dedicated account for the dialogues, so they never mix into the sample's accounts."""
    record = AccountRecord(crm_id=EVAL_ACCOUNT, name="Summaries evaluation", raw_ref="evals")
    IngestPipeline(ctx.services, origin="evals:summaries").run([record])
    return account_ids(ctx.services)[EVAL_ACCOUNT]


def _summaries(ctx: EvalContext, label: str, cases: list[Case], result: SuiteResult) -> dict[str, str]:
    """Each case written as a transcript file, ingested and summarised as `copilot summarize-call` does."""
    assert ctx.sample_dir is not None
    account_id = _eval_account(ctx)
    work = ctx.sample_dir.parent / label
    work.mkdir(parents=True, exist_ok=True)
    found: dict[str, str] = {}
    for case in ctx.track(f"summaries: {label}", cases, len(cases)):
        path = work / f"{case.name}.txt"
        path.write_text(case.transcript, encoding="utf-8")
        try:
            draft = summarize_call(ctx.services, ingest_transcript(ctx.services, path, account_id))
        except CopilotError as exc:
            result.errors.append(f"{label}/{case.name}: {exc}")
            continue
        found[case.name] = str((draft.structured or {})["summary"]["text"])
    return found


def _rouge(pairs: list[tuple[str, list[str]]]) -> dict[str, float]:
    scores = [rouge_max(candidate, refs) for candidate, refs in pairs]
    return {k: mean(s[k] for s in scores) * 100 for k in ROUGE_KEYS} if scores else {}


def _score_corpus(
    ctx: EvalContext, label: str, cases: list[Case], result: SuiteResult, name: Callable[[str], str]
) -> None:
    ours_by_case = _summaries(ctx, label, cases, result)
    scored = [c for c in cases if c.name in ours_by_case]
    ours = _rouge([(ours_by_case[c.name], c.references) for c in scored])
    lead = _rouge([(c.lead, c.references) for c in scored])
    for key in ROUGE_KEYS:
        anchor = f"lead-2 on the same {label}" + (
            f"; BART-large {PUBLISHED[key]}" if label == "dialogsum" else ""
        )
        result.add(Metric(name(f"model_{key}"), ours.get(key), lead.get(key), anchor, n=len(scored)))
        result.add(
            Metric(name(f"lead_{key}"), lead.get(key), None, "first 2 transcript lines", n=len(scored))
        )
    if ours.get("rougeL") and lead.get("rougeL"):
        result.details[f"{label}_rougeL_gain_over_lead"] = round(ours["rougeL"] / lead["rougeL"] - 1, 4)


def _dialogsum_cases(ctx: EvalContext) -> list[Case]:
    dialogues = ctx.take(read_dialogsum(ctx.data / "dialogsum" / "dialogsum.test.jsonl"), DEFAULT_DIALOGUES)
    return [
        Case(d.fname, as_transcript(d.dialogue), d.references, lead_summary(d.dialogue)) for d in dialogues
    ]


def _tweetsumm_cases(ctx: EvalContext) -> list[Case]:
    _, held_out = split(read_tweetsumm(ctx.data / "tweetsumm" / "train200.jsonl"))
    chats = ctx.take(held_out, DEFAULT_CHATS)
    return [
        Case(f"tweetsumm-{c.conversation_id}", chat_transcript(c), c.references, chat_lead(c)) for c in chats
    ]


def _rouge_metrics(ctx: EvalContext, result: SuiteResult) -> None:
    _score_corpus(ctx, "dialogsum", _dialogsum_cases(ctx), result, lambda n: n)
    _score_corpus(ctx, "tweetsumm", _tweetsumm_cases(ctx), result, lambda n: f"tweetsumm_{n}")
    result.details.update(
        lead="first 2 transcript lines",
        rouge=rouge_implementation(),
        writer=ctx.services.settings.call_summary_writer,
        provider=ctx.services.settings.llm_provider,
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
            account_id = accounts[gold[0]["account_crm_id"]]
            draft = summarize_call(
                ctx.services, ingest_transcript(ctx.services, ctx.sample_dir / ref, account_id)
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
        "Summaries come from the production path of `copilot summarize-call` (each dialogue written as a "
        "transcript file - DialogSum as `Person1: text`, TweetSumm as `Customer: text` / `Agent: text` - "
        "ingested into a dedicated eval account, then copilot.tools.summarize_call). ROUGE F1 is the max "
        "over the references (DialogSum summary1..3, TweetSumm 1-5), computed with Google's rouge-score "
        "(Porter stemming) when installed, else our own. Lead-2 is the first two transcript lines verbatim.",
        "Tuning: the extractive summary's weights and word budget were tuned on DialogSum dev (500) and the "
        "first 100 TweetSumm chats; DialogSum test and TweetSumm chats 101-200 were not looked at while "
        "tuning.",
        f"An action item matches a planted commitment when >= {MATCH_OVERLAP:.0%} of the commitment's "
        "content words (5-letter prefixes) appear in it.",
    ]
    return result
