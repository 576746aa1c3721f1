"""Which facts compact mode would state for each drafting scenario of the sample, without a chat model.

In compact mode the letter's facts are chosen and restated before the model writes its short parts, so
this probe runs exactly that path (retrieval, `draft_email._facts`, `draft_compact.letter_facts`) and
judges the restated facts with the drafting suite's own `fact_used`. It prints each scenario's planted
facts, the candidates and the restated sentences, then the planted-facts-used ratio over them.

    python scripts/fact_choice_probe.py --data-dir /tmp/probe   # loads the sample on first use
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Draft
from copilot.sample.load import answer_key, load_sample
from copilot.tools import draft_email
from copilot.tools.draft_compact import letter_facts
from evals.suites.common import account_ids, contact_ids
from evals.suites.drafting import INTERNAL_SOURCES, fact_used

Ids = tuple[dict[str, int], dict[str, int]]


def _restated(services: Services, scenario: dict[str, Any], ids: Ids) -> str:
    accounts, contacts = ids
    request = draft_email.EmailRequest(
        account_id=accounts[scenario["account_crm_id"]],
        purpose=scenario["purpose"],
        contact_id=contacts.get(scenario.get("contact_crm_id") or ""),
    )
    opened = draft_email.request_email(services, request)
    with services.sessions() as session:
        draft = session.get_one(Draft, opened.id)
        audience = draft_email._audience(session, draft, services.settings.company_name)
    context = draft_email._retrieve(services, draft, None)
    candidates = draft_email._facts(services, context, context.query, True)
    chosen, _ = letter_facts(candidates, context, audience)
    for fact in chosen:
        print(f"  -> {fact.text}")
    # The letter is signed by our sender: a restated "I will…" of theirs keeps its name there.
    return "\n\n".join([*(fact.text for fact in chosen), audience.sender])


def main() -> None:
    """Load the sample once into --data-dir, then print every drafted scenario's facts and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    data = parser.parse_args().data_dir
    fresh = not (data / "sample").exists()
    services = Services(load_settings(data_dir=data))
    if fresh:
        services.migrate()
        load_sample(services, data / "sample")
    key = answer_key(data / "sample")
    facts = {f["id"]: f for f in key["facts"]}
    ids = (account_ids(services), contact_ids(services))
    used = expected = 0
    for scenario in (s for s in key["scenarios"] if not s["expect_refusal"]):
        print(f"\n{scenario['id']} · {scenario['purpose']} · {scenario['language']}")
        text = _restated(services, scenario, ids)
        for fact_id in scenario["expected_fact_ids"]:
            fact = facts[fact_id]
            if fact.get("source") in INTERNAL_SOURCES:
                print(f"  planted {fact_id} (internal {fact.get('source')}, not expected): {fact['text']}")
                continue
            hit = fact_used(fact, text, scenario["language"])
            used, expected = used + hit, expected + 1
            print(f"  planted {fact_id} ({fact.get('source')}) used={hit}: {fact['text']}")
    print(f"\nplanted facts used: {used}/{expected} = {used / max(expected, 1):.3f}")


if __name__ == "__main__":
    main()
