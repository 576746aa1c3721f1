"""The extractive call summary: the most salient sentences of a call, in reported speech, each cited.

Every sentence of every turn is rewritten in the third person ("The customer says their export has
failed..."), scored by how central its words are to the whole call plus where it sits (openings state
the reason for the call; our side's last turns state what was offered), and the best ones are kept in
call order within a word budget that grows with the call. Nothing is generated, so nothing can be
invented; tuned on DialogSum dev and half of TweetSumm (evals/suites/summaries.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from copilot.tools.account_risks import NEGATIVE_KINDS, named_risk
from copilot.tools.addressed_names import addressed_names, names_in
from copilot.tools.call_dates import names_a_date
from copilot.tools.call_links import with_antecedents
from copilot.tools.call_types import DigestSentence as DigestSentence
from copilot.tools.call_types import Utterance
from copilot.tools.call_words import WORD, content_words
from copilot.tools.counted_objects import COUNT_LOOKBACK, with_counted_noun
from copilot.tools.digest_joins import joined
from copilot.tools.introduced_names import with_introduced_names
from copilot.tools.repeated_voices import varied_voices
from copilot.tools.reported_speech import Voices, clean_turn, report_sentence, sentences
from copilot.tools.small_talk import business_start, is_small_talk_sentence, small_talk_turns
from copilot.tools.speaker_roles import Side, SpeakerRoles

DIGEST_NAME = "extractive-call-digest"
DIGEST_VERSION = "1.17.0"
# Tuned on DialogSum dev and TweetSumm tune half (see module docstring); not on what is reported.
OPENING_WEIGHT = 1.5
CLOSING_WEIGHT_OURS = 1.0
CLOSING_WEIGHT = 0.3
MIN_CONTENT_WORDS = 3
BUDGET_BASE_WORDS = 10
BUDGET_WORDS_PER_CALL_WORD = 0.06
BUDGET_MIN_WORDS, BUDGET_MAX_WORDS = 14, 40
# What someone committed to ("the agent will call the customer tomorrow") is what a manager follows up.
PROMISE_WEIGHT = 0.2
# A risk the customer names (their champion leaving, a budget cut) is what a manager must read in the
# paragraph, above the agenda line that opened the call.
RISK_WEIGHT = 1.0

_ENGLISH_CUE_WORDS = "the and is are you i to of it that for with what this have not"
_ENGLISH_CUES = frozenset(_ENGLISH_CUE_WORDS.split())
_GENERIC_VOICE = {Side.CUSTOMER: "the customer", Side.OURS: "the agent"}


def is_english(utterances: list[Utterance]) -> bool:
    """Whether the call reads as English (pronoun rewriting only makes sense there)."""
    words = [m.lower() for u in utterances for m in WORD.findall(u.text)][:400]
    return bool(words) and sum(w in _ENGLISH_CUES for w in words) / len(words) >= 0.08


def is_garbage(text: str) -> bool:
    """Machine-transcription loops: a long sentence made of a handful of repeated words."""
    words = [w.lower() for w in WORD.findall(text)]
    return len(words) >= 8 and len(set(words)) / len(words) < 0.35


def voice(speaker: str, roles: SpeakerRoles, names: dict[str, str] | None = None) -> str:
    """How a speaker is named in the summary: their side for a generic label, the name the call gives a
    numbered speaker ("Speaker 2" whom the other party calls Mary), else their label."""
    # A speaker placed by a generic label ("Agent", "@ExampleSupport") is named by their side; people by name.
    if names and speaker in names:
        return names[speaker]
    side = roles.side(speaker)
    if side in _GENERIC_VOICE and roles.placed_by_role(speaker):
        return _GENERIC_VOICE[side]
    return speaker


def speaks_for_us(speaker: str, roles: SpeakerRoles) -> bool:
    """Whether a speaker is one of our people by name, whose "our" the summary keeps (our managers read it).

    A speaker known only by a role label or a brand handle is named by their side ("the agent"), and
    their "our" reads "their" as before: in a contact-centre export the summary tells the two sides
    apart by role, and keeping "our" there cost 0.09 ROUGE-L on TweetSumm tune (2026-12-05)."""
    return roles.side(speaker) is Side.OURS and not roles.placed_by_role(speaker)


def addressee(utterances: list[Utterance], index: int, roles: SpeakerRoles | None = None) -> str:
    """Who a turn speaks to: the nearest speaker of the other side when sides are known (our "your first
    dashboards" is said to the customer, not to the colleague who just said hello), else the nearest
    other speaker, before or after it ('' on a one-speaker call)."""
    speaker = utterances[index].speaker
    nearby = [*range(index - 1, max(index - 4, -1), -1), *range(index + 1, min(index + 4, len(utterances)))]
    others = [utterances[j].speaker for j in nearby if utterances[j].speaker != speaker]
    side = roles.side(speaker) if roles is not None else Side.UNKNOWN
    if roles is not None and side is not Side.UNKNOWN:
        opposite = Side.CUSTOMER if side is Side.OURS else Side.OURS
        across = next((other for other in others if roles.side(other) is opposite), None)
        if across is not None:
            return across
    return others[0] if others else ""


def _reported(
    utterances: list[Utterance], roles: SpeakerRoles, skipped: set[int]
) -> list[tuple[int, DigestSentence, str]]:
    # Each sentence retold, with its turn and the words as said (what names a risk: "I have to be blunt").
    # Small-talk turns and sentences (greetings, "how was the trip?") are never retold.
    english = is_english(utterances)
    names = addressed_names(utterances) if english else {}
    proper = names_in(utterances)
    found: list[tuple[int, DigestSentence, str]] = []
    for i, u in enumerate(utterances):
        if i in skipped:
            continue
        speaker = voice(u.speaker, roles, names)
        other = addressee(utterances, i, roles)
        heard = voice(other, roles, names) if other else "the other party"
        to_us = bool(other) and roles.side(u.speaker) is Side.CUSTOMER and speaks_for_us(other, roles)
        voices = Voices(speaker, heard, ours=speaks_for_us(u.speaker, roles), names=proper, to_us=to_us)
        spoken = [s for s in sentences(clean_turn(u.text)) if not is_small_talk_sentence(s)]
        if english:
            # A bare "both" gets the noun an earlier turn counted ("escalated both tickets").
            earlier = [e.text for e in utterances[max(i - COUNT_LOOKBACK, 0) : i]]
            replying = _replies_to_a_question(utterances, i)
            said = [
                (
                    report_sentence(
                        with_counted_noun(s, [*earlier, *spoken[:k]]), voices, answering=replying and k == 0
                    ),
                    s,
                )
                for k, s in enumerate(spoken)
            ]
        else:  # no rewriting outside English: quote the speaker's own sentences
            said = [(f"{speaker[:1].upper()}{speaker[1:]}: {s}", s) for s in spoken]
        found += [(i, DigestSentence(s, u.n), source) for s, source in said if s and not is_garbage(s)]
    return found


def _replies_to_a_question(utterances: list[Utterance], index: int) -> bool:
    # Whether a turn answers the one before it, by someone else, that asked something.
    if index == 0 or utterances[index - 1].speaker == utterances[index].speaker:
        return False
    return utterances[index - 1].text.rstrip().endswith("?")


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b.get(word, 0) for word, count in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def word_budget(utterances: list[Utterance]) -> int:
    """How many words the summary may use: more for longer calls, within fixed bounds."""
    total = sum(len(u.text.split()) for u in utterances)
    budget = round(BUDGET_BASE_WORDS + BUDGET_WORDS_PER_CALL_WORD * total)
    return max(BUDGET_MIN_WORDS, min(BUDGET_MAX_WORDS, budget))


def _salience(i: int, start: int, count: int, ours: bool, words: Counter[str], whole: Counter[str]) -> float:
    # Turn i of count, the opening at turn start; turns before the opening (our agenda, said before the
    # customer's first business turn) get no opening weight.
    closing = CLOSING_WEIGHT_OURS if ours else CLOSING_WEIGHT
    opening = OPENING_WEIGHT / (1 + i - start) if i >= start else 0.0
    return opening + closing / (count - i) + _cosine(words, whole)


def opening_turn(utterances: list[Utterance], skipped: set[int], roles: SpeakerRoles) -> int:
    """The turn that states the reason for the call: the first business turn, not the greeting; or, when
    our side opens the business and the customer's side is known, the customer's first business turn.

    A rep's opening is the agenda ("the main topic today is the renewal", "I'd like to go through usage
    for the quarter"): it names what the call's title already says, while the customer's first turn is
    what the manager learns from (what the product is worth to them, that finance wants to lock the
    budget early). Where no side is known (numbered speakers) or the customer opens, nothing changes."""
    start = business_start(utterances, skipped)
    if not utterances or roles.side(utterances[start].speaker) is not Side.OURS:
        return start
    customer = (
        i
        for i in range(start, len(utterances))
        if i not in skipped and roles.side(utterances[i].speaker) is Side.CUSTOMER
    )
    return next(customer, start)


def _ignored(utterances: list[Utterance], roles: SpeakerRoles) -> set[str]:
    names = addressed_names(utterances)
    voiced = {w for u in utterances for w in content_words(voice(u.speaker, roles, names))}
    return voiced | {w for u in utterances for w in content_words(u.speaker)}


def _pick(
    order: list[int],
    speakers: list[str],
    lengths: list[int],
    roles: SpeakerRoles,
    budget: int,
    must: list[int],
) -> list[int]:
    # What must be kept first (it uses up the budget, so the summary stays as short as it was), then the
    # best sentence of each known side not yet represented (a support call is the customer's problem and
    # our answer), then the most salient ones until the budget is reached; whole sentences only.
    chosen: list[int] = list(must)
    for side in (Side.CUSTOMER, Side.OURS):
        best = next((rank for rank in order if roles.side(speakers[rank]) is side), None)
        if best is not None and best not in chosen:
            chosen.append(best)
    used = sum(lengths[rank] for rank in chosen)
    for rank in order:
        if used >= budget:
            break
        if rank not in chosen:
            chosen.append(rank)
            used += lengths[rank]
    return sorted(chosen)


def digest(
    utterances: list[Utterance], roles: SpeakerRoles, concerns: frozenset[str] = frozenset()
) -> list[DigestSentence]:
    """The summary sentences, in call order, within the word budget; [] when nothing is informative.

    `concerns` are customer sentences (as said) the caller found to be a concern by other means than
    words (a complaint the trained models read, copilot/tools/call_complaints.py): kept like a named one."""
    skipped = small_talk_turns(utterances)
    start = opening_turn(utterances, skipped, roles)
    candidates = _reported(utterances, roles, skipped)
    ignored = _ignored(utterances, roles)
    whole = Counter(w for u in utterances for w in content_words(u.text) if w not in ignored)
    scored = []
    for rank, (i, sentence, source) in enumerate(candidates):
        words = Counter(w for w in content_words(sentence.text) if w not in ignored)
        if _CUT_OFF.search(source):
            continue  # "I know, our billing team —": interrupted before it said anything
        # "We've been acquired." is short and the call's news: a customer's named risk has no floor.
        if len(words) < MIN_CONTENT_WORDS and not _must_keep(source, utterances[i].speaker, roles):
            continue
        ours = roles.side(utterances[i].speaker) is Side.OURS
        salience = _salience(i, start, len(utterances), ours, words, whole)
        salience += PROMISE_WEIGHT * _promised(sentence.text)
        salience += RISK_WEIGHT * _customer_risk(source, roles.side(utterances[i].speaker))
        scored.append((-salience, rank))
    order = [rank for _, rank in sorted(scored)]
    speakers = [utterances[i].speaker for i, _, _ in candidates]
    lengths = [len(sentence.text.split()) for _, sentence, _ in candidates]
    # What a manager must act on is never cut by the budget: the customer's threat to leave, escalation
    # or complaint, and our answer that dates the fix ("fixed in the next release, out in two weeks").
    must = [rank for rank in order if _must_keep(candidates[rank][2], speakers[rank], roles)]
    # A complaint the models read is told beside the customer's named concerns (a budget cut, their
    # champion leaving), so that none hides behind another; alone it is one candidate among the others.
    # Kept always, such complaints made support chats, where the customer complains in most turns, longer
    # than their references (TweetSumm tune 41.39 -> 39.43; one a call: 40.13).
    customer_named = [rank for rank in must if roles.side(speakers[rank]) is Side.CUSTOMER]
    if customer_named:
        must += [rank for rank in order if candidates[rank][2].strip() in concerns and rank not in must]
    picked = _pick(order, speakers, lengths, roles, word_budget(utterances), must)
    chosen = with_antecedents(picked, candidates, utterances, roles)
    told = with_introduced_names(joined([candidates[rank][1] for rank in chosen]), utterances, roles)
    return varied_voices(told, utterances)


# A reported promise: "The agent will ...", "Ana says they will ...", "Person1 offers to ...".
_PROMISED = re.compile(
    r"^\S+(?: \S+)? (?:(?:says|confirms that) they )?(?:will|is going to|are going to|offers to)\b"
)


def _promised(text: str) -> bool:
    """Whether a reported sentence is its speaker's promise."""
    return bool(_PROMISED.match(text))


# A fix, release or delivery that a date goes with: what the customer waits for and the manager checks.
_FIX_WORDS = re.compile(
    r"\b(?:fix(?:ed|es)?|resolv\w*|patch\w*|releas\w*|deploy\w*|ships?|shipped|rolls? out|rolled out|"
    r"goes out|go(?:es)? live)\b",
    re.IGNORECASE,
)


def dates_a_fix(text: str) -> bool:
    """Whether a sentence says when a fix or release comes ("fixed in the next release, out in two weeks")."""
    return bool(_FIX_WORDS.search(text)) and names_a_date(text)


# A sentence broken off by the next speaker ends on a dash.
_CUT_OFF = re.compile(r"(?:\u2014|\u2013|-)\s*$")


def _customer_risk(text: str, side: Side) -> bool:
    """Whether the customer's sentence (as said) names a risk the budget may cut (a budget cut, their
    champion leaving). A threat, an escalation or a complaint is kept anyway (`_must_keep`); weighted too,
    it would stand in for the customer's best other sentence, which then no longer comes along."""
    found = named_risk(text) if side is Side.CUSTOMER else None
    return found is not None and found.kind not in NEGATIVE_KINDS | _LISTED_ONLY


# A risk the call's risk list shows that the paragraph need not retell: their purchasing process ("our new
# procurement lead will want to see the contract") matters for the renewal's timing, not for what the call
# was about.
_LISTED_ONLY = frozenset({"procurement_delay"})


def _must_keep(text: str, speaker: str, roles: SpeakerRoles) -> bool:
    side = roles.side(speaker)
    found = named_risk(text) if side is not Side.OURS else None
    # Every risk the customer names (a threat, an escalation, a complaint, and the concerns a manager acts
    # on before the renewal: a budget cut, their champion leaving, a missed deadline); of a speaker whose
    # side is unknown, only a threat to leave.
    if (
        found is not None
        and found.kind not in _LISTED_ONLY
        and (side is Side.CUSTOMER or found.kind == "churn_threat")
    ):
        return True
    return side is not Side.CUSTOMER and dates_a_fix(text)


def digest_text(sentences_: list[DigestSentence]) -> str:
    """The summary as one paragraph."""
    return " ".join(s.text for s in sentences_)
