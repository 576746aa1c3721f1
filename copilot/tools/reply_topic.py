"""A reply's subject line as the topic of an English sentence: "your message about the data sync issue".

Subject lines capitalise their first word and drop articles ("Data sync issue"); inside a sentence
the phrase needs its lower case and, as a singular noun phrase, "the". A capital is lowered only on
evidence that the word is an ordinary one: it is a function word, one of a short list of words
subject lines of customer mail start with, or the customer's own message writes it in lower case
and never capitalised inside a sentence. Anything else may be a name ("Snowflake", a company) or an
acronym ("SSO") and keeps its capital.
"""

from __future__ import annotations

import re

from copilot.languages import message_language

# First words that are a phrase's own determiner: lowered, and no "the" is added before them.
_DETERMINERS = frozenset({"your", "our", "the", "a", "an", "my", "this", "these", "that", "those", "some"})
# Words customer subject lines commonly start with; lowered even when the message does not use them.
_COMMON = frozenset(
    " ".join(
        (
            "renewal renewals invoice invoices billing payment payments pricing price prices quote contract",
            "training onboarding meeting call demo workshop data sync connector connectors dashboard",
            "dashboards report reports question questions issue issues problem support security access",
            "account integration migration rollout update upgrade feedback request follow-up feature",
            "features roadmap export import license licenses seat seats user users plan subscription order",
            "proposal budget review questionnaire audit setup outage incident escalation next new quick",
            "upcoming urgent annual quarterly monthly weekly",
        )
    ).split()
)
# "Question about invoice 42" reads as "your question about invoice 42".
_QUESTION_ABOUT = re.compile(r"^(questions?|query|queries|request)\s+(about|on|regarding|re)\s+(.+)$", re.I)
# Subjects that greet or thank rather than name a topic.
_NO_TOPIC = frozenset({"hi", "hello", "thanks", "thank you", "quick question", "question", "follow up"})
_WORD = re.compile(r"[A-Za-z][\w-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)([A-Za-z][\w-]*)")


def _written_forms(text: str) -> tuple[set[str], set[str]]:
    """The words the text writes in lower case, and those it capitalises inside a sentence."""
    starts = {m.start(1) for m in _SENTENCE_START.finditer(text)}
    lower: set[str] = set()
    capital: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.islower():
            lower.add(word)
        elif m.start() not in starts and word[:1].isupper():
            capital.add(word.lower())
    return lower, capital


def _is_ordinary(word: str, message: str) -> bool:
    folded = word.lower()
    if word.isupper() and len(word) > 1:
        return False  # an acronym: "SSO setup"
    if folded in _COMMON or folded in _DETERMINERS:
        return True
    lower, capital = _written_forms(message)
    return folded in lower and folded not in capital


def subject_topic(subject: str, message: str = "") -> str | None:
    """The subject as a phrase after "about", or None when it cannot be one (empty, a question, thanks)."""
    topic = subject.strip().rstrip(".!")
    if not topic or topic.endswith("?") or topic.lower() in _NO_TOPIC:
        return None
    if message_language(message) not in (None, "en"):
        # Only an English reply names the topic in a sentence; another language's subject stays as written.
        return topic
    if asked := _QUESTION_ABOUT.match(topic):
        return f"your {asked[1].lower()} {asked[2].lower()} {asked[3]}"
    first, _, rest = topic.partition(" ")
    if first.lower() in _DETERMINERS:
        return first.lower() + (f" {rest}" if rest else "")
    ordinary = _is_ordinary(first, message)
    if ordinary:
        first = first.lower()
    phrase = f"{first} {rest}".strip()
    # A gerund leads an activity ("sharing dashboards"), which takes no article; a lone name takes none.
    gerund = first.endswith("ing") and rest and first.lower() not in _COMMON
    lone_name = not ordinary and not rest
    return phrase if gerund or lone_name else f"the {phrase}"
