"""Helpers the ingest pipeline uses to place parsed records relative to "our" organisation."""

from __future__ import annotations

from collections.abc import Iterable

from connectors.base import Direction, Participant

_SENDER_ROLES = frozenset({"from", "organizer"})


def email_domain(email: str | None) -> str | None:
    """Return the lower-case domain of an e-mail address, or None when there is none."""
    if not email or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].strip().strip(">").lower() or None


def is_our_domain(domain: str | None, our_domains: Iterable[str]) -> bool:
    """True when `domain` is one of ours or a subdomain of one (mail.example.com for example.com)."""
    if not domain:
        return False
    for ours in our_domains:
        ours = ours.strip().lower().lstrip("@")
        if ours and (domain == ours or domain.endswith("." + ours)):
            return True
    return False


def classify_direction(participants: Iterable[Participant], our_domains: Iterable[str]) -> Direction:
    """Decide who started an interaction: sent by us → OUTBOUND, sent to us from outside → INBOUND.

    Everyone ours → INTERNAL. Without a sender with an address, or with none of us involved,
    the direction is UNKNOWN.
    """
    domains = [d.strip().lower() for d in our_domains if d.strip()]
    people = [p for p in participants if p.email]
    senders = [p for p in people if p.role in _SENDER_ROLES]
    others = [p for p in people if p.role not in _SENDER_ROLES]
    if not senders:
        return Direction.UNKNOWN
    sender_ours = is_our_domain(email_domain(senders[0].email), domains)
    others_ours = [is_our_domain(email_domain(p.email), domains) for p in others]
    if sender_ours:
        return Direction.INTERNAL if all(others_ours) else Direction.OUTBOUND
    return Direction.INBOUND if any(others_ours) else Direction.UNKNOWN
