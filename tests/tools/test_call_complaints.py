"""A customer's complaint that no risk word names is read by the two trained models (issue + frustrated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.container import Services
from tests.tools.summary_reading import seeded_account, summarized

HANDOVER_CALL = (
    "Customer: Malik here. Quick heads-up before we talk numbers.\n"
    "Agent: Sure, go ahead.\n"
    "Customer: I am leaving the company at the end of January, so Fiona will own the renewal.\n"
    "Agent: Thanks for telling me. I will set up an intro call with Fiona next week.\n"
    "Customer: Honestly, the sync is still dropping deals, which does not help the case internally.\n"
    "Agent: I will escalate the sync issue to our engineering lead today.\n"
)
CALM_CALL = (
    "Customer: The CSV export is missing two calculated columns since the last release.\n"
    "Agent: Thanks, I will ask engineering to add them back in the next release.\n"
    "Customer: Great, the new dashboard is lovely otherwise.\n"
)


@pytest.fixture
def account_id(services: Services) -> int:
    return seeded_account(services, "C-92")


def test_a_frustrated_problem_report_without_risk_words_is_a_cited_complaint(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    result = summarized(services, tmp_path, HANDOVER_CALL, account_id)
    risks = {tuple(r["utterances"]): r for r in result["structured"]["risks"]}
    assert risks[(3,)]["kind"] == "champion_leaving"
    complaint = risks[(5,)]
    assert complaint["kind"] == "complaint"
    assert complaint["said"] == (
        "The customer says the sync is still dropping deals, which does not help the case internally."
    )
    assert [list(key) for key in risks] == [[3], [5]]  # in the order they were said
    assert 5 in result["structured"]["customer_sentiment"]["utterances"]
    assert "(complaint) [u5]" in result["body"]


def test_a_problem_told_calmly_is_not_a_complaint(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    structured = summarized(services, tmp_path, CALM_CALL, account_id)["structured"]
    assert structured["risks"] == []
