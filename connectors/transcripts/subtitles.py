"""WebVTT and SRT cue parsing, lenient about the ways real subtitle files break the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from connectors.base import Utterance
from connectors.transcripts.speakers import speaker_turns

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})")
_VTT_SKIP_BLOCK = re.compile(r"^(WEBVTT|NOTE|STYLE|REGION|Region:)(\s|$)")


class TranscriptError(ValueError):
    """A transcript file that holds no usable speech; the message says why."""


@dataclass
class Cue:
    """One timed subtitle cue: its times in seconds and its raw text lines."""

    start: float
    end: float
    lines: list[str] = field(default_factory=list)


def parse_timestamp(value: str) -> float:
    """Seconds from "hh:mm:ss,fff", "mm:ss.fff" or "hh:mm:ss" (a short fraction is decimal)."""
    clock, _, fraction = value.replace(",", ".").partition(".")
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds + (float(f"0.{fraction}") if fraction else 0.0)


def _blocks(text: str) -> list[list[str]]:
    """Split text into blocks of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _add_block(block: list[str], cues: list[Cue]) -> None:
    """Add the cues of one block; a block without timing continues the previous cue."""
    started = False
    for line in block:
        timing = _TIMING.match(line)
        if timing:
            if started and cues[-1].lines and cues[-1].lines[-1].strip().isdigit():
                cues[-1].lines.pop()  # a sequence number glued to the next cue
            cues.append(Cue(parse_timestamp(timing["start"]), parse_timestamp(timing["end"])))
            started = True
        elif started:
            cues[-1].lines.append(line)
    if not started and cues and not (len(block) == 1 and block[0].strip().isdigit()):
        cues[-1].lines.extend(block)


def parse_cues(text: str, *, webvtt: bool) -> list[Cue]:
    """Return the cues of a WebVTT or SRT document (header, NOTE and STYLE blocks skipped)."""
    cues: list[Cue] = []
    for block in _blocks(text):
        if webvtt and _VTT_SKIP_BLOCK.match(block[0]) and not any(_TIMING.match(ln) for ln in block):
            continue
        _add_block(block, cues)
    return cues


def cues_to_utterances(cues: list[Cue]) -> list[Utterance]:
    """Turn cues into utterances: one per speaker turn inside each cue."""
    utterances: list[Utterance] = []
    for cue in cues:
        for speaker, said in speaker_turns("\n".join(cue.lines)):
            utterances.append(Utterance(speaker=speaker, text=said, start=cue.start, end=cue.end))
    return utterances


def parse_subtitles(text: str, *, webvtt: bool) -> list[Utterance]:
    """Parse a whole .vtt or .srt document into utterances; raise TranscriptError when empty."""
    has_header = text.lstrip().startswith("WEBVTT")
    cues = parse_cues(text, webvtt=webvtt)
    if not cues:
        missing = " (and no WEBVTT header)" if webvtt and not has_header else ""
        raise TranscriptError(f"no timed cues found{missing}")
    utterances = cues_to_utterances(cues)
    if not utterances:
        raise TranscriptError(f"{len(cues)} cues but no spoken text (timestamps or markup only)")
    return utterances
