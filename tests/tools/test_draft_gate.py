"""The gate replaces model fields that echo the prompt, ramble or leave a template unfilled."""

from __future__ import annotations

import pytest

from copilot.tools.draft_gate import is_junk


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
    assert is_junk("next_step", text)


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
    assert not is_junk("next_step", text)


def test_a_bare_topic_is_no_opening_or_next_step() -> None:
    """The small model copies the subject into the sentences ("Data sync issue"): not a sentence."""
    assert is_junk("opening", "Data sync issue")
    assert is_junk("next_step", "Data sync issue")
    assert not is_junk("subject", "Data sync issue")
    assert not is_junk("opening", "I am writing about the data sync issue.")
