"""What a chosen summary sentence brings along so that it reads on its own (copilot/tools/call_digest.py).

"Yes, that one is still open" needs the ticket it points to; "Great, that was faster than I expected" the
news it reacts to; "Our controller and one person from IT" the question its speaker just asked; an open
question the other side's answer; a "yes" the question it answers. Each rule adds sentences the call
holds, by their place in it; nothing is reworded here.
"""

from __future__ import annotations

import re

from copilot.tools.call_types import DigestSentence, Utterance, object_points_back, points_back
from copilot.tools.speaker_roles import Side, SpeakerRoles

# "Yes, that one is still open" is only news with what "that one" was: the sentence before it, said by
# someone else, comes along ("a ticket about missing rows ...").
_POINTER_REPLY = re.compile(
    r"^(?:yes|yeah|no|right|sure)?[,.]?\s*(?:that|this|it)(?: one)?(?:\s+(?:is|was|has|will)\b|'s\b)", re.I
)


def with_antecedents(
    chosen: list[int],
    candidates: list[tuple[int, DigestSentence, str]],
    utterances: list[Utterance],
    roles: SpeakerRoles,
) -> list[int]:
    """The chosen ranks, plus the sentence each pointer reply answers (the last one of the turn before),
    and so on back while that one points back too ("It's fixed in the next release" -> "Yes, that one is
    still open" -> "I saw a ticket about missing rows"); and the sentence before one whose subject points
    back within its turn ("It has been down since Monday." brings "Our router is broken.")."""
    added = set(chosen)
    todo = list(chosen)
    while todo:
        rank = todo.pop()
        before = _antecedent(rank, candidates, utterances, roles)
        if before is not None and before not in added:
            added.add(before)
            todo.append(before)
    return sorted(
        added | {answer for rank in added for answer in _answer(rank, candidates, utterances, roles)}
    )


# A question, retold: "asks: What does success look like …?", "asks whether …", not a request ("asks the
# customer to send …"), which the other side owes rather than answers.
_WH_WORD = r"(?:who|whom|whose|what|which|when|where|why|how)\b"
_ASKED = re.compile(rf" asks(?::| {_WH_WORD}|, [^,]+, {_WH_WORD})")


def _answer(
    rank: int,
    candidates: list[tuple[int, DigestSentence, str]],
    utterances: list[Utterance],
    roles: SpeakerRoles,
) -> list[int]:
    # The other side's first sentence of the turn right after a chosen question: a manager wants the
    # answer ("every manager opens their dashboard on Monday", "it usually does") with the question, and
    # a customer's question left hanging ("Would a two-year term change anything?") reads as unanswered.
    # A short first sentence ("It usually does.") brings the next one of its turn, where the substance
    # is ("Let me check what flexibility I have and come back to you."). Only between known sides:
    # numbered strangers' next turn is as often a new topic.
    i = candidates[rank][0]
    asker = roles.side(utterances[i].speaker)
    if asker is Side.UNKNOWN or not _ASKED.search(candidates[rank][1].text):
        return []
    following = rank + 1
    in_turn = following < len(candidates) and candidates[following][0] == i
    if in_turn and answers_own_question(candidates[rank][2], candidates[following][2]):
        return []  # "Who should be admins? Our controller, I think.": answered in its own turn
    while following < len(candidates) and candidates[following][0] == i:
        following += 1
    if following == len(candidates) or candidates[following][0] != i + 1:
        return []
    if roles.side(utterances[i + 1].speaker) in (Side.UNKNOWN, asker):
        return []
    more = following + 1
    short = len(candidates[following][2].split()) <= SHORT_REPLY_WORDS
    return (
        [following, more]
        if short and more < len(candidates) and candidates[more][0] == i + 1
        else [following]
    )


def _antecedent(
    rank: int,
    candidates: list[tuple[int, DigestSentence, str]],
    utterances: list[Utterance],
    roles: SpeakerRoles,
) -> int | None:
    # The rank of the sentence a chosen one points back to, or None.
    if rank == 0:
        return None
    i, before = candidates[rank][0], candidates[rank - 1][0]
    if _POINTER_REPLY.match(utterances[i].text.strip()):
        other = before != i and utterances[before].speaker != utterances[i].speaker
        return rank - 1 if other else None
    # "Yes, twice, and it still drops" opening a turn answers the other side's question just before it.
    yes_no = _YES_NO_ANSWER.match(utterances[i].text.strip()) and candidates[rank - 1][2].rstrip().endswith(
        "?"
    )
    if yes_no and before != i and utterances[before].speaker != utterances[i].speaker:
        return rank - 1
    # "Around forty, most of them weekly." opening a turn is a short answer to the other side's
    # wh-question just before it ("How many schedules are you running now?"), unreadable without it.
    sides = {roles.side(utterances[before].speaker), roles.side(utterances[i].speaker)}
    answered = before != i and sides == {Side.OURS, Side.CUSTOMER}
    if answered and answers_own_question(candidates[rank - 1][2], candidates[rank][2]):
        return rank - 1
    # Within a turn only where its speaker's side is known: on calls between numbered strangers (DialogSum's
    # "#Person1#") the pronoun as often points to the other speaker's words.
    known = roles.side(utterances[i].speaker) is not Side.UNKNOWN
    said = candidates[rank][2]
    if not known:
        return None
    if before == i:
        answers = answers_own_question(candidates[rank - 1][2], said)
        return rank - 1 if answers or points_back(said) or object_points_back(said) else None
    # "I'm escalating this as a P1" opening our answer acts on what the other side just said.
    answered = roles.side(utterances[before].speaker) not in (Side.UNKNOWN, roles.side(utterances[i].speaker))
    return rank - 1 if answered and (object_points_back(said) or points_back(said)) else None


# "Who should be admins on our side? Our controller and one person from IT, I think.": a short sentence
# after a wh-question ("For the first dashboard, which question …?" too) is its answer, unreadable
# without it.
_WH_QUESTION = re.compile(
    r"^(?:[^,?]{1,40},\s*)?(?:who|whom|whose|what|which|when|where|how (?:many|much|long|often|soon))\b",
    re.IGNORECASE,
)
SHORT_ANSWER_WORDS = 10
# "It usually does.", "Either works.": an answer that says only yes or no, its reason to follow.
SHORT_REPLY_WORDS = 4


def _short_answer(asked: str, answer: str) -> bool:
    return bool(_WH_QUESTION.match(asked)) and len(answer.split()) <= SHORT_ANSWER_WORDS


def answers_own_question(question: str, sentence: str) -> bool:
    """Whether `sentence`, said right after `question` (in its turn, or opening the other side's reply),
    is a short answer to it."""
    asked = question.strip()
    return asked.endswith("?") and _short_answer(asked, sentence)


def answers_asked(previous: str, speaker: str, clause: str) -> bool:
    """Whether a retold clause is the speaker's short answer to the wh-question they were just retold
    asking ("Jo asks who should be admins on their side" + "their controller and one person from IT")."""
    # The retold wh-question of the same turn ("<speaker> asks who ..."), then the speaker's short answer.
    asked = previous.removeprefix(f"{speaker} asks ")
    return asked != previous and _short_answer(asked, clause)


_YES_NO_ANSWER = re.compile(r"^(?:yes|yeah|yep|no|nope)\b", re.IGNORECASE)
