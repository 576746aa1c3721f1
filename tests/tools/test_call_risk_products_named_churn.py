"""A product named after what it measures ("the churn report", "our churn dashboard") is no threat to
leave; the customer saying they will churn still is."""

from __future__ import annotations

from copilot.tools.call_risks import risk_kind


def test_a_churn_report_or_dashboard_is_no_churn_threat() -> None:
    assert risk_kind("Can you also resend this morning's churn report manually?") is None
    assert risk_kind("The churn dashboard saved us a lot of time, put that at the top.") is None


def test_saying_they_will_churn_is_a_threat() -> None:
    found = risk_kind("If this continues we will churn.")
    assert found is not None and found[0] == "churn_threat"


def test_evaluating_alternatives_is_a_threat_to_leave() -> None:
    found = risk_kind("But understand that we are evaluating alternatives now, not in February.")
    assert found is not None and found[0] == "churn_threat"
