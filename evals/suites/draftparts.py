"""Take a composed draft apart: which text the model wrote, and the checks on its form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.languages import frame_for
from evals.scoring import content_words

# What a letter must never carry to its reader: citation markers, record dates in parentheses,
# a list of quoted record sentences.
_LEAKS = re.compile(r"\[\d{1,2}(?:\s*[,;]\s*\d{1,2})*\]|\(\d{4}-\d{2}-\d{2}\)|^\s*- \"", re.MULTILINE)
_NEXT_STEP_CUES = re.compile(
    r"\?|\b(call|meet|meeting|schedule|book|let me know|reply|confirm|send|share|next week|tomorrow|"
    r"follow up|termin|gespräch|telefonieren|melden|appel|réunion|rendez-vous|llamada|reunión|"
    r"confirmar|enviar)\b",
    re.IGNORECASE,
)
_INFORMAL = {
    "en": re.compile(r"\b(hey|gonna|wanna|yo|cheers|btw)\b", re.IGNORECASE),
    "de": re.compile(r"\b(du|dich|dir|dein|deine|deinen|euch)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(tu|toi|ton|ta|tes|salut)\b", re.IGNORECASE),
    "es": re.compile(r"\b(tú|te|tu|tus|contigo)\b", re.IGNORECASE),
    "it": re.compile(r"\b(tu|ti|tuo|tua|tuoi|tue|ciao)\b", re.IGNORECASE),
    "nl": re.compile(r"\b(jij|jou|jouw|hoi|doei)\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class DraftParts:
    """A draft body split into the frame's greeting, the model's free text, and its last paragraph."""

    greeting: str
    model_text: str
    next_step: str


def split_draft(body: str, language: str, formality: str) -> DraftParts:
    """Greeting line, the letter's text between greeting and sign-off, and its last paragraph."""
    del language, formality  # the letter's frame is found by its shape: first and last paragraphs
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) < 3:
        return DraftParts(paragraphs[0] if paragraphs else "", "\n\n".join(paragraphs[1:]), "")
    kept = paragraphs[1:-1]
    return DraftParts(paragraphs[0], "\n\n".join(kept), kept[-1])


def leaks_evidence(text: str) -> bool:
    """True when delivered text carries citation markers, record dates or a quoted-record list."""
    return bool(_LEAKS.search(text))


def greets_by_name(parts: DraftParts, contact_name: str) -> bool:
    """The greeting names the contact (first or last name)."""
    names = [n for n in contact_name.split() if len(n) > 1]
    return any(n.lower() in parts.greeting.lower() for n in names)


def has_next_step(parts: DraftParts) -> bool:
    """The paragraph before the sign-off proposes something: a question or an action cue."""
    return bool(parts.next_step.strip()) and bool(_NEXT_STEP_CUES.search(parts.next_step))


def addresses_purpose(purpose: str, subject: str, parts: DraftParts, quoted_expected: bool) -> bool:
    """An expected fact is quoted, or a content word of the purpose appears in subject or model text."""
    if quoted_expected:
        return True
    stems = {w[:5] for w in content_words(purpose)}
    said = {w[:5] for w in content_words(f"{subject} {parts.model_text}")}
    return bool(stems & said)


def formality_kept(language: str, formality: str, greeting_line: str, parts: DraftParts) -> bool:
    """The greeting is the frame's for this formality, and formal text avoids informal forms."""
    frame = frame_for(language, formality)
    prefix = frame.greeting.split("{")[0].strip()
    if prefix and not greeting_line.startswith(prefix):
        return False
    informal = _INFORMAL.get(language[:2])
    return not (formality == "formal" and informal is not None and informal.search(parts.model_text))
