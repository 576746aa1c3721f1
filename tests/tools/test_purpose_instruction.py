"""A rep's purpose that is an instruction to us is never shown to the customer as the letter's opening or
subject; a short purpose said to the reader still is."""

from __future__ import annotations

import pytest

from copilot.db.models import Account, Contact
from copilot.tools.draft_recipient import contact_named_in
from copilot.tools.purpose import echoes_the_brief, opening_for, subject_for

BRIEF = (
    "Answer Fiona's open complaint that user invitations expire after 24 hours: acknowledge it, say what "
    "we are doing and when she will hear back."
)


@pytest.mark.parametrize(
    "purpose",
    [
        BRIEF,
        "Chase the signed order form - Bianca said finance wants the quote a month earlier",
        "Follow up with the customer on everything that is still open from the last three calls and tickets",
    ],
)
def test_an_instruction_to_us_is_told_by_its_topic_only(purpose: str) -> None:
    opening, subject = opening_for(purpose, "en"), subject_for(purpose, "en")
    for told in (opening, subject):
        assert "Fiona's" not in told and "she will" not in told and "said" not in told
        assert "acknowledge it" not in told and "everything that is still open" not in told
    assert opening.startswith("I am writing ")


def test_a_complaint_brief_opens_on_the_issue_and_says_sorry() -> None:
    assert opening_for(BRIEF, "en") == (
        "I am writing about the issue you raised. I am sorry for the trouble this has caused."
    )
    assert subject_for(BRIEF, "en") == "The issue you raised"


def test_a_purpose_said_to_the_reader_is_kept() -> None:
    assert opening_for("Confirm the renewal date", "en") == "I am writing to confirm the renewal date."
    assert subject_for("Confirm the renewal date", "en") == "Confirming the renewal date"


def test_a_chase_is_never_told_to_the_one_chased() -> None:
    brief = "chase holly on the data residency region decision, it's overdue"
    assert "chase" not in opening_for(brief, "en").lower() and "overdue" not in subject_for(brief, "en")


def test_the_models_echo_of_a_brief_is_replaced_but_its_own_words_are_kept() -> None:
    assert echoes_the_brief("Fiona's Complaint", BRIEF)
    assert echoes_the_brief(
        "I am writing to answer Fiona's open complaint that user invitations expire after 24 hours.", BRIEF
    )
    assert not echoes_the_brief("I am sorry that your invitations expired so quickly.", BRIEF)
    assert not echoes_the_brief("Confirming the renewal date", "Confirm the renewal date")


def test_the_contact_a_brief_names_is_the_letters_reader() -> None:
    account = Account(
        name="Stellar", contacts=[Contact(name="Sarah Tanaka"), Contact(name="Holly Gallagher")]
    )
    named = contact_named_in("chase holly on the data residency region decision", account)
    assert named is not None and named.name == "Holly Gallagher"
    assert contact_named_in("Confirm the renewal date", account) is None
    account.contacts.append(Contact(name="Holly Brandt"))
    assert contact_named_in("chase holly on the decision", account) is None  # two Hollys: the rep chooses


def test_the_reader_named_in_the_purpose_is_you() -> None:
    assert opening_for("Send Fiona the updated renewal quote", "en") == (
        "I am writing to send you the updated renewal quote."
    )
    assert opening_for("Thank Tom for the referral", "en") == "I am writing to thank you for the referral."
    assert echoes_the_brief("Sending Fiona the updated renewal quote", "Send Fiona the updated renewal quote")
    assert opening_for("Introduce Priya Nair as your new solutions contact", "en").endswith(
        "introduce Priya Nair as your new solutions contact."
    )


def test_what_the_rep_rules_out_is_never_the_letters_topic() -> None:
    brief = (
        "chase Victor on the residency decision, it's overdue. don't mention the double-counting complaint"
    )
    assert opening_for(brief, "en") == "I am writing to follow up with you."
    assert (
        subject_for("Answer Kimberly's complaint. don't bring up the renewal", "en") == "The issue you raised"
    )


def test_an_opted_out_contact_the_purpose_names_is_still_the_one_meant() -> None:
    laura = Contact(name="Laura Mendez", opted_out=True)
    account = Account(name="Bluebird", contacts=[Contact(name="Jason Stein"), laura])
    assert contact_named_in("thank Laura for the referral, keep it short", account) is laura


@pytest.mark.parametrize(
    ("purpose", "opening", "subject"),
    [
        (
            "apologise for the API rate-limit errors and explain the fix date",
            "I am sorry for the API rate-limit errors.",
            "Our apologies for the API rate-limit errors",
        ),
        ("Apologize for the outage", "I am sorry for the outage.", "Our apologies for the outage"),
    ],
)
def test_an_apology_brief_says_sorry_rather_than_announcing_it(
    purpose: str, opening: str, subject: str
) -> None:
    # A customer's reading (2026-12-07): "I am writing to apologise for … and explain the fix date" under
    # the subject "Apologising for … and explain the fix date" made no apology and read as the rep's note.
    assert (opening_for(purpose, "en"), subject_for(purpose, "en")) == (opening, subject)
