"""Present untrusted record text to the model as fenced, marked data (spotlighting)."""

from __future__ import annotations

import re

from copilot.retrieval.context import CitedRecord

# Records must not be able to close their own fence or open a fake one.
_FENCE_LIKE = re.compile(r"<<\s*/?\s*(END\s+)?(RECORD|FACT)[^>]*>>", re.IGNORECASE)


def _neutralise(text: str) -> str:
    return _FENCE_LIKE.sub("[removed fence marker]", text)


def fence_records(records: list[CitedRecord]) -> str:
    """Render numbered records between markers the model is told to treat as data only."""
    if not records:
        return "(no records found for this account)"
    blocks = []
    for record in records:
        head = (
            f"<<RECORD {record.n} | {record.occurred_at.date().isoformat()} | {record.kind} | {record.who}>>"
        )
        blocks.append(f"{head}\n{_neutralise(record.text)}\n<<END RECORD {record.n}>>")
    return "\n".join(blocks)


def fence_facts(facts: list[tuple[int, str]]) -> str:
    """Render numbered fact sentences between data markers."""
    if not facts:
        return "(no facts on record for this purpose)"
    return "\n".join(f"<<FACT [{n}]>> {_neutralise(text)} <<END FACT>>" for n, text in facts)
