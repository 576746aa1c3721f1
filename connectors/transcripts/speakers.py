"""Who is speaking in a line of transcript text: WebVTT voice tags and "Name:" prefixes."""

from __future__ import annotations

import html
import re

from connectors.base import Participant

_VOICE_OPEN = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
_VOICE_CLOSE = re.compile(r"</v\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>|<\d[\d:.]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A label: "#Person1#", an e-mail, or a short name (letters first); "- " dialogue dashes allowed.
_PREFIX = re.compile(
    r"^(?:[-\u2013]\s*)?"
    r"(?P<name>#\w+#|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[^\W\d_][\w'\u2019.() -]{0,38}?)"
    r"\s*:(?:\s+|$)(?P<rest>.*)$"
)
_MAX_NAME_WORDS = 4


def clean_markup(text: str) -> str:
    """Strip styling tags, decode HTML entities and collapse spaces."""
    text = html.unescape(_ANY_TAG.sub("", text))
    return _SPACES.sub(" ", text).strip()


def _plausible_name(name: str) -> bool:
    """A speaker label, not prose ending in a colon: few words, capitalised first and last."""
    if name.startswith("#") or _EMAIL.fullmatch(name):
        return True
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    lowercase = [w for w in words if w[0].islower()]
    return not words[0][0].islower() and not words[-1][0].islower() and len(lowercase) <= 1


def split_prefix(line: str) -> tuple[str | None, str]:
    """Return (speaker, text) when a line starts with a "Name:" label, else (None, line)."""
    match = _PREFIX.match(line)
    if match and _plausible_name(match["name"].strip()):
        return match["name"].strip(), match["rest"].strip()
    return None, line


def _voice_spans(text: str) -> list[tuple[str | None, str]]:
    """Split cue text at <v Name> tags; text after </v> or before any tag has no voice."""
    spans: list[tuple[str | None, str]] = []
    position, speaker = 0, None
    for match in _VOICE_OPEN.finditer(text):
        spans.extend(_close_spans(speaker, text[position : match.start()]))
        speaker = (match.group(1) or "").strip() or None
        position = match.end()
    spans.extend(_close_spans(speaker, text[position:]))
    return spans


def _close_spans(speaker: str | None, chunk: str) -> list[tuple[str | None, str]]:
    """A </v> inside a chunk ends the voice: what follows it is nobody's."""
    voiced, *after = _VOICE_CLOSE.split(chunk)
    return [(speaker, voiced)] + [(None, rest) for rest in after]


def speaker_turns(text: str, current: str | None = None) -> list[tuple[str | None, str]]:
    """Return (speaker, text) turns of one cue or line block, merging lines of the same speaker.

    A voice tag names the speaker; otherwise a "Name:" prefix does, and a label alone on a
    line ("MAN:") names the speaker of the lines after it.
    """
    turns: list[tuple[str | None, str]] = []
    for voice, chunk in _voice_spans(text):
        speaker = voice
        for raw_line in chunk.split("\n"):
            line = clean_markup(raw_line)
            if voice is None:
                named, line = split_prefix(line)
                speaker = named or speaker or current
            if not line:
                continue
            if turns and turns[-1][0] == speaker:
                turns[-1] = (speaker, f"{turns[-1][1]} {line}")
            else:
                turns.append((speaker, line))
    return turns


def participant_for(label: str) -> Participant:
    """Turn a speaker label into a participant, keeping an e-mail address when the label is one."""
    # "Name <address>" split at the last "<" (a pattern "^(.*?)\s*<...>$" is quadratic in the label).
    name, bracket, rest = label.rpartition("<")
    if bracket and rest.endswith(">") and _EMAIL.fullmatch(rest[:-1]):
        return Participant(role="speaker", email=rest[:-1].lower(), name=name.strip() or None)
    if _EMAIL.fullmatch(label):
        return Participant(role="speaker", email=label.lower())
    return Participant(role="speaker", name=label)
