"""Flag values in a customer-facing draft that only internal records support.

A figure, percentage, amount, date or name the customer-visible records do not carry, but an
internal record (a CRM note, an internal ticket, mail among ourselves) does, is how an internal
discount ceiling or deadline leaks into a customer's inbox. Each such span becomes an
`internal_source` flag naming the record, whoever wrote the text: the model, the frame, or a reviewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from copilot.guards.grounding import Claim, SourceText, verify

# Claim kinds that carry a value; commitments and references to past meetings are judged elsewhere.
VALUE_KINDS = frozenset({"money", "number", "percent", "date", "person", "product"})


@dataclass(frozen=True)
class InternalRecord:
    """An internal record as this guard sees it: its citation number, interaction id and text."""

    n: int
    interaction_id: int
    kind: str
    occurred_at: datetime | None
    text: str


def _value_claims(
    text: str, sources: Sequence[SourceText], names: list[str], language: str | None
) -> list[Claim]:
    report = verify(text, sources, allowed_names=names, language=language)
    return [c for c in report.unsupported if c.kind in VALUE_KINDS]


def _supported_spans(
    text: str, record: InternalRecord, names: list[str], language: str | None
) -> set[tuple[int, int]]:
    # No record date here: a draft naming the day a note was written does not quote the note.
    source = SourceText(record.n, record.text, None, record.kind)
    report = verify(text, [source], allowed_names=names, language=language)
    return {(c.start, c.end) for c in report.supported if c.kind in VALUE_KINDS}


def internal_source_flags(
    text: str,
    customer: Sequence[SourceText],
    internal: Iterable[InternalRecord],
    *,
    allowed_names: Iterable[str] = (),
    language: str | None = None,
) -> list[dict[str, Any]]:
    """One flag per value in `text` that no customer record supports and an internal record does."""
    records = list(internal)
    if not records or not text.strip():
        return []
    names = list(allowed_names)
    open_claims = _value_claims(text, customer, names, language)
    if not open_claims:
        return []
    flags: list[dict[str, Any]] = []
    support = [(r, _supported_spans(text, r, names, language)) for r in records]
    for claim in open_claims:
        found = next((r for r, spans in support if (claim.start, claim.end) in spans), None)
        if found is not None:
            flags.append(_flag(claim, found))
    return flags


def _flag(claim: Claim, record: InternalRecord) -> dict[str, Any]:
    when = f", {record.occurred_at.date().isoformat()}" if record.occurred_at else ""
    return {
        "type": "internal_source",
        "span": [claim.start, claim.end],
        "record": record.n,
        "interaction_id": record.interaction_id,
        "detail": (
            f'"{claim.text}" comes only from internal record [{record.n}] ({record.kind}{when}, '
            f"interaction {record.interaction_id}); internal figures, dates and names must not reach "
            "the customer"
        ),
    }
