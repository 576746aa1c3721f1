"""An account's records as attributed sentences: who said each one (customer or our side), when, and where.

The account summary classifies these sentences (issue / commitment / risk / other) and reads the
customer-side ones for the sentiment trend. Side comes from what the records carry today: email
direction, the ticket layout (the report is the customer's, "Next step"/"Resolution" lines are ours),
CRM notes and meetings are ours, and call turns are matched against the account's contacts, its
owner, team users, our domains and generic role labels ("Customer:", "Agent:") by the same speaker
roles the call-summary tool uses (copilot/tools/speaker_roles.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Interaction
from copilot.tools.call_types import Utterance
from copilot.tools.small_talk import is_small_talk_sentence, small_talk_turns
from copilot.tools.speaker_roles import RoleBook, Side, call_roles

CUSTOMER, OURS, UNKNOWN = "customer", "ours", "unknown"
MAX_SENTENCES_PER_RECORD = 60
MAX_RECORD_CHARS = 20_000
MAX_SENTENCE_CHARS = 400

# Same boundary rule the labelled data was cut with (evals/sentence_data/README.md).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9@])")
_QUOTE_INTRO = re.compile(r"^On .{0,200}wrote:\s*$")
_TICKET_HEADER = re.compile(
    r"^Priority:\s*(?P<priority>P\d)\s+Status:\s*(?P<status>[A-Za-z ]+?)\s+"
    r"Reported by:(?P<reporter>[^<>]{0,120})<[^<>]{0,200}>\s*"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+\S")
_OUR_TICKET_LINES = re.compile(r"^(?:Next step|Resolution):\s*", re.IGNORECASE)
_CLOSED_STATUSES = {"resolved", "closed"}
# A ticket whose next move is the customer's: its status says so, or our line says we asked them for
# something ("has asked the customer for two recent examples"). Ours to chase, not an escalation.
_WAITING_STATUS = re.compile(
    r"\b(?:waiting|awaiting|pending)\b(?: (?:on|for))? (?:the )?(?:customer|client|reporter|requester)\b",
    re.IGNORECASE,
)
_WORKED_BY_US = re.compile(r"^\s*(?:open|new|in progress|investigating|escalated|assigned)\b", re.IGNORECASE)
_ASKED_CUSTOMER = re.compile(
    r"\b(?:asked|requested|waiting (?:on|for)|awaiting) (?:the |from the )?"
    r"(?:customer|client|reporter|requester)\b"
    r"(?: (?:for|to send|to provide|to share) (?P<what>[^.;]{3,120}))?",
    re.IGNORECASE,
)


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
    # An open ticket waiting on the customer, and what they were asked for ("" when the record does not say).
    ticket_waiting_for: str | None = None
    # Which paragraph (a call's turn) of its record the sentence is in: one paragraph is one matter.
    paragraph: int = 0


def _blocks(text: str) -> list[str]:
    # A blank line or a list item ends a sentence even without a full stop: an agenda's last item
    # ("4. Executive sponsor check-in") must not run into the promise that follows it. Hard-wrapped
    # lines of one paragraph still join.
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if not line.strip() or _LIST_ITEM.match(line):
            blocks.append([])
        if line.strip():
            blocks[-1].append(line)
        if _LIST_ITEM.match(line):
            blocks.append([])
    return [" ".join(b) for b in blocks if b]


def split_sentences(text: str) -> list[str]:
    """Sentences of one text (paragraphs and list items apart); linear-time regexes, bounded count and
    length."""
    return [sentence for _, sentence in paragraph_sentences(text)]


def paragraph_sentences(text: str) -> list[tuple[int, str]]:
    """Each sentence of one text with the number of its paragraph (or list item)."""
    parts = []
    for n, block in enumerate(_blocks(text[:MAX_RECORD_CHARS])):
        joined = re.sub(r"\s+", " ", block).strip()
        parts += [(n, p.strip(" -")) for p in _BOUNDARY.split(joined)]
    kept = [(n, p[:MAX_SENTENCE_CHARS]) for n, p in parts if len(p.split()) >= 2]
    return kept[:MAX_SENTENCES_PER_RECORD]


def mail_body(text: str) -> str:
    """An email's own words: quoted replies, the "On ... wrote:" line and the signature dropped."""
    kept = []
    for line in text.splitlines():
        if line.strip() in {"--", "-- "} or _QUOTE_INTRO.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept)


def speaker_sides(turns: list[tuple[str, str]], book: RoleBook) -> dict[str, str]:
    """Each call speaker's side (customer, ours, unknown), by the call-summary tool's own rule."""
    roles = call_roles(turns, book)
    names = {Side.CUSTOMER: CUSTOMER, Side.OURS: OURS, Side.UNKNOWN: UNKNOWN}
    return {speaker: names[roles.side(speaker)] for speaker in roles.sides}


