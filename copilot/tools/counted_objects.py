"""A bare "both", "all three" or "them" as an object, given the noun an earlier sentence counted.

"I have escalated both to engineering" after the customer's "nobody answered my two tickets" escalated
both tickets; alone in a summary line, "both" has no noun. The noun is taken only from an earlier
sentence that counts as many of something ("two tickets", "three warehouses"), never guessed: with no
such sentence the words stay as said.

"them" is read more strictly, because it is as often people as things: "I have escalated them to
engineering" names the two tickets only when the verb acts on things (escalate, fix, forward, not call,
tell or send-to-someone), "them" is its bare object ("send them a reduced-seat proposal" sends something
*to* them: people, never resolved), and the turns before count exactly one kind of thing (two tickets
and three invoices leave it open, so the words stay as said).
"""

from __future__ import annotations

import re

# How many turns back a "both" may find what it counts: the matter of the exchange, not of the whole call.
COUNT_LOOKBACK = 4
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT_WORDS = "|".join(_COUNTS)
# "both" or "all three" with nothing after it that names what: the sentence ends, or a preposition, an
# adverb or a conjunction follows ("escalated both to engineering", "fixed all three today"). A noun after
# it ("both tickets", "both of them") says what it is already. Possessive repeats: linear on any input.
_NOTHING_NAMED_AFTER = (
    r"(?=\s*+(?:[.,;:!?]|$)|\s++(?:as|to|for|with|up|over|on|off|now|right|today|tomorrow|tonight|"
    r"immediately|again|internally|and|so|because|until|by|before|after|in|at|from|into|first)\b)"
)
_BARE = re.compile(rf"\b(?P<q>both|all (?P<n>{_COUNT_WORDS}|[2-6]))\b{_NOTHING_NAMED_AFTER}", re.IGNORECASE)
# An earlier count of something: "my two tickets", else with one word between ("three new warehouses").
_COUNTED = re.compile(rf"\b(?P<n>{_COUNT_WORDS}|[2-6]|both)\s++(?P<noun>[a-z]+s)\b")
_COUNTED_PAST_ONE = re.compile(rf"\b(?P<n>{_COUNT_WORDS}|[2-6]|both)\s++[a-z]++\s++(?P<noun>[a-z]+s)\b")
# Plural words a count names that are no thing acted on ("two weeks ago", "three times").
_NOT_A_THING_WORDS = """
    minutes hours days weeks months years times ways sides things ones guys folks others is was has does
    this thus us yes
"""
_NOT_A_THING = frozenset(_NOT_A_THING_WORDS.split())


# Verbs whose bare object "them" is a thing handled, never a person spoken to: "call them", "tell them",
# "send them a quote" and "update them" are people; "escalated them to engineering" is the tickets.
_THING_VERBS = """
    escalate escalated escalating fix fixed fixing forward forwarded forwarding merge merged merging
    close closed closing reopen reopened reopening refund refunded refunding resolve resolved resolving
    reprocess reprocessed reprocessing restart restarted restarting log logged logging
    investigate investigated investigating prioritise prioritised prioritize prioritized
"""
_BARE_THEM = re.compile(
    rf"\b(?:{'|'.join(_THING_VERBS.split())}) (?P<them>them)\b{_NOTHING_NAMED_AFTER}", re.IGNORECASE
)
_NUMBER_WORDS = {n: word for word, n in _COUNTS.items()}


def _count_of(number: str | None) -> int:
    if number is None or number.lower() == "both":
        return 2
    return _COUNTS.get(number.lower()) or int(number)


def _counted_noun(count: int, earlier: list[str]) -> str | None:
    # The noun of the latest earlier sentence that counts `count` of something, else None.
    for text in reversed(earlier):
        for pattern in (_COUNTED, _COUNTED_PAST_ONE):
            nouns = [
                m["noun"]
                for m in pattern.finditer(text.lower())
                if _count_of(m["n"]) == count and m["noun"] not in _NOT_A_THING
            ]
            if nouns:
                return nouns[-1]
    return None


def _only_count(earlier: list[str]) -> tuple[int, str] | None:
    # The one count of things the earlier sentences make ("my two tickets"), or None when they make none
    # or more than one (two tickets and three invoices: "them" could be either).
    found = {
        (_count_of(m["n"]), m["noun"])
        for text in earlier
        for pattern in (_COUNTED, _COUNTED_PAST_ONE)
        for m in pattern.finditer(text.lower())
        if m["noun"] not in _NOT_A_THING
    }
    return found.pop() if len(found) == 1 else None


def _with_them_named(sentence: str, earlier: list[str]) -> str:
    # "escalated them to engineering" -> "escalated the two tickets to engineering", only when unambiguous.
    bare = _BARE_THEM.search(sentence)
    counted = _only_count(earlier) if bare is not None else None
    if bare is None or counted is None:
        return sentence
    count, noun = counted
    named = f"the {_NUMBER_WORDS.get(count, str(count))} {noun}"
    return f"{sentence[: bare.start('them')]}{named}{sentence[bare.end('them') :]}"


def with_counted_noun(sentence: str, earlier: list[str]) -> str:
    """The sentence with its bare "both" / "all three" followed by the noun the latest earlier sentence
    counted as many of ("both" after "my two tickets" -> "both tickets"), and a bare "them" a thing-verb
    acts on named when the earlier sentences count exactly one kind of thing ("escalated them" ->
    "escalated the two tickets"); unchanged when none did."""
    bare = _BARE.search(sentence)
    if bare is None:
        return _with_them_named(sentence, earlier)
    noun = _counted_noun(_count_of(bare["n"]), earlier)
    if noun is None:
        return sentence
    return f"{sentence[: bare.end()]} {noun}{sentence[bare.end() :]}"
