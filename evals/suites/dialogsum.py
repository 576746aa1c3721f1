"""Read DialogSum test rows and write them as plain transcripts the transcript connector ingests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from copilot.errors import InvalidInputError

_TAG = re.compile(r"#(Person\d+)#:?")


@dataclass(frozen=True)
class Dialogue:
    """One DialogSum test dialogue with its three reference summaries."""

    fname: str
    dialogue: str
    references: list[str]


def read_dialogsum(path: Path) -> list[Dialogue]:
    """The test split; a malformed row is an error naming the file and line."""
    if not path.is_file():
        raise InvalidInputError(
            f"{path}: DialogSum test file not found (expected dialogsum/dialogsum.test.jsonl)"
        )
    rows: list[Dialogue] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            refs = [row[k] for k in ("summary1", "summary2", "summary3") if row.get(k)]
            rows.append(Dialogue(str(row["fname"]), str(row["dialogue"]), refs))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InvalidInputError(f"{path}:{number}: bad DialogSum row ({exc})") from exc
        if not refs:
            raise InvalidInputError(f"{path}:{number}: no summary1..3 references")
    return rows


def turns(dialogue: str) -> list[str]:
    """The non-empty lines of a dialogue, speaker tags kept."""
    return [line.strip() for line in dialogue.splitlines() if line.strip()]


def lead_summary(dialogue: str, lines: int = 2) -> str:
    """The lead baseline: the first `lines` turns of the dialogue, verbatim."""
    return " ".join(turns(dialogue)[:lines])


def as_transcript(dialogue: str) -> str:
    """`Person1: text` lines, the plain transcript format (`#Person1#` is not a speaker name)."""
    out = []
    for line in turns(dialogue):
        match = _TAG.match(line)
        out.append(f"{match.group(1)}: {line[match.end() :].strip()}" if match else line)
    return "\n".join(out) + "\n"
