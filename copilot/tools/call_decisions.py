"""The decisions a call records: agreements, and our side raising a matter's priority on the call.

Found by transparent rules, each resting on the numbered utterance it was read from; a promise chained
after a decision ("... as P1 and will call you tomorrow") is left to the action items
(copilot/tools/call_items.py).
"""

from __future__ import annotations

import re

from copilot.tools.call_items import CHAINED_PROMISE_START
from copilot.tools.call_types import SENTENCES, CallItem, Utterance
from copilot.tools.counted_objects import COUNT_LOOKBACK, with_counted_noun

# Taking an offer in so many words: "We accept the 12 percent discount, 100 seats, two years.", "I'll accept
# the credit." (a manager's reading, 2026-12-07: both were missed, one listed as an item).
_ACCEPT_WORDS = r"(?<!not )(?<!n't )(?:I|we)(?:'ll| will)? (?:happily |gladly )?accept"

_DECISION = re.compile(
    # "what we agreed" points at the decisions; it is none itself. "Let's keep conversion on our side" and
    # "So decisions: nightly batch, key-pair auth" settle something; "let's send" is a shared step.
    r"\b(?<!what )(?:we(?:'ve| have|'re| are)? agreed|agreed to|decided|decision is|"
    r"let'?s go with|we'?ll go with|go ahead with|we(?:'re| are) going with|"
    r"let'?s (?:keep|stick with|stay with|use)|"
    # "Understood, we stay on quarterly invoicing." keeps a plan in place (a manager's reading, 2026-12-07).
    r"we(?:'ll| will)? (?:stay|remain) (?:on|with|at)|"
    # A plan moved or paused on the call: "So we move the embedded launch to February", "we have to pause
    # that pilot" (a manager's reading, 2026-12-07: both were missing).
    r"(?:so|then) we(?:'ll)? (?:move|push|postpone|shift)\b|(?:let'?s|we'?ll|we will) park\b|"
    r"we(?:'ll| will| have to| need to| are going to|'re going to)? (?:pause|put \w+(?: \w+)? on hold)\b|"
    # "I need to get Trevor to sign off on the budget" is still owed: only a sign-off given decides.
    r"signed off|approved|" + _ACCEPT_WORDS + r")\b|"
    # "One more decision from our side: from January we are retiring the old Excel pack" (a manager's
    # reading, 2026-12-07: read as a warning sign).
    r"(?:^|\bso,?\s+)(?:(?:the|one more|another|a|our|final)\s+)?decisions?(?:\s+are)?"
    r"(?:\s+(?:from|on)\s+(?:our|their|your|my)\s+side)?\s*:|"
    # "Agreed, so the nightly sync stays paused until …": the agreement opens what it settles.
    r"^agreed\s*[,:-]\s*(?=\S+\s+\S+\s+\S+)|\bso,? we agree\b|"
    # "Wir haben entschieden, bei 110 Nutzern zu bleiben" (a German call had none, 2026-12-07).
    r"\b(?:entschieden|beschlossen|nous avons décidé|on a décidé|c'est décidé|"
    r"hemos decidido|decidimos|acordamos|hemos acordado)\b",
    re.IGNORECASE,
)

# Our side raising the matter's priority now or already ("I'm escalating this as a P1", "we've flagged it
# as top priority"): a decision taken on the call. "I'll escalate it" is still owed (an action item).
_WE_RAISE = re.compile(
    r"\b(?:I|we)(?:'m|'re|'ve| am| are| have| had)?(?: just| now| already)?\s+"
    r"(?:escalat|rais|mark|flagg|sett|logg|fil|prioriti[sz]|treat|bump)(?:ing|ed)\b",
    re.IGNORECASE,
)
_PRIORITY = re.compile(
    r"\b(?:escalat\w*|P[12]|sev(?:erity)? ?[12]|(?:top|high|highest) priority|priority (?:one|1|two|2))\b",
    re.IGNORECASE,
)


_ACCEPTS = re.compile(r"\b" + _ACCEPT_WORDS + r"\b", re.IGNORECASE)


def accepts_an_offer(sentence: str) -> bool:
    """Whether a sentence takes an offer in so many words ("I'll accept the credit"): a decision, which
    owes nothing as an action item."""
    return bool(_ACCEPTS.search(sentence))


def states_a_decision(sentence: str) -> bool:
    """Whether a sentence records an agreement or a decision ("We agreed to keep the current plan")."""
    return bool(_DECISION.search(sentence))


def _decides(sentence: str, ours: bool) -> bool:
    if _DECISION.search(sentence):
        return True
    return ours and bool(_WE_RAISE.search(sentence)) and bool(_PRIORITY.search(sentence))


