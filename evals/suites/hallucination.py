"""hallucination: true sentences from the sample's records, clean and with one planted invented claim,
through the grounding verifier against the record they came from -> precision and recall."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from copilot.db.models import Interaction
from copilot.guards.grounding import SourceText, verify
from evals.scoring import prf
from evals.suites.common import account_ids, squash
from evals.suites.planting import plant
from evals.types import EvalContext, Metric, SuiteResult

DEFAULT_FACTS = 192


def _source(ctx: EvalContext, account_id: int, sentence: str) -> SourceText | None:
    """The stored record of this account that states the sentence."""
    needle = squash(sentence)
    with ctx.services.sessions() as session:
        rows = session.execute(
            select(Interaction.text, Interaction.occurred_at, Interaction.kind).where(
                Interaction.account_id == account_id
            )
        ).all()
    for text, occurred_at, kind in rows:
        if needle in squash(text):
            return SourceText(1, text, occurred_at, str(kind))
    return None


def _judge(fact: dict[str, Any], source: SourceText, used: Counter[str], tally: Counter[str]) -> None:
    language = fact.get("language")
    clean = verify(fact["text"], [source], language=language, now=source.occurred_at)
    tally["fp"] += bool(clean.unsupported)
    planted = plant(fact["text"], used)
    report = verify(planted.text, [source], language=language, now=source.occurred_at)
    hit = any(c.start < planted.end and planted.start < c.end for c in report.unsupported)
    tally["tp"] += hit
    tally["fn"] += not hit
    tally[f"planted_{planted.kind}"] += 1
    tally[f"caught_{planted.kind}"] += hit
    # A flag elsewhere in a planted sentence is a false alarm on the true part of it.
    tally["fp"] += any(not (c.start < planted.end and planted.start < c.end) for c in report.unsupported)


def run(ctx: EvalContext) -> SuiteResult:
    """Verify each fact sentence clean (negative) and planted (positive) against its own record."""
    facts = ctx.take(ctx.key["facts"], DEFAULT_FACTS)
    accounts = account_ids(ctx.services)
    languages = {a["crm_id"]: a["language"] for a in ctx.key["accounts"]}
    tally: Counter[str] = Counter()
    used: Counter[str] = Counter()
    result = SuiteResult("hallucination", details={"facts": len(facts), "texts": 2 * len(facts)})
    for fact in ctx.track("hallucination", facts, len(facts)):
        source = _source(ctx, accounts.get(fact["account_crm_id"], -1), fact["text"])
        if source is None:
            result.errors.append(f"{fact['id']}: no stored record states the fact sentence")
            continue
        _judge({**fact, "language": languages.get(fact["account_crm_id"])}, source, used, tally)
    p, r, f = prf(tally["tp"], tally["fp"], tally["fn"])
    n = tally["tp"] + tally["fn"]
    result.add(
        Metric("verifier_precision", p, 1.0, "flags that hit the planted span", n=tally["tp"] + tally["fp"])
    )
    result.add(Metric("verifier_recall", r, 1.0, "planted claims caught", n=n))
    result.add(Metric("verifier_f1", f, None, "", n=n))
    for kind in ("price", "date", "quantity", "name"):
        planted = tally[f"planted_{kind}"]
        if planted:
            result.add(Metric(f"recall_{kind}", tally[f"caught_{kind}"] / planted, 1.0, "", n=planted))
    result.notes.append(
        "Each fact sentence is verified twice against the record that states it: as is (any flag is a "
        "false positive) and with one invented price, year, seat count or person name (caught when an "
        "unsupported claim overlaps the planted span)."
    )
    return result
