"""Chatter on a call: greetings, thanks, goodbyes and finding a time to meet, never an action item even
when phrased as one ("talk soon", "I'll check my calendar"); used by copilot/tools/call_items.py."""

from __future__ import annotations

import re

from copilot.tools.call_types import SENTENCES

# Pleasantries and scheduling chatter: never an action item even when phrased as one ("talk soon").
_PLEASANTRY = re.compile(
    r"^(?:(?:thanks?|thank you|ok(?:ay)?|sure|great|perfect|bye|goodbye|hi|hello|hey|yes|no|sounds good|"
    r"no problem|will do|of course|absolutely)\b[\s,!.]*)+",
    re.IGNORECASE,
)
_LOGISTICS = re.compile(
    r"\b(?:talk (?:to you )?(?:again )?(?:on )?(?:soon|later|then|tomorrow|next week|"
    r"monday|tuesday|wednesday|thursday|friday)|"
    r"speak (?:soon|then|later)|see you|catch up soon|"
    r"have a (?:good|great|nice)|(?:can|could) you hear me|hear me (?:ok|okay|now)|share my screen|"
    r"talk (?:again )?in (?:a|one|two|three|four|\d+) (?:days?|weeks?)|pass (?:it|this|that) (?:on|along)|"
    r"let'?s (?:just )?(?:get (?:started|into it|going|straight to it|right to it|down to business)|wrap up|"
    r"start|begin|dive in)|"
    r"let'?s not waste (?:any )?time|"
    r"for your time|for joining|"
    r"(?:confirm|recap|go over|run through|go through) (?:the )?(?:next steps|action items)|"
    r"before we (?:go|drop|wrap up|hang up)|(?:stay|keep) in touch|let'?s mix|"
    r"(?:switch to|stay in|speak) (?:english|german|french|spanish|italian|dutch)|"
    # Finding a time to meet again is no work anyone owes (finding one with someone else, "our CFO", is):
    # "Let's find a time next week for the three of us", "I'll check my calendar" (not "… my calendar with
    # our IT team by Tuesday"), "let's avoid Tuesday for the follow-up", "I'll send you some options".
    r"find (?:a |some )?(?:time|slot|date)s?(?! with)|check (?:my|our|their|the|your) calendars?$|"
    r"avoid (?:monday|tuesday|wednesday|thursday|friday)|(?:speak|talk|meet) at \d+(?::\d\d)?(?: ?[ap]m)?|"
    r"send (?:you |us |them )?(?:some|a few|a couple of|two|three) (?:time )?(?:options|slots|times|dates)$|"
    r"today(?:'s call)? is (?:all |mainly |mostly )?about|"
    # "Okay, let's get to the onboarding plan.": turning to the agenda owes nothing.
    r"let'?s (?:get|move on|turn|come|go) to (?:the |our )?(?:[\w-]+ ){0,2}"
    r"(?:plan|agenda|topic|item|point|business|questions?|numbers|update)s?)\b",
    re.IGNORECASE,
)


def chatter_sentence(sentence: str) -> bool:
    rest = _PLEASANTRY.sub("", sentence.strip()).strip(" .!?,")
    return not rest or bool(_LOGISTICS.search(rest))


def is_chatter(text: str) -> bool:
    """Greetings, thanks, goodbyes and call logistics (every sentence of them): never an item."""
    return all(chatter_sentence(s) for s in SENTENCES.findall(text) if s.strip())
