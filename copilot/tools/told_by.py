"""Whose words a restated customer fact is, when they are not the reader's.

"You told us that your renewal is due on June 13" is false to Fiona when Sarah wrote it: a reader who
knows they never said it stops trusting the letter (a customer's reading of ten drafts, 2026-12-07,
found it in three). A colleague's words are told as theirs ("Sarah Yates told us that your renewal…");
a colleague's "I" cannot be retold to someone else as "you", so such a line is left out.
"""

from __future__ import annotations

import re

from copilot.languages import TOLD_US_AGAIN_LEAD, TOLD_US_LEAD, language_code
from copilot.retrieval.context import CitedRecord

# The lead that names the colleague, per letter language (`{name}` the person, the sentence follows).
NAMED_LEAD: dict[str, str] = {
    "en": "{name} told us that ",
    "de": "{name} hatte uns geschrieben: ",
    "fr": "{name} nous a indiqué que ",
    "es": "{name} nos comentó que ",
    "it": "{name} ci ha comunicato che ",
    "nl": "{name} schreef ons: ",
}
_FIRST_PERSON_SINGULAR = re.compile(
    r"\b(?:I|me|my|mine|I'm|I've|I'll|I'd|ich|mich|mir|mein\w*|je|j'|moi|mon|ma|mes|yo|mi|mis|me|io|mio|mia|"
    r"ik|mij|mijn)\b",
    re.IGNORECASE,
)


def folded_name(name: str) -> str:
    """A person's name as compared: lower case, single spaces."""
    return " ".join(name.lower().split())


def author_if_not_reader(record: CitedRecord, speaker: str, reader: str) -> str:
    """The customer-side person a fact sentence is from when that is not the letter's reader, else ''."""
    author = speaker if speaker and speaker != "us" else ""
    if not author and record.kind == "email" and record.direction == "inbound":
        author = record.who
    if not author or not reader.strip() or "@" in author:
        return ""
    said_by, read_by = folded_name(author).split(), folded_name(reader).split()
    return "" if said_by[0] == read_by[0] or said_by == read_by else author


def told_by(text: str, source: str, author: str, language: str) -> str | None:
    """The restated line with its "You told us that" naming `author` instead; None when the line cannot be
    told as a colleague's (their "I" in it, or a lead this module does not know)."""
    lang = language_code(language)
    if lang not in NAMED_LEAD or _FIRST_PERSON_SINGULAR.search(source):
        return None
    for leads in (TOLD_US_LEAD, TOLD_US_AGAIN_LEAD):
        lead = leads[lang].split("{", 1)[0]
        if text.startswith(lead):
            return NAMED_LEAD[lang].format(name=author) + text[len(lead) :]
    return None
