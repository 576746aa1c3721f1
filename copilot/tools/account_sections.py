"""The cited parts of an account summary: open issues, commitments both ways, risks, the sentiment trend.

Every sentence of the account's records is labelled issue / commitment / risk / other by the trained
classifier (`copilot.tools.sentence_classes`); sections keep the labelled sentences that are still
relevant (recent, not on a closed ticket, said by the right side), without near-duplicates, each
citing its interaction through a citation map shared across the whole summary.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.db.models import Interaction
from copilot.guards.injection import detect_injection
from copilot.index.embedder import Embedder
from copilot.tools.account_commitments import (
    deliverable_key,
    is_english_sentence,
    promise_line,
    states_promise,
)
from copilot.tools.account_risks import NEGATIVE_KINDS, RISK_LABELS, named_risk, severity
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.call_items import MONTHS, due_date
from copilot.tools.promises import is_vague, pronoun_object
from copilot.tools.sentence_classes import SentenceClass, clean_sentence, default_classifier
from copilot.tools.small_talk import is_small_talk_sentence

MAX_ITEMS = 5
MIN_SCORE = 0.5
RECENT_DAYS = 120
# A promise with no date, made this long before the latest record, is history: kept or forgotten, the
# records cannot tell, and a manager cannot chase it. A dated one stays until it is due and past.
STALE_UNDATED_DAYS = 60
DUPLICATE_COSINE = 0.9
MAX_SHOWN_CHARS = 240
FRAGMENT_WORDS = 6
_THEY = re.compile(r"^(?:they|their|the customer)\b", re.IGNORECASE)
_YOU = re.compile(r"\byou(?:r|rs)?\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(?:by|in|before|until) ([A-Z][a-z]{2,8}) (\d{4})\b")

Matrix = npt.NDArray[np.float64]


@dataclass
class CitationMap:
    """Numbers interaction records [1], [2]... in first-use order across every section."""

    numbers: dict[int, int] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def cite_row(self, row: Interaction) -> int:
        """The citation number of an interaction row, assigning the next one on first use."""
        if row.id not in self.numbers:
            self.numbers[row.id] = len(self.numbers) + 1
            self.entries.append(
                {
                    "n": self.numbers[row.id],
                    "interaction_id": row.id,
                    "account_id": row.account_id,
                    "occurred_at": row.occurred_at.isoformat(),
                    "kind": row.kind,
                    "direction": row.direction,
                    "subject": row.subject,
                    "excerpt": row.text[:600],
                }
            )
        return self.numbers[row.id]


@dataclass(frozen=True)
class Labelled:
    """A sentence with its class and its embedding (for de-duplication)."""

    sentence: Sentence
    label: SentenceClass
    vector: Matrix


def label_sentences(sentences: list[Sentence], embeddings: Embedder) -> list[Labelled]:
    """Classify every sentence in one embedding batch; text that tries to instruct the model is skipped."""
    kept = [s for s in sentences if not detect_injection(s.text)]
    if not kept:
        return []
    texts = [clean_sentence(s.text) or "-" for s in kept]
    vectors = np.asarray(embeddings.embed_documents(texts))
    # Who said it is part of what the sentence is: a customer's "the export failed" is an issue, ours
    # describing the same fault is not.
    labels = default_classifier().predict(vectors, texts, [s.side for s in kept])
    return [Labelled(s, lab, vectors[i]) for i, (s, lab) in enumerate(zip(kept, labels, strict=True))]


def _distinct(candidates: list[Labelled]) -> list[Labelled]:
    # Newest first; a sentence nearly identical to one already kept (a repeated template) is dropped.
    kept: list[Labelled] = []
    for item in sorted(candidates, key=lambda c: c.sentence.occurred_at, reverse=True):
        unit = item.vector / (np.linalg.norm(item.vector) or 1.0)
        if all(float(unit @ (k.vector / (np.linalg.norm(k.vector) or 1.0))) < DUPLICATE_COSINE for k in kept):
            kept.append(item)
    return kept


def _shown(sentence: Sentence) -> str:
    text = sentence.shown.strip()
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1].rstrip() + "…"


def _item(item: Labelled, rows: dict[int, Interaction], citations: CitationMap) -> dict[str, Any]:
    s = item.sentence
    entry: dict[str, Any] = {
        "text": _shown(s),
        "citations": [citations.cite_row(rows[s.interaction_id])],
        "date": s.occurred_at.date().isoformat(),
        "side": s.side,
        "score": item.label.score,
    }
    if s.speaker:
        entry["speaker"] = s.speaker
    if s.ticket_priority:
        entry["ticket_priority"] = s.ticket_priority
    entry["record_kind"] = s.kind
    if s.kind == "ticket" and rows[s.interaction_id].subject:
        entry["subject"] = rows[s.interaction_id].subject
    if s.kind == "ticket" and s.ticket_priority:
        entry["ticket_state"] = "open" if s.ticket_waiting_for is None else "waiting on the customer"
        if s.ticket_waiting_for:
            entry["waiting_for"] = s.ticket_waiting_for
    return entry


def _still_relevant(sentence: Sentence, since: datetime) -> bool:
    # A ticket whose header says it is open stays open however old it is; other text ages out.
    if sentence.kind == "ticket" and sentence.ticket_priority is not None:
        return sentence.ticket_open
    return sentence.occurred_at >= since


def is_fragment(text: str) -> bool:
    """A heading or list item ("Executive sponsor check-in"): a few words with no full stop, never an
    issue, risk or commitment on its own."""
    stripped = text.strip()
    return not stripped.endswith((".", "!", "?", "…")) and len(stripped.split()) <= FRAGMENT_WORDS


def _of(labelled: list[Labelled], label: str, since: datetime) -> list[Labelled]:
    return [
        item
        for item in labelled
        if item.label.label == label
        and item.label.score >= MIN_SCORE
        and _still_relevant(item.sentence, since)
        and not is_fragment(item.sentence.shown)
        and not is_small_talk_sentence(item.sentence.shown)
    ]


def commitment_owner(sentence: Sentence, contacts: set[str], owner: str, owner_name: str = "") -> str:
    """Who owes a commitment: the named subject when it is a contact or "they", else whoever said it.

    "They" in our own words to the customer that promise "you" something ("I have asked our support
    team... They will come back to you by tomorrow") are our people; in our internal notes, the customer.
    """
    first = sentence.shown.split(" ", 1)[0].lower().strip(",")
    if _THEY.match(sentence.shown) and _serves_the_reader(sentence):
        return OURS
    if _THEY.match(sentence.shown) or first in {c.split()[0] for c in contacts if c}:
        return CUSTOMER
    if first in {n.split()[0].lower() for n in (owner, owner_name) if n.strip()}:
        return OURS
    return CUSTOMER if sentence.side == CUSTOMER else OURS


def _serves_the_reader(sentence: Sentence) -> bool:
    return (
        sentence.side == OURS and sentence.kind in _SPOKEN_TO_CUSTOMER and bool(_YOU.search(sentence.shown))
    )


def month_due(text: str) -> date | None:
    """ "ships in February 2027" / "by December 2026": the last day of that month (a day-less promise)."""
    found = _MONTH_YEAR.search(text)
    month = MONTHS.get(found[1].lower()) if found else None
    if not found or not month:
        return None
    year = int(found[2])
    return date(year, month, calendar.monthrange(year, month)[1])


def promised_by(sentence: Sentence) -> date | None:
    """The date a commitment is due by, read from its words against the day it was made."""
    found = due_date(sentence.shown, sentence.occurred_at.date())
    return found.on if found else month_due(sentence.shown)


def trackable(item: Labelled) -> bool:
    """A commitment that says who owes what (an English one needs a promise clause, "I'll send...") with a
    deliverable or a date; "we'll look into it" and "let me know if Tuesday works" owe nothing checkable."""
    shown = item.sentence.shown
    if is_english_sentence(shown) and not states_promise(shown):
        return False
    if pronoun_object(shown):
        return False  # "I'll show you where it is": what is owed is in another sentence
    return not is_vague(shown, dated=promised_by(item.sentence) is not None)


def dated_line(line: str, sentence: Sentence) -> str:
    """A relative due date read as the day it meant: "by tomorrow" said on June 26 reads "by tomorrow
    (2026-06-27)", so a line read months later still says when it was due."""
    found = due_date(sentence.shown, sentence.occurred_at.date())
    if found is None or any(ch.isdigit() for ch in found.text) or found.text not in line:
        return line
    return line.replace(found.text, f"{found.text} ({found.on.isoformat()})", 1)


def _commitment(
    item: Labelled, inputs: SectionInputs, citations: CitationMap, *, ours: bool
) -> dict[str, Any]:
    # The line says who owes what to whom; the record's own sentence stays beside it as `quote`.
    entry = _item(item, inputs.rows, citations)
    line = promise_line(
        item.sentence, ours=ours, account_owner=inputs.owner_name, account_name=inputs.account_name
    )
    entry.update(line, quote=entry["text"])
    entry["text"] = dated_line(entry["text"], item.sentence)
    if len(entry["text"]) > MAX_SHOWN_CHARS:
        entry["text"] = entry["text"][: MAX_SHOWN_CHARS - 1].rstrip() + "…"
    today = inputs.today
    due = promised_by(item.sentence)
    entry["due_date"] = due.isoformat() if due else None
    entry["overdue"] = bool(due and due < today)
    return entry


# Kinds where our side speaks to the customer. What we tell them (a renewal proposal, the call's
# agenda) is never a risk to the account; our own internal records (notes, ticket logs) can be.
_SPOKEN_TO_CUSTOMER = frozenset({"email", "call", "chat"})


def can_raise_risk(sentence: Sentence) -> bool:
    """A risk is the customer's own signal or one our team recorded internally, not our words to them.

    A ticket's own lines ("Next step: Escalated to the engineering lead...") are our status notes on
    the customer's report: the report is the risk, cited once, never our note about handling it.
    """
    if sentence.side == CUSTOMER:
        return True
    return sentence.kind not in _SPOKEN_TO_CUSTOMER and sentence.kind != "ticket"


# Issues that are risks on their own (issue 15, item 4): an open P1/P2 ticket whose next move is ours, a
# complaint or an escalation, a threat to leave. A manager must never read "no risks" beside one of them.
_URGENT_PRIORITIES = frozenset({"P1", "P2"})
_ESCALATED_RECORD = re.compile(r"\bescalat", re.IGNORECASE)


def urgent_ticket(sentence: Sentence) -> bool:
    """A P1/P2 ticket still open and not waiting on the customer (who was asked for examples, say)."""
    return (
        sentence.ticket_priority in _URGENT_PRIORITIES
        and sentence.ticket_open
        and sentence.ticket_waiting_for is None
    )


def risk_of(sentence: Sentence, row: Interaction | None = None) -> tuple[str | None, str | None]:
    """The risk kind a sentence names and how a manager reads it ("churn threat", "open P1 ticket");
    (None, None) when no words of the sentence or state of its ticket name one.

    A complaint on a ticket our team escalated (its subject or status line says so) is an escalation.
    """
    named = named_risk(sentence.shown)
    if named is not None:
        if named.kind == "complaint" and row is not None and _escalated_ticket(row):
            return "escalation", RISK_LABELS["escalation"]
        return named.kind, named.label
    if urgent_ticket(sentence):
        return "escalation", f"open {sentence.ticket_priority} ticket"
    return None, None


def _escalated_ticket(row: Interaction) -> bool:
    return row.kind == "ticket" and bool(_ESCALATED_RECORD.search(f"{row.subject or ''}\n{row.text}"))


def is_escalated(sentence: Sentence) -> bool:
    """Whether an issue sentence is a risk on its own: on an open P1/P2 ticket waiting on us, or naming a
    complaint, an escalation or a threat to leave outright. A problem told in frustrated words ("the
    exports keep failing and my team is fed up") stays the issue to fix; its month reads negative."""
    named = named_risk(sentence.shown)
    if named is not None and named.outright:
        return named.kind in NEGATIVE_KINDS
    return urgent_ticket(sentence)


# "Yes, that one is still open": what "that one" is was said before; nobody can act on the sentence alone.
_ONLY_A_POINTER = re.compile(
    r"^(?:(?:yes|yeah|no|well|so|and|but|right|okay|ok)\b[,\s]*)*"
    r"(?:that one|this one|it|that|this|those|these)\s+(?:is|was|are|were|has|have|had|still|keeps?|'s)\b",
    re.IGNORECASE,
)
# "Yes, those were handled well, no complaints there": the customer saying all is fine is no open issue.
_ALL_CLEAR = re.compile(
    r"\bno (?:complaints?|issues?|problems?|concerns?)\b|"
    r"\b(?:handled|went|works?|working|worked|runs?|running) (?:well|fine|great|smoothly)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|except|yet)\b", re.IGNORECASE)


def states_a_problem(text: str) -> bool:
    """Whether an issue sentence names a problem a manager can act on: not only a pointer to something said
    before, not the customer saying all is well."""
    if _ONLY_A_POINTER.match(text.strip()):
        return False
    return not (_ALL_CLEAR.search(text) and not _CONTRAST.search(text))


def _risk_entries(
    candidates: list[Labelled], rows: dict[int, Interaction], citations: CitationMap
) -> list[dict[str, Any]]:
    # One risk per interaction, led by its most severe sentence (a threat to leave before the budget
    # remark beside it); the rest stay as `also`, so a manager reads each record's risk once. A record
    # is a risk only when its lead names a kind. Most severe first, then newest, so the cap never drops
    # a churn threat for an older remark.
    kinds = {id(i): risk_of(i.sentence, rows.get(i.sentence.interaction_id)) for i in candidates}
    groups: dict[int, list[Labelled]] = defaultdict(list)
    for item in candidates:
        groups[item.sentence.interaction_id].append(item)
    ranked = []
    for items in groups.values():
        led = sorted(items, key=lambda i: (severity(kinds[id(i)][0]), -i.label.score))
        if kinds[id(led[0])][0] is not None:
            ranked.append(led)
    ranked.sort(key=lambda r: (severity(kinds[id(r[0])][0]), -r[0].sentence.occurred_at.timestamp()))
    entries = []
    for lead, *rest in ranked[:MAX_ITEMS]:
        kind, label = kinds[id(lead)]
        entry = _item(lead, rows, citations)
        entry.update(kind=kind, kind_label=label, also=[_shown(i.sentence) for i in rest])
        entries.append(entry)
    return entries


@dataclass(frozen=True)
class SectionInputs:
    """What sections are built from: labelled sentences, their rows, who is who, and today's date."""

    labelled: list[Labelled]
    rows: dict[int, Interaction]
    contacts: set[str]
    owner: str
    today: date
    account_name: str = ""
    # The owner as a person is named ("Sam Ortiz"); "" when only the CRM login is known.
    owner_name: str = ""


def _owed(promised: list[Labelled], inputs: SectionInputs, latest: datetime, *, ours: bool) -> list[Labelled]:
    # One line per promise: the same deliverable promised again (on a later call, "no firm date yet") is
    # the latest word on it; an undated promise older than STALE_UNDATED_DAYS is left out.
    stale_before = latest - timedelta(days=STALE_UNDATED_DAYS)
    kept: dict[tuple[str, str], Labelled] = {}
    for item in sorted(promised, key=lambda p: p.sentence.occurred_at, reverse=True):
        if promised_by(item.sentence) is None and item.sentence.occurred_at < stale_before:
            continue
        line = promise_line(
            item.sentence, ours=ours, account_owner=inputs.owner_name, account_name=inputs.account_name
        )
        kept.setdefault((line["owner"], deliverable_key(line["text"])), item)
    # Overdue first, then dated ones soonest first, undated last; only the shown ones are cited.
    return sorted(kept.values(), key=lambda p: _urgency(promised_by(p.sentence), inputs.today))[:MAX_ITEMS]


def _urgency(due: date | None, today: date) -> tuple[int, str]:
    return (0 if due and due < today else 1 if due else 2, due.isoformat() if due else "")


def build_sections(inputs: SectionInputs, citations: CitationMap) -> dict[str, list[dict[str, Any]]]:
    """Open issues (customer side), commitments by us and by them (due dates, overdue marked), risks."""
    latest = max((r.occurred_at for r in inputs.rows.values()), default=datetime.now())
    since = latest - timedelta(days=RECENT_DAYS)
    raised = [i for i in _of(inputs.labelled, "issue", since) if can_raise_risk(i.sentence)]
    flagged = [r for r in _of(inputs.labelled, "risk", since) if can_raise_risk(r.sentence)]
    # A risk is shown only with a kind its words or its ticket's state name. What the classifier called a
    # risk without one is no risk to act on: a ticket's report stays the customer's open issue, anything
    # else ("we had our quarterly planning this week") is left out.
    reports = [r for r in flagged if r.sentence.kind == "ticket" and risk_of(r.sentence)[0] is None]
    escalated = [i for i in raised if is_escalated(i.sentence)]
    # An escalated issue is listed once, as a risk; the other customer issues stay open issues.
    issues = [
        i
        for i in raised + reports
        if i.sentence.side == CUSTOMER and not is_escalated(i.sentence) and states_a_problem(i.sentence.shown)
    ]
    promised = _distinct([p for p in _of(inputs.labelled, "commitment", since) if trackable(p)])
    sides = {
        id(p): commitment_owner(p.sentence, inputs.contacts, inputs.owner, inputs.owner_name)
        for p in promised
    }
    ours = _owed([p for p in promised if sides[id(p)] == OURS], inputs, latest, ours=True)
    theirs = _owed([p for p in promised if sides[id(p)] == CUSTOMER], inputs, latest, ours=False)
    rows = inputs.rows
    by_us = [_commitment(p, inputs, citations, ours=True) for p in ours]
    by_them = [_commitment(p, inputs, citations, ours=False) for p in theirs]
    return {
        "open_issues": [_item(i, rows, citations) for i in _distinct(issues)[:MAX_ITEMS]],
        "commitments_by_us": by_us,
        "commitments_by_them": by_them,
        "risks": _risk_entries(_distinct(flagged + escalated), rows, citations),
    }


def month_span(first: datetime, last: datetime) -> list[str]:
    """Every month from `first` to `last` inclusive, as YYYY-MM."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def customer_pieces(sentences: list[Sentence]) -> dict[int, str]:
    """Per interaction, the customer's own words joined (emails, ticket reports, their turns on calls)."""
    pieces: dict[int, list[str]] = defaultdict(list)
    for s in sentences:
        if s.side == CUSTOMER:
            pieces[s.interaction_id].append(s.text)
    return {k: " ".join(v) for k, v in pieces.items()}
