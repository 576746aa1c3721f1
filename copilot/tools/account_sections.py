"""The cited parts of an account summary: open issues, commitments both ways, risks, the sentiment trend.

Sections keep the labelled sentences (copilot/tools/account_items.py) that are still relevant (recent,
not on a closed ticket, said by the right side), without near-duplicates, each citing its interaction
through a citation map shared across the whole summary. Commitments are read by
copilot/tools/account_promise_items.py, risks by copilot/tools/account_risk_items.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from copilot.tools.account_answers_owed import answer_entry, answers_owed
from copilot.tools.account_awaiting import awaiting_reply
from copilot.tools.account_issues import (
    ENGLISH,
    actionable_issues,
    names_a_problem,
    one_per_matter,
    sentence_language,
)
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs, distinct, item_entry, shown_text

# Kept importable from here for callers that label sentences the way the sections do (the classifier's tests).
from copilot.tools.account_items import label_sentences as label_sentences
from copilot.tools.account_promise_items import (
    RELEASE,
    commitment_entry,
    commitment_owner,
    owed_promises,
    promised_by,
    trackable,
)
from copilot.tools.account_risk_items import can_raise_risk, is_escalated, risk_entries, risk_of
from copilot.tools.account_risks import NEGATIVE_KINDS, named_risk
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.small_talk import is_small_talk_sentence

MAX_ITEMS = 5
MIN_SCORE = 0.5
RECENT_DAYS = 120
# A threat to leave, a champion gone or a new owner does not age out with the quarter: it plays out at the
# next renewal, so it stays on the page for a contract year ("our champion left, they are evaluating a
# competitor", noted in February, still matters for a renewal in March of the next year). A dated promise
# made within that year is kept while its date falls inside the recent window (`_still_owed`).
CONTRACT_YEAR_DAYS = 365
LASTING_RISK_KINDS = frozenset({"churn_threat", "champion_leaving", "ownership_change", "procurement_delay"})
FRAGMENT_WORDS = 6


# The customer's words that are a risk whatever the classifier reads: a threat, an escalation or a
# complaint, their purchasing process, and news of a new owner ("We've been acquired", read as a fact).
_NAMED_ENOUGH = NEGATIVE_KINDS | {"procurement_delay", "ownership_change"}


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


# The classifier was trained on English, so in another language its issue probability is weak evidence:
# such a sentence is an issue when it names a problem in its own words ("ne correspondent pas",
# "funktioniert nicht") and the classifier still gives "issue" this much (a customer's "we are moving
# offices, so replies may be slower" names slowness but scores near zero).
FOREIGN_ISSUE_PROBABILITY = 0.2


def _labelled_as(item: Labelled, label: str) -> bool:
    if label == "issue" and sentence_language(item.sentence.shown) != ENGLISH:
        return item.issue_probability >= FOREIGN_ISSUE_PROBABILITY and names_a_problem(item.sentence.shown)
    return item.label.label == label and item.label.score >= MIN_SCORE


def _of(labelled: list[Labelled], label: str, since: datetime) -> list[Labelled]:
    return [
        item
        for item in labelled
        if _labelled_as(item, label)
        and _still_relevant(item.sentence, since)
        and not is_fragment(item.sentence.shown)
        and not is_small_talk_sentence(item.sentence.shown)
    ]


# A negation in the few words before a risk's cue ("no signs of churn", "not expecting budget cuts").
_NEGATION = re.compile(r"\b(?:no|not|never|without|nor|none|zero|n't)\b(?:\W+\w+){0,4}\W*$", re.IGNORECASE)


def _denied(text: str, cue: str) -> bool:
    at = text.lower().find(cue.lower())
    return at >= 0 and bool(_NEGATION.search(text[:at].replace("n't", " n't")))


# Our side taking a matter up ("Alice Turner agreed to open an engineering escalation", "we escalated it to
# engineering"): what we do about a problem, which the commitments list, not the customer raising it.
_OUR_ESCALATION = re.compile(
    r"\b(?:agreed|promised|committed) to (?:open|raise|file|log|start) (?:an? |the )?"
    r"(?:engineering |internal )?escalation|\b(?:we|I)(?:'ve| have|'ll| will)? (?:just |already )?escalat",
    re.IGNORECASE,
)


def _named_risks(labelled: list[Labelled], since: datetime) -> list[Labelled]:
    # Risks named in words whatever the classifier called the sentence: the customer's complaint, escalation
    # or threat to leave, read with the words the call summary reads every customer turn with (so a call
    # and the account page never disagree on one sentence, and a month made negative by a complaint shows
    # it); and in another language ("Nous allons résilier le contrat") any kind, since the classifier
    # cannot read it (copilot/tools/risk_words.py).
    found = []
    for item in labelled:
        text = item.sentence.shown
        if not _still_relevant(item.sentence, since) or is_fragment(text) or is_small_talk_sentence(text):
            continue
        named = named_risk(text)
        if named is None:
            continue
        # Our team's own note ("Our champion left the company last month", "Budget cuts were announced
        # internally") records a risk on purpose: its words are enough, as the classifier read such notes
        # as other (a manager found them missing on six of eight sample pages, 2026-12-06).
        internal_note = item.sentence.kind == "note" and item.sentence.side != CUSTOMER
        if internal_note and _denied(text, named.cue):
            continue  # "No signs of churn risk at the moment" records the absence of the risk
        if internal_note and named.kind == "escalation" and _OUR_ESCALATION.search(text):
            continue  # "Alice Turner agreed to open an engineering escalation": our commitment, listed as one
        if (
            sentence_language(text) != ENGLISH
            or (item.sentence.side == CUSTOMER and named.kind in _NAMED_ENOUGH)
            or internal_note
        ):
            found.append(item)
    return found


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


# The risk kinds that are a problem the customer reports (a complaint, an escalation), not a threat, a
# budget remark or a request not to be contacted.
_PROBLEM_KINDS = frozenset({"complaint", "escalation"})


def _reports_a_problem(item: Labelled, inputs: SectionInputs) -> bool:
    # The customer's own sentence behind a complaint or an escalation, whatever the classifier called it
    # (the same words are an open issue whether it said issue, risk or other).
    if item.sentence.side != CUSTOMER:
        return False
    return risk_of(item.sentence, inputs.rows.get(item.sentence.interaction_id))[0] in _PROBLEM_KINDS


def _still_owed(promise: Labelled, since: datetime, year_ago: datetime) -> bool:
    # A promise made before the recent window still counts while its date falls inside it: "a connector
    # ships to your workspace in October 2026", said in June, is what the manager chases in December. Our
    # promised release stays a contract year past its date: a roadmap promise broken in April is what the
    # customer weighs at the renewal (a manager found seven missing on nine pages, 2026-12-07).
    due = promised_by(promise.sentence)
    if promise.sentence.occurred_at >= since or (due is not None and due >= since.date()):
        return True
    release = promise.sentence.side == OURS and RELEASE.search(promise.sentence.shown) is not None
    return release and due is not None and due >= year_ago.date()


def _lasting_risks(inputs: SectionInputs, year_ago: datetime, since: datetime) -> list[Labelled]:
    # Older than the recent window but within a contract year: only the kinds that wait for the renewal.
    older = [
        r
        for r in _of(inputs.labelled, "risk", year_ago) + _named_risks(inputs.labelled, year_ago)
        if r.sentence.occurred_at < since and can_raise_risk(r.sentence)
    ]
    lasting = [
        r
        for r in older
        if risk_of(r.sentence, inputs.rows.get(r.sentence.interaction_id))[0] in LASTING_RISK_KINDS
        and not _sponsor_since(r, inputs)
    ]
    return list({id(r): r for r in lasting}.values())


# "The executive sponsor is engaged and attended the last review." after "Our champion left the company":
# the champion is replaced, and "Find a new sponsor now" contradicted our latest note (a manager's reading,
# 2026-12-07).
_SPONSOR_IN_PLACE = re.compile(
    r"\b(?:sponsor|champion)\b[^.;!?]{0,40}?\b(?:is engaged|is on board|attended|joined|is in place|"
    r"has been named|has taken over|took over)\b|\bnew (?:sponsor|champion) (?:is|has been)\b",
    re.IGNORECASE,
)


def _sponsor_since(risk: Labelled, inputs: SectionInputs) -> bool:
    """Whether a champion's leaving is followed by our sentence that a sponsor is in place."""
    if risk_of(risk.sentence, inputs.rows.get(risk.sentence.interaction_id))[0] != "champion_leaving":
        return False
    return any(
        later.sentence.side == OURS
        and later.sentence.occurred_at > risk.sentence.occurred_at
        and _SPONSOR_IN_PLACE.search(later.sentence.shown)
        for later in inputs.labelled
    )


