"""Plain-text transcripts: "Speaker: text" lines, optionally with a leading timestamp."""

from __future__ import annotations

import re

from connectors.base import Utterance
from connectors.transcripts.speakers import clean_markup, split_prefix
from connectors.transcripts.subtitles import TranscriptError, parse_timestamp

# "[00:01:02] Alice: ..." or "00:01:02 - Alice: ..." (hyphen or en dash); the time is optional.
_LEADING_TIME = re.compile(r"^\s*\[?(?P<time>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]?\s*[-\u2013]?\s*")
_ONLY_NUMBERS = re.compile(r"^[\s\[\]\d:.,>\u2013-]*$")  # timestamps, timing arrows, sequence numbers
HEADER_LINE = re.compile(
    r"^(?:NOTE\s+)?(?:X-[\w-]+|Date|Title|Subject|Call|Participants|Account|CRM-Account)\s*:", re.IGNORECASE
)


def _split_time(line: str) -> tuple[float | None, str]:
    match = _LEADING_TIME.match(line)
    if not match or match.end() == len(line.rstrip()):
        return None, line
    return parse_timestamp(match["time"]), line[match.end() :]


def parse_plain(text: str) -> list[Utterance]:
    """Parse "Speaker: text" lines; unlabelled lines continue the previous speaker's turn."""
    turns: list[tuple[str | None, float | None, str]] = []
    in_header = True
    for raw_line in text.split("\n"):
        if _ONLY_NUMBERS.match(raw_line):
            continue
        if in_header and HEADER_LINE.match(raw_line.strip()):
            continue
        in_header = False
        start, rest = _split_time(raw_line)
        speaker, said = split_prefix(clean_markup(rest))
        if not said:
            if speaker:
                turns.append((speaker, start, ""))
            continue
        if speaker is None and turns:
            previous_speaker, previous_start, previous_text = turns[-1]
            turns[-1] = (previous_speaker, previous_start, f"{previous_text} {said}".strip())
        else:
            turns.append((speaker, start, said))
    utterances = [Utterance(speaker=s, text=t, start=st) for s, st, t in turns if t]
    if not utterances:
        raise TranscriptError("no spoken text found (empty, or timestamps and labels only)")
    return utterances
