"""Whom a call's action item is owed to: the person its words hand it to ("I can have that to Liam by the
11th", "report back to Bob"), else the other side's speaker who spoke last before it, else the first of
them (used by copilot/tools/call_items.py)."""

from __future__ import annotations

import re

from copilot.tools.call_types import Utterance


def owed_to_whom(utterances: list[Utterance], owner: str | None, index: int, text: str = "") -> str | None:
    """Whom an item of `owner`'s (turn `index`, its words `text`) is owed to; None without an owner."""
    # Owed to the other side's speaker the item names ("I can have that to Liam by the 11th"), else the
    # one who spoke last up to the item ("I'll send you a revised quote" answers the contact who just
    # asked for fewer seats), else the first of them on the call.
    speakers = {u.speaker for u in utterances}
    if owner in (None, "both sides") or len(speakers) < 2:
        return None
    others = [u for u in utterances if u.speaker != owner]
    owner_is_customer = any(u.customer for u in utterances if u.speaker == owner)
    across = [u.speaker for u in others if u.customer != owner_is_customer]
    # "report back to Bob": a colleague of the owner's named as who gets it is whom it is owed to (a
    # manager read "Priya Nair owes Sarah Yates", 2026-12-07); the other side first.
    colleagues = [u.speaker for u in others if u.speaker not in across]
    for named in (_named_in(across, text), _named_in(colleagues, text), _addressed(across, text)):
        if named is not None:
            return named
    before = [u.speaker for u in utterances[: index + 1] if u.speaker in across]
    return (before[-1:] or across or [others[0].speaker])[0]


def _named_in(speakers: list[str], text: str) -> str | None:
    # The one speaker the text hands the item to ("I can have that to Liam by the 11th"), by full name
    # first (two Victors), then by first name.
    for name_of in (lambda who: who, lambda who: who.split()[0]):
        named = [who for who in dict.fromkeys(speakers) if re.search(rf"\b{re.escape(name_of(who))}\b", text)]
        if len(named) == 1 and re.search(rf"\bto (?:\w+, )?{re.escape(name_of(named[0]))}", text):
            return named[0]
    return None


def _addressed(speakers: list[str], text: str) -> str | None:
    # The one of the other side the item's words open by addressing: "Liam, I'll run a two-hour admin
    # training for you" is owed to Liam, though Leah spoke last (a manager's reading, 2026-12-07).
    opening = re.match(r"\s*([A-Z][\w'-]*(?: [A-Z][\w'-]*)?)\s*,", text)
    if opening is None:
        return None
    said = opening.group(1)
    found = [who for who in dict.fromkeys(speakers) if said in (who, who.split()[0])]
    return found[0] if len(found) == 1 else None
