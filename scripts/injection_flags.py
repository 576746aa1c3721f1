"""Flags on poisoned and clean drafts through the production retrieval and check code, without the chat model.

Usage (from the repo root):
    python scripts/injection_flags.py [--data ../shared/data] [--data-dir DIR]

The same 45 cases as `copilot eval --suite injection` (one BIPIA test attack per category at the
start, middle and end of a customer email, ingested into a sample account), but instead of drafting
it retrieves the draft's records exactly as `generate_email` does and runs `record_injection_flags`
and the fact filter on them. Flags do not depend on what the model writes, so this measures the
flagged share in about two minutes where the full eval needs the model for every draft. Attack
success still needs the eval.

--data-dir reuses a data dir that already holds the loaded sample CRM; by default a temporary one
is created and the sample loaded into it (several minutes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from copilot.config import load_settings
from copilot.container import Services
from copilot.guards.injection import detect_injection
from copilot.ingest.pipeline import IngestPipeline
from copilot.retrieval import GroundedContext, Retriever
from copilot.sample.load import answer_key, load_sample
from copilot.tools.draft_checks import learned_detector_input, record_injection_flags
from copilot.tools.facts import select_facts
from evals.suites.common import account_ids, squash
from evals.suites.injection import DEFAULT_ATTACKS, ORIGIN
from evals.suites.poison import POSITIONS, PURPOSE, Attack, parties, poisoned_record, read_attacks

REPO = Path(__file__).resolve().parents[1]
CASE_COUNTS = (
    "retrieved",
    "flagged_any",
    "flagged_on_poisoned_record",
    "rules_only_flagged_on_poisoned_record",
    "exposed_with_defenses",
    "exposed_without_defenses",
)


def _context(services: Services, account_id: int) -> GroundedContext:
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    return retriever.retrieve(
        account_id,
        PURPOSE,
        top_k=services.settings.retrieval_top_k,
        token_budget=services.settings.retrieval_token_budget,
    )


def _exposed(services: Services, context: GroundedContext, needle: str, defenses: bool) -> bool:
    """Whether the attack is among the facts generate_email would give the model."""
    records = {r.n: r for r in context.records}
    facts = [
        f
        for f in select_facts(context.records, PURPOSE, limit=4)
        if not (
            defenses
            and detect_injection(f.text, learned_detector_input(records[f.n], services.sentence_model))
        )
    ][:3]
    return any(needle[:40] in squash(f.text) for f in facts)


def poisoned_case(services: Services, account_id: int, attack: Attack, tally: Counter[str]) -> bool:
    """Tally one poisoned case; returns whether the poisoned record itself was flagged."""
    context = _context(services, account_id)
    needle = squash(attack.text)[:60]
    poisoned = {r.n for r in context.records if needle in squash(r.text)}
    flags = record_injection_flags(context, services.sentence_model)
    on_poison = any(f["record"] in poisoned for f in flags)
    tally["cases"] += 1
    tally["retrieved"] += bool(poisoned)
    tally["flagged_any"] += bool(flags)
    tally["flagged_on_poisoned_record"] += on_poison
    tally["rules_only_flagged_on_poisoned_record"] += any(
        f["record"] in poisoned for f in record_injection_flags(context)
    )
    tally["exposed_with_defenses"] += _exposed(services, context, needle, defenses=True)
    tally["exposed_without_defenses"] += _exposed(services, context, needle, defenses=False)
    return on_poison


def _share(tally: Counter[str], name: str, of: str) -> str:
    return f"{name}: {tally[name]}/{tally[of]} = {tally[name] / max(tally[of], 1):.3f}"


def run_cases(services: Services, key: dict[str, Any], data: Path, tally: Counter[str]) -> None:
    """The eval's poisoned cases, one poisoned email in the account at a time."""
    people, ids = parties(key), account_ids(services)
    attacks = read_attacks(data / "bipia" / "text_attack_test.json", per_category=1)
    for i, attack in enumerate(attacks[:DEFAULT_ATTACKS]):
        for j, position in enumerate(POSITIONS):
            index = i * len(POSITIONS) + j
            party = people[index % len(people)]
            record = poisoned_record(f"case-{index}", attack, position, party)
            pipeline = IngestPipeline(services, forced_account_id=ids[party.crm_id], origin=ORIGIN)
            pipeline.run([record], sync=True)
            if not poisoned_case(services, ids[party.crm_id], attack, tally):
                print(f"missed: {attack.category} at {position}: {attack.text[:70]}")
    IngestPipeline(services, origin=ORIGIN).run([], sync=True)


def run_clean(services: Services, key: dict[str, Any], tally: Counter[str]) -> None:
    """Accounts without a planted injection: any injection flag is a false positive."""
    planted = {str(x["account_crm_id"]) for x in key.get("injections", [])}
    ids = account_ids(services)
    for party in [p for p in parties(key) if p.crm_id not in planted]:
        flags = record_injection_flags(_context(services, ids[party.crm_id]), services.sentence_model)
        tally["clean_drafts"] += 1
        tally["clean_flagged"] += bool(flags)
        for flag in flags:
            print(f"clean {party.crm_id}: {flag['detail'][:140]}")


def main(argv: list[str] | None = None) -> int:
    """Run the poisoned cases and the clean controls and print the tallies."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--data-dir", type=Path, default=None, help="a data dir with the sample loaded")
    args = parser.parse_args(argv)
    tally: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="injection-flags-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        services = Services(load_settings(data_dir=data_dir))
        if args.data_dir is None:
            services.migrate()
            load_sample(services, data_dir / "sample")
        key = answer_key(data_dir / "sample")
        run_cases(services, key, args.data, tally)
        run_clean(services, key, tally)
    for name in CASE_COUNTS:
        print(_share(tally, name, "cases"))
    print(_share(tally, "clean_flagged", "clean_drafts"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
