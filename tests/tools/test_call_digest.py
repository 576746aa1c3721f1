"""The extractive call digest as a manager reads it: one turn's statements name its speaker once."""

from __future__ import annotations

from copilot.tools.call_digest import DigestSentence, joined


def test_two_statements_of_one_turn_name_the_speaker_once() -> None:
    said = [
        DigestSentence("The customer says the export failed.", 1),
        DigestSentence("The agent says the currency table was stale.", 2),
        DigestSentence("The agent says but engineering fixes the table by Friday.", 2),
        DigestSentence("The agent says the rerun starts on Monday.", 2),
    ]
    assert [s.text for s in joined(said)] == [
        "The customer says the export failed.",
        "The agent says the currency table was stale, but that engineering fixes the table by Friday "
        "and that the rerun starts on Monday.",
    ]


def test_sentences_of_different_turns_or_acts_stay_apart() -> None:
    said = [
        DigestSentence("The agent says the currency table was stale.", 2),
        DigestSentence("The agent says the rerun starts on Monday.", 4),
        DigestSentence("The agent asks whether the customer saw the rerun.", 4),
    ]
    assert joined(said) == said