def build_sections(inputs: SectionInputs, citations: CitationMap) -> dict[str, list[dict[str, Any]]]:
    """Open issues (customer side), commitments by us and by them (due dates, overdue marked), risks."""
    latest = max((r.occurred_at for r in inputs.rows.values()), default=datetime.now())
    since = latest - timedelta(days=RECENT_DAYS)
    raised = [i for i in _of(inputs.labelled, "issue", since) if can_raise_risk(i.sentence)]
    flagged = [r for r in _of(inputs.labelled, "risk", since) if can_raise_risk(r.sentence)]
    # The words that name a complaint, an escalation or a threat to leave (any risk in another language or
    # in our team's note) make a sentence a risk whatever the classifier called it.
    named = _named_risks(inputs.labelled, since)
    flagged += [r for r in named if can_raise_risk(r.sentence) and all(r is not f for f in flagged)]
    flagged += _lasting_risks(inputs, latest - timedelta(days=CONTRACT_YEAR_DAYS), since)
    # A risk is shown with the kind its words or its ticket's state name; what the classifier called a
    # risk without one is a warning sign (account_risk_items.kind_of), except a ticket's report, which
    # stays the customer's open issue.
    reports = [r for r in flagged if r.sentence.kind == "ticket" and risk_of(r.sentence)[0] is None]
    escalated = [i for i in raised if is_escalated(i.sentence)]
    # A problem the customer reported stays an open issue when it also backs a risk (an escalated ticket,
    # a complaint beside a threat to leave): "open issues: none found" beside it reads "no open problems".
    # The risk keeps its line; next best actions take one step per record (account_narrative.py).
    problems = [r for r in flagged if _reports_a_problem(r, inputs)]
    issues = [
        i
        for i in raised + reports + problems
        if i.sentence.side == CUSTOMER and states_a_problem(i.sentence.shown)
    ]
    # An opener stands for the sentence after it; another language needs its own words for a problem; a
    # problem told in two sentences of one paragraph is one issue. Listed newest first (`distinct`).
    issues = one_per_matter(actionable_issues(issues, inputs.labelled), inputs.labelled)
    year_ago = latest - timedelta(days=CONTRACT_YEAR_DAYS)
    made = _of(inputs.labelled, "commitment", year_ago)
    promised = distinct([p for p in made if trackable(p) and _still_owed(p, since, year_ago)])
    sides = {
        id(p): commitment_owner(p.sentence, inputs.contacts, inputs.owner, inputs.owner_name)
        for p in promised
    }
    ours = owed_promises([p for p in promised if sides[id(p)] == OURS], inputs, latest, ours=True)
    theirs = owed_promises([p for p in promised if sides[id(p)] == CUSTOMER], inputs, latest, ours=False)
    rows = inputs.rows
    by_us = [commitment_entry(p, inputs, citations, ours=True) for p in ours]
    # "Let me check … and come back to you" after their question owes the answer (account_answers_owed.py),
    # listed before our undated promises ("send a short summary by email").
    answers = [
        answer_entry(item, question, inputs, citations) for item, question in answers_owed(inputs, latest)
    ]
    dated = [e for e in by_us if e["due_date"]]
    by_us = (dated + answers + [e for e in by_us if not e["due_date"]])[:MAX_ITEMS]
    by_them = [commitment_entry(p, inputs, citations, ours=False) for p in theirs]
    # The customer's unanswered request heads the list (copilot/tools/account_awaiting.py).
    waiting = awaiting_reply(inputs.labelled, rows, citations, since)
    told = {entry["text"] for entry in waiting}
    # A waiting message is one line: its other sentences ("I am looking at invoice INV-28807 …" above
    # "Could you send a corrected version?") are not listed again beside it.
    waiting_on = {n for entry in waiting for n in entry["citations"]}
    rest = [
        i
        for i in distinct(issues)
        if shown_text(i.sentence) not in told
        and citations.numbers.get(i.sentence.interaction_id) not in waiting_on
    ][: MAX_ITEMS - len(waiting)]
    return {
        "open_issues": waiting + [item_entry(i, rows, citations) for i in rest],
        "commitments_by_us": by_us,
        "commitments_by_them": by_them,
        "risks": risk_entries(distinct(flagged + escalated), rows, citations),
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
