"""The risks of an account summary: which sentences may raise one, which kind each names, one per record.

A risk is the customer's own signal or one our team recorded internally, never our words to them; it is
shown with the kind its words or its ticket's state name (copilot/tools/account_risks.py), or as a warning
sign when only the trained classifier reads it as a risk (a ticket's report excepted: it stays the
customer's open issue), and an
issue that names a complaint, an escalation or a threat to leave is a risk on its own, as the call summary
calls it (a manager never reads one sentence as a complaint there and an issue here).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from copilot.db.models import Interaction
from copilot.tools.account_items import SPOKEN_TO_CUSTOMER, CitationMap, Labelled, item_entry, shown_text
from copilot.tools.account_risks import NEGATIVE_KINDS, RISK_LABELS, named_risk, severity
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.champion_handover import handover, introduced_name
from copilot.tools.risk_words import ENGLISH, sentence_language
from copilot.tools.speaker_roles import is_role_label

MAX_ITEMS = 5


def can_raise_risk(sentence: Sentence) -> bool:
    """A risk is the customer's own signal or one our team recorded internally, not our words to them.

    A ticket's own lines ("Next step: Escalated to the engineering lead...") are our status notes on
    the customer's report: the report is the risk, cited once, never our note about handling it.
    """
    if sentence.side == CUSTOMER:
        return True
    return sentence.kind not in SPOKEN_TO_CUSTOMER and sentence.kind != "ticket"


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


def kind_of(item: Labelled, row: Interaction | None = None) -> tuple[str | None, str | None]:
    """`risk_of` the item's sentence, or a warning sign when no words name a kind but the classifier read
    the English sentence as a risk; a ticket's report is left to the open issues."""
    kind = risk_of(item.sentence, row)
    if kind[0] is not None or item.label.label != "risk" or item.sentence.kind == "ticket":
        return kind
    if sentence_language(item.sentence.shown) != ENGLISH:
        return None, None
    return "warning_sign", RISK_LABELS["warning_sign"]


def _escalated_ticket(row: Interaction) -> bool:
    return row.kind == "ticket" and bool(_ESCALATED_RECORD.search(f"{row.subject or ''}\n{row.text}"))


def is_escalated(sentence: Sentence) -> bool:
    """Whether an issue sentence is a risk on its own: on an open P1/P2 ticket waiting on us, or naming a
    complaint, an escalation or a threat to leave. A problem told in frustrated words ("the exports keep
    failing and my team is fed up") is the customer's complaint, as the call summary calls it; its next
    action still asks for an owner and a fix date."""
    named = named_risk(sentence.shown)
    if named is not None and named.kind in NEGATIVE_KINDS:
        return True
    return urgent_ticket(sentence)


def risk_entries(
    candidates: list[Labelled], rows: dict[int, Interaction], citations: CitationMap
) -> list[dict[str, Any]]:
    # One risk per interaction and kind, led by its most severe sentence (a threat to leave before the
    # complaint beside it, which stays as `also`: it is the threat's reason), so a manager reads each
    # record's risk once, yet a sponsor leaving and a budget cut told on one call are two lines. A record
    # is a risk only when its lead names a kind. Most severe first, then newest, so the cap never drops
    # a churn threat for an older remark.
    kinds = {id(i): kind_of(i, rows.get(i.sentence.interaction_id)) for i in candidates}
    groups: dict[int, list[Labelled]] = defaultdict(list)
    for item in candidates:
        groups[item.sentence.interaction_id].append(item)
    ranked = []
    for items in groups.values():
        led = sorted(items, key=lambda i: (severity(kinds[id(i)][0]), -i.label.score))
        if kinds[id(led[0])][0] is not None:
            ranked.extend(_split_by_kind(led, kinds))
    ranked.sort(key=lambda r: (severity(kinds[id(r[0])][0]), -r[0].sentence.occurred_at.timestamp()))
    entries = []
    for lead, *rest in _every_kind_first(ranked, kinds):
        kind, label = kinds[id(lead)]
        entry = item_entry(lead, rows, citations)
        entry.update(
            kind=kind,
            kind_label=_labelled_by_source(label, lead.sentence),
            also=[shown_text(i.sentence) for i in rest],
        )
        if kind == "champion_leaving":
            entry.update(_who_leaves(lead.sentence, rows.get(lead.sentence.interaction_id)))
        if kind == "procurement_delay" and (sent := _paperwork_sent(lead.sentence, rows)):
            entry["paperwork_sent"] = sent
        entries.append(entry)
    return entries


