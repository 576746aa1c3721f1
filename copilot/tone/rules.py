"""Transparent tone rules: named phrase lists, each with a label, a confidence and a readable reason.

Rules cover what the GoEmotions classifier cannot know: business cues in inbound mail (churn risk,
urgency) and the patterns of a bad outbound sales email (pushy, impolite, robotic, over-promising).
Each phrase is a case-insensitive regex fragment; a rule matches any of its phrases, never inside a
longer word. A rule's `weight` is how often we expect a hit to really mean the label; hits of
different rules on one label combine by noisy-OR (copilot/tools/flag_tone.py), so two distinct cues
outrank one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["inbound", "outbound"]

# Meetings get cancelled all the time; only cancelling the business is a churn cue.
_NOT_A_MEETING = (
    r"(?!\s+(?:of\s+)?(?:the|our|this|today's|tomorrow's|next)\s+(?:[\w-]+\s+){0,2}"
    r"(?:meeting|call|workshop|session|demo|appointment|webinar|training|visit)s?\b)"
)
# "We can't guarantee a date" is the honest opposite of over-promising.
_NOT_NEGATED = r"(?<!n't\s)(?<!not\s)(?<!cannot\s)(?<!never\s)"


@dataclass(frozen=True)
class Rule:
    """One named set of phrases that, when any matches, suggests `label` for `reason`."""

    name: str
    direction: Direction
    label: str
    weight: float
    reason: str
    phrases: tuple[str, ...]
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookarounds rather than \b so that phrases ending in a symbol ("100%") still match.
        pattern = r"(?<!\w)(?:" + "|".join(self.phrases) + r")(?!\w)"
        object.__setattr__(self, "regex", re.compile(pattern, re.IGNORECASE))


@dataclass(frozen=True)
class RuleHit:
    """Where a rule matched in the text."""

    rule: Rule
    start: int
    end: int


INBOUND_RULES: tuple[Rule, ...] = (
    Rule(
        "cancel",
        "inbound",
        "churn_risk",
        0.9,
        "mentions cancelling",
        (r"cancel(?:l?ing|l?ed|lation)?\b" + _NOT_A_MEETING,),
    ),
    Rule(
        "not_renew",
        "inbound",
        "churn_risk",
        0.9,
        "says they may not renew",
        (r"(?:not|never)\s+(?:be\s+|going\s+to\s+)?renew(?:ing)?", r"(?<=n't\s)renew", r"non-?renewal"),
    ),
    Rule(
        "competitor",
        "inbound",
        "churn_risk",
        0.85,
        "mentions a competitor or switching vendor",
        (
            r"(?:switch(?:ing)?|mov(?:e|ing)|go(?:ing)?|migrat(?:e|ing))\s+(?:over\s+)?to\s+"
            r"(?:a\s+|another\s+|one\s+of\s+your\s+)?(?:competitor|vendor|provider|supplier|alternative)s?",
            r"competitors?",
        ),
    ),
    Rule(
        "alternatives",
        "inbound",
        "churn_risk",
        0.7,
        "is evaluating alternatives",
        (
            r"(?:looking\s+at|evaluating|exploring|considering)\s+(?:other|alternative)\s+"
            r"(?:options|vendors|providers|solutions|tools)",
        ),
    ),
    Rule(
        "terminate",
        "inbound",
        "churn_risk",
        0.8,
        "talks about ending the contract",
        (
            r"(?:terminat(?:e|ing|ion)|end(?:ing)?|exit(?:ing)?)\s+(?:of\s+)?(?:our|the|this)\s+"
            r"(?:contract|agreement|subscription|relationship|partnership)",
        ),
    ),
    Rule(
        "reconsider",
        "inbound",
        "churn_risk",
        0.6,
        "is reconsidering, downgrading or asking for a refund",
        (
            r"(?:reconsider(?:ing)?|re-?evaluat(?:e|ing)|review(?:ing)?)\s+(?:our|the)\s+"
            r"(?:relationship|partnership|contract|subscription|investment)",
            r"downgrad(?:e|ing)",
            r"refund",
        ),
    ),
    Rule(
        "urgent",
        "inbound",
        "urgent",
        0.9,
        "says it is urgent",
        (
            _NOT_NEGATED + r"(?<!not\sreally\s)(?<!not\sthat\s)urgent(?:ly)?",
            r"emergency",
            r"time[- ]sensitive",
        ),
    ),
    Rule(
        "asap",
        "inbound",
        "urgent",
        0.9,
        "asks for an immediate response",
        (r"ASAP", r"as\s+soon\s+as\s+possible", r"immediately", r"right\s+away"),
    ),
    Rule(
        "deadline",
        "inbound",
        "urgent",
        0.8,
        "sets a tight deadline",
        (
            r"by\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|business|week)",
            r"EOD|COB|EOB",
            r"by\s+(?:today|tonight|tomorrow(?:\s+morning)?|noon)",
            r"within\s+(?:the\s+next\s+)?\d+\s+hours?",
        ),
    ),
    Rule(
        "outage",
        "inbound",
        "urgent",
        0.8,
        "reports an outage or blocker",
        (
            r"(?:production|prod|system|site|service|platform)\s+(?:is\s+)?(?:down|offline)",
            r"outage",
            r"blocking|blocker",
            r"critical",
        ),
    ),
)

OUTBOUND_RULES: tuple[Rule, ...] = (
    Rule(
        "scarcity",
        "outbound",
        "pushy",
        0.85,
        "uses artificial scarcity or pressure",
        (
            r"act\s+now",
            r"last\s+chance",
            r"limited[- ]time",
            r"offer\s+expires",
            r"only\s+\d+\s+(?:\w+\s+)?(?:spots|seats|slots)",
            r"won'?t\s+last",
            r"before\s+it'?s\s+too\s+late",
            r"don'?t\s+miss\s+out",
            r"final\s+(?:notice|offer|reminder)",
        ),
    ),
    Rule(
        "demand_decision",
        "outbound",
        "pushy",
        0.85,
        "demands a decision on our timetable",
        (
            r"(?:need|want|expect|require)\s+(?:an?\s+|your\s+)?(?:answer|decision|signature|commitment|reply)\s+"
            r"(?:by|today|now|before|this)",
            r"(?:sign|decide|commit)\s+(?:it\s+|the\s+\w+\s+)?(?:today|now|by\s+\w+)",
        ),
    ),
    Rule(
        "repeated_chasing",
        "outbound",
        "pushy",
        0.8,
        "chases the reader or blames them for not replying",
        (
            r"I(?:'ve|\s+have)\s+(?:already\s+)?(?:emailed|called|written\s+to|reached\s+out\s+to|"
            r"followed\s+up\s+with|left)\b[^.!?]{0,40}?\b(?:(?:\w+|\d+)\s+times|twice|repeatedly)",
            r"why\s+haven'?t\s+you",
            r"what'?s\s+holding\s+you\s+back",
        ),
    ),
    Rule(
        "you_must",
        "outbound",
        "pushy",
        0.7,
        "tells the reader what they must buy",
        (
            r"you\s+(?:must|have\s+to|need\s+to|should)\s+(?:sign|buy|act|decide|upgrade|commit|move)",
            r"you'?d\s+be\s+(?:crazy|foolish|mad)",
            r"prices?\s+(?:will|is\s+going\s+to)\s+(?:go\s+up|increase|rise)",
        ),
    ),
    Rule(
        "insult",
        "outbound",
        "impolite",
        0.85,
        "uses an insulting word",
        (r"stupid|idiot(?:ic)?|dumb|ridiculous|nonsense|incompetent|absurd|lazy|clueless|pathetic",),
    ),
    Rule(
        "condescending",
        "outbound",
        "impolite",
        0.85,
        "is condescending to the reader",
        (
            r"as\s+I\s+(?:already\s+)?(?:told|explained\s+to|said\s+to)\s+you",
            r"per\s+my\s+(?:last|previous)\s+email",
            r"did\s+you\s+(?:even\s+)?(?:read|look\s+at)",
            r"(?:read|check)\s+my\s+(?:last|previous)\s+(?:email|message)",
            r"not\s+rocket\s+science",
            r"(?:clearly|obviously)\s+(?:didn'?t|don'?t|did\s+not|do\s+not)\s+(?:read|understand|get)",
            r"(?:please|just|you\s+need\s+to)\s+calm\s+down",
            r"you\s+people",
        ),
    ),
    Rule(
        "dismissive",
        "outbound",
        "impolite",
        0.8,
        "dismisses the reader's concern",
        (
            r"not\s+(?:my|our)\s+problem",
            _NOT_NEGATED + r"your\s+(?:problem|fault)",
            r"I\s+don'?t\s+have\s+time\s+for",
            r"figure\s+it\s+out",
            r"deal\s+with\s+it",
            r"whatever\s+you\s+(?:want|say)",
            r"take\s+it\s+or\s+leave\s+it",
        ),
    ),
    Rule(
        "form_greeting",
        "outbound",
        "robotic",
        0.85,
        "opens with an impersonal form-letter greeting",
        (
            r"dear\s+sir(?:\s+or\s+madam)?",
            r"dear\s+valued\s+(?:customer|client)",
            r"to\s+whom\s+it\s+may\s+concern",
        ),
    ),
    Rule(
        "legalese",
        "outbound",
        "robotic",
        0.85,
        "uses stiff legal or bureaucratic phrasing",
        (
            r"please\s+be\s+advised",
            r"be\s+informed\s+that",
            r"kindly\s+(?:note|revert|be\s+informed|acknowledge)",
            r"do\s+the\s+needful",
            r"revert\s+back",
            r"hereby|herewith|pursuant\s+to|the\s+undersigned|aforementioned",
            r"we\s+acknowledge\s+receipt",
            r"in\s+accordance\s+with\s+(?:our|the)\s+(?:records|policy|procedure)",
        ),
    ),
    Rule(
        "machine_voice",
        "outbound",
        "robotic",
        0.8,
        "sounds machine-generated or like a form letter",
        (
            r"as\s+an\s+AI|language\s+model",
            r"this\s+is\s+an\s+automated",
            r"your\s+request\s+has\s+been\s+(?:received|processed|logged)",
            r"ticket\s+(?:number|id)\s*[:#]?\s*\d+",
            r"valued\s+patronage|esteemed\s+(?:organi[sz]ation|company|client)",
            r"thanking\s+you\s+in\s+anticipation|yours\s+faithfully",
        ),
    ),
    Rule(
        "guarantee",
        "outbound",
        "over_promising",
        0.85,
        "makes a guarantee we may not be able to keep",
        (
            _NOT_NEGATED + r"(?:guarantee[sd]?|promise[sd]?)",
            r"100\s*%",
            r"zero\s+(?:risk|downtime|bugs|errors|issues)",
            r"risk[- ]free|no\s+risk|bug[- ]free",
            r"never\s+(?:fails?|go(?:es)?\s+down|breaks?|let\s+you\s+down)",
        ),
    ),
    Rule(
        "magic_results",
        "outbound",
        "over_promising",
        0.8,
        "promises outsized results",
        (
            r"(?:double|triple|quadruple|\d+x)\s+your\s+(?:revenue|sales|pipeline|roi|conversion)",
            r"\d+x\s+(?:faster|more|roi)",
            r"instant(?:ly)?\s+(?:results|roi)",
            r"(?:done|ready|live|fixed|deployed|migrated)\s+overnight",
            r"overnight\s+(?:results|success|transformation)",
            r"(?:solve|fix|eliminate)s?\s+(?:all|every|any)\s+(?:of\s+)?(?:your\s+)?(?:\w+\s+)?(?:problems|issues|bugs)",
        ),
    ),
    Rule(
        "certainty",
        "outbound",
        "over_promising",
        0.75,
        "commits with certainty we cannot back",
        (
            r"(?:definitely|certainly|absolutely)\s+(?:will|be)",
            r"(?:will|can)\s+(?:definitely|certainly|absolutely)",
            r"no\s+matter\s+what",
            r"(?:anything|whatever)\s+you\s+need,?\s+(?:we|I)\s+(?:will|can|'ll)",
            r"by\s+tomorrow,?\s+(?:guaranteed|for\s+sure)",
        ),
    ),
)

RULES: dict[Direction, tuple[Rule, ...]] = {"inbound": INBOUND_RULES, "outbound": OUTBOUND_RULES}


def match_rules(text: str, direction: Direction) -> list[RuleHit]:
    """Every match of every rule for `direction`, in text order."""
    hits = [RuleHit(rule, m.start(), m.end()) for rule in RULES[direction] for m in rule.regex.finditer(text)]
    return sorted(hits, key=lambda h: (h.start, h.end))
