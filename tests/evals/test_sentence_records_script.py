"""scripts/sentence_records.py (thirteenth and fourteenth rounds): authored records become sentence rows
sided as the product sides them; scripts/sentence_round_check.py: the nested offset check."""

from __future__ import annotations

import numpy as np
import pytest

from scripts.sentence_records import author_sentences, record_texts
from scripts.sentence_round_check import nested_against_zero

EMAIL_IN = {"account": "Acme", "kind": "email", "direction": "inbound", "body": "Hi team. The export failed."}
CALL = {
    "account": "Acme",
    "kind": "call",
    "speakers": {"Ann": "customer", "Bo": "ours"},
    "turns": [
        {"speaker": "Ann", "text": "We may not renew."},
        {"speaker": "Bo", "text": "I'll call you Monday."},
    ],
}
TICKET = {
    "account": "Acme",
    "kind": "ticket",
    "body": "Sync is down since Friday.",
    "replies": [{"side": "ours", "text": "We are on it now."}],
}


def test_each_part_of_a_record_gets_the_side_the_product_would_give() -> None:
    assert list(record_texts(EMAIL_IN)) == [("customer", "Hi team. The export failed.")]
    assert [side for side, _ in record_texts({**EMAIL_IN, "direction": "outbound"})] == ["ours"]
    assert [side for side, _ in record_texts(CALL)] == ["customer", "ours"]
    assert [side for side, _ in record_texts(TICKET)] == ["customer", "ours"]
    assert list(record_texts({"kind": "note", "body": "Renewal looks shaky."})) == [
        ("ours", "Renewal looks shaky.")
    ]
    with pytest.raises(ValueError, match="unknown record kind 'fax'"):
        list(record_texts({"kind": "fax"}))


def test_sentences_are_split_and_short_ones_left_out() -> None:
    rows = author_sentences("A", [EMAIL_IN, CALL], 13)
    assert [r["text"] for r in rows] == ["The export failed.", "We may not renew.", "I'll call you Monday."]
    assert rows[0]["source"] == "authored13:A-Acme:email0"
    assert rows[2]["source"] == "authored13:A-Acme:call1" and rows[2]["side"] == "ours"


def test_offsets_tuned_on_other_folds_are_compared_with_none() -> None:
    # Class 1 is always under-predicted by the same margin: an offset tuned on any fold carries to the rest.
    truth = np.asarray([0, 1] * 20, dtype=np.int64)
    probabilities = np.tile([[0.7, 0.3], [0.6, 0.4]], (20, 1))
    folds = [np.arange(k, 40, 4) for k in range(4)]
    nested, zero = nested_against_zero(probabilities, truth, folds, np.arange(40))
    assert zero == 0.0  # no offsets: class 1 is never predicted
    assert nested == 1.0