# Our mail saying the renewal's papers went out ("Our legal team has sent the standard order form to
# procurement"): after it, the step is to check they are moving, not to start them.
_PAPERS = r"(?:order form|contract|paperwork|agreement|renewal documents|quote|docusign)"
_PAPERS_SENT = re.compile(
    rf"\b(?:sent|attached|shared|signed|went out|is on its way)\b[^.!?]{{0,60}}\b{_PAPERS}\b|"
    rf"\b{_PAPERS}\b[^.!?]{{0,40}}\b(?:sent|attached|went out|is on its way)\b",
    re.IGNORECASE,
)


def _paperwork_sent(sentence: Sentence, rows: dict[int, Interaction]) -> str | None:
    """The day of our newest mail after a procurement remark that says the renewal's papers went out."""
    sent = [
        r.occurred_at
        for r in rows.values()
        if r.kind == "email"
        and r.direction == "outbound"
        and r.occurred_at >= sentence.occurred_at
        and _PAPERS_SENT.search(r.text or "")
    ]
    return max(sent).date().isoformat() if sent else None


def _labelled_by_source(label: str | None, sentence: Sentence) -> str | None:
    # A manager must tell the customer's own words from our team's reading of them ("They are evaluating a
    # competitor" in our note is no threat they made): a risk from our note says so where it is named.
    if label and sentence.side == OURS and sentence.kind in {"note", "meeting"}:
        # Dated: "Our champion left the company last month" from February reads as news in December.
        return f"{label} (our note of {sentence.occurred_at.date().isoformat()})"
    return label


def _who_leaves(sentence: Sentence, row: Interaction | None) -> dict[str, str | bool]:
    # Who leaves (by name: the speaker, or the name a role-labelled speaker gave on the call), when, and
    # who takes over, as far as the words say (copilot/tools/champion_handover.py).
    said = handover(sentence.shown)
    leaver = sentence.speaker if sentence.speaker and not is_role_label(sentence.speaker) else ""
    if not leaver and sentence.speaker and row is not None:
        label = f"{sentence.speaker}:"
        turns = [line[len(label) :] for line in row.text.splitlines() if line.startswith(label)]
        leaver = introduced_name(turns)
    found: dict[str, str | bool] = {
        "leaver": leaver,
        "successor": said.successor,
        "leaving_when": said.when,
        "already_left": said.gone,
    }
    return {key: value for key, value in found.items() if value}


# Kinds that read as the reason for a graver risk of the same record rather than a risk of their own: a
# warning sign beside a named threat to leave is what led up to it.
_BESIDE_THE_LEAD = frozenset({None, "complaint", "warning_sign"})


def _every_kind_first(
    ranked: list[list[Labelled]], kinds: dict[int, tuple[str | None, str | None]]
) -> list[list[Labelled]]:
    """The MAX_ITEMS groups to show: the first of each kind in rank order, then the others, kept in rank
    order. A champion who left was cut from a page that showed two complaints and two threats to leave (a
    manager's reading, 2026-12-07)."""
    first: dict[str | None, int] = {}
    for i, group in enumerate(ranked):
        first.setdefault(kinds[id(group[0])][0], i)
    chosen = set(list(first.values())[:MAX_ITEMS])
    chosen |= set([i for i in range(len(ranked)) if i not in chosen][: MAX_ITEMS - len(chosen)])
    return [group for i, group in enumerate(ranked) if i in chosen]


def _split_by_kind(
    led: list[Labelled], kinds: dict[int, tuple[str | None, str | None]]
) -> list[list[Labelled]]:
    """One record's risk sentences, most severe first, as [lead, *also] groups: every further kind of
    its own leads a group; sentences without a kind, complaints, warning signs and repeats of a kind stay
    beside the lead."""
    groups = [[led[0]]]
    seen = {kinds[id(led[0])][0]}
    for item in led[1:]:
        kind = kinds[id(item)][0]
        if kind in _BESIDE_THE_LEAD or kind in seen:
            groups[0].append(item)
        else:
            seen.add(kind)
            groups.append([item])
    return groups
