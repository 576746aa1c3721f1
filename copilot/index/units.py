"""The vectors one chunk owns: the chunk itself and, beside it, one vector per sentence.

A fact is usually one sentence inside a long email or call; the chunk's vector averages it away
among greetings and small talk, while the sentence's own vector still matches the question. Sentence
ids are derived from the chunk id and the chunk text, so SQL (chunk rows) stays the record: repair
recomputes which sentence vectors should exist, and deleting a chunk's vectors deletes its sentences
(`VectorIndex.delete` removes vectors whose `chunk_id` metadata names a deleted chunk).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_MARK = "/s"
# A chunk starts with its header line, `[kind direction date | subject]`: metadata, not a sentence.
_HEADER = re.compile(r"^\[[^\]\n]{0,400}\]\s*")
_SPEAKER = re.compile(r"^([^:\n]{1,60}):\s+(.+)$")
# A sentence ends at . ! ? followed by space and an upper-case letter, digit or quote.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-ZÀ-Ý0-9¿¡])")
MIN_CHARS = 12
MAX_SENTENCES = 64
MAX_CHARS = 600


@dataclass(frozen=True)
class Sentence:
    """One sentence of a chunk, with the speaker of its line when the line had one."""

    id: str
    text: str


def sentence_id(chunk_id: str, ordinal: int) -> str:
    """The stable id of one sentence vector of one chunk."""
    return f"{chunk_id}{SENTENCE_MARK}{ordinal}"


def is_sentence_id(vector_id: str) -> bool:
    """True for a sentence vector's id, False for a chunk's."""
    return SENTENCE_MARK in vector_id


def parent_chunk_id(vector_id: str) -> str:
    """The chunk a vector belongs to (a chunk's own id for a chunk vector)."""
    return vector_id.split(SENTENCE_MARK, 1)[0]


def split_sentences(text: str) -> list[str]:
    """The sentences of a chunk text, header dropped; a call line's speaker prefixes each of its sentences.

    Lines of one paragraph are joined first, since mail is often hard-wrapped mid-sentence.
    """
    body = _HEADER.sub("", text, count=1)
    sentences: list[str] = []
    paragraph: list[str] = []
    for line in [*body.splitlines(), ""]:
        line = line.strip()
        found = _SPEAKER.match(line)
        is_utterance = found is not None and len(found.group(1).split()) <= 5
        if paragraph and (not line or is_utterance):
            sentences.extend(_pieces(" ".join(paragraph), ""))
            paragraph = []
        if found is not None and is_utterance:
            sentences.extend(_pieces(found.group(2), f"{found.group(1)}: "))
        elif line:
            paragraph.append(line)
    return sentences[:MAX_SENTENCES]


def _pieces(text: str, speaker: str) -> list[str]:
    pieces = (piece.strip() for piece in _BOUNDARY.split(text))
    return [f"{speaker}{piece}"[:MAX_CHARS] for piece in pieces if len(piece) >= MIN_CHARS]


def chunk_sentences(chunk_id: str, text: str) -> list[Sentence]:
    """The sentence vectors a chunk owns; a chunk of one sentence needs none beside its own vector."""
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return []
    return [Sentence(sentence_id(chunk_id, n), s) for n, s in enumerate(sentences)]


def expected_vector_ids(chunks: dict[str, str], *, sentences: bool = True) -> set[str]:
    """Every vector id the index should hold for these chunks (chunk id -> text)."""
    ids = set(chunks)
    if sentences:
        ids.update(s.id for cid, text in chunks.items() for s in chunk_sentences(cid, text))
    return ids
