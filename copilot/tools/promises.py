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
    r"(?:share|raise|pass) (?:it|this|that)(?: on)? (?:with|to)|do (?:my|our) best)",
    re.IGNORECASE,
)


def is_vague(text: str, *, dated: bool) -> bool:
    """Whether a promise names no deliverable and no date ("I'll look into it", "we'll follow up")."""
    return not dated and bool(VAGUE_ACTION.search(text))
