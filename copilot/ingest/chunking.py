"""Split an interaction into chunks that respect message and utterance boundaries under a token budget."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.llm.tokens import count_tokens, truncate_to_tokens

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ChunkText:
    """One chunk's text and its token count."""

    ordinal: int
    text: str
    token_count: int


def _units(text: str, utterance_lines: list[str] | None) -> list[str]:
    # Utterances are the natural unit of a call; paragraphs are the unit of written text.
    if utterance_lines:
        return [line for line in utterance_lines if line.strip()]
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def chunk_text(
    text: str, *, header: str = "", utterance_lines: list[str] | None = None, max_tokens: int = 220
) -> list[ChunkText]:
    """Pack whole units into chunks of at most `max_tokens`; a unit longer than that is cut."""
    header_tokens = count_tokens(header) if header else 0
    budget = max(32, max_tokens - header_tokens)
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for unit in _units(text, utterance_lines):
        size = count_tokens(unit)
        if size > budget:
            unit, size = truncate_to_tokens(unit, budget), budget
        if current and used + size > budget:
            chunks.append("\n\n".join(current))
            current, used = [], 0
        current.append(unit)
        used += size
    if current:
        chunks.append("\n\n".join(current))
    if not chunks:
        chunks = [""]
    texts = [f"{header}\n{body}".strip() if header else body for body in chunks]
    return [ChunkText(i, t, count_tokens(t)) for i, t in enumerate(texts)]
