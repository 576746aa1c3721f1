"""Read TweetSumm customer-care chats; write them as the `Customer:` / `Agent:` transcripts users submit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from copilot.errors import InvalidInputError

# Half of the 200 dialogues tuned the extractive summary (copilot/tools/call_digest.py); the rest is reported.
TUNE_SHARE = 0.5
_LABELS = {"customer": "Customer", "agent": "Agent"}


@dataclass(frozen=True)
class Chat:
    """One support chat: its turns as (label, text) and its human-written summaries."""

    conversation_id: str
    turns: list[tuple[str, str]]
    references: list[str]


def _chat(row: dict[str, object]) -> Chat:
    turns = []
    for turn in row["dialogue"]:  # type: ignore[attr-defined]
        label = _LABELS[str(turn["speaker"])]
        text = " ".join(str(turn["text"]).split())
        if text:
            turns.append((label, text))
    references = [str(s) for s in row["summaries"] if str(s).strip()]  # type: ignore[attr-defined]
    return Chat(str(row["conversation_id"]), turns, references)


def read_tweetsumm(path: Path) -> list[Chat]:
    """All chats of the file; a malformed row is an error naming the file and line."""
    if not path.is_file():
        raise InvalidInputError(f"{path}: TweetSumm file not found (expected tweetsumm/train200.jsonl)")
    chats: list[Chat] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            chat = _chat(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InvalidInputError(f"{path}:{number}: bad TweetSumm row ({exc})") from exc
        if not chat.turns or not chat.references:
            raise InvalidInputError(f"{path}:{number}: a TweetSumm row needs turns and summaries")
        chats.append(chat)
    return chats


def split(chats: list[Chat]) -> tuple[list[Chat], list[Chat]]:
    """(tune, held-out): the first half tuned the summary, the second half is what is reported."""
    cut = round(len(chats) * TUNE_SHARE)
    return chats[:cut], chats[cut:]


def chat_transcript(chat: Chat) -> str:
    """The chat as a user submits it: one `Customer: …` or `Agent: …` line a turn."""
    return "".join(f"{label}: {text}\n" for label, text in chat.turns)


def chat_lead(chat: Chat, lines: int = 2) -> str:
    """The lead baseline: the first `lines` transcript lines, verbatim."""
    return " ".join(f"{label}: {text}" for label, text in chat.turns[:lines])
