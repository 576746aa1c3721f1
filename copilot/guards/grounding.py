"""Check every factual span of a model output against the records it cites; unsupported spans become flags."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from copilot.errors import InvalidInputError
from copilot.guards.dates import DateKey, dates_compatible, iter_record_dates
from copilot.guards.entities import fold
from copilot.guards.numbers import iter_money, iter_number_words, iter_numbers, iter_percent
from copilot.guards.phrases import Reference, content_words
from copilot.guards.spans import Claim, extract_claims

__all__ = ["Claim", "GroundingReport", "SourceText", "extract_claims", "verify"]

# Share of a commitment's content words (by crude stem) that one record must contain to support it.
COMMITMENT_OVERLAP = 0.6
_INTERACTION_WORDS = re.compile(
    r"\b(?:call|called|calls|phone|meeting|met|meet|spoke|speak|talked|discuss\w*|agreed|conversation|demo|"
    r"workshop|visit|promised|gespräch|telefonat|besprochen|vereinbart|termin|treffen|réunion|appel|échange|"
    r"convenu|discuté|reunión|llamada|hablamos|acordamos)\b",
    re.IGNORECASE,
)
_CALL_KINDS = {"call": {"call", "meeting"}, "meeting": {"meeting", "call"}}


@dataclass(frozen=True)
class SourceText:
    """One cited record as the verifier sees it; `kind` is the interaction kind (call, meeting, email_in)."""

    n: int
    text: str
    occurred_at: datetime | None = None
    kind: str = ""
    who: str = ""
    # "internal" for a record the customer never saw (our notes, our team's calls): no reference to a
    # conversation with the customer rests on its day.
    audience: str = "customer"

    def __post_init__(self) -> None:
        for name in ("text", "kind", "who"):
            if not isinstance(getattr(self, name), str):
                raise InvalidInputError(f"record {self.n}: {name} must be a string")
        if self.occurred_at is not None and not isinstance(self.occurred_at, datetime):
            raise InvalidInputError(f"record {self.n}: occurred_at must be a datetime or None")


@dataclass
class _Evidence:
    """Everything the records say, pre-parsed once per verification."""

    folded: list[str] = field(default_factory=list)
    numbers: set[Decimal] = field(default_factory=set)
    bare: set[Decimal] = field(default_factory=set)
    money: set[tuple[Decimal, str | None]] = field(default_factory=set)
    dates: set[DateKey] = field(default_factory=set)
    stems: list[set[str]] = field(default_factory=list)


def _stems(words: Iterable[str]) -> set[str]:
    return {w[:5] for w in words}


def _evidence(records: Sequence[SourceText]) -> _Evidence:
    ev = _Evidence()
    for r in records:
        text = f"{r.who}\n{r.text}"
        ev.folded.append(fold(text))
        ev.stems.append(_stems(content_words(text)))
        money = list(iter_money(text))
        for q in money:
            ev.money |= {(v, q.currency) for v in q.values}
        for found in (iter_percent(text), iter_numbers(text), iter_number_words(text), money):
            for q in found:
                ev.numbers |= q.values
                # A number inside "48.000 €" must not support "$48,000" through the bare-number route.
                if not any(q.start < m.end and m.start < q.end for m in money):
                    ev.bare |= q.values
        ev.dates |= set(iter_record_dates(text))
        if r.occurred_at is not None:
            ev.dates.add((r.occurred_at.year, r.occurred_at.month, r.occurred_at.day))
    for y, m, d in ev.dates:
        ev.numbers |= {Decimal(part) for part in (y, m, d) if part is not None}
    return ev


def _name_supported(claim: Claim, ev: _Evidence, allowed: set[str]) -> bool:
    tokens = claim.normalized.split()
    if not tokens:
        return True
    if claim.kind == "person" and all(t in allowed for t in tokens):
        return True
    phrase = f" {' '.join(tokens)} "
    # Singular and plural both count: "Snowflake connectors" in a record supports "Snowflake connector".
    variants = {phrase, phrase[:-2] + " " if phrase.endswith("s ") else phrase[:-1] + "s "}
    if any(v in folded for v in variants for folded in ev.folded):
        return True
    # "Doe, Jane" in a record still names Jane Doe.
    return claim.kind == "person" and any(all(f" {t} " in folded for t in tokens) for folded in ev.folded)


def _quantity_supported(claim: Claim, ev: _Evidence) -> bool:
    q = claim.quantity
    if q is None:
        return True
    if claim.kind != "money":
        return bool(q.values & ev.numbers)
    for value in q.values:
        if any(v == value and (c is None or q.currency is None or c == q.currency) for v, c in ev.money):
            return True
    return bool(q.values & ev.bare)


def _date_supported(claim: Claim, ev: _Evidence) -> bool:
    return any(dates_compatible(a, b) for a in claim.dates for b in ev.dates)


def _commitment_supported(claim: Claim, ev: _Evidence) -> bool:
    wanted = _stems(claim.words)
    return any(len(wanted & stems) >= COMMITMENT_OVERLAP * len(wanted) for stems in ev.stems)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _channel_ok(ref: Reference, record: SourceText) -> bool:
    kind = record.kind.lower()
    if ref.channel in _CALL_KINDS and kind:
        return kind in _CALL_KINDS[ref.channel] or bool(_INTERACTION_WORDS.search(record.text))
    if kind in {"call", "meeting"}:
        return True
    return bool(_INTERACTION_WORDS.search(record.text))


def _in_window(ref: Reference, record: SourceText, now: datetime) -> bool:
    window = ref.window
    if window is None or record.occurred_at is None:
        return False
    at = _as_utc(record.occurred_at)
    age = (now - at).total_seconds() / 86400
    if not window.min_days - 0.5 <= age <= window.max_days:
        return False
    return window.weekday is None or at.weekday() == window.weekday


def _reference_supported(claim: Claim, text: str, records: Sequence[SourceText], now: datetime) -> bool:
    ref = claim.reference
    if ref is None:
        return True
    candidates = [r for r in records if _channel_ok(ref, r)]
    if not candidates:
        return False
    if ref.window is None and _held_on_named_day(_whole_sentence(text, claim.start, claim.end), records):
        return True
    topic = _stems(content_words(_sentence(text, claim.start, claim.end)))
    # Short topics ("the pricing") need one shared word; longer ones two, so one common word is not enough.
    need = 1 if len(topic) <= 2 else 2
    on_topic = [r for r in candidates if topic and len(topic & _stems(content_words(r.text))) >= need]
    if ref.window is not None:
        return any(_in_window(ref, r, now) for r in candidates) or bool(on_topic)
    return not topic or bool(on_topic)


# "our call on 30 October": the day said right after the conversation it names.
_NAMED_DAY = re.compile(
    r"\b(?:call|meeting)\s+on\s+((?:\d{1,2}\s+[A-Za-z]{3,9}|[A-Za-z]{3,9}\s+\d{1,2})(?:,?\s+\d{4})?)",
    re.IGNORECASE,
)


def _held_on_named_day(sentence: str, records: Sequence[SourceText]) -> bool:
    """Whether the sentence names the day of the call or meeting it refers to ("our call on 30 October")
    and a call or meeting with the customer took place that day (the year too, when it is said): the day
    says which one it is, whatever its topic. A month alone, a date elsewhere in the sentence, or an
    internal record's day supports nothing."""
    found = _NAMED_DAY.search(sentence)
    if found is None:
        return False
    named = [key for key in iter_record_dates(found[1]) if key[1] is not None and key[2] is not None]
    held = {
        (r.occurred_at.year, r.occurred_at.month, r.occurred_at.day)
        for r in records
        if r.occurred_at and r.kind.lower() in {"call", "meeting"} and r.audience != "internal"
    }
    return any(dates_compatible(a, b) for a in named for b in held)


