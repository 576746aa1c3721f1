"""A speaker a transcript only numbers ("Speaker 2") is named the way the call names them."""

from __future__ import annotations

from copilot.tools.addressed_names import addressed_names
from copilot.tools.call_digest import digest, digest_text
from copilot.tools.call_types import Utterance
from copilot.tools.speaker_roles import RoleBook, assign_roles


def _call(*turns: tuple[str, str]) -> list[Utterance]:
    return [Utterance(n, s, t, False) for n, (s, t) in enumerate(turns, start=1)]


def test_a_numbered_speaker_called_by_one_name_is_named_by_it() -> None:
    call = _call(
        ("Speaker 1", "Mary, did the new export reach your finance team?"),
        ("Speaker 2", "It did, but the totals are wrong for the March invoices."),
        ("Speaker 1", "Thanks, Mary. I will correct the totals by Friday."),
    )
    assert addressed_names(call) == {"Speaker 2": "Mary"}
    summary = digest_text(digest(call, assign_roles([u.speaker for u in call], RoleBook())))
    assert "Mary" in summary and "Speaker 2" not in summary


def test_a_speaker_who_gives_their_name_is_named_by_it() -> None:
    call = _call(
        ("SPEAKER_01", "Hello, my name is John Keat and I am calling about the invoice."),
        ("SPEAKER_02", "What is wrong with the invoice?"),
    )
    assert addressed_names(call) == {"SPEAKER_01": "John Keat"}


def test_labels_that_name_people_or_roles_are_kept() -> None:
    call = _call(
        ("Agent", "Dave, can you send the order number?"),
        ("Leah Nakamura", "Thanks, Bob. Sure, it is 1234."),
    )
    assert addressed_names(call) == {}


def test_two_names_for_one_speaker_or_a_word_that_is_no_name_leave_the_label() -> None:
    two_names = _call(
        ("Speaker 1", "Anna, the export failed."),
        ("Speaker 2", "Which one?"),
        ("Speaker 1", "The nightly one, Maria."),
    )
    assert addressed_names(two_names) == {}
    no_name = _call(
        ("Speaker 1", "Yeah, the export failed again."),
        ("Speaker 2", "Hopefully, we fix it soon, yeah."),
    )
    assert addressed_names(no_name) == {}
    title_only = _call(("Speaker 1", "Good evening, Mrs."), ("Speaker 2", "My recorder damaged two tapes."))
    assert addressed_names(title_only) == {}


def test_a_third_speaker_means_nobody_can_tell_who_was_called() -> None:
    call = _call(
        ("Speaker 1", "Mary, can you check the export?"),
        ("Speaker 2", "Sure."),
        ("Speaker 3", "I can check it too."),
    )
    assert addressed_names(call) == {}