def _decided_part(sentence: str, ours: bool) -> str:
    """The decision clause of a sentence that goes on to promise ("I have escalated both to engineering as
    P1 and will call you tomorrow" -> "I have escalated both to engineering as P1."): the promise is the
    action item's to list, so the decision line does not repeat it. The whole sentence when the promise
    clause is where the decision is ("we agreed and will sign off on Friday")."""
    chained = CHAINED_PROMISE_START.match(sentence)
    if chained is None:
        return sentence
    head = sentence[: chained.start("verb")].rstrip()
    head = head[: -len("and")].rstrip(" ,;") if head.lower().endswith(" and") else head
    return f"{head}." if _decides(head, ours) else sentence


# "So we go to sixty seats at the September renewal." - "Yes.": a summing-up the other side says yes to.
_SUMMING_UP = re.compile(r"^so,? we(?:'ll| will)? (?!agree\b)\w+", re.IGNORECASE)
_ASSENT = re.compile(
    r"^(?:yes|yep|yeah|agreed|deal|exactly|correct|that works|works for me|sounds good|perfect)\b[.,!]",
    re.IGNORECASE,
)


def _accepted_proposal(utterances: list[Utterance], index: int) -> str | None:
    """The summing-up of the turn before, when this turn by the other side opens by saying yes to it."""
    if index == 0 or not _ASSENT.match(utterances[index].text.strip()):
        return None
    before = utterances[index - 1]
    if before.speaker == utterances[index].speaker:
        return None
    said = [s.strip() for s in SENTENCES.findall(before.text) if s.strip()]
    last = next((s for s in reversed(said) if _SUMMING_UP.match(s)), None)
    if last is None or _decides(last, not before.customer):
        return None  # no summing-up, or one already recorded as its own turn's decision
    return _decided_part(last, not before.customer)


# "What if we drop to 210 seats?", "I can add those 40 seats at your current price", "I'd like to run a
# 30-day pilot first": a proposal the other side may take up on the call.
_PROPOSAL = re.compile(
    r"^(?:(?:so|okay|ok|well|then),?\s+)?(?:one (?:more|last|other) option\s*[:,-]\s*)?"
    r"(?:what if (?:we|I)|how about (?:if )?(?:we|I)|shall we|should we|why don'?t we|we could|I could|"
    r"I can|we can|(?:I|we)(?:'d| would) like to|(?:I|we)(?:'ll| will) (?:also )?(?:credit|waive|refund|"
    r"give|offer|add|include|extend|discount|hold)|"
    # "Make it 180." - "Agreed, 180 seats." (a manager's reading, 2026-12-07: the final seat count was lost).
    r"(?:let'?s )?make it (?=\d))\b",
    re.IGNORECASE,
)
# The other side taking it up: "Yes, let's do that.", "Let's do it.", "Deal.", "I'll accept the credit."
# A bare "Yes." answers many questions; only these words say the offer is taken.
_TAKES_IT = re.compile(
    r"^(?:(?:yes|yeah|yep|ok|okay|great|good|perfect|fine|right)[,.!]?\s+)?"
    r"(?:let'?s do (?:it|that)|let'?s go (?:for|with) (?:it|that)|deal\b|agreed\b|that works|works for me|"
    r"sounds good|go ahead|(?:I|we)(?:'ll| will)? (?:happily |gladly )?(?:accept|take) (?:it|that|the \w+))",
    re.IGNORECASE,
)


def _proposal_taken_up(utterances: list[Utterance], index: int) -> CallItem | None:
    """The other side's proposal of the turn before, when this turn opens by taking it up; the decision is
    the proposal as its speaker said it (their terms), told with who agreed (`extra["accepted_by"]`)."""
    said = utterances[index].text.strip()
    taken = _TAKES_IT.match(said)
    if index == 0 or taken is None:
        return None
    before = utterances[index - 1]
    if before.speaker == utterances[index].speaker:
        return None
    offered = [s.strip() for s in SENTENCES.findall(before.text) if _PROPOSAL.match(s.strip())]
    if not offered:
        return None
    # "What if we drop to 210 seats?" is told as the suggestion it is ("suggests they drop to 210 seats").
    proposal = re.sub(r"^what if\b", "How about", offered[-1], flags=re.IGNORECASE)
    restated = said[taken.end() :].strip(" .,!")
    # "Make it 180." - "Agreed, 180 seats.": the number is told with what it counts.
    bare = re.search(r"\bmake it (\d+)\W*$", proposal, re.IGNORECASE)
    if bare and restated.split(" ", 1)[0] == bare[1]:
        proposal = f"{proposal[: bare.start(1)]}{restated}."
    return CallItem(
        proposal,
        [before.n, utterances[index].n],
        extra={"accepted_by": utterances[index].speaker, "restated": restated},
    )


