"""verify(): claims checked against cited records, flags with exact spans, regeneration feedback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from copilot.errors import InvalidInputError
from copilot.guards.grounding import SourceText, verify

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)  # a Friday
CALL = SourceText(
    1,
    "Call with Jane Doe: discussed the SSO rollout and renewal pricing. Enterprise plan at 36500 USD for "
    "250 seats; a 15 percent discount was approved. Renewal date 2027-03-31.",
    datetime(2026, 3, 17, 15, tzinfo=UTC),  # Tuesday
    kind="call",
)
EMAIL = SourceText(
    2,
    "Hi Alice, the Snowflake connector failed again. We will send the signed order form next week. Jane",
    datetime(2026, 3, 2, 9, tzinfo=UTC),
    kind="email_in",
    who="Jane Doe <jane@acme.example>",
)
DRAFT = (
    "Hi Jane,\n\n"
    "Following our call on Tuesday, I can confirm the Enterprise plan at $36,500 per year for 250 seats [1], "
    "with a 15% discount. Your renewal date stays March 31st, 2027.\n\n"
    "Best regards,\nAlice Turner"
)


def _unsupported(text: str, records: list[SourceText], allowed_names: tuple[str, ...] = ()) -> list[str]:
    report = verify(text, records, allowed_names=allowed_names, now=NOW)
    return [c.text for c in report.unsupported]


def test_grounded_draft_has_no_flags() -> None:
    report = verify(DRAFT, [CALL, EMAIL], allowed_names=["Jane Doe", "Alice Turner"], now=NOW)
    assert report.unsupported == []
    assert report.supported_share == 1.0
    assert {c.kind for c in report.supported} >= {"money", "number", "percent", "date", "meeting_reference"}
    assert report.feedback() == ""


def test_invented_price_is_the_only_flag() -> None:
    draft = DRAFT.replace("$36,500", "$39,900")
    report = verify(draft, [CALL, EMAIL], allowed_names=["Jane Doe", "Alice Turner"], now=NOW)
    start = draft.index("$39,900")
    assert report.as_flags() == [
        {
            "type": "unsupported_claim",
            "span": [start, start + len("$39,900")],
            "detail": "money '$39,900' not found in the cited records",
        }
    ]


def test_invented_date_is_the_only_flag() -> None:
    draft = DRAFT.replace("March 31st, 2027", "30 June 2027")
    report = verify(draft, [CALL, EMAIL], allowed_names=["Jane Doe", "Alice Turner"], now=NOW)
    (claim,) = report.unsupported
    assert (claim.kind, draft[claim.start : claim.end]) == ("date", "30 June 2027")
    assert 0 < report.supported_share < 1


def test_feedback_names_each_unsupported_span_once() -> None:
    draft = DRAFT.replace("$36,500", "$39,900").replace("15%", "20%")
    feedback = verify(draft, [CALL, EMAIL], allowed_names=["Jane Doe", "Alice Turner"], now=NOW).feedback()
    assert '"$39,900"' in feedback and '"20%"' in feedback
    assert "36,500" not in feedback and feedback.count("\n- ") == 2


@pytest.mark.parametrize(
    ("claim", "record"),
    [
        ("$36,500", "36500 USD"),
        ("$36,500", "USD 36.5k"),
        ("USD 36.5k", "$36,500"),
        ("EUR 48,000", "48.000 €"),
        ("EUR 48,000", "48 000 EUR par an"),
        ("48.000 EUR", "EUR 48,000"),
        ("31 March 2027", "2027-03-31"),
        ("2027-03-31", "March 31st"),
        ("March 31st", "31.03.2027"),
        ("31.03.2027", "31 de marzo de 2027"),
        ("15%", "15 percent"),
        ("15 Prozent", "15%"),
        ("30 seats", "thirty seats"),
    ],
)
def test_normalised_forms_support_each_other(claim: str, record: str) -> None:
    assert _unsupported(f"Note: {claim}.", [SourceText(1, f"Record says {record}.")]) == []


@pytest.mark.parametrize(
    ("claim", "record"),
    [
        ("$36,500", "36600 USD"),
        ("$48,000", "48.000 €"),
        ("31 March 2027", "2027-03-30"),
        ("31 March 2027", "31 March 2026"),
        ("15%", "25 percent"),
    ],
)
def test_different_values_stay_unsupported(claim: str, record: str) -> None:
    assert _unsupported(f"Note: {claim}.", [SourceText(1, f"Record says {record}.")]) == [claim]


def test_record_date_supports_a_reference_to_it() -> None:
    assert _unsupported("Thanks for your email of 2 March 2026.", [EMAIL]) == []


def test_names_come_from_records_or_allowed_names() -> None:
    text = "Hi Maria,\nI spoke with Tom Becker and Jane Doe about it."
    assert _unsupported(text, [EMAIL]) == ["Maria", "Tom Becker"]
    assert _unsupported(text, [EMAIL], allowed_names=("Maria Lopez",)) == ["Tom Becker"]


def test_products_must_appear_in_records() -> None:
    text = "The Snowflake connector is fixed and the Databricks connector ships soon."
    assert _unsupported(text, [EMAIL]) == ["Databricks connector"]


def test_commitment_needs_a_record_that_says_it() -> None:
    assert _unsupported("We will send the signed order form on Monday.", [EMAIL]) == []
    assert _unsupported("We will send the migration plan on Monday.", [EMAIL]) == [
        "We will send the migration plan on Monday"
    ]


def test_meeting_reference_needs_an_interaction_in_the_window() -> None:
    text = "Following our call on Tuesday, here are the next steps."
    assert _unsupported(text, [CALL]) == []
    assert _unsupported(text, [EMAIL]) == ["Following our call on Tuesday"]
    moved = SourceText(1, CALL.text, datetime(2026, 3, 12, tzinfo=UTC), kind="call")
    assert _unsupported(text, [moved]) == ["Following our call on Tuesday"]


def test_meeting_reference_supported_by_topic_outside_the_window() -> None:
    old_call = SourceText(1, CALL.text, datetime(2026, 1, 5, tzinfo=UTC), kind="call")
    assert _unsupported("As we discussed last week, the SSO rollout starts in April.", [old_call]) == [
        "April"
    ]


def test_meeting_reference_without_any_interaction_record() -> None:
    note = SourceText(1, "Customer uses the Snowflake connector.", None, kind="note")
    assert _unsupported("As promised on our call, here is the pricing.", [note]) == [
        "As promised on our call"
    ]
    assert _unsupported("As promised, here is the pricing.", [CALL]) == []


def test_no_records_flags_every_claim_and_no_claims_is_fully_supported() -> None:
    report = verify("The price is $36,500 from 1 May 2026.", [], now=NOW)
    assert [c.kind for c in report.unsupported] == ["money", "date"]
    assert report.supported_share == 0.0
    assert verify("Thanks, talk soon.", [], now=NOW).supported_share == 1.0


def test_naive_record_times_are_treated_as_utc() -> None:
    naive = SourceText(1, CALL.text, datetime(2026, 3, 17, 15), kind="call")
    assert _unsupported("Following our call on Tuesday, here it is.", [naive]) == []


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidInputError, match=r"^text: expected a string"):
        verify(None, [])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"records\[1\]: expected SourceText"):
        verify("x", [CALL, "plain text"])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="record 7: text must be a string"):
        SourceText(7, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claim", "record"),
    [("Data Pipeline", "Data Pipelines"), ("Data Pipelines", "Data Pipeline")],
)
def test_product_singular_and_plural_match(claim: str, record: str) -> None:
    assert _unsupported(f"Our {claim} work.", [SourceText(1, f"We use {record} daily.")]) == []
    assert _unsupported(f"Our {claim} work.", [SourceText(1, "We use Data Lakes daily.")]) == [claim]


def test_meeting_reference_naming_the_day_of_a_call_is_supported_whatever_its_topic() -> None:
    """A recap's "what we agreed on our call on 17 March" shares no topic word with the call's text; the
    day names the call. A day on which no call took place stays unsupported."""
    text = "Here is a short recap of what we agreed on our call on 17 March:"
    assert _unsupported(text, [CALL]) == []
    assert _unsupported("Here is a short recap of what we agreed on our call on 12 March:", [CALL]) == [
        "on our call",
        "12 March",
    ]


def test_a_named_day_rests_only_on_a_customer_call_held_that_day() -> None:
    """An internal meeting that day, an email that mentions a call, a month alone or a date elsewhere in
    the sentence support no "our call on …"."""
    day = datetime(2026, 10, 30, 15, tzinfo=UTC)
    internal = SourceText(1, "Team prep: pricing.", day, "meeting", "Sam Ortiz", "internal")
    email = SourceText(2, "Thanks for the call earlier.", datetime(2025, 10, 30, 9, tzinfo=UTC), "email_in")
    called = SourceText(3, "Sam: hello.", day, "call", "Sam Ortiz")
    said = "Here is a short recap of what we agreed on our call on 30 October:"
    assert _unsupported(said, [internal]) != []
    assert _unsupported(said, [email]) != []
    assert _unsupported(said, [called]) == []
    assert (
        _unsupported("Here is a short recap of what we agreed on our call on 30 October 2025:", [called])
        != []
    )
