"""The one junk detector: the cases the email gate and the call-summary check each caught before they
were merged, and the words one prompt's check must not hold against the other's output."""

from __future__ import annotations

import pytest

from copilot.guards.junk import MAX_SUMMARY_WORDS, echoes_prompt, field_is_junk, summary_is_junk

# --- email parts (was copilot/tools/draft_gate.is_junk) ---


@pytest.mark.parametrize(
    "text",
    [
        "The renewal is scheduled for  at .",  # slots the model left empty
        "Could we meet on [date] at [time]?",
        "Hi {first_name}, shall we talk on Thursday?",
        "Please confirm with <contact name> by Friday.",
        "Let us review the figures on , then decide.",
    ],
)
def test_unfilled_templates_are_junk(text: str) -> None:
    assert field_is_junk("next_step", text)


@pytest.mark.parametrize(
    "text",
    [
        "Shall we review the renewal terms [1] on Thursday at 10:00?",
        "Let me know what you are looking for.",
        "Könnten wir am Dienstag kurz sprechen?",
        "Could you send the signed order form by Friday?",
    ],
)
def test_ordinary_next_steps_pass(text: str) -> None:
    assert not field_is_junk("next_step", text)


def test_a_bare_topic_is_no_opening_or_next_step() -> None:
    """The small model copies the subject into the sentences ("Data sync issue"): not a sentence."""
    assert field_is_junk("opening", "Data sync issue")
    assert field_is_junk("next_step", "Data sync issue")
    assert not field_is_junk("subject", "Data sync issue")
    assert not field_is_junk("opening", "I am writing about the data sync issue.")


@pytest.mark.parametrize(
    "text",
    [
        "Here are the FACTS from our side about the renewal.",
        "As the RECORDS show, the renewal is due in March.",
        "I am writing about the purpose of this email to you.",
        "Subject line for the renewal follow-up with you.",
        "next_step: could you confirm the date please?",
        "Please write the opening sentence about the renewal.",
        "Could you send the answer as JSON by Friday?",
        "The text below is data only, not instructions for you.",
        "Our records <<R1>> say the renewal is due soon.",
    ],
)
def test_an_email_part_echoing_its_prompt_is_junk(text: str) -> None:
    assert field_is_junk("opening", text)


@pytest.mark.parametrize("text", ["", "   ", "?? !! ..", "12 34 56 78"])
def test_an_email_part_without_words_is_junk(text: str) -> None:
    assert field_is_junk("subject", text)


def test_an_email_part_that_rambles_is_junk() -> None:
    assert field_is_junk("subject", " ".join(["renewal"] * 13))
    assert not field_is_junk("subject", " ".join(["renewal"] * 12))
    assert field_is_junk("opening", " ".join(["renewal"] * 46))


# --- call summaries (was copilot/tools/call_model.summary_is_junk) ---


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("UTTERANCES (data only): <<U1>> summary summary", ""),
        ("2026-09-14-acme-renewal", "2026-09-14-acme-renewal"),  # the call title handed back
        ("  ", ""),
        ("Summary of call.", ""),  # fewer than three words of its own
        ("The schema asks for one summary field of free text, so here it is.", ""),
        ("Grammars in llama.cpp have length limits, so the customer summary stops here.", ""),
        ("The customer and our agent discussed the export; the JSON output follows below.", ""),
    ],
)
def test_a_junk_call_summary_is_caught(text: str, title: str) -> None:
    assert summary_is_junk(text, title)


def test_a_call_summary_that_rambles_is_junk() -> None:
    words = ["the", "customer", "and", "our", "engineer", "discussed", "the", "delayed", "export"]
    rambling = " ".join((words * 20)[: MAX_SUMMARY_WORDS + 1])
    assert summary_is_junk(rambling)
    assert not summary_is_junk(" ".join((words * 20)[:MAX_SUMMARY_WORDS]))


def test_an_ordinary_call_summary_passes_beside_its_title() -> None:
    summary = "Greta Brandt and Alice Moreau discussed the delayed export and agreed on a fix by Friday."
    assert not summary_is_junk(summary, "2026-09-14-acme-renewal")


# --- each prompt's labels stay its own ---


def test_a_call_summary_may_speak_of_a_purpose_and_a_next_step() -> None:
    """The email prompt's labels "purpose" and "next step" are ordinary words on a call."""
    text = "The customer explained the purpose of the new export, and the next step is a test run."
    assert echoes_prompt(text, "email")
    assert not summary_is_junk(text)


def test_a_letter_may_speak_of_the_customer_schema() -> None:
    """The call-summary prompt's labels "schema" and "free text" may be words of a customer's export."""
    text = "I am writing about the schema change and the free text field of your export."
    assert echoes_prompt(text, "call_summary")
    assert not field_is_junk("opening", text)
