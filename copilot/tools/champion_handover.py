"""Who is leaving, when, and who takes over: what a manager needs to act on a champion leaving.

"Malik here. I'm leaving the company at the end of January, so Fiona will own the renewal." names the
leaver (introduced on the call), when they leave and their successor; the account page's next best
action turns that into "Meet Fiona before Malik leaves (at the end of January) and confirm who owns the
renewal". Each part is read from the words only when they say it, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"([A-Z][a-z]++(?: [A-Z][a-z]++)?+)"
# "so Fiona will own the renewal", "Fiona is taking over", "handing over to Fiona", "replaced by Fiona".
_SUCCESSOR = re.compile(
    rf"\b{_NAME} (?:will|is going to|is to|is) (?:own|take over|taking over|lead|run|handle|manage|"
    r"be (?:your|our|the) (?:new )?(?:contact|point of contact|owner|champion|sponsor))\b|"
    rf"\b(?:hand(?:ing)? (?:it |things |everything )?over to|replaced by|successor is|"
    rf"take over (?:from me )?is) {_NAME}"
)
# When they leave: "at the end of January", "in March", "next month", "on Friday", "after the renewal".
_WHEN = re.compile(
    r"\b(?:leav(?:e|es|ing)|quit(?:ting)?|retir(?:e|es|ing)|mov(?:e|es|ing) on|step(?:s|ping)? down)\b"
    r"[^.;!?]{0,40}?\b(?P<when>(?:at|by) the end of (?:the )?[A-Za-z]++(?: \d{4})?|"
    r"(?:in|on|after|before) (?:[A-Z][a-z]++|the (?:new year|summer|spring|autumn|fall|winter))|"
    r"next (?:week|month|quarter|year)|this (?:week|month|quarter|year))"
)
# Already gone: "our champion left the company last month", "Malik has left", "is no longer with us".
# "is leaving" / "will leave" are still to come: the words above carry them, and they win.
_GONE = re.compile(
    r"\b(?:left (?:the|our|your|their) (?:company|business|team|firm|organi[sz]ation)|has left|have left|"
    r"had left|already left|departed|resigned|retired|moved on|stepped down|was let go|"
    r"(?:was|were|has been|have been) (?:laid off|replaced)|(?:is|are) no longer (?:with|at|here|there))\b"
)
_STILL_TO_COME = re.compile(
    r"\b(?:is|are|am|will be) (?:leaving|retiring|moving on|stepping down)\b|\bwill (?:leave|retire)\b"
)
_INTRODUCED = re.compile(
    rf"(?:^|[.!?]\s++)(?:(?i:hi|hello),?\s++)?(?:{_NAME} here\b|(?i:this is|it's) {_NAME})"
)


@dataclass(frozen=True)
class Handover:
    """What a champion-leaving sentence says: the successor and when, each '' when it does not say."""

    successor: str = ""
    when: str = ""
    gone: bool = False


def handover(text: str) -> Handover:
    """The successor, the time of leaving and whether they have already gone, as a sentence says them
    ("so Fiona will own the renewal", "our champion left the company last month")."""
    successor = _SUCCESSOR.search(text)
    when = _WHEN.search(text)
    name = (successor[1] or successor[2]) if successor else ""
    gone = bool(_GONE.search(text)) and not _STILL_TO_COME.search(text)
    return Handover(successor=name or "", when=when["when"] if when else "", gone=gone)


# "It's Monday", "This is January": a day or a month after "it's" / "this is" is no one's name.
_CALENDAR_WORDS = """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tomorrow January February March April
    May June July August September October November December
"""
_CALENDAR = frozenset(_CALENDAR_WORDS.split())


def introduced_name(turns: list[str]) -> str:
    """The name a speaker gives themselves in their turns ("Malik here.", "This is Malik"), else ''."""
    for turn in turns:
        found = _INTRODUCED.search(turn.strip())
        name = (found[1] or found[2] or "") if found else ""
        if name and name.split()[0] not in _CALENDAR:
            return name
    return ""
