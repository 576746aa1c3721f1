"""The risks of one call: the customer's sentences that name a risk to the relationship, each cited.

They are read with the account summary's kinds (copilot/tools/account_risks.py), so a call and the
account page it feeds label one sentence alike: a complaint ("we had to explain the issue three
times", "the sync delays ... were painful") is told apart from an escalation (escalated, P1, legal),
a missed deadline needs a deadline that passed (a delay alone is none), and a French or German
sentence is read with its own language's words.
"""

from __future__ import annotations

from copilot.tools.account_risks import RISK_LABELS, NamedRisk, named_risk, severity
from copilot.tools.call_types import SENTENCES, CallItem, Utterance, points_back
from copilot.tools.small_talk import is_small_talk_sentence, small_talk_turns

__all__ = ["RISK_LABELS", "risk_sentence", "risks"]


def _most_severe(text: str) -> tuple[str, NamedRisk] | None:
    # The sentence of a turn that names its most severe risk, with what it names; a sentence that only
    # points back ("It's been frustrating") keeps the sentence before it, so the risk says what it is about.
    found = [s.strip() for s in SENTENCES.findall(text) if s.strip()] or [text.strip()]
    named = [(i, n) for i, s in enumerate(found) if (n := named_risk(s)) is not None]
    if not named:
        return None
    i, risk = min(named, key=lambda pair: severity(pair[1].kind))
    if i and points_back(found[i]) and not is_small_talk_sentence(found[i - 1]):
        return f"{found[i - 1]} {found[i]}", risk
    if risk.kind == "warning_sign" and i + 1 < len(found) and len(found[i].split()) <= _ANNOUNCEMENT_WORDS:
        # "I do see one risk, though." only announces it: the sentences after say what it is.
        return " ".join(found[i + 1 : i + 1 + _TOLD_IN]), risk
    return found[i], risk


# A flagged concern this short names none of its own ("I do see one risk, though."); the risk is told in
# the sentences after it, up to this many.
_ANNOUNCEMENT_WORDS = 7
_TOLD_IN = 2


def risk_sentence(text: str) -> str:
    """The sentence of a turn that names its most severe risk ("48213 and 48240. We will cancel..." -> the
    second; "This is the third time I ask. Fix it or I cancel." -> the threat); the turn when none does."""
    found = _most_severe(text)
    return found[0] if found else text.strip()


def risks(utterances: list[Utterance]) -> list[CallItem]:
    """Risks to the relationship, each citing its utterance: churn threats, escalations, complaints,
    missed deadlines, budget cuts and a champion leaving, read from the customer's turns only. What our
    side says ("I have escalated it as P1") is our answer to a risk, not the customer's signal."""
    found: list[CallItem] = []
    told: set[tuple[str, str]] = set()
    chat = small_talk_turns(utterances)  # "my legs are still complaining" after the ski day is no risk
    for i, u in enumerate(utterances):
        named = _most_severe(u.text) if u.customer and i not in chat else None
        if named is None:
            continue
        sentence, risk = named
        if (risk.kind, u.speaker) in told:
            continue  # "I'm leaving at the end of December" and "My last day is December 31" are one risk
        if risk.kind in _ONCE_A_SPEAKER:
            told.add((risk.kind, u.speaker))
        found.append(CallItem(sentence, [u.n], extra={"kind": risk.kind, "cue": risk.cue}))
    return found


# Kinds one speaker's later sentences only retell: their own departure, their budget cut, their new owner.
_ONCE_A_SPEAKER = frozenset({"champion_leaving", "budget_cut", "ownership_change"})
