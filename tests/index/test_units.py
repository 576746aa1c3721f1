"""A chunk's sentence units: split the way people write, ids stable and derived from the chunk."""

from __future__ import annotations

from copilot.index.units import (
    chunk_sentences,
    expected_vector_ids,
    is_sentence_id,
    parent_chunk_id,
    split_sentences,
)

MAIL = (
    "[email inbound 2026-08-13 | Your upcoming renewal]\n"
    "Good morning Bob,\n\n"
    "Procurement needs a few documents for the renewal, including your latest\n"
    "security certificate. Who on your side can help with that?\n\n"
    "Our contract with you renews on March 11, 2027, so we need the paperwork early.\n\n"
    "Best,\nMalik"
)


def test_header_is_dropped_and_wrapped_lines_make_one_sentence() -> None:
    sentences = split_sentences(MAIL)
    assert sentences[0] == "Good morning Bob,"
    assert (
        "Procurement needs a few documents for the renewal, including your latest security certificate."
        in sentences
    )
    assert "Our contract with you renews on March 11, 2027, so we need the paperwork early." in sentences
    assert not any(s.startswith("[email") for s in sentences)
    # "Best, Malik" is a sign-off, too short to answer anything.
    assert all("Malik" not in s for s in sentences)


def test_each_sentence_of_an_utterance_keeps_its_speaker() -> None:
    text = "[call inbound 2026-01-05]\nFiona Novak: Good overall. The weekly reporting saves a day a week."
    assert split_sentences(text) == [
        "Fiona Novak: Good overall.",
        "Fiona Novak: The weekly reporting saves a day a week.",
    ]


def test_a_colon_inside_a_long_sentence_is_not_a_speaker() -> None:
    text = "Customer complaint from our regional finance team lead: exports drop the leading zeros."
    assert split_sentences(text) == [text]


def test_sentence_ids_derive_from_the_chunk_and_point_back_to_it() -> None:
    units = chunk_sentences("41-0", MAIL)
    assert [u.id for u in units] == [f"41-0/s{n}" for n in range(len(units))]
    assert all(is_sentence_id(u.id) and parent_chunk_id(u.id) == "41-0" for u in units)
    assert not is_sentence_id("41-0") and parent_chunk_id("41-0") == "41-0"
    assert chunk_sentences("41-0", MAIL) == units  # the same text always gives the same ids


def test_a_one_sentence_chunk_owns_no_extra_vector() -> None:
    assert chunk_sentences("7-0", "[note internal 2026-01-01]\nRenewal date confirmed: June 27, 2027.") == []
    assert expected_vector_ids({"7-0": "One sentence only here."}) == {"7-0"}


def test_expected_ids_cover_chunks_and_their_sentences() -> None:
    expected = expected_vector_ids({"41-0": MAIL, "42-0": "Short."})
    assert {"41-0", "42-0", "41-0/s0"} <= expected
    assert len(expected) == 2 + len(chunk_sentences("41-0", MAIL))
    assert expected_vector_ids({"41-0": MAIL}, sentences=False) == {"41-0"}
