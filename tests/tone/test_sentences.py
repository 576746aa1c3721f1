"""Sentence splitting returns offsets that point back at trimmed sentences of the input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copilot.tone.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_terminators_and_line_breaks() -> None:
    text = "Hi Anna,\n\nThe export failed again! Why? We need it fixed.\n-- \nBob"
    assert _texts(text) == ["Hi Anna,", "The export failed again!", "Why?", "We need it fixed.", "Bob"]


def test_keeps_abbreviations_and_closing_quotes_inside_the_sentence() -> None:
    text = 'We use tools, e.g. Looker, for this. He said "no." Then he left.'
    assert _texts(text) == ["We use tools, e.g. Looker, for this.", 'He said "no."', "Then he left."]


def test_punctuation_only_text_has_no_sentences() -> None:
    assert split_sentences("  --- \n *** ") == []


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\t,'\"")), max_size=80))
def test_spans_are_ordered_trimmed_and_disjoint(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and any(ch.isalnum() for ch in piece)
        previous_end = end
