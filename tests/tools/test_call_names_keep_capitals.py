"""A name the call uses keeps its capital when a retold sentence opens with it ("says Ryan also asked"),
while an ordinary opening word after "says" is lower-cased as before."""

from __future__ import annotations

from copilot.tools.addressed_names import names_in
from copilot.tools.call_digest import digest
from copilot.tools.call_types import Utterance
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.speaker_roles import assign_roles, role_book

TURNS = [
    Utterance(1, "Customer", "Ryan also asked about the API limits for the reporting workspace.", True),
    Utterance(2, "Agent", "Sure, what did Ryan need for the reporting workspace exactly?", False),
    Utterance(
        3, "Customer", "The sync stops every afternoon when the reporting workspace hits the limit.", True
    ),
    Utterance(4, "Agent", "I'll raise the limit for your reporting workspace by Friday.", False),
]


def test_the_calls_names_are_the_words_it_capitalises_inside_a_sentence() -> None:
    # "API" is an acronym, not a name; "The" and "Sure" open their sentences.
    assert names_in(TURNS) == frozenset({"Customer", "Agent", "Ryan", "Friday"})


def test_a_sentence_opening_with_a_name_keeps_it_after_says() -> None:
    book = role_book(contacts=[], account_domain=None, our_people=[], our_domains=[])
    roles = assign_roles(["Customer", "Agent"], book)
    told = " ".join(s.text for s in digest(TURNS, roles))
    assert "The customer says Ryan also asked" in told
    assert "says ryan" not in told


def test_an_ordinary_opening_word_is_still_lower_cased() -> None:
    voices = Voices("The customer", "the agent", names=frozenset({"Ryan"}))
    assert report_sentence("The export failed again.", voices) == "The customer says the export failed again."
    assert report_sentence("Ryan's team is blocked.", voices) == "The customer says Ryan's team is blocked."


def test_a_leading_but_and_a_telling_frame_are_not_retold() -> None:
    voices = Voices("Fiona Patel", "Alice Turner")
    said = report_sentence("But understand that we are evaluating alternatives now, not in February.", voices)
    assert said == "Fiona Patel says they are evaluating alternatives now, not in February."
    assert report_sentence("No, but we paid twice.", voices) == "Fiona Patel says no, but they paid twice."
