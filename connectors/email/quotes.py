"""Remove quoted replies and signatures from a message body, keeping only what the sender wrote."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATTRIBUTION = (
    re.compile(r"^On\b.{0,300}\bwrote\s*:$", re.IGNORECASE),
    re.compile(r"^Am\b.{0,300}\bschrieb\b.{0,200}:$"),
    re.compile(r"^Le\b.{0,300}\ba écrit\s*:$"),
    # "Jane Doe <jane@x.com> wrote:" without a date; short, so prose is not mistaken for it.
    re.compile(r"^[^>].{0,150}\b(wrote|schrieb|a écrit)\s*:$", re.IGNORECASE),
)
_ORIGINAL = re.compile(
    r"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Originalnachricht|Message d'origine)\s*-{2,}$",
    re.IGNORECASE,
)
_HEADER_FROM = re.compile(r"^\*?(From|Von|De)\s*:\*?\s+\S", re.IGNORECASE)
_HEADER_SENT = re.compile(r"^\*?(Sent|Gesendet|Envoyé|Date|Datum)\s*:\*?\s+\S", re.IGNORECASE)
_FORWARD_MARK = re.compile(
    r"^(-{2,}\s*(Forwarded message|Weitergeleitete Nachricht)|Begin forwarded message:)", re.IGNORECASE
)
_SIG_DELIMITER = re.compile(r"^-- ?$")
_SIGN_OFF = re.compile(
    r"^(?:((best|kind|warm|warmest|many)\s+)?(regards|wishes)|best|thanks( again| a lot)?|thank you|"
    r"cheers|sincerely( yours)?|yours( truly| sincerely)?|mit freundlichen grüßen|freundliche grüße|"
    r"viele grüße|beste grüße|liebe grüße|grüße|gruß|cordialement|bien à vous|saludos|atentamente)$",
    re.IGNORECASE,
)
_MOBILE_FOOTER = re.compile(
    r"^(Sent from my \w[\w ]*|Von meinem \w[\w ]* gesendet|Get Outlook for \w+)\.?$", re.IGNORECASE
)
_MAX_SIGNATURE_LINES = 6
_MAX_SIGNATURE_LINE_LENGTH = 72
_MAX_DELIMITED_SIGNATURE_LINES = 15


@dataclass(frozen=True)
class CleanBody:
    """The sender's own text, whether quoted text was removed, and the signature if one was cut."""

    text: str
    quotes_removed: bool
    signature: str | None


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _attribution_at(lines: list[str], i: int) -> int:
    """Return how many lines (1 or 2) an "On ... wrote:" attribution at `i` spans, else 0.

    It only counts when "> " quoted lines follow: "Here is what the customer wrote:" followed by
    pasted, unquoted text is content.
    """
    line = lines[i].strip()
    if not line or _is_quoted(line):
        return 0
    span = 0
    if any(p.match(line) for p in _ATTRIBUTION):
        span = 1
    # Clients wrap long attributions ("On Mon, ... Name <\naddr> wrote:").
    elif i + 1 < len(lines) and any(p.match(f"{line} {lines[i + 1].strip()}") for p in _ATTRIBUTION):
        span = 2
    following = next((ln for ln in lines[i + span :] if ln.strip()), "") if span else ""
    return span if _is_quoted(following) else 0


def _is_header_block(lines: list[str], i: int) -> bool:
    """True at an Outlook-style "From: ... Sent: ..." block that is not a forwarded message."""
    if not _HEADER_FROM.match(lines[i].strip()):
        return False
    before = [line.strip() for line in lines[max(0, i - 2) : i]]
    if any(_FORWARD_MARK.match(line) for line in before):
        return False
    return any(_HEADER_SENT.match(line.strip()) for line in lines[i + 1 : i + 5])


def _has_interleaved_answers(rest: list[str]) -> bool:
    """True when unquoted text follows quoted text: the reply answers inline, so keep it."""
    seen_quote = False
    for line in rest:
        if _SIG_DELIMITER.match(line):
            break
        if _is_quoted(line):
            seen_quote = True
        elif seen_quote and line.strip():
            return True
    return False


def _remove_replies(lines: list[str]) -> tuple[list[str], bool]:
    """Cut at the first reply header (unless answers are interleaved) and drop "> " lines."""
    for i in range(len(lines)):
        span = _attribution_at(lines, i)
        if span:
            rest = lines[i + span :]
            if _has_interleaved_answers(rest):
                kept = lines[:i] + rest
                return [ln for ln in kept if not _is_quoted(ln)], True
            return [ln for ln in lines[:i] if not _is_quoted(ln)], True
        if _ORIGINAL.match(lines[i].strip()) or _is_header_block(lines, i):
            return [ln for ln in lines[:i] if not _is_quoted(ln)], True
    kept = [ln for ln in lines if not _is_quoted(ln)]
    return kept, len(kept) != len(lines)


def _cut_delimited(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off everything after the last "-- " line, when what follows is short enough."""
    for i in range(len(lines) - 1, -1, -1):
        if _SIG_DELIMITER.match(lines[i]) and len(lines) - i - 1 <= _MAX_DELIMITED_SIGNATURE_LINES:
            return lines[:i], lines[i + 1 :]
    return lines, []


def _cut_closing(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off a mobile footer, or a sign-off line followed by a few short lines (name, title)."""
    body = list(lines)
    while body and not body[-1].strip():
        body.pop()
    if body and _MOBILE_FOOTER.match(body[-1].strip()):
        return body[:-1], body[-1:]
    nonblank = [i for i, line in enumerate(body) if line.strip()]
    for k in reversed(nonblank[-(_MAX_SIGNATURE_LINES + 1) :]):
        if not _SIGN_OFF.match(body[k].strip().rstrip(",.!")):
            continue
        trailing = [line.strip() for line in body[k + 1 :] if line.strip()]
        has_content_before = any(line.strip() for line in body[:k])
        short = all(len(line) <= _MAX_SIGNATURE_LINE_LENGTH for line in trailing)
        if has_content_before and 1 <= len(trailing) <= _MAX_SIGNATURE_LINES and short:
            return body[:k], body[k:]
        break
    return lines, []


def _cut_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off a "-- " signature and then any sign-off block left just above it."""
    body, delimited = _cut_delimited(lines)
    body, closing = _cut_closing(body)
    return body, closing + delimited


def _tidy(lines: list[str]) -> str:
    """Join lines, trimming trailing spaces and collapsing runs of blank lines."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


def clean_body(text: str, *, forwarded: bool = False) -> CleanBody:
    """Return the new text of a message: quoted replies and signature removed.

    A forwarded message is kept whole, because the forwarded part is the content. When nothing
    would be left (a reply that only quotes), the original text is kept rather than lost.
    """
    if forwarded or not text.strip():
        return CleanBody(text.strip(), False, None)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept, quotes_removed = _remove_replies(lines)
    body, signature = _cut_signature(kept)
    cleaned = _tidy(body)
    if not cleaned:
        return CleanBody(_tidy(lines), False, None)
    return CleanBody(cleaned, quotes_removed, _tidy(signature) or None)
