"""How we address a contact: as our own last email to them did.

A letter opening "Guten Tag Anna Schmidt," after a thread of "Sehr geehrte Frau Schmidt," (or "Dear Fiona
Patel," after "Dear Ms. Patel,") reads as written by someone who never wrote to them before (a customer's
reading of ten drafts, 2026-12-07). The rep's own salutation carries what the frame cannot know: the
title, the register and the name they use. It is reused when our newest email to the contact, in the
letter's language, opens with a greeting line that names them. An English letter to a contact we greet
in another language (a recap in the language of the call) keeps the title ("Sehr geehrte Frau Becker,"
-> "Dear Ms Becker,", not "Dear Sabine Becker,"); otherwise the language frame greets.
"""

from __future__ import annotations

import re
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Contact, Interaction
from copilot.languages import guess_language, language_code

# A greeting line: short, one line, ending with a comma (or an exclamation mark), before the body.
_GREETING_LINE = re.compile(r"^\s*(?P<line>[^\n,!.?]{3,60}[,!])\s*\n")
MAX_EMAILS_READ = 5
# Titles of address in the letter languages, as an English letter says them (a closed class of words).
_TITLES_IN_ENGLISH = {
    "frau": "Ms",
    "herr": "Mr",
    "madame": "Ms",
    "monsieur": "Mr",
    "señora": "Ms",
    "sra": "Ms",
    "señor": "Mr",
    "sr": "Mr",
    "signora": "Ms",
    "signor": "Mr",
    "mevrouw": "Ms",
    "heer": "Mr",
}


def thread_salutation(session: Session, contact: Contact | None, language: str) -> str:
    """Our newest greeting line to `contact` in the letter's language that names them, or ''."""
    if contact is None or not contact.name:
        return ""
    names = {part.casefold() for part in contact.name.split() if len(part) > 1}
    rows = session.scalars(
        select(Interaction)
        .where(
            Interaction.contact_id == contact.id,
            Interaction.kind == "email",
            Interaction.direction == "outbound",
        )
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(MAX_EMAILS_READ)
    )
    lang = language_code(language)
    titled = ""
    for row in rows:
        found = _GREETING_LINE.match(row.text or "")
        if found is None:
            continue
        line = found["line"].strip()
        if not names & {w.casefold().strip(".,!") for w in line.split()}:
            continue
        if guess_language(row.text, lang) == lang:
            return line
        titled = titled or _english_titled(line, names)
    return titled if lang == "en" else ""


def _english_titled(line: str, names: set[str]) -> str:
    """The English greeting with the title another language's line gave ("Frau Becker" -> "Dear Ms
    Becker,"), or '' when it gave none."""
    words = [w.strip(".,!") for w in line.split()]
    for title, name in pairwise(words):
        english = _TITLES_IN_ENGLISH.get(title.casefold())
        if english and name.casefold() in names:
            return f"Dear {english} {name},"
    return ""
