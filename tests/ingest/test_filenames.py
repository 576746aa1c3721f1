"""The one upload-name sanitiser: the API and the ingest service apply the same rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copilot.errors import InvalidInputError
from copilot.ingest.filenames import FILENAME_RULE, safe_name


@given(st.from_regex(FILENAME_RULE).filter(lambda name: len(name) <= 255))
def test_a_safe_name_is_its_own_safe_name(filename: str) -> None:
    # The API sanitises, then the service does again: the second pass must not change the stored name.
    once = safe_name(filename)
    assert safe_name(once) == once


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("../../call.txt", "call.txt"),
        ("call notes.txt", "call_notes.txt"),
        ("C:\\mail\\q1.eml", "C_mail_q1.eml"),
    ],
)
def test_folders_are_dropped_and_odd_characters_replaced(filename: str, stored: str) -> None:
    assert safe_name(filename) == stored


def test_a_refusal_names_the_field_it_was_given_and_the_name() -> None:
    with pytest.raises(InvalidInputError, match=r"upload file name: must name a file.*'\.\.'"):
        safe_name("..", field="upload file name")
