"""How the call digest joins one speaker's retold sentences from one turn into one ("says A and that B",
"asks … : <the answer>", "…, and suggests …", "…, and offers to …"), split from copilot/tools/call_digest.py,
which picks the sentences."""

from __future__ import annotations

import re

from copilot.tools.call_links import answers_asked
from copilot.tools.call_types import DigestSentence
from copilot.tools.verb_agreement import is_verbless

_ANSWERING = re.compile(r"^(?:yes|yeah|yep|no|nope|right|sure|okay|ok),", re.IGNORECASE)


def joined(sentences_: list[DigestSentence]) -> list[DigestSentence]:
    """Two statements in a row from one turn read as one: "Person1 says the city is bright and that
    the neon signs ...", not "Person1 says ... Person1 says ..."."""
    out: list[DigestSentence] = []
    for sentence in sentences_:
        previous = out[-1] if out else None
        speaker, says, clause = sentence.text.partition(" says ")
        same = previous is not None and previous.utterance == sentence.utterance
        if same and says and previous is not None and answers_asked(previous.text, speaker, clause):
            # "Jo asks who should be admins on their side: their controller and one person from IT."
            out[-1] = DigestSentence(f"{previous.text.rstrip('.')}: {clause}", previous.utterance)
            continue
        # "says no, but ..." answers someone: after "and that" it would read as said of the sentence before.
        answers = bool(_ANSWERING.match(clause))
        if (
            same
            and says
            and not answers
            and previous is not None
            and previous.text.startswith(f"{speaker} says ")
        ):
            out[-1] = DigestSentence(_said_after(previous.text, speaker, clause), previous.utterance)
        elif same and previous is not None and (proposed := _proposed_answer(previous.text, sentence.text)):
            # "Graham asks who should be admins on their side, and suggests themselves and one person from
            # IT." ("I was thinking me and …" retold alone read "Graham was thinking themselves and …").
            out[-1] = DigestSentence(
                f"{previous.text.rstrip('.')}, and suggests {proposed}", previous.utterance
            )
        elif same and previous is not None and _acts_after_saying(previous.text, sentence.text):
            # "Chen says it usually does, and offers to check what flexibility they have."
            speaker = previous.text.partition(" says ")[0]
            acted = sentence.text.removeprefix(f"{speaker} ")
            out[-1] = DigestSentence(f"{previous.text.rstrip('.')}, and {acted}", previous.utterance)
        else:
            out.append(sentence)
    return out


def _said_after(previous: str, speaker: str, clause: str) -> str:
    """What a speaker said next, joined to what they said before ("says A and that B"). "that" needs a
    clause: a fragment without a verb ("Every single Monday.") follows after a comma ("says where they are
    against target this month, every single Monday"), and after a fragment ("Pretty well.") the clause
    follows without "that" ("says pretty well, and she already set up the groups")."""
    before = previous.rstrip(".")
    if is_verbless(clause.rstrip(".")):
        return f"{before}, {clause}"
    link = " and that"
    for conjunction in ("and ", "but ", "so "):
        if clause.startswith(conjunction):  # "but B" keeps its "but"
            link, clause = f", {conjunction.strip()} that", clause[len(conjunction) :]
    if is_verbless(before.partition(f"{speaker} says ")[2]):
        link = link.removesuffix(" that") if link.startswith(",") else ", and"
    return f"{before}{link} {clause}"


_THINKING = re.compile(r"^(?:was|is) thinking (?:of |about )?(?P<answer>.+)$")


def _proposed_answer(previous: str, sentence: str) -> str | None:
    # What a speaker proposes right after asking their own wh-question ("I was thinking me and one person
    # from IT"), retold: the proposal without its "was thinking", or None.
    speaker, asks, _ = previous.partition(" asks ")
    if not asks or not sentence.startswith(f"{speaker} "):
        return None
    found = _THINKING.match(sentence.removeprefix(f"{speaker} "))
    return found["answer"] if found and _WH_ASKED.match(previous.removeprefix(f"{speaker} asks ")) else None


_WH_ASKED = re.compile(r"^(?:who|whom|which|what)\b")


_ACTS = re.compile(r"^(?:offers to|will|can)\b")


def _acts_after_saying(previous: str, sentence: str) -> bool:
    # The same speaker, retold saying something and then offering or promising in one turn (a question
    # stays apart: "says the rerun starts on Monday. … asks whether …" are two acts to answer).
    speaker, says, _ = previous.partition(" says ")
    rest = sentence.removeprefix(f"{speaker} ")
    return bool(says) and rest != sentence and bool(_ACTS.match(rest))
