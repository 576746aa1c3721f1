"""The retrieval suite's question sets: the paraphrases are many, held out, and point at real facts."""

from __future__ import annotations

import json
from pathlib import Path

from copilot.retrieval.keyword import tokenize
from copilot.sample.generate import generate_sample
from copilot.sample.load import answer_key
from evals.suites.retrieval import PARAPHRASES, Tally, paraphrase_questions, split_of


def test_split_alternates_accounts_so_both_halves_hold_every_language() -> None:
    assert [split_of(f"C-{n}") for n in range(1001, 1009)] == ["train", "test"] * 4


def test_paraphrases_are_at_least_sixty_and_all_name_a_sample_fact(tmp_path: Path) -> None:
    generate_sample(tmp_path / "sample", seed=7)
    key = answer_key(tmp_path / "sample")
    lines = [json.loads(line) for line in PARAPHRASES.read_text(encoding="utf-8").splitlines() if line]
    questions = paraphrase_questions(key)
    assert len(lines) >= 60 and len(questions) == len(lines)
    templated = {f["question"] for f in key["facts"]}
    assert not templated & {q["question"] for q in questions}
    # Other words than the stating sentence: most of a paraphrase's content words are not in it.
    for item in questions:
        asked, stated = set(tokenize(item["question"])), set(tokenize(item["text"]))
        assert len(asked & stated) <= len(asked) / 2, item["question"]


def test_a_smaller_sample_keeps_only_the_paraphrases_of_its_facts() -> None:
    key = {"facts": [{"id": "F-001", "account_crm_id": "C-1001", "text": "t", "question": "q"}]}
    assert [q["id"] for q in paraphrase_questions(key)] == ["F-001"]


def test_tally_counts_hits_in_the_top_five_and_reciprocal_ranks() -> None:
    tally = Tally()
    for rank in (1, 5, 6, None):
        tally.add(rank, 0, 10)
    assert tally.recall5 == 0.5
    assert abs((tally.mrr or 0) - (1 + 1 / 5 + 1 / 6) / 4) < 1e-9
