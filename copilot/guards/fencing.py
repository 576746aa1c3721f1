"""Present untrusted record text to the model as fenced, marked data (spotlighting)."""

from __future__ import annotations

import re

from copilot.retrieval.context import CitedRecord

# Records must not be able to close their own fence or open a fake one.
_FENCE_LIKE = re.compile(r"<<\s*/?\s*(END\s+)?(RECORD|FACT)[^>]*>>", re.IGNORECASE)
# Chat-template control tokens (ChatML as SmolLM2 uses, Llama/Mistral [INST] and <<SYS>>, <s>):
# rendered into the prompt they could end the user turn and open a fake system turn.
_CONTROL_TOKEN = re.compile(
    r"<\|[a-z_]{2,20}\|>|\[/?INST\]|<<\s*/?SYS\s*>>|</?s>|<\|?(?:begin|end)_of_(?:text|turn)\|?>",
    re.IGNORECASE,
)


def _neutralise(text: str) -> str:
    text = _FENCE_LIKE.sub("[removed fence marker]", text)
    return _CONTROL_TOKEN.sub("[removed control token]", text)


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