def _ticket_sentences(row: Interaction) -> list[Sentence]:
    found = _TICKET_HEADER.match(re.sub(r"\s+", " ", row.text).strip())
    priority = found["priority"] if found else None
    reporter = (found["reporter"].strip() or None) if found else None
    is_open = not found or found["status"].strip().lower() not in _CLOSED_STATUSES
    blocks = re.split(r"\n\s*\n", row.text[:MAX_RECORD_CHARS])
    waiting = waiting_for(found["status"] if found else "", blocks) if is_open else None
    if found and len(blocks) > 1:
        # The header reads with the report it introduces, as in the labelled data.
        blocks = [f"{blocks[0]} {blocks[1]}", *blocks[2:]]
    out = []
    for n, paragraph in enumerate(blocks):
        side = OURS if _OUR_TICKET_LINES.match(paragraph.strip()) else CUSTOMER
        for text in split_sentences(paragraph):
            shown = _TICKET_HEADER.sub("", text).strip() or text
            shown = _OUR_TICKET_LINES.sub("", shown)
            # The report is the reporter's words; our "Next step" lines are nobody's in particular.
            who = reporter if side == CUSTOMER else None
            out.append(
                Sentence(
                    text, shown, side, row.id, row.occurred_at, row.kind, who, priority, is_open, waiting, n
                )
            )
    return out


def waiting_for(status: str, paragraphs: list[str]) -> str | None:
    """What an open ticket waits on the customer for ("two recent examples"), "" when it waits on them for
    something unsaid, None when the next move is ours."""
    # "Status: Open" with "support is investigating and has asked the customer for two recent examples":
    # the status says whose move it is; the ask is a detail of support's own work (a manager's reading,
    # 2026-12-07: three open tickets shown as "waiting on the customer").
    if _WORKED_BY_US.search(status):
        return None
    ours = [p for p in paragraphs if _OUR_TICKET_LINES.match(p.strip())]
    for line in ours:
        found = _ASKED_CUSTOMER.search(re.sub(r"\s+", " ", line))
        if found:
            return (found["what"] or "").strip()
    return "" if _WAITING_STATUS.search(status) else None


def call_turns(row: Interaction) -> list[tuple[str, str]]:
    """A call's (speaker, words) turns, from its stored utterances or else its "Speaker: text" lines."""
    turns = [
        (str(t.get("speaker") or ""), str(t.get("text") or ""))
        for t in (row.extra or {}).get("utterances") or []
    ]
    if not turns:
        # A call stored without turns: its "Speaker: text" lines still carry the speaker.
        for line in row.text.splitlines():
            speaker, _, said = line.partition(":")
            turns.append((speaker.strip(), said) if said and len(speaker) < 60 else ("", line))
    return turns


def _call_sentences(row: Interaction, book: RoleBook) -> list[Sentence]:
    turns = call_turns(row)
    sides = speaker_sides(turns, book)
    # Greetings, "how was your week?" and the short answer to it ("Busy. Quarter end is coming up.") are
    # the call's small talk, the same turns the call summary never retells: never an issue or a promise.
    chatter = small_talk_turns(
        [Utterance(i, s, t, sides.get(s) == CUSTOMER) for i, (s, t) in enumerate(turns)]
    )
    out = []
    for i, (speaker, said) in enumerate(turns):
        if i in chatter:
            continue
        side = sides.get(speaker, UNKNOWN)
        for text in split_sentences(said):
            if not is_small_talk_sentence(text):
                out.append(
                    Sentence(
                        text, text, side, row.id, row.occurred_at, row.kind, speaker or None, paragraph=i
                    )
                )
    return out


def record_sentences(row: Interaction, book: RoleBook) -> list[Sentence]:
    """The attributed sentences of one interaction; call speakers are placed with the account's role book."""
    if row.kind == "ticket":
        return _ticket_sentences(row)
    if row.kind in {"call", "chat"}:
        return _call_sentences(row, book)
    if row.kind == "email":
        side = email_side(row.direction)
        body = mail_body(row.text)
        # An inbound message's sender is the customer who said it; our outbound mail is the account team's.
        who = sender(row) if side == CUSTOMER else None
    else:  # CRM notes and meetings are written by our side
        side, body, who = OURS, row.text, None
    return [
        Sentence(t, t, side, row.id, row.occurred_at, row.kind, who, paragraph=n)
        for n, t in paragraph_sentences(body)
    ]


def email_side(direction: str | None) -> str:
    """Who wrote a message, by its direction: inbound is the customer's, outbound and internal ours."""
    return {"inbound": CUSTOMER, "outbound": OURS, "internal": OURS}.get(direction or "", UNKNOWN)


def sender(row: Interaction) -> str | None:
    """Who wrote a message: the name its From header shows, if any."""
    found = next((p for p in row.participants or [] if p.get("role") == "from" and p.get("name")), None)
    return str(found["name"]).strip() or None if found else None


def account_contacts(account: Account) -> set[str]:
    """Lower-cased names of the account's contacts (who "they" are in a commitment)."""
    return {c.name.lower() for c in account.contacts if c.name}


def account_rows(session: Session, account_id: int) -> list[Interaction]:
    """Every interaction of one account (the store query filters by account), oldest first."""
    query = select(Interaction).where(Interaction.account_id == account_id)
    return list(session.scalars(query.order_by(Interaction.occurred_at, Interaction.id)))
