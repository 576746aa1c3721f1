"""An account's records as attributed sentences: who said each one (customer or our side), when, and where.

The account summary classifies these sentences (issue / commitment / risk / other) and reads the
customer-side ones for the sentiment trend. Side comes from what the records carry today: email
direction, the ticket layout (the report is the customer's, "Next step"/"Resolution" lines are ours),
CRM notes and meetings are ours, and call turns are matched against the account's contacts, its
owner and generic role labels ("Customer:", "Agent:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Interaction

CUSTOMER, OURS, UNKNOWN = "customer", "ours", "unknown"
MAX_SENTENCES_PER_RECORD = 60
MAX_RECORD_CHARS = 20_000
MAX_SENTENCE_CHARS = 400
CUSTOMER_LABELS = {"customer", "client", "caller", "user", "guest", "prospect", "buyer"}
OUR_LABELS = {"agent", "support", "rep", "representative", "advisor", "adviser", "operator", "host", "sales"}

# Same boundary rule the labelled data was cut with (evals/sentence_data/README.md).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9@])")
_QUOTE_INTRO = re.compile(r"^On .{0,200}wrote:\s*$")
_TICKET_HEADER = re.compile(
    r"^Priority:\s*(?P<priority>P\d)\s+Status:\s*(?P<status>[A-Za-z ]+?)\s+"
    r"Reported by:[^<>]{0,120}<[^<>]{0,200}>\s*"
)
_OUR_TICKET_LINES = re.compile(r"^(?:Next step|Resolution):\s*", re.IGNORECASE)
_CLOSED_STATUSES = {"resolved", "closed"}


@dataclass(frozen=True)
class Sentence:
    """One sentence of a record: `text` is what the classifier reads, `shown` what a manager reads."""

    text: str
    shown: str
    side: str
    interaction_id: int
    occurred_at: datetime
    kind: str
    speaker: str | None = None
    ticket_priority: str | None = None
    ticket_open: bool = True


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph-joined text; linear-time regexes, bounded count and length."""
    joined = re.sub(r"\s+", " ", text[:MAX_RECORD_CHARS]).strip()
    parts = [p.strip(" -") for p in _BOUNDARY.split(joined)]
    return [p[:MAX_SENTENCE_CHARS] for p in parts if len(p.split()) >= 2][:MAX_SENTENCES_PER_RECORD]


def mail_body(text: str) -> str:
    """An email's own words: quoted replies, the "On ... wrote:" line and the signature dropped."""
    kept = []
    for line in text.splitlines():
        if line.strip() in {"--", "-- "} or _QUOTE_INTRO.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept)


def speaker_side(speaker: str, contacts: set[str], ours: set[str]) -> str:
    """Customer or our side for a call speaker label; UNKNOWN when nothing identifies it."""
    label = re.sub(r"[^\w\s@.-]", "", speaker).strip().lower()
    words = set(label.split())
    first_names = {name.split()[0] for name in contacts if name}
    if label in contacts or words & first_names or words & CUSTOMER_LABELS:
        return CUSTOMER
    if words & ours or words & OUR_LABELS or label.startswith("@"):
        return OURS
    return UNKNOWN


def _ticket_sentences(row: Interaction) -> list[Sentence]:
    found = _TICKET_HEADER.match(re.sub(r"\s+", " ", row.text).strip())
    priority = found["priority"] if found else None
    is_open = not found or found["status"].strip().lower() not in _CLOSED_STATUSES
    blocks = re.split(r"\n\s*\n", row.text[:MAX_RECORD_CHARS])
    if found and len(blocks) > 1:
        # The header reads with the report it introduces, as in the labelled data.
        blocks = [f"{blocks[0]} {blocks[1]}", *blocks[2:]]
    out = []
    for paragraph in blocks:
        side = OURS if _OUR_TICKET_LINES.match(paragraph.strip()) else CUSTOMER
        for text in split_sentences(paragraph):
            shown = _TICKET_HEADER.sub("", text).strip() or text
            shown = _OUR_TICKET_LINES.sub("", shown)
            out.append(
                Sentence(text, shown, side, row.id, row.occurred_at, row.kind, None, priority, is_open)
            )
    return out


def _call_sentences(row: Interaction, contacts: set[str], ours: set[str]) -> list[Sentence]:
    out = []
    for turn in (row.extra or {}).get("utterances") or []:
        speaker = str(turn.get("speaker") or "")
        side = speaker_side(speaker, contacts, ours) if speaker else UNKNOWN
        for text in split_sentences(str(turn.get("text") or "")):
            out.append(Sentence(text, text, side, row.id, row.occurred_at, row.kind, speaker or None))
    if out:
        return out
    # A call stored without turns: its "Speaker: text" lines still carry the speaker.
    for line in row.text.splitlines():
        speaker, _, said = line.partition(":")
        side = speaker_side(speaker, contacts, ours) if said and len(speaker) < 60 else UNKNOWN
        for text in split_sentences(said if said and len(speaker) < 60 else line):
            out.append(Sentence(text, text, side, row.id, row.occurred_at, row.kind, speaker or None))
    return out


def record_sentences(row: Interaction, contacts: set[str], ours: set[str]) -> list[Sentence]:
    """The attributed sentences of one interaction."""
    if row.kind == "ticket":
        return _ticket_sentences(row)
    if row.kind in {"call", "chat"}:
        return _call_sentences(row, contacts, ours)
    if row.kind == "email":
        side = {"inbound": CUSTOMER, "outbound": OURS, "internal": OURS}.get(row.direction, UNKNOWN)
        body = mail_body(row.text)
    else:  # CRM notes and meetings are written by our side
        side, body = OURS, row.text
    return [Sentence(t, t, side, row.id, row.occurred_at, row.kind) for t in split_sentences(body)]


def account_people(account: Account) -> tuple[set[str], set[str]]:
    """Lower-cased contact names (theirs) and the owner's and team's labels (ours)."""
    contacts = {c.name.lower() for c in account.contacts if c.name}
    ours = {w for w in (account.owner or "", account.team or "") if w}
    return contacts, {w.lower() for w in ours}


def account_rows(session: Session, account_id: int) -> list[Interaction]:
    """Every interaction of one account (the store query filters by account), oldest first."""
    query = select(Interaction).where(Interaction.account_id == account_id)
    return list(session.scalars(query.order_by(Interaction.occurred_at, Interaction.id)))
