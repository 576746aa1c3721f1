"""Score the drafting suite's drafts that have finished so far in a data dir, with the suite's own checks.

On the shared machine at load ~20 one compact draft takes 5-10 minutes, so a full `drafting` run may
not end before a deadline. This reads the drafts `scripts/eval_loaded_sample.py` (or the suite) has
already completed in `--data-dir`, matches each to its scenario (account, purpose), re-plans the same
internal notes (`plan_notes` is deterministic per account list and day) and scores them with
`evals.suites.drafting._score_draft`, then prints the metrics and every draft in full.

    python scripts/score_finished_drafts.py --data-dir /tmp/run
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Draft
from copilot.sample.load import answer_key
from evals.suites.common import account_ids
from evals.suites.drafting import _score_draft
from evals.suites.drafting_metrics import add_metrics, example_block
from evals.suites.internal_notes import plan_notes
from evals.types import EvalContext, SuiteResult


def main() -> None:
    """Score every finished drafting-suite draft in the dir; print metrics and drafts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--after-id", type=int, default=0, help="ignore drafts up to this id (earlier runs)")
    args = parser.parse_args()
    services = Services(load_settings(data_dir=args.data_dir))
    key = answer_key(args.data_dir / "sample")
    ctx = EvalContext(services, args.data_dir, args.data_dir / "sample", key)
    accounts = account_ids(services)
    scenarios = [s for s in key["scenarios"] if not s["expect_refusal"]]
    drafted = sorted({accounts[s["account_crm_id"]] for s in key["scenarios"] if not s["expect_refusal"]})
    notes = {n.account_id: n for n in plan_notes(drafted)}
    tally: Counter[str] = Counter()
    result = SuiteResult("drafting (finished drafts only)")
    blocks = []
    with services.sessions() as session:
        done = session.scalars(
            select(Draft).where(Draft.id > args.after_id, Draft.status == "pending_review").order_by(Draft.id)
        ).all()
        for scenario in scenarios:
            account = accounts[scenario["account_crm_id"]]
            draft = next(
                (d for d in done if d.account_id == account and d.purpose == scenario["purpose"]), None
            )
            if draft is None:
                continue
            tally["drafts"] += 1
            _score_draft(ctx, scenario, draft, notes.get(account), tally)
            blocks.append(example_block(scenario, draft))
    add_metrics(result, tally)
    print(f"drafts scored: {tally['drafts']} of {len(scenarios)} scenarios")
    for metric in result.metrics:
        value = "n/a" if metric.value is None else f"{metric.value:.3f}"
        print(f"| {metric.name} | {value} | {metric.anchor_note} | {metric.n} |")
    for block in blocks:
        print(f"\n```text\n{block}\n```")


if __name__ == "__main__":
    main()
