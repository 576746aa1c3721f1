"""The shapes a call is read in: numbered utterances, and the items (actions, decisions, risks) found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from copilot.tools.call_dates import DueDate

# The sentences of a turn: a run up to its closing punctuation (a turn without any is one sentence); a
# point between digits ("the 4.2 release", "$2.50") ends none.
SENTENCES = re.compile(r"(?:[^.!?]|(?<=\d)\.(?=\d))+[.!?]*")


@dataclass(frozen=True)
class Utterance:
    """One numbered turn of a call; `n` is its citation number ([u<n>])."""

    n: int
    speaker: str
    text: str
    customer: bool


@dataclass
class CallItem:
    """One extracted item (action, decision or risk) and the utterances it rests on."""

    text: str
    utterances: list[int]
    owner: str | None = None
    due: DueDate | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The shape stored in a draft's `structured` content."""
        data: dict[str, Any] = {"text": self.text, "utterances": self.utterances}
        if self.owner is not None or self.due is not None:
            data["owner"] = self.owner
            data["due_date"] = self.due.on.isoformat() if self.due else None
            data["due_text"] = self.due.text if self.due else None
        data.update(self.extra)
        return data
