"""Labelled sentences and the cited entries a manager reads from them.

Every sentence of the account's records is labelled issue / commitment / risk / other by the trained
classifier (`copilot.tools.sentence_classes`); each entry shown cites its interaction through one
citation map shared across the whole summary, and near-duplicates (a repeated template) are shown once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.db.models import Interaction
from copilot.guards.injection import detect_injection
from copilot.index.embedder import Embedder
from copilot.tools.account_sentences import Sentence
from copilot.tools.discourse_openers import without_leading_words
from copilot.tools.sentence_classes import SentenceClass, SentenceLabeller, clean_sentence, default_classifier

DUPLICATE_COSINE = 0.9
MAX_SHOWN_CHARS = 240

Matrix = npt.NDArray[np.float64]

# Kinds where our side speaks to the customer. What we tell them (a renewal proposal, the call's
# agenda) is never a risk to the account; our own internal records (notes, ticket logs) can be.
SPOKEN_TO_CUSTOMER = frozenset({"email", "call", "chat"})


@dataclass
class CitationMap:
    """Numbers interaction records [1], [2]... in first-use order across every section."""

    numbers: dict[int, int] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def cite_row(self, row: Interaction) -> int:
        """The citation number of an interaction row, assigning the next one on first use."""
        if row.id not in self.numbers:
            self.numbers[row.id] = len(self.numbers) + 1
            self.entries.append(
                {
                    "n": self.numbers[row.id],
                    "interaction_id": row.id,
                    "account_id": row.account_id,
                    "occurred_at": row.occurred_at.isoformat(),
                    "kind": row.kind,
                    "direction": row.direction,
                    "subject": row.subject,
                    "excerpt": row.text[:600],
                }
            )
        return self.numbers[row.id]


@dataclass(frozen=True)
class Labelled:
    """A sentence with its class and its embedding (for de-duplication)."""

    sentence: Sentence
    label: SentenceClass
    vector: Matrix
    # P(issue) even when another class won: weak but real evidence for a sentence the English-trained
    # classifier reads poorly (another language), see account_sections.
    issue_probability: float = 0.0


def label_sentences(
    sentences: list[Sentence], embeddings: Embedder, labeller: SentenceLabeller | None = None
) -> list[Labelled]:
    """Classify every sentence in one batch (`labeller`, else the frozen-vector model); text that tries
    to instruct the model is skipped. The embeddings also find near-duplicates."""
    kept = [s for s in sentences if not detect_injection(s.text)]
    if not kept:
        return []
    texts = [clean_sentence(s.text) or "-" for s in kept]
    vectors = np.asarray(embeddings.embed_documents(texts))
    # Who said it is part of what the sentence is: a customer's "the export failed" is an issue, ours
    # describing the same fault is not.
    model, sides = labeller or default_classifier(), [s.side for s in kept]
    probs = model.probabilities(vectors, texts, sides)
    labels, issue_p = model.classes_of(probs), probs[:, model.labels.index("issue")]
    return [
        Labelled(s, lab, vectors[i], float(issue_p[i]))
        for i, (s, lab) in enumerate(zip(kept, labels, strict=True))
    ]


def distinct(candidates: list[Labelled]) -> list[Labelled]:
    # Newest first; a sentence nearly identical to one already kept (a repeated template) is dropped.
    kept: list[Labelled] = []
    for item in sorted(candidates, key=lambda c: c.sentence.occurred_at, reverse=True):
        unit = item.vector / (np.linalg.norm(item.vector) or 1.0)
        if all(float(unit @ (k.vector / (np.linalg.norm(k.vector) or 1.0))) < DUPLICATE_COSINE for k in kept):
            kept.append(item)
    return kept


def shown_text(sentence: Sentence) -> str:
    """The sentence as the page quotes it: without the answer or link words that tied it to a question the
    page does not show ("No, but we lost two days of shipments." -> "We lost two days of shipments.")."""
    text = without_leading_words(sentence.shown)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1].rstrip() + "…"


def item_entry(item: Labelled, rows: dict[int, Interaction], citations: CitationMap) -> dict[str, Any]:
    s = item.sentence
    entry: dict[str, Any] = {
        "text": shown_text(s),
        "citations": [citations.cite_row(rows[s.interaction_id])],
        "date": s.occurred_at.date().isoformat(),
        "side": s.side,
        "score": item.label.score,
    }
    if s.speaker:
        entry["speaker"] = s.speaker
    if s.ticket_priority:
        entry["ticket_priority"] = s.ticket_priority
    entry["record_kind"] = s.kind
    if s.kind == "ticket" and rows[s.interaction_id].subject:
        entry["subject"] = rows[s.interaction_id].subject
    if s.kind == "ticket" and s.ticket_priority:
        entry["ticket_state"] = "open" if s.ticket_waiting_for is None else "waiting on the customer"
        if s.ticket_waiting_for:
            entry["waiting_for"] = s.ticket_waiting_for
    return entry


@dataclass(frozen=True)
class SectionInputs:
    """What sections are built from: labelled sentences, their rows, who is who, and today's date."""

    labelled: list[Labelled]
    rows: dict[int, Interaction]
    contacts: set[str]
    owner: str
    today: date
    account_name: str = ""
    # The owner as a person is named ("Sam Ortiz"); "" when only the CRM login is known.
    owner_name: str = ""
