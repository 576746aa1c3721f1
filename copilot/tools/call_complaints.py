"""The customer's complaints that no risk word names, read by the two trained models.

"Honestly, the sync is still dropping deals, which does not help the case internally." names no risk
word (copilot/tools/call_risks.py), yet a manager must see it: the problem is back and the customer is
losing patience. A customer sentence is a complaint here when both trained judgments agree: the sentence
classifier reads it as an issue said by the customer, and the frustration model flags it frustrated.
Either alone is too loose ("The export is missing two columns." is an issue told calmly; "I'm so tired
today" may read frustrated), so the pair is asked, and only where the word table found nothing.

A customer sentence the classifier reads as a risk ("My CEO asked why we are still paying for this.") is a
warning sign, as on the account page (copilot/tools/account_risk_items.kind_of): on authored account
records the words alone found about one risk in ten.
"""

from __future__ import annotations

import re

from copilot.index.embedder import Embedder
from copilot.tools.account_issues import ENGLISH, sentence_language
from copilot.tools.account_sentences import CUSTOMER
from copilot.tools.call_decisions import decisions, states_a_decision, turns_down_a_proposal
from copilot.tools.call_record import CallRecord
from copilot.tools.call_risks import RISK_CUES, risk_kind
from copilot.tools.call_types import SENTENCES, CallItem
from copilot.tools.discourse_openers import without_leading_words
from copilot.tools.flag_tone import MAX_BATCH, flag_tone_many
from copilot.tools.sentence_classes import SentenceClass, SentenceLabeller, classify_sentences
from copilot.tools.small_talk import is_small_talk_sentence, small_talk_turns

# The sentence classifier's probability an issue or a risk needs, as the account page's items need it.
MIN_SCORE = 0.5
# A warning sign is a risk no words name: the classifier alone must be sure of it. On eval3's customer
# sentences no risk words name (a development set; `scripts/issue_score_bins.py … risk --unnamed`,
# 2026-12-07), its risks scored 0.5-0.9 were right 10 times in 26, those at 0.9 or more 27 in 33; a
# manager read five warning signs of seven new calls as wrong ("this is purely budget", "Leave premium
# support out.").
WARNING_SIGN_SCORE = 0.9


# Fewer words than this, once "Yes," or "Well," is gone, say too little to be read as a warning sign.
MIN_WARNING_WORDS = 4


def _candidates(call: CallRecord, named: set[int]) -> list[tuple[int, str]]:
    # The customer's English business sentences, of turns that name no risk already (one risk a turn) and
    # are not the call's small talk (the fun run's result is no warning sign).
    found = []
    chat = small_talk_turns(call.utterances)
    for i, u in enumerate(call.utterances):
        if not u.customer or u.n in named or i in chat or turns_down_a_proposal(call.utterances, i):
            continue  # "Not this year, thanks. We don't have the time for it." declines an offer
        for sentence in (s.strip() for s in SENTENCES.findall(u.text)):
            # "Yes, another Victor." is an aside, not a sentence that could say what puts the account at risk.
            if len(without_leading_words(sentence).split()) < MIN_WARNING_WORDS:
                continue
            if sentence and not is_small_talk_sentence(sentence) and sentence_language(sentence) == ENGLISH:
                found.append((u.n, sentence))
    return found


def unnamed_risks(
    call: CallRecord, named: list[CallItem], embeddings: Embedder, labeller: SentenceLabeller
) -> list[CallItem]:
    """Risks among the customer's turns that `named` (the word table's risks) does not cite, at most one a
    turn, each citing its utterance: complaints both models read (kind "complaint", extra "read_by":
    "models"), else a sentence the classifier reads as a risk (kind "warning_sign", "read_by":
    "classifier")."""
    candidates = _candidates(call, {n for item in named for n in item.utterances})
    if not candidates:
        return []
    classes = classify_sentences(
        [s for _, s in candidates], embeddings, labeller, [CUSTOMER] * len(candidates)
    )
    found = _complaints(
        [pair for pair, cls in zip(candidates, classes, strict=True) if _read_as(cls, "issue")], embeddings
    )
    decided = {n for decision in decisions(call.utterances) for n in decision.utterances}
    for (n, sentence), cls in zip(candidates, classes, strict=True):
        # "We agreed to keep the current plan for now" is the call's decision (call_decisions.decisions); a
        # warning sign is what no words name, and the decision's words already read the sentence. Nor is a
        # turn of a decision ("I'd like to run a 30-day pilot first" - "That works."), or a sentence whose
        # risk words are denied ("Don't worry, I'm not going to a competitor"): a manager's reading,
        # 2026-12-07, found both listed as warning signs.
        settled = n in decided or states_a_decision(sentence) or _denies_a_risk(sentence)
        sure = _read_as(cls, "risk") and cls.score >= WARNING_SIGN_SCORE
        if n not in found and sure and not settled:
            found[n] = CallItem(
                sentence, [n], extra={"kind": "warning_sign", "cue": sentence, "read_by": "classifier"}
            )
    return [found[n] for n in sorted(found)]


# "We're not evaluating anyone. We're staying with you.": a risk denied in words no risk table holds (a
# manager's reading, 2026-12-07, found it listed as a warning sign).
_NOT_LEAVING = re.compile(
    r"\b(?:not|never|no longer|aren't|isn't|don't|won't)\s+(?:\w+\s+)?(?:evaluating|looking at|talking to|"
    r"considering|leaving|going anywhere|switching|cancell?ing|shopping around)\b|"
    r"\b(?:staying|stay) with (?:you|your)\b",
    re.IGNORECASE,
)


def _denies_a_risk(sentence: str) -> bool:
    if _NOT_LEAVING.search(sentence):
        return True
    return bool(RISK_CUES.search(sentence)) and risk_kind(sentence) is None


def _read_as(cls: SentenceClass, label: str) -> bool:
    return cls.label == label and cls.score >= MIN_SCORE


def _complaints(issues: list[tuple[int, str]], embeddings: Embedder) -> dict[int, CallItem]:
    # The issues the frustration model also flags, one a turn.
    issue_texts = [sentence for _, sentence in issues]
    reports = [
        report
        for start in range(0, len(issue_texts), MAX_BATCH)
        for report in flag_tone_many(issue_texts[start : start + MAX_BATCH], "inbound", embeddings)
    ]
    found: dict[int, CallItem] = {}
    for (n, sentence), report in zip(issues, reports, strict=True):
        if n not in found and "frustrated" in report.label_names():
            found[n] = CallItem(
                sentence, [n], extra={"kind": "complaint", "cue": sentence, "read_by": "models"}
            )
    return found