def _whole_sentence(text: str, start: int, end: int) -> str:
    """The sentence a span stands in, span included."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[left : min(rights, default=len(text))]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span, minus the span itself (its topic words)."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[left:start] + " " + text[end : min(rights, default=len(text))]


@dataclass(frozen=True)
class GroundingReport:
    """The claims of one output, split into those the cited records support and those they do not."""

    supported: list[Claim]
    unsupported: list[Claim]

    @property
    def supported_share(self) -> float:
        """Fraction of claims the records support (1.0 when the output makes no claims)."""
        total = len(self.supported) + len(self.unsupported)
        return len(self.supported) / total if total else 1.0

    def as_flags(self) -> list[dict[str, object]]:
        """The flag shape stored on drafts, one per unsupported claim, in text order."""
        return [
            {
                "type": "unsupported_claim",
                "span": [c.start, c.end],
                "detail": f"{c.kind} '{c.text}' not found in the cited records",
            }
            for c in self.unsupported
        ]

    def feedback(self) -> str:
        """An instruction for one regeneration attempt that names each unsupported span ('' if none)."""
        if not self.unsupported:
            return ""
        lines = [
            "Some statements in your draft are not supported by the numbered records. Rewrite the draft",
            "once: remove each of the following or replace it with what the records say; add no new facts.",
        ]
        lines += [f'- {c.kind.replace("_", " ")}: "{c.text}"' for c in self.unsupported]
        return "\n".join(lines)


def verify(
    text: str,
    records: Sequence[SourceText],
    *,
    allowed_names: Iterable[str] = (),
    now: datetime | None = None,
    language: str | None = None,
) -> GroundingReport:
    """Check each claim of `text` against `records`; `allowed_names` (greeting target, sender) always pass."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text: expected a string, got {type(text).__name__}")
    for i, record in enumerate(records):
        if not isinstance(record, SourceText):
            raise InvalidInputError(f"records[{i}]: expected SourceText, got {type(record).__name__}")
    allowed_list = list(allowed_names)
    allowed = {t for name in allowed_list for t in fold(name).split()}
    moment = _as_utc(now) if now is not None else datetime.now(UTC)
    ev = _evidence(records)
    supported: list[Claim] = []
    unsupported: list[Claim] = []
    for claim in extract_claims(text, allowed_list, language):
        ok = _supported(claim, text, records, ev, allowed, moment)
        (supported if ok else unsupported).append(claim)
    return GroundingReport(supported, unsupported)


def _supported(
    claim: Claim, text: str, records: Sequence[SourceText], ev: _Evidence, allowed: set[str], now: datetime
) -> bool:
    if claim.kind in ("money", "number", "percent"):
        return _quantity_supported(claim, ev)
    if claim.kind == "date":
        return _date_supported(claim, ev)
    if claim.kind in ("person", "product"):
        return _name_supported(claim, ev, allowed)
    if claim.kind == "commitment":
        return _commitment_supported(claim, ev)
    return _reference_supported(claim, text, records, now)
