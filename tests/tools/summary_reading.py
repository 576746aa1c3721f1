"""Helpers the manager's readings of call and account summaries share (tests/tools/test_summaries_*).

A call is written as its transcript ("Customer: ..." / "Agent: ..."), read either straight by the digest
or ingested and summarised as `copilot summarize-call` does; an account page is built from sentences
labelled by hand, so a test states the class and asks only what the page makes of it.
"""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from copilot.container import Services
from copilot.db.models import Interaction
from copilot.ingest.calls import ingest_transcript
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, Sentence
from copilot.tools.call_digest import digest, digest_text
from copilot.tools.call_types import Utterance
from copilot.tools.sentence_classes import SentenceClass
from copilot.tools.speaker_roles import RoleBook, assign_roles
from copilot.tools.summarize_call import summarize_call
from tests.support.records import Note, seed_account

WHEN = datetime(2026, 11, 2, tzinfo=UTC)
CUSTOMER_LABELS = frozenset({"Customer", "Kunde"})


def transcript(text: str, customers: frozenset[str] = CUSTOMER_LABELS) -> list[Utterance]:
    """The turns of a "Speaker: words" transcript, numbered from 1; `customers` are the customer's labels."""
    turns = [line.split(": ", 1) for line in text.strip().splitlines()]
    return [Utterance(n, s, t, s in customers) for n, (s, t) in enumerate(turns, start=1)]


def digest_of(text: str, customers: frozenset[str] = frozenset({"Customer"})) -> str:
    """The summary paragraph of a transcript, its sides read from its labels alone."""
    call = transcript(text, customers)
    return digest_text(digest(call, assign_roles([u.speaker for u in call], RoleBook())))


def seeded_account(services: Services, crm_id: str, name: str = "Harbour Print") -> int:
    """An account with one kick-off note, to ingest calls into."""
    seeded, _, _ = seed_account(services, crm_id, name, [Note("Kick-off.")])
    return seeded


def summarized(services: Services, tmp_path: Path, text: str, account_id: int) -> dict[str, Any]:
    """The call summary's structured result and body, after ingesting the transcript as the CLI does."""
    path = tmp_path / "2026-11-02-support-call.txt"
    path.write_text(text, encoding="utf-8")
    draft = summarize_call(services, ingest_transcript(services, path, account_id))
    assert draft.structured is not None and draft.body is not None
    return {"structured": draft.structured, "body": draft.body}


def labelled(
    text: str,
    label: str,
    n: int,
    *,
    side: str = CUSTOMER,
    kind: str = "email",
    when: datetime = WHEN,
    **extra: Any,
) -> Labelled:
    """A sentence of record `n` labelled `label`; its vector is its own (two sentences of one record are
    never near-duplicates of each other unless their words are the same)."""
    sentence = Sentence(text, text, side, n, when, kind, **extra)
    return Labelled(sentence, SentenceClass(label, 0.9), np.eye(64)[zlib.crc32(text.encode()) % 64])


def row(n: int, kind: str, when: datetime = WHEN, **fields: Any) -> Interaction:
    """An interaction record for `n` (inbound, placeholder text unless given)."""
    values = {"direction": "inbound", "text": "...", "subject": "s", **fields}
    return Interaction(id=n, account_id=1, occurred_at=when, kind=kind, **values)


def account_sections(
    items: list[Labelled],
    rows: dict[int, Interaction] | None = None,
    *,
    today: date = date(2026, 11, 20),
    account: str = "Harbour Print",
) -> dict[str, Any]:
    """The account page's sections from hand-labelled sentences; a record not given gets a placeholder."""
    rows = dict(rows or {})
    for item in items:
        s = item.sentence
        rows.setdefault(s.interaction_id, row(s.interaction_id, s.kind, s.occurred_at))
    inputs = SectionInputs(items, rows, {"nadia brooks"}, "sam", today, account, "Sam Ortiz")
    return build_sections(inputs, CitationMap())
