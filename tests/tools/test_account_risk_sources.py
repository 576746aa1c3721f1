"""Which sentences may become an account risk: the customer's own words or our internal records,
never what our side said to the customer (a renewal proposal, a call's agenda)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from copilot.tools.account_risk_items import can_raise_risk
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence

WHEN = datetime(2026, 10, 28, tzinfo=UTC)


def _sentence(side: str, kind: str) -> Sentence:
    text = "The main topic today is the renewal."
    return Sentence(text, text, side, 1, WHEN, kind)


@pytest.mark.parametrize("kind", ["email", "call", "chat"])
def test_our_words_to_the_customer_are_never_a_risk(kind: str) -> None:
    assert not can_raise_risk(_sentence(OURS, kind))
    assert can_raise_risk(_sentence(CUSTOMER, kind))


@pytest.mark.parametrize("kind", ["note", "meeting"])
def test_our_internal_records_can_carry_a_risk(kind: str) -> None:
    # An escalation the account team logged ("P1 complaint escalated") is a risk a manager must see.
    assert can_raise_risk(_sentence(OURS, kind))


def test_a_tickets_status_line_is_never_a_risk_its_report_is() -> None:
    # "Next step: Escalated to the engineering lead; the account owner will update the customer." is our
    # note on handling the customer's report; the report (the complaint) is the risk, cited once.
    assert not can_raise_risk(_sentence(OURS, "ticket"))
    assert can_raise_risk(_sentence(CUSTOMER, "ticket"))
