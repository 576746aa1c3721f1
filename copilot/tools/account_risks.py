"""Which kind of risk a sentence names, as a manager reads it, and the words that name it.

The call tool's risk vocabulary (`call_items.RISK_KINDS`) finds the cue; the account summary reads it
more strictly, because a manager acts on the label: a complaint (the customer unhappy with us) is told
apart from an escalation (raised to someone above: escalated, P1, legal), and a missed deadline needs a
deadline that passed, never only a delay or a failure ("the sync delays were painful" is a complaint).
A sentence whose kind none of these words name is a risk only when the trained classifier reads it as
one (a "warning sign", copilot/tools/account_risk_items.py). A sentence in another language is read with
that language's words (copilot/tools/risk_words.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.tools.call_risks import RISK_KINDS, first_cue
from copilot.tools.risk_words import foreign_risk_cue

# Most severe first: a threat to leave before a complaint before the budget remark beside it.
RISK_LABELS = {
    "churn_threat": "churn threat",
    "do_not_contact": "do-not-contact request",
    "escalation": "escalation",
    "complaint": "complaint",
    "missed_deadline": "missed deadline",
    "sentiment_drop": "sentiment drop",
    "budget_cut": "budget cut",
    "champion_leaving": "champion leaving",
    "ownership_change": "new owner",
    "procurement_delay": "procurement delay",
    # What the trained classifier reads as a risk with confidence though no word above names its kind
    # ("my CEO asked why we're still paying for this", "they miss their audit deadline"): on
    # authored account records the words alone found one risk in ten (evals/sentence_data/REPORT.md,
    # "Risks the words do not name"), so the classifier's reading is shown, least severe, as what it is.
    "warning_sign": "warning sign",
}
# Kinds that are risks even in a sentence the classifier called an issue, and that make the customer's
# month read negative whatever its tone. The classifier reads "Take me off your list" as other: a request
# not to be contacted is named by its words alone, and binds every later call and mail.
NEGATIVE_KINDS = frozenset({"churn_threat", "do_not_contact", "escalation", "complaint"})
# Risks to the account that say nothing of the customer's mood: a friendly champion telling us they leave,
# a new owner, their purchasing process, or our reading of a warning sign ("the CFO questioned the cost").
NOT_A_MOOD = frozenset({"champion_leaving", "ownership_change", "procurement_delay", "warning_sign"})

# Which of the call vocabulary's escalation words raise the matter above us; the rest ("complain",
# "nobody answers", "third time I ask") are the customer complaining to us.
_ESCALATED = re.compile(r"escalat|^P[12]$|^sev|legal|lawyer|formal complaint", re.IGNORECASE)
# How customers complain besides saying "complaint": frustration, having to repeat themselves.
_COMPLAINT = re.compile(
    # "To be blunt: the export …" complains; "I'm going to be blunt." alone only announces what follows.
    r"\b(?:frustrat\w*|unhappy|disappoint\w*|fed up|unacceptable|not acceptable|painful|"
    r"to be blunt(?=\s*[,:;-]\s*\w)|"
    r"(?:had|have|has) to (?:\w+ ){1,5}?(?:twice|(?:two|three|four|several|multiple|many) times))",
    re.IGNORECASE,
)
# A champion already gone, which the call vocabulary (about to leave: "is leaving", "last day") misses.
_CHAMPION_GONE = re.compile(
    r"\b(?:left|has left|have left) (?:the company|the business|the team|the organi[sz]ation)\b|"
    r"\bneed (?:a )?new (?:sponsor|champion)\b",
    re.IGNORECASE,
)
# A deadline that passed, in so many words; "delays", "still failing" or "since Monday" name a problem,
# not a date anyone missed.
_DEADLINE_PASSED = re.compile(
    r"\b(?:missed (?:the |our |a |its |their )?(?:deadline|date|due date)|overdue|past (?:the )?due|"
    r"late again|deadline (?:has |had )?(?:passed|slipped|been missed)|"
    r"(?:was|were) (?:due|promised) (?:on|by)|"
    r"promised\b[^.!?]{0,80}\b(?:still|yet|never)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamedRisk:
    """A risk kind, how a manager reads it, and the words of the sentence that name it.

    Tone words ("painful", "frustrated", "to be blunt") name a complaint as surely as "complaint" does:
    the call summary, the account page and the web page call the sentence a complaint alike.
    """

    kind: str
    label: str
    cue: str


def _named(kind: str, cue: str) -> NamedRisk:
    return NamedRisk(kind, RISK_LABELS[kind], cue)


def named_risk(text: str) -> NamedRisk | None:
    """The most severe risk kind the text names in words (not denied: "no complaints there"), or None."""
    for kind, pattern in RISK_KINDS.items():
        # A missed deadline is named only by a deadline that passed, whatever else the call words match.
        cue = first_cue(_DEADLINE_PASSED if kind == "missed_deadline" else pattern, text)
        if cue is None:
            continue
        if kind == "escalation" and not _ESCALATED.search(cue.strip()):
            kind = "complaint"
        if kind in {"missed_deadline", "budget_cut", "champion_leaving", "ownership_change"}:
            # A complaint in the same sentence outranks them.
            complaint = first_cue(_COMPLAINT, text)
            if complaint is not None:
                return _named("complaint", complaint)
        return _named(kind, cue)
    complaint = first_cue(_COMPLAINT, text)
    if complaint is not None:
        return _named("complaint", complaint)
    gone = first_cue(_CHAMPION_GONE, text)
    if gone is not None:
        return _named("champion_leaving", gone)
    # French, German, Spanish, Italian, Dutch: the sentence's own language names the risk.
    foreign = foreign_risk_cue(text)
    if foreign is None:
        return None
    kind, cue = foreign
    if kind == "complaint_tone":
        return _named("complaint", cue)
    return _named(kind, cue)


def severity(kind: str | None) -> int:
    """A kind's rank, most severe first; an unknown kind last."""
    order = list(RISK_LABELS)
    return order.index(kind) if kind in order else len(order)