# Turning it down politely: "Not this year, thanks.", "Thanks, but we're fine for now.", "That's kind, but …".
_TURNS_IT_DOWN = re.compile(
    r"^(?:no,? thanks?(?: you)?|not (?:this year|right now|now|for now|yet)(?:,? thanks?)?|"
    r"(?:thanks?(?: you)?|that's (?:kind|nice|generous)(?: of you)?|I appreciate (?:it|that)),? but)\b",
    re.IGNORECASE,
)


def turns_down_a_proposal(utterances: list[Utterance], index: int) -> bool:
    """Whether turn `index` politely declines the other side's offer of the turn before ("I could also
    offer an on-site training day." - "Not this year, thanks. We don't have the time for it."): a no to
    an offer, not a complaint."""
    if index == 0 or not _TURNS_IT_DOWN.match(utterances[index].text.strip()):
        return False
    before = utterances[index - 1]
    offered = [s.strip() for s in SENTENCES.findall(before.text) if _PROPOSAL.match(s.strip())]
    return before.speaker != utterances[index].speaker and bool(offered)


def takes_up_a_proposal(utterances: list[Utterance], index: int, sentence: str) -> bool:
    """Whether `sentence` of turn `index` is the turn's taking up of the proposal before it ("Let's do it.
    We'll add 40 seats for the spa division."): the decision says it, so it owes nothing as an item."""
    taken = _proposal_taken_up(utterances, index)
    if taken is None:
        return False
    said = sentence.strip()
    proposal_words = {w.lower() for w in re.findall(r"\w+", taken.text) if len(w) > 3 or w.isdigit()}
    shared = {w.lower() for w in re.findall(r"\w+", said) if len(w) > 3 or w.isdigit()} & proposal_words
    return bool(_TAKES_IT.match(said)) or len(shared) >= 2


# "Then we go down to 320 seats. That's decided.": the decision words point back at what is decided.
_POINTS_BACK = re.compile(
    r"^(?:(?:so|ok|okay|good|fine|right),?\s+)?(?:that'?s|that is|it'?s|it is|this is)\s+(?:now\s+)?"
    r"(?:decided|agreed|settled|final|approved|signed off)\W*$|"
    # "No, al final serán 15 usuarios, no 25. Lo decidimos ayer con la dirección." (2026-12-07).
    r"^(?:lo|eso|esto) (?:decidimos|hemos decidido|acordamos|hemos acordado)\b|"
    r"^(?:das|dies) (?:haben wir|ist)(?: bei uns| intern| schon)?(?: so| jetzt)? "
    r"(?:entschieden|beschlossen)\b|"
    r"^(?:c'est décidé|on l'a décidé|nous l'avons décidé)\b",
    re.IGNORECASE,
)


_THEN = re.compile(r"^(?:so\s+)?then,?\s+(?=\w)", re.IGNORECASE)


def _what_is_decided(utterances: list[Utterance], index: int, sentence: str) -> str:
    """The sentence a bare "That's decided." points back to: the one before it in the turn, else the last
    of the turn before; the sentence itself when it names its own matter (a manager read "Leah Mendez
    says that's decided.", 2026-12-07)."""
    if not _POINTS_BACK.match(sentence):
        return sentence
    said = [s.strip() for s in SENTENCES.findall(utterances[index].text) if s.strip()]
    at = said.index(sentence) if sentence in said else 0
    if at > 0:
        return _THEN.sub("", said[at - 1])
    before = [s.strip() for s in SENTENCES.findall(utterances[index - 1].text)] if index else []
    return before[-1] if before and before[-1] else sentence


def decisions(utterances: list[Utterance]) -> list[CallItem]:
    """Utterances that record an agreement or a decision, each by its sentence that states it (without a
    promise chained after it, which is an action item); our side's escalation or priority raised on the
    call is one. A bare "both" / "all three" it acts on gets the noun an earlier turn counted, in
    `extra["resolved"]` (copilot/tools/counted_objects.py)."""
    found = []
    for i, u in enumerate(utterances):
        # The proposal taken up is told with its terms ("… credit 10 percent of this month's fee, and
        # Sarah Yates agrees"), whatever the taking up says ("I'll accept the credit").
        if (taken := _proposal_taken_up(utterances, i)) is not None:
            found.append(taken)
            continue
        stated = [s.strip() for s in SENTENCES.findall(u.text) if _decides(s, not u.customer)]
        if not stated and (accepted := _accepted_proposal(utterances, i)) is not None:
            found.append(CallItem(accepted, [utterances[i - 1].n, u.n]))
            continue
        if not stated:
            continue
        decided = _decided_part(_what_is_decided(utterances, i, stated[0]), not u.customer)
        earlier = [e.text for e in utterances[max(i - COUNT_LOOKBACK, 0) : i]]
        earlier.append(u.text[: u.text.find(stated[0])] if stated[0] in u.text else "")
        named = with_counted_noun(decided, earlier)
        found.append(CallItem(decided, [u.n], extra={"resolved": named} if named != decided else {}))
    return found
