"""retrieval: the answer key's fact questions -> recall@5, MRR@10 and the foreign-record rate (must be 0)."""

from __future__ import annotations

from typing import Any

from copilot.retrieval import Retriever
from evals.suites.common import account_ids, interactions, squash
from evals.types import EvalContext, Metric, SuiteResult, ratio

DEFAULT_FACTS = 192
DEPTH = 10


def _rank(fact: dict[str, Any], ranked: list[int], texts: dict[int, tuple[int, str]]) -> int | None:
    """1-based rank of the first retrieved interaction whose text states the fact."""
    needle = squash(fact["text"])
    for position, interaction_id in enumerate(ranked, start=1):
        if needle in squash(texts.get(interaction_id, (0, ""))[1]):
            return position
    return None


def run(ctx: EvalContext) -> SuiteResult:
    """Ask every fact question of the account it belongs to; score where the stating record ranks."""
    services = ctx.services
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    accounts = account_ids(services)
    facts = ctx.take(ctx.key["facts"], DEFAULT_FACTS)
    hits5, reciprocal, foreign, returned = 0, 0.0, 0, 0
    result = SuiteResult("retrieval", details={"facts": len(facts), "depth": DEPTH})
    for fact in ctx.track("retrieval", facts, len(facts)):
        account_id = accounts.get(fact["account_crm_id"])
        if account_id is None:
            result.errors.append(f"{fact['id']}: account {fact['account_crm_id']} not loaded")
            continue
        context = retriever.retrieve(account_id, fact["question"], top_k=DEPTH, token_budget=100_000)
        ranked = list(dict.fromkeys(r.interaction_id for r in context.records))
        texts = interactions(services, set(ranked))
        # Checked against the stored row, not the record's own label, so a filter bug cannot hide.
        foreign += sum(
            1 for r in context.records if texts.get(r.interaction_id, (account_id, ""))[0] != account_id
        )
        returned += len(context.records)
        rank = _rank(fact, ranked, texts)
        hits5 += rank is not None and rank <= 5
        reciprocal += 1.0 / rank if rank else 0.0
    n = len(facts) - len(result.errors)
    result.add(Metric("recall@5", ratio(hits5, n), None, "no published anchor; higher is better", n=n))
    result.add(Metric(f"mrr@{DEPTH}", ratio(reciprocal, n), None, "", n=n))
    result.add(
        Metric(
            "foreign_record_rate",
            ratio(foreign, returned),
            0.0,
            "must be 0",
            higher_is_better=False,
            n=returned,
        )
    )
    return result
