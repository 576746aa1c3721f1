"""Who said each hand-labelled sentence (`side`: customer, ours, unknown), derived from its source.

The rule (evals/sentence_data/README.md) reads the row's `source` and, for sample emails and calls, the
seeded sample CRM itself; it never reads the label:

- `tweetsumm:<dialogue>:customer` -> customer, `tweetsumm:<dialogue>:agent` -> ours;
- `sample:crm:note` and `sample:meeting` -> ours (our CRM notes and meeting invites);
- `sample:crm:ticket` -> ours for a "Next step:" / "Resolution:" line, else customer (the ticket
  layout `account_sentences` splits by);
- `sample:email` and `sample:call` -> the side `account_sentences.record_sentences` gives the same
  sentence in the sample loaded with seed 7 (email direction; the call speaker's role from the
  account's role book), looked up by its text; else the side of the email (its own lines, quotes
  left out) or call turn whose words contain it (greetings, signatures and small talk, which the
  product cuts differently or drops); else the side of a sentence with its template; a sentence
  found on both sides, or not found, is unknown;
- `authored:crm:customer` / `authored:crm:ours` -> customer / ours (sentences written for a named
  speaker, fifth round);
- everything else (real-world mail, DialogSum, authored sentences without a speaker) -> unknown.

`scripts/sentence_sides.py` loads the sample and writes the field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from copilot.db.models import Interaction
from copilot.tools.account_sentences import CUSTOMER, OURS, UNKNOWN, call_turns, email_side, speaker_sides
from copilot.tools.sentence_classes import clean_sentence
from copilot.tools.speaker_roles import RoleBook
from evals.sentences import template

_OUR_TICKET_PREFIXES = ("next step:", "resolution:")


@dataclass
class SampleSides:
    """Who said what in the seeded sample: sentences by cleaned text and by template, and the raw
    words of every email and call turn (lower-cased, one space) with their side."""

    by_text: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_template: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    passages: list[tuple[str, str]] = field(default_factory=list)

    def add_passages(self, row: Interaction, book: RoleBook) -> None:
        """The record's own words with their side: an email's lines outside quotes, each call turn."""
        if row.kind == "email":
            own = " ".join(line for line in row.text.splitlines() if not line.lstrip().startswith(">"))
            self.passages.append((squash(own), email_side(row.direction)))
            return
        turns = call_turns(row)
        sides = speaker_sides(turns, book)
        self.passages += [(squash(said), sides.get(speaker, UNKNOWN)) for speaker, said in turns]

    def side(self, text: str) -> str:
        """The one side the sample gives a sentence: by text, then inside a passage, then by template."""
        if text in self.by_text:
            return one_side(self.by_text[text])
        inside = {side for words, side in self.passages if squash(text) in words}
        if inside:
            return one_side(inside)
        return one_side(self.by_template.get(template(text), set()))


def squash(text: str) -> str:
    """Lower case, one space: how a sentence is found inside the words it was cut from."""
    return " ".join(text.lower().split())


def one_side(found: set[str]) -> str:
    """The side when the sample says exactly one (unknown counts as no answer), else unknown."""
    named = found - {UNKNOWN}
    return next(iter(named)) if len(named) == 1 else UNKNOWN


def side_of(row: dict[str, str], lookup: SampleSides) -> str:
    """A labelled row's side from its source (and the sample), never from its label."""
    parts = row["source"].split(":")
    if parts[0] == "tweetsumm":
        return {"customer": CUSTOMER, "agent": OURS}.get(parts[-1], UNKNOWN)
    if parts[0] == "authored":
        return {"customer": CUSTOMER, "ours": OURS}.get(parts[-1], UNKNOWN)
    if parts[0] != "sample":
        return UNKNOWN
    kind = ":".join(parts[1:])
    if kind in {"crm:note", "meeting"}:
        return OURS
    if kind == "crm:ticket":
        return OURS if row["text"].strip().lower().startswith(_OUR_TICKET_PREFIXES) else CUSTOMER
    if kind in {"email", "call"}:
        return lookup.side(clean_sentence(row["text"]))
    return UNKNOWN
