"""A user's display name: the schema's pattern, pydantic and the domain agree on "one line once stripped"."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from copilot.api.schemas import ONE_LINE_STRIPPED, UserCreate

# Line feeds, the white space str.strip() removes (including the separators \s misses in some dialects).
TRICKY = st.text(
    alphabet=st.sampled_from(["a", "b", " ", "\n", "\r", "\t", "\x1c", "\x85", "\u3000"]), max_size=12
)


def domain_accepts(display_name: str) -> bool:
    """copilot.auth.users' rule: no line feed once stripped."""
    return "\n" not in display_name.strip()


def model_accepts(display_name: str) -> bool:
    try:
        UserCreate(name="Dana", role="rep", display_name=display_name)
    except ValidationError:
        return False
    return True


@given(TRICKY)
def test_the_schema_pattern_pydantic_and_the_domain_agree(display_name: str) -> None:
    expected = domain_accepts(display_name)
    assert (re.search(ONE_LINE_STRIPPED, display_name) is not None) == expected
    assert model_accepts(display_name) == expected


def test_an_inner_line_break_is_refused_and_surrounding_white_space_is_not() -> None:
    assert not model_accepts("Dana\nSmith")
    assert model_accepts("\n Dana Smith \n")
