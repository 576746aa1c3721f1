"""First-layer prompt-injection checks: instruction-like text in records, and outputs that act on it."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from copilot.errors import InvalidInputError
from copilot.guards.injection_model import InjectionClassifier, flagged_sentences
from copilot.guards.injection_rules import NEGATION, RULES
from copilot.guards.output_values import find_output_values
from copilot.index.embedder import Embedder

__all__ = ["InjectionFinding", "as_flags", "check_output", "detect_injection"]

# Zero-width and other invisible format characters; they can split words ("ig\u200bnore") or hide text.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060-\u2064\u180e\ufeff]")
# Bidi overrides reorder what a human sees; Unicode tag characters smuggle invisible ASCII.
_SMUGGLING = re.compile(r"[\u202a-\u202e\u2066-\u2069]|[\U000e0000-\U000e007f]+")
_BASE64 = re.compile(
    r"(?<![\w+/=])(?:[A-Za-z0-9+/]{4}){6,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![\w+/=])"
)
_HEX = re.compile(r"(?<![\w])(?:[0-9a-fA-F]{2}){16,}(?![\w])")
_URL_AROUND = re.compile(r"\S*(?:https?://|www\.|/|=)\S*$")
_PREVIEW = 60


@dataclass(frozen=True)
class InjectionFinding:
    """Instruction-like or unsourced content at text[start:end]; `category` says which kind."""

    start: int
    end: int
    category: str
    detail: str

    def as_flag(self) -> dict[str, object]:
        """The flag shape stored on drafts."""
        return {
            "type": "injection",
            "span": [self.start, self.end],
            "detail": f"{self.category}: {self.detail}",
        }


def as_flags(findings: Iterable[InjectionFinding]) -> list[dict[str, object]]:
    """Draft flags for a list of findings."""
    return [f.as_flag() for f in findings]


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _PREVIEW else flat[: _PREVIEW - 3] + "..."


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with invisible characters removed and compatibility forms (fullwidth letters) folded.

    Returns the cleaned text and, for every cleaned character, its offset in the original.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if _INVISIBLE.match(ch) or _SMUGGLING.match(ch):
            continue
        folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
        chars.extend(folded)
        origin.extend([i] * len(folded))
    return "".join(chars), origin


def _rule_findings(text: str) -> list[InjectionFinding]:
    clean, origin = _normalise(text)
    origin.append(len(text))
    found: list[InjectionFinding] = []
    for rule in RULES:
        for m in rule.pattern.finditer(clean):
            if rule.unless is not None and rule.unless.search(m.group(0)):
                continue
            if rule.negatable and NEGATION.search(clean[max(0, m.start() - 25) : m.start()]):
                continue
            start, end = origin[m.start()], origin[max(m.end() - 1, m.start())] + 1
            found.append(
                InjectionFinding(start, end, rule.category, f"{rule.detail}: '{_quote(m.group(0))}'")
            )
    return found


def _hidden_findings(text: str) -> list[InjectionFinding]:
    found: list[InjectionFinding] = []
    for m in _SMUGGLING.finditer(text):
        found.append(
            InjectionFinding(m.start(), m.end(), "hidden_text", "bidi override or invisible tag characters")
        )
    for m in re.finditer(r"(?<=\w)[\u200b\u200c\u200d\u2060-\u2064\u180e\ufeff]+(?=\w)", text):
        found.append(InjectionFinding(m.start(), m.end(), "hidden_text", "invisible character inside a word"))
    for m in re.finditer(r"[\u200b\u200c\u200d\u2060-\u2064\u180e\ufeff]{3,}", text):
        found.append(InjectionFinding(m.start(), m.end(), "hidden_text", "run of invisible characters"))
    found += _encoded_findings(text)
    return found


def _decode(blob: str, pattern: re.Pattern[str]) -> str | None:
    try:
        raw = base64.b64decode(blob, validate=True) if pattern is _BASE64 else bytes.fromhex(blob)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(c.isprintable() or c in "\n\t" for c in decoded)
    # Natural-language text has spaces; random ids and hashes decode to binary noise.
    if not decoded or printable / len(decoded) < 0.95 or " " not in decoded:
        return None
    return decoded


def _encoded_findings(text: str) -> list[InjectionFinding]:
    found: list[InjectionFinding] = []
    for pattern in (_BASE64, _HEX):
        for m in pattern.finditer(text):
            if _URL_AROUND.search(text[max(0, m.start() - 200) : m.start()] + "x"):
                continue
            decoded = _decode(m.group(0), pattern)
            if decoded is None:
                continue
            inner = _rule_findings(decoded)
            what = f"hides {inner[0].category}" if inner else "hides text"
            found.append(
                InjectionFinding(
                    m.start(), m.end(), "hidden_text", f"encoded blob {what}: '{_quote(decoded)}'"
                )
            )
    return found


def _merge(findings: list[InjectionFinding]) -> list[InjectionFinding]:
    """One finding per category and overlapping region, in text order."""
    merged: list[InjectionFinding] = []
    # Sorted by start, a finding can only overlap the latest merged finding of its own category.
    latest: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        index = latest.get(f.category)
        if index is not None and f.start < merged[index].end:
            same = merged[index]
            merged[index] = InjectionFinding(same.start, max(same.end, f.end), same.category, same.detail)
            continue
        latest[f.category] = len(merged)
        merged.append(f)
    return merged


def _require_text(field: str, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidInputError(f"{field}: expected a string, got {type(value).__name__}")


def _learned_findings(
    text: str, embeddings: Embedder, classifier: InjectionClassifier | None, known: list[InjectionFinding]
) -> list[InjectionFinding]:
    """Sentences the classifier flags that no rule already covers (one flag per place is enough)."""
    return [
        InjectionFinding(
            s.start,
            s.end,
            "learned_instruction",
            f"reads as an instruction to the model (classifier p={s.probability:.2f}): "
            f"'{_quote(text[s.start : s.end])}'",
        )
        for s in flagged_sentences(text, embeddings, classifier)
        if not any(f.start < s.end and s.start < f.end for f in known)
    ]


def detect_injection(
    text: str, embeddings: Embedder | None = None, *, classifier: InjectionClassifier | None = None
) -> list[InjectionFinding]:
    """Instruction-like content in untrusted record text, with exact spans into `text`.

    Rules always run; given `embeddings` (the packaged MiniLM), every sentence is also scored by
    the learned classifier, which catches wordings the rules were never written for.
    """
    _require_text("text", text)
    found = _rule_findings(text) + _hidden_findings(text)
    if embeddings is not None:
        found += _learned_findings(text, embeddings, classifier, found)
    return _merge(found)


def check_output(output: str, records: Sequence[str], allowed: Iterable[str] = ()) -> list[InjectionFinding]:
    """URLs, emails, bank/card numbers and phones in a model output that no record (or `allowed`) contains."""
    _require_text("output", output)
    for i, record in enumerate(records):
        _require_text(f"records[{i}]", record)
    known = "\n".join([*records, *allowed])
    return [
        InjectionFinding(
            v.start, v.end, f"unsourced_{v.kind}", f"{v.label} '{v.text}' does not appear in the records"
        )
        for v in find_output_values(output)
        if not v.known_in(known)
    ]
