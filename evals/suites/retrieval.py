"""retrieval: fact questions -> recall@5, MRR@10 and the foreign-record rate (must be 0).

Two question sets: the answer key's 192 templated fact questions, and the hand-written paraphrases in
`evals/retrieval_data/paraphrases.jsonl` (other words than the stating sentence; never used for
fitting). Fusion weights are fitted on the accounts of the TRAIN split (`split_of`), so the
templated questions are also scored on the held-out accounts alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.retrieval import Retriever
from evals.suites.common import account_ids, interactions, squash
from evals.types import EvalContext, Metric, SuiteResult, ratio

DEFAULT_FACTS = 192
DEPTH = 10
PARAPHRASES = Path(__file__).resolve().parent.parent / "retrieval_data" / "paraphrases.jsonl"


def split_of(account_crm_id: str) -> str:
    """'train' for every other account of the sample (C-1001, C-1003, ...), else 'test'."""
    return "train" if int(account_crm_id.rsplit("-", 1)[-1]) % 2 == 1 else "test"


def paraphrase_questions(key: dict[str, Any], path: Path = PARAPHRASES) -> list[dict[str, Any]]:
    """The hand-written questions as fact entries (the fact's account and text, the new question)."""
    facts = {fact["id"]: fact for fact in key["facts"]}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if item["fact"] in facts:  # a smaller sample (tests) holds only some of the facts
                out.append({**facts[item["fact"]], "question": item["question"], "paraphrase": True})
    return out


def fact_rank(fact: dict[str, Any], ranked: list[int], texts: dict[int, tuple[int, str]]) -> int | None:
    """1-based rank of the first retrieved interaction whose text states the fact."""
    needle = squash(fact["text"])
    for position, interaction_id in enumerate(ranked, start=1):
        if needle in squash(texts.get(interaction_id, (0, ""))[1]):
            return position
    return None


@dataclass
class Tally:
    """Hits, reciprocal ranks and foreign records over a set of questions."""

    asked: int = 0
    hits5: int = 0
    reciprocal: float = 0.0
    foreign: int = 0
    returned: int = 0

    def add(self, rank: int | None, foreign: int, returned: int) -> None:
        """Count one question."""
        self.asked += 1
        self.hits5 += rank is not None and rank <= 5
        self.reciprocal += 1.0 / rank if rank else 0.0
        self.foreign += foreign
        self.returned += returned

    @property
    def recall5(self) -> float | None:
        """Share of questions whose stating record is in the top 5."""
        return ratio(self.hits5, self.asked)

    @property
    def mrr(self) -> float | None:
        """Mean reciprocal rank at DEPTH."""
        return ratio(self.reciprocal, self.asked)


def ask(
    services: Any, retriever: Retriever, account_id: int, fact: dict[str, Any]
) -> tuple[int | None, int, int]:
    """Ask one question in its account: (rank of the stating record, foreign records, records returned)."""
    context = retriever.retrieve(account_id, fact["question"], top_k=DEPTH, token_budget=100_000)
    ranked = list(dict.fromkeys(r.interaction_id for r in context.records))
    texts = interactions(services, set(ranked))
    # Checked against the stored row, not the record's own label, so a filter bug cannot hide.
    foreign = sum(
        1 for r in context.records if texts.get(r.interaction_id, (account_id, ""))[0] != account_id
    )
    return fact_rank(fact, ranked, texts), foreign, len(context.records)


def score_questions(
    services: Any, retriever: Retriever, questions: list[dict[str, Any]], errors: list[str] | None = None
) -> dict[str, Tally]:
    """Tallies for all questions and per split ('train', 'test')."""
    accounts = account_ids(services)
    tallies = {"all": Tally(), "train": Tally(), "test": Tally()}
    for fact in questions:
        account_id = accounts.get(fact["account_crm_id"])
        if account_id is None:
            if errors is not None:
                errors.append(f"{fact['id']}: account {fact['account_crm_id']} not loaded")
            continue
        outcome = ask(services, retriever, account_id, fact)
        tallies["all"].add(*outcome)
        tallies[split_of(fact["account_crm_id"])].add(*outcome)
    return tallies


def run(ctx: EvalContext) -> SuiteResult:
    """Ask every fact question of the account it belongs to; score where the stating record ranks."""
    services = ctx.services
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    facts = ctx.take(ctx.key["facts"], DEFAULT_FACTS)
    worded_facts = paraphrase_questions(ctx.key)
    paraphrases = ctx.take(worded_facts, len(worded_facts))
    result = SuiteResult(
        "retrieval",
        details={
            "facts": len(facts),
            "paraphrases": len(paraphrases),
            "depth": DEPTH,
            "split": "odd CRM ids train",
        },
    )
    templated = score_questions(
        services, retriever, list(ctx.track("retrieval", facts, len(facts))), result.errors
    )
    worded = score_questions(services, retriever, paraphrases, result.errors)
    n, held = templated["all"].asked, templated["test"].asked
    result.add(Metric("recall@5", templated["all"].recall5, None, "goal >= 0.9", n=n))
    result.add(Metric(f"mrr@{DEPTH}", templated["all"].mrr, None, "goal >= 0.7", n=n))
    result.add(
        Metric(
            "recall@5 held-out accounts",
            templated["test"].recall5,
            None,
            "fusion not fitted on these",
            n=held,
        )
    )
    result.add(Metric(f"mrr@{DEPTH} held-out accounts", templated["test"].mrr, None, "", n=held))
    m = worded["all"].asked
    result.add(Metric("paraphrase recall@5", worded["all"].recall5, None, "goal >= 0.85", n=m))
    result.add(Metric(f"paraphrase mrr@{DEPTH}", worded["all"].mrr, None, "", n=m))
    foreign = templated["all"].foreign + worded["all"].foreign
    returned = templated["all"].returned + worded["all"].returned
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
