"""Which promises a manager can track: a vague "we'll look into it" with no date owes nothing checkable.

A commitment is worth listing when it says what will be done (a deliverable: "send the quote", "move
the sync window") or by when. A promise to look into, dig into, follow up on or pass something on,
with no date, names neither, so call summaries and account summaries leave it out rather than list
an item nobody can hold anyone to.
"""

from __future__ import annotations

import re

# Effort without a deliverable: what we would do, not what the customer will get.
VAGUE_ACTION = re.compile(
    r"\b(?:look(?:ing)? (?:into|at) (?:it|this|that|what)|dig(?:ging)? into|"
    r"check(?:ing)? (?:on |into )?(?:it|this|that|what)\b|see what (?:i|we) can do|"
    r"(?:get|come|circle) back to (?:you|them)\b(?! (?:with|by))|follow(?:ing)? up\b(?! (?:with|by|on) \w)|"
    r"think about it|keep (?:you|them) (?:posted|updated|in the loop)|figure (?:it |this |that )?out|"
    r"make sure (?:it|this|that)|take a look|find out|sort (?:it|this|that) out|work on (?:it|this|that)|"
    r"take care of (?:it|this|that)|take it (?:straight )?(?:to|up with)|"
    r"(?:share|raise|pass) (?:it|this|that)(?: on)? (?:with|to)|pass (?:it|this|that) (?:on|along)\b|"
    r"do (?:my|our) best|keep an eye on (?:it|this|that|things)|monitor (?:it|this|that)\b)",
    re.IGNORECASE,
)


# What a promise is for, after its deliverable: "I'll send you our guide so you can look at it" owes the
# guide; the looking is the listener's, and no vagueness of ours.
_PURPOSE_CLAUSE = re.compile(
    r",?\s+(?:so (?:that )?|in case )(?:you|they|your \w+|the team)\b.*$", re.IGNORECASE
)


def is_vague(text: str, *, dated: bool) -> bool:
    """Whether a promise names no deliverable and no date ("I'll look into it", "we'll follow up")."""
    return not dated and bool(VAGUE_ACTION.search(_PURPOSE_CLAUSE.sub("", text)))


# A speaker's hedges around a promise: what is owed is the same without them ("I think we could maybe send
# you the quote by Friday" owes the quote by Friday; "..., no firm date yet" says only that no date was given,
# which the item's "no date agreed" says once). The turn itself stays beside the item for the reviewer.
_HEDGE_FRAME = re.compile(
    r"^(?:(?:(?:I|we) (?:think|guess|suppose|believe|reckon|hope|expect|imagine)(?: that)?|"
    r"hopefully|probably|maybe|perhaps|possibly|ideally|in theory),?\s+)+",
    re.IGNORECASE,
)
_HEDGE_WORD = re.compile(
    r"(?<=\s)(?:maybe|probably|perhaps|possibly|hopefully|likely|kind of|sort of|"
    r"(?:try|attempt) (?:and|to))\s+(?=\w)",
    re.IGNORECASE,
)
NO_DATE = re.compile(
    r",?\s*(?:(?:but|and|though)\s+)?(?:I|we)\s+(?:can't|cannot|can not)\s+promise\s+(?:you\s+)?"
    r"(?:a|any)\s+(?:firm\s+|specific\s+|exact\s+)?date(?:\s+yet)?|"
    r",?\s*(?:(?:but|though)\s+)?(?:with\s+)?no\s+(?:firm\s+|fixed\s+|set\s+)?date(?:\s+yet)?|"
    r",?\s*(?:but\s+)?no promises|,?\s*if (?:all goes well|that works|possible)",
    re.IGNORECASE,
)


def without_hedges(text: str) -> str:
    """A promise as owed: the speaker's hedges and "no firm date yet" asides dropped ("I think we could
    maybe send the quote by Friday" -> "we could send the quote by Friday")."""
    bare = _HEDGE_WORD.sub("", _HEDGE_FRAME.sub("", text.strip()))
    bare = NO_DATE.sub("", bare).strip()
    if bare[:2] in {"i ", "i'"}:  # "I think I'll ..." -> "I'll ..."
        bare = "I" + bare[1:]
    return bare or text.strip()


