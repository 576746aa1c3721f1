"""A purpose letter that rests on no record is flagged for its reviewer.

"Check in on the NetSuite sync issue" wrote "Je reviens vers vous au sujet de votre réclamation." and a
closing, and nothing else, with no flag (a customer's reading, 2026-12-07): every line the records held
on it was months old and left out as stale. Such a letter may still be right to send (a plain check-in),
but the reviewer decides that knowing nothing of the record is in it.
"""

from __future__ import annotations

from copilot.tools.draft_types import Attempt


def empty_letter_flags(attempt: Attempt) -> list[dict[str, object]]:
    """A whole-letter `no_substance` flag when no sentence cites a record and nothing is promised."""
    flags = attempt.checks.flags
    if attempt.body.body_citations or any(f.get("type") == "commitment" for f in flags):
        return []
    detail = "the letter rests on no record: nothing current on its purpose was found"
    stale = attempt.timings.get("facts_stale")
    if isinstance(stale, list) and stale:
        detail += f"; {len(stale)} older line(s) were left out as stale, e.g. “{stale[0]['text']}”"
    detail += ". Say what the customer should know, or send it as a plain check-in"
    return [{"type": "no_substance", "span": None, "detail": detail}]
