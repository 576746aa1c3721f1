"""`copilot account-summary` prints each open issue with what it is waiting on, or when it was raised."""

from __future__ import annotations

from copilot.cli.context import console
from copilot.cli.tools import _show_items
from copilot.summaries import SummaryItem


def test_an_open_issue_without_a_status_says_when_and_by_whom_it_was_raised() -> None:
    # "Half of the team works in a different time zone and cannot join live. [8]" read as undated and
    # without a status (a manager's reading, 2026-12-07).
    items = [
        SummaryItem(text="Half of the team cannot join live.", citations=[8], date="2026-07-06",
                    speaker="Trevor"),
        SummaryItem(text="Can you confirm where our data is stored?", citations=[7], date="2026-05-21",
                    awaiting_reply_since="2026-05-21"),
    ]  # fmt: skip
    with console.capture() as captured:
        _show_items("open issues", items)
    shown = captured.get()
    assert "raised 2026-07-06 by Trevor: Half of the team cannot join live. [8]" in shown
    assert (
        "waiting on our reply since 2026-05-21: Can you confirm" in shown and "raised 2026-05-21" not in shown
    )