# What a promise's object may be besides things: the people it is for, and words that carry no object.
_NO_OBJECT_TEXT = """
you me us them him her it this that where what how when which is are be the a an to for with
over back up out on in of again later now soon too also around through
"""
_NO_OBJECT_WORDS = frozenset(_NO_OBJECT_TEXT.split())
_WHEN = re.compile(r"\b(?:by|before|until|tomorrow|today|tonight|next|later|first thing)\b", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(r"\b(?:it|this|that)\b", re.IGNORECASE)
# "I'll show you where it is" -> the clause after the promise's verb: "you where it is".
_PROMISE_CLAUSE = re.compile(
    r"\b(?:I|we)(?:'ll| will| shall| can|'m going to| am going to| are going to|'re going to)\s+"
    r"(?:also\s+)?\w+\s*(?P<rest>[^.!?]*)",
    re.IGNORECASE,
)
# A noun phrase opened by a determiner and closed by punctuation or a verb/preposition that follows it.
_NOUN_PHRASE = re.compile(
    r"\b(?P<det>the|a|an|your|our|their|my)\s+(?P<noun>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
    r"(?=\s+(?:is|are|has|have|had|was|were|will|can|could|that|which|for|in|on|of|to|with|from|and|or|but|"
    r"nobody|anymore)\b|\s*[.,;:!?]|\s*$)"
)


def pronoun_object(sentence: str) -> bool:
    """Whether a promise's object is only a pronoun ("I'll show you where it is", "I'll send it"): nobody
    reading the summary can tell what is owed without the sentence before it."""
    found = _PROMISE_CLAUSE.search(sentence)
    if not found or not _PRONOUN_OBJECT.search(found["rest"]):
        return False
    # When it is due ("by Friday", "tomorrow") says nothing about what is owed.
    owed = _WHEN.split(found["rest"], maxsplit=1)[0]
    words = re.findall(r"[a-z']+", owed.lower())
    return all(w in _NO_OBJECT_WORDS for w in words)


def antecedent(context: str) -> str | None:
    """The thing a following "it" most likely names: the last noun phrase of the context, as a definite
    phrase ("Yes, the usage report has a stale content view." -> "the stale content view")."""
    found = list(_NOUN_PHRASE.finditer(context))
    if not found:
        return None
    last = found[-1]
    det = "the" if last["det"].lower() in {"a", "an"} else last["det"]
    return f"{det} {last['noun']}"


# "Leave premium support out." - "Understood, we'll leave it out.": the same phrasal verb names its object.
_PHRASAL_POINTER = re.compile(
    r"\b(?:I|we)(?:'ll| will| shall| can)\s+(?:also\s+)?(?P<verb>[a-z]+)\s+(?:it|this|that|them)\s+"
    r"(?P<particle>out|off|up|over|back|aside|on hold)\b",
    re.IGNORECASE,
)
# "I need the final proposal by Wednesday 5pm. After that, the board pack is locked." - "You'll have it by
# Wednesday 5pm.": what was asked for, not the last thing named (a manager read "will get Leah Mendez the
# board pack", 2026-12-07).
_NEEDED = re.compile(
    r"\b(?:I|we)(?:'d| would)?\s+(?:really\s+)?(?:need|want|expect|require|like)\s+"
    r"(?P<det>the|a|an|your|our|their|my)\s+(?P<noun>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
    r"(?=\s+(?:by|before|until|from|on|this|next|today|tomorrow|asap|in|for)\b|\s*[.,;:!?]|\s*$)",
    re.IGNORECASE,
)


def _named_by_same_verb(sentence: str, context: str) -> str | None:
    found = _PHRASAL_POINTER.search(sentence)
    if found is None:
        return None
    there = re.search(
        rf"\b{found['verb']}\s+(?P<obj>(?!(?:it|this|that|them)\b)(?:[\w-]+\s+){{0,3}}?[\w-]+)\s+"
        rf"{found['particle']}\b",
        context,
        re.IGNORECASE,
    )
    return there["obj"] if there else None


def _named_as_needed(context: str) -> str | None:
    found = list(_NEEDED.finditer(context))
    if not found:
        return None
    last = found[-1]
    det = "the" if last["det"].lower() in {"a", "an"} else last["det"]
    return f"{det} {last['noun']}"


def resolve_object(sentence: str, context: str, *, last_named: bool = True) -> str | None:
    """The promise with its pronoun object replaced by what the context names, None when nothing does:
    the object the same phrasal verb took there, else what was asked for, else (with `last_named`) the
    last thing named."""
    named = _named_by_same_verb(sentence, context) or _named_as_needed(context)
    named = named or (antecedent(context) if last_named else None)
    if named is None:
        return None
    found = _PROMISE_CLAUSE.search(sentence)
    assert found is not None
    start = found.start("rest")
    rest = _PRONOUN_OBJECT.sub(named, sentence[start:], count=1)
    return sentence[:start] + rest
