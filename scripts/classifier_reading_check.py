"""Issue 15, item 4: where the trained sentence classifier overrules or extends the words, measured on
labelled account-record sentences the shipped classifier never saw (`round14_records.jsonl`,
`round15_records.jsonl`: every sentence of authored emails, calls, tickets and notes, one blind reader
each). Sentence figures: the page's one line per record and kind is not modelled.

Risks. On the sentences that may raise a risk (the customer's, and our team's notes), a sentence is shown
as a risk
- by the words: the classifier calls it a risk and a risk word names its kind, or it is the customer's
  and names a threat to leave, a do-not-contact request, an escalation or a complaint whatever the
  classifier called it (copilot/tools/account_sections.py before warning signs);
- with warning signs: also when the classifier calls it a risk with the score every label on the page
  needs (`MIN_SCORE`) and no word names a kind (copilot/tools/account_risk_items.kind_of; tickets and
  other languages excepted, as there).
Precision and recall are against the reader's `risk` label.

Promises. Of the sentences the call's promise words match (`call_items.is_promise`), how many the reader
calls a commitment, before and after the classifier overrules the ones it reads as another label
(copilot/tools/call_promise_check.py).

The account page's commitments. Of the English sentences, those the page lists as a commitment: the
classifier's commitment (p >= MIN_SCORE) that states a promise clause with a deliverable or a date, or
names its date and the classifier is sure of (`account_promise_items.trackable_sentence`). Against the
reader's `commitment` label; reported, not tuned on (it may be run on a held-out file).

    python scripts/classifier_reading_check.py evals/sentence_data/round14_records.jsonl \
        evals/sentence_data/round15_records.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import sentence_labeller_for
from copilot.tools.account_commitments import is_english_sentence
from copilot.tools.account_promise_items import due_from, trackable_sentence
from copilot.tools.account_risks import NEGATIVE_KINDS, named_risk
from copilot.tools.account_sections import MIN_SCORE
from copilot.tools.call_items import action_sentence, is_promise
from copilot.tools.call_promise_check import MIN_SCORE as OVERRULE_SCORE
from copilot.tools.risk_words import ENGLISH, sentence_language
from copilot.tools.sentence_classes import SentenceClass, SentenceLabeller

Flags = npt.NDArray[np.bool_]


def record_kind(source: str) -> str:
    """ "authored15:J-Acct:email3" -> "email"."""
    return re.sub(r"\d+$", "", source.rsplit(":", 1)[1])


def may_raise(row: dict[str, str]) -> bool:
    return row["side"] == "customer" or record_kind(row["source"]) == "note"


def by_words(rows: list[dict[str, str]], classes: list[SentenceClass]) -> Flags:
    shown = []
    for row, cls in zip(rows, classes, strict=True):
        named = named_risk(row["text"])
        flagged = cls.label == "risk" and cls.score >= MIN_SCORE and named is not None
        told = row["side"] == "customer" and named is not None and named.kind in NEGATIVE_KINDS
        shown.append(flagged or told)
    return np.array(shown, dtype=bool)


def warning_signs(rows: list[dict[str, str]], classes: list[SentenceClass]) -> Flags:
    return np.array(
        [
            cls.label == "risk"
            and cls.score >= MIN_SCORE
            and record_kind(row["source"]) != "ticket"
            and sentence_language(row["text"]) == ENGLISH
            for row, cls in zip(rows, classes, strict=True)
        ],
        dtype=bool,
    )


def line(name: str, shown: Flags, gold: Flags) -> str:
    precision = float(gold[shown].mean()) if shown.any() else 0.0
    recall = float(shown[gold].mean())
    return f"  {name}: shown {int(shown.sum())}, precision {precision:.3f}, recall {recall:.3f}"


def classes_of(labeller: SentenceLabeller, texts: list[str], sides: list[str]) -> list[SentenceClass]:
    return labeller.classes_of(labeller.probabilities(np.zeros((len(texts), 1)), texts, sides))


def check_risks(path: Path, labeller: SentenceLabeller) -> None:
    rows = [r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if may_raise(r)]
    classes = classes_of(labeller, [r["text"] for r in rows], [r["side"] for r in rows])
    gold = np.array([r["label"] == "risk" for r in rows], dtype=bool)
    words = by_words(rows, classes)
    added = warning_signs(rows, classes) & ~words
    print(f"{path.name}: {len(rows)} sentences that may raise a risk, {int(gold.sum())} of them risks")
    print(line("by the words", words, gold))
    print(line("warning signs added", added, gold))
    print(line("with warning signs", words | added, gold))


def check_promises(path: Path, labeller: SentenceLabeller) -> None:
    rows = list(map(json.loads, path.read_text(encoding="utf-8").splitlines()))
    rows = [r for r in rows if is_promise(r["text"])]
    classes = classes_of(labeller, [action_sentence(r["text"]) for r in rows], [r["side"] for r in rows])
    gold = np.array([r["label"] == "commitment" for r in rows], dtype=bool)
    english = [sentence_language(action_sentence(r["text"])) == ENGLISH for r in rows]
    other = [c.label != "commitment" and c.score >= OVERRULE_SCORE for c in classes]
    overruled = np.array(other, dtype=bool) & np.array(english, dtype=bool)
    kept = ~overruled
    print(f"{path.name}: {len(rows)} sentences the promise words match, {int(gold.sum())} commitments")
    print(f"  the words alone: precision {float(gold.mean()):.3f}")
    lost, dropped = int((overruled & gold).sum()), int((overruled & ~gold).sum())
    precision = float(gold[kept].mean())
    print(f"  overruled by the classifier: {int(kept.sum())} kept, precision {precision:.3f}, ", end="")
    print(f"{lost} commitments lost, {dropped} others dropped")


# Any day: a row carries no date, and only whether a sentence names its due date matters here.
_SAID_ON = date(2026, 3, 2)


def check_page_promises(path: Path, labeller: SentenceLabeller) -> None:
    rows = [
        r
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if is_english_sentence(r["text"])
    ]
    classes = classes_of(labeller, [r["text"] for r in rows], [r["side"] for r in rows])
    gold = np.array([r["label"] == "commitment" for r in rows], dtype=bool)
    listed = [
        cls.label == "commitment"
        and cls.score >= MIN_SCORE
        and trackable_sentence(row["text"], cls, dated=due_from(row["text"], _SAID_ON) is not None)
        for row, cls in zip(rows, classes, strict=True)
    ]
    print(f"{path.name}: {len(rows)} English sentences, {int(gold.sum())} commitments")
    print(line("listed on the account page", np.array(listed, dtype=bool), gold))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    labeller = sentence_labeller_for(load_settings())
    for path in parser.parse_args(argv).files:
        check_risks(path, labeller)
        check_promises(path, labeller)
        check_page_promises(path, labeller)
    return 0


if __name__ == "__main__":
    sys.exit(main())
