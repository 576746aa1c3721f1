"""The internal-source guard: values only internal records support are flagged with the record named."""

from __future__ import annotations

from datetime import UTC, datetime

from copilot.guards.grounding import SourceText
from copilot.guards.internal_source import InternalRecord, internal_source_flags

NOTE = InternalRecord(
    n=2,
    interaction_id=41,
    kind="note",
    occurred_at=datetime(2026, 11, 20, tzinfo=UTC),
    text="Internal only: we can go to a 32% discount on the renewal before 2026-12-15 if they push back.",
)
CUSTOMER = [SourceText(1, "The renewal quote is $36,500 per year for the Analytics plan.", None, "email")]


def test_a_figure_and_a_date_from_an_internal_note_are_flagged_naming_it() -> None:
    text = "Good news: we can offer 32% off if you sign before 2026-12-15. The quote stays $36,500 per year."
    flags = internal_source_flags(text, CUSTOMER, [NOTE], allowed_names=["Greta Brandt"], language="en")
    flagged = {text[f["span"][0] : f["span"][1]] for f in flags}
    assert flagged == {"32%", "2026-12-15"}
    assert all(
        f["type"] == "internal_source" and f["record"] == 2 and f["interaction_id"] == 41 for f in flags
    )
    assert all("internal record [2] (note, 2026-11-20" in f["detail"] for f in flags)


def test_values_the_customer_records_also_carry_are_not_flagged() -> None:
    customer = [*CUSTOMER, SourceText(3, "You asked about a 32% discount last week.", None, "email")]
    text = "About the 32% you mentioned: the quote is $36,500 per year."
    assert internal_source_flags(text, customer, [NOTE], language="en") == []


def test_no_internal_records_no_flags_and_a_note_date_alone_is_not_a_leak() -> None:
    assert internal_source_flags("32% before 2026-12-15", CUSTOMER, [], language="en") == []
    # The day the note was written is not something the note says.
    assert (
        internal_source_flags("As discussed on 2026-11-20, see below.", CUSTOMER, [NOTE], language="en") == []
    )
