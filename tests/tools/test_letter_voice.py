"""Restated facts read as a person's letter: whole clauses, and our signer says "I"."""

from __future__ import annotations

import pytest

from copilot.tools.rephrase import has_subject, in_signer_voice, rephrase_checked


@pytest.mark.parametrize(
    "fragment",
    [
        "Let you know if anything is unclear or if we need sample data for any of the items.",
        "Lots of talk about data, actually.",
        "Hope your week is off to a good start.",
        "Corrected the metric definition with the customer on March 3, 2027.",
        "Looking forward to the workshop on 12 March 2027.",
    ],
)
def test_a_fragment_or_pleasantry_is_never_restated(fragment: str) -> None:
    assert not has_subject(fragment, "en")
    assert rephrase_checked(fragment, "customer", "en") is None
    assert rephrase_checked(fragment, "ours", "en") is None


def test_a_whole_clause_is_restated() -> None:
    source = "Procurement needs a few documents for the renewal, including the standard contract."
    assert has_subject(source, "en")
    assert rephrase_checked(source, "customer", "en") == (
        "You told us that Procurement needs a few documents for the renewal, including the standard contract."
    )


@pytest.mark.parametrize(
    ("restated", "expected"),
    [
        (
            "To recap, Bob Kowalski will send the revised order form by March 4, 2026.",
            "I will send the revised order form by March 4, 2026.",
        ),
        ("To recap, Bob has booked the room for 12 May 2027.", "I have booked the room for 12 May 2027."),
        (
            "To recap, the order form and Bob Kowalski's slides are due on March 4, 2026.",
            "To recap, the order form and Bob Kowalski's slides are due on March 4, 2026.",
        ),
        (
            "To recap, Dana Reyes will send the revised order form by March 4, 2026.",
            "To recap, Dana Reyes will send the revised order form by March 4, 2026.",
        ),
    ],
)
def test_our_signer_is_not_named_in_the_third_person(restated: str, expected: str) -> None:
    assert in_signer_voice(restated, "Bob Kowalski", "en") == expected


def test_signer_voice_in_other_languages() -> None:
    """Our signer is "ich" in a German letter too; a colleague stays named."""
    text = "Zur Erinnerung: Bob Kowalski wird das Bestellformular bis zum 04.03.2026 senden."
    assert in_signer_voice(text, "Bob Kowalski", "de") == (
        "Zur Erinnerung: Ich werde das Bestellformular bis zum 04.03.2026 senden."
    )
    other = "Zur Erinnerung: Dana Reyes wird das Bestellformular bis zum 04.03.2026 senden."
    assert in_signer_voice(other, "Bob Kowalski", "de") == other


def test_our_first_person_words_are_said_plainly() -> None:
    source = "I can confirm that SAML single sign-on will be available to your team by June 2026."
    assert rephrase_checked(source, "ours", "en") == source
    assert rephrase_checked("For the renewal we can offer $36,500 per year.", "ours", "en") == (
        "To recap, for the renewal we can offer $36,500 per year."
    )
