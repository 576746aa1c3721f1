"""Body citations: markers move out of the text, and an edit keeps only the citations of unchanged text."""

from __future__ import annotations

from copilot.evidence import carry_over, has_markers, move_markers


def test_markers_and_record_dates_leave_the_text_and_name_their_sentence() -> None:
    text = "Your renewal is on 3 March 2027 [2]. We offered $48,000 (2026-09-01) [1, 3].\nThanks [9]."
    clean, citations = move_markers(text, available=3)
    assert clean == "Your renewal is on 3 March 2027. We offered $48,000.\nThanks."
    assert not has_markers(clean)
    assert [(clean[c["start"] : c["end"]], c["n"]) for c in citations] == [
        ("Your renewal is on 3 March 2027.", [2]),
        ("We offered $48,000.", [1, 3]),
    ]  # [9] names no supplied record and is dropped


def test_an_edit_keeps_citations_where_the_text_is_unchanged() -> None:
    old = "Hello Ana,\n\nYour renewal is on 3 March 2027. We offered $48,000 for 80 seats.\n\nBest"
    citations = [{"start": 12, "end": 44, "n": [2]}, {"start": 45, "end": 77, "n": [1]}]
    assert (
        old[12:44] == "Your renewal is on 3 March 2027." and old[45:77] == "We offered $48,000 for 80 seats."
    )
    new = "Hi Ana, thanks again,\n\nYour renewal is on 3 March 2027. We offered $45,000 for 80 seats.\n\nBest"
    kept = carry_over(old, new, citations)
    assert kept == [{"start": 23, "end": 55, "n": [2]}]
    assert new[23:55] == "Your renewal is on 3 March 2027."
