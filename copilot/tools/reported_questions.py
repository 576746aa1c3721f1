"""A question retold as a manager reads it: "Do you have the invoice?" -> "asks whether the agent has the
invoice"; "What do you need?" -> "asks what the customer needs"; "Could you send it?" -> "asks the agent
to send it". copilot/tools/reported_speech.py puts the speaker before what this returns.
"""

from __future__ import annotations

import re

from copilot.tools.person_swap import ADDRESSEE, SPEAKER, Voices, swap_persons
from copilot.tools.reported_speech_words import NOT_PARTICIPLES, PRONOUN_SUBJECTS
from copilot.tools.speech_acts import requested_action
from copilot.tools.turn_text import lowered
from copilot.tools.verb_agreement import plural_verb, third_person

# "What do you need?" is reported as "asks what the customer needs": the question's "do" goes; "What
# size were you thinking of?" as "asks what size the customer was thinking of".
_WH_AUX = re.compile(
    r"^(what|when|where|why|who|which|how)((?: [\w']+){0,2}?) "
    r"(do|does|am|are|is|was|were|will|would|can|could|should|have|has|shall|may|might|did|"
    r"don't|doesn't|didn't|can't|won't|isn't|aren't) (i|you|we|they|he|she|it)\b ?(.*)$",
    re.IGNORECASE,
)
_YES_NO = re.compile(
    r"^(am|do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|may|shall|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|won't|couldn't|wouldn't|haven't|hasn't|"
    r"shouldn't)\s+(.+)$",
    re.IGNORECASE,
)
_WH = re.compile(r"^(what|when|where|why|who|which|how)\b", re.IGNORECASE)
# "What does success look like for you?": "do" before a subject that is no pronoun; where the verb goes
# in the retold clause ("what success looks like") is not known, so the question is kept as asked.
_WH_DO_NOUN = re.compile(
    r"^(?:what|when|where|why|who|which|how)(?: [\w']+){0,2}? (?:do|does|did|don't|doesn't|didn't) "
    r"(?!(?:i|you|we|they|he|she|it)\b)\w",
    re.IGNORECASE,
)


def _yes_no_clause(aux: str, rest: str, voices: Voices) -> str | None:
    # "Do you have X" -> "the agent has X" (the verb takes the agreement); "Are you coming" -> "the
    # agent is coming" and "Did you get it" -> "the agent did get it" (the auxiliary stays, agreeing).
    # The clause follows "<speaker> asks whether", so the speaker's own "I" is already "they". None
    # when the subject is no pronoun ("Is this level too hard"): where its verb goes is not known.
    subject, _, tail = rest.partition(" ")
    if subject.lower() not in PRONOUN_SUBJECTS:
        return None
    if aux.lower() in {"do", "does"}:
        return swap_persons(rest, voices, last=SPEAKER)
    if subject.lower() == "i":
        verb = plural_verb(aux.lower())
    else:
        verb = third_person(aux.lower()) if subject.lower() == "you" else aux.lower()
    said = swap_persons(subject, voices, last=SPEAKER)
    return f"{said} {verb} {swap_persons(tail, voices, last=SPEAKER)}".strip()


def reported_question(asked: str, voices: Voices) -> str:
    """What follows "<speaker> asks" for a question ("whether the agent has the invoice")."""
    action = requested_action(asked)
    if action is not None:
        return f" {voices.addressee} to {lowered(swap_persons(action, voices, last=ADDRESSEE))}"
    yes_no = _YES_NO.match(asked)
    if yes_no and not _WH.match(asked):
        clause = _yes_no_clause(yes_no[1], yes_no[2], voices)
        if clause is None:  # kept as asked, which is always grammatical
            return f": {swap_persons(asked, voices, last=SPEAKER)}?"
        return f" whether {clause}"
    inverted = _WH_AUX.match(asked)
    if inverted:
        return f" {_indirect(inverted, voices)}"
    reordered = _without_do(asked) or _progressive_reordered(asked)
    if reordered:
        return f" {swap_persons(lowered(reordered), voices, last=SPEAKER)}"
    if _WH_DO_NOUN.match(asked):
        return f": {swap_persons(asked, voices, last=SPEAKER)}?"
    if _WH.match(asked):
        return f" {swap_persons(lowered(asked), voices, last=SPEAKER)}"
    # "Those are the only things you eat?" is a yes/no question said as a statement.
    return f" whether {swap_persons(lowered(asked), voices, last=SPEAKER)}"


