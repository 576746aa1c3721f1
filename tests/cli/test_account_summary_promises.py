"""The readable account summary says when each commitment is due the way the web page does: "due <date>",
"OVERDUE (due <date>)" or "no date", never "due -" (which read as a date nobody could find)."""

from __future__ import annotations

from copilot.cli.context import console
from copilot.cli.tools import _show_promises
from copilot.summaries import SummaryItem


def test_each_commitment_says_when_it_is_due() -> None:
    items = [
        SummaryItem(
            text="Sam owes Example Co: send the plan.", citations=[1], due_date="2026-10-01", overdue=True
        ),
        SummaryItem(
            text="Sam owes Example Co: call them.", citations=[2], due_date="2026-12-20", overdue=False
        ),
        SummaryItem(text="Sam owes Example Co: send a summary.", citations=[3], due_date=None, overdue=False),
    ]
    with console.capture() as captured:
        _show_promises("commitments by us", items)
    shown = captured.get()
    assert "OVERDUE (due 2026-10-01): Sam owes Example Co: send the plan. [1]" in shown
    assert "due 2026-12-20: Sam owes Example Co: call them. [2]" in shown
    assert "no date: Sam owes Example Co: send a summary. [3]" in shown
    assert "due -" not in shown