def _indirect(inverted: re.Match[str], voices: Voices) -> str:
    # "where are we against target" -> "where they are against target": the auxiliary after its subject.
    wh, extra, aux, subject, rest = inverted.groups()
    clause = _yes_no_clause(aux, f"{subject} {rest}".strip(), voices) or ""
    return f"{swap_persons(f'{wh.lower()}{extra}', voices, last=SPEAKER)} {clause}".rstrip()


# The auxiliaries that agree with a singular third-person subject, and those that never do: "is it", "are
# we" are inverted; "is we" is not ("What happened is we lost the data" says what happened).
_SINGULAR_AUX = frozenset(["is", "was", "has", "does", "isn't", "wasn't", "hasn't", "doesn't"])
_PLURAL_AUX = frozenset(["are", "were", "have", "do", "aren't", "weren't", "haven't", "don't"])
_SINGULAR_SUBJECTS = frozenset(["he", "she", "it"])
# Between the wh-word and the auxiliary, a verb or a subject makes a clause that the auxiliary follows, not
# an inversion ("What matters is it works", "What I meant is ...").
_CLAUSE_IN_WH = re.compile(r"\b(?:i|you|we|they|he|she|it)\b|\w(?:ed|s)\b", re.IGNORECASE)


def _agrees(aux: str, subject: str) -> bool:
    aux, subject = aux.lower(), subject.lower()
    if aux in _SINGULAR_AUX:
        return subject in _SINGULAR_SUBJECTS
    if aux in _PLURAL_AUX:
        return subject not in _SINGULAR_SUBJECTS
    return aux != "am" or subject == "i"


def indirect_wh_statement(said: str, voices: Voices) -> str | None:
    """A wh-question said without its question mark, in the order a retelling puts after "says" ("Where
    are we against target this month" -> "where they are against target this month"); None for anything
    else. Only an inversion whose auxiliary agrees with its pronoun subject is one: a statement that opens
    with a wh-clause ("What happened is we lost the data") is no question."""
    inverted = _WH_AUX.match(said)
    if inverted is None or _CLAUSE_IN_WH.search(inverted[2]) or not _agrees(inverted[3], inverted[4]):
        return None
    return _indirect(inverted, voices)


# "Which question do people ask you most often?" -> "which question people ask the customer most often":
# after a plural subject "do" only carries the question, so it goes and the verb keeps its form. ("does"
# and "did" leave the verb to agree or take the past, and where that verb is is not known.)
_WH_DO_PLURAL = re.compile(
    r"^((?:what|when|where|why|who|which|how)(?: [\w']+){0,2}?) do "
    r"(?!(?:i|you|we|they|he|she|it|not)\b)(\w.*)$",
    re.IGNORECASE,
)


def _without_do(asked: str) -> str | None:
    found = _WH_DO_PLURAL.match(asked)
    return f"{found[1]} {found[2]}" if found else None


# "How is the new admin settling in?" -> "how the new admin is settling in": a form of "be", a noun phrase
# opened by a determiner, then the "-ing" verb; the auxiliary goes after the noun phrase, where the verb
# after it shows it ends. Words that end in "-ing" but are no verb ("during", "morning") end nothing.
_NOUN_PHRASE_START = r"(?:the|a|an|this|that|these|those|your|my|our|their|his|her|its)"
_NOT_IN_NOUN_PHRASE = (
    r"(?:the|a|an|of|in|on|at|to|for|with|from|by|about|during|and|or|but|is|are|was|were|i|you|we|they|"
    r"he|she|it)"
)
_NOT_A_PARTICIPLE = f"(?:{'|'.join(sorted(NOT_PARTICIPLES))})"
_WH_BE_PROGRESSIVE = re.compile(
    rf"^((?:what|when|where|why|who|which|how)(?: [\w']+){{0,2}}?) (is|are|was|were) "
    rf"({_NOUN_PHRASE_START}(?: (?!{_NOT_IN_NOUN_PHRASE}\b)[\w'-]+){{1,3}}) "
    rf"((?!{_NOT_A_PARTICIPLE}\b)\w{{2,}}ing\b.*)$",
    re.IGNORECASE,
)


def _progressive_reordered(asked: str) -> str | None:
    found = _WH_BE_PROGRESSIVE.match(asked)
    return f"{found[1]} {found[3]} {found[2]} {found[4]}" if found else None
