"""Who is the customer on a call: speakers sorted into the customer's side, our side, or unknown.

Evidence, strongest first: an e-mail address in the speaker label (our domains vs the account's
domain), the account's contacts, the account owner and the users of the owning team, the generic
labels contact-centre and chat exports use ("Customer:", "Agent:"), and brand handles
("@ExampleSupport"). A two-party call with one side known gives the other speaker the opposite side,
and a speaker our side brings in as one of ours ("I've asked Priya from our solutions team to join us")
is ours; anyone still unplaced is reported as unknown so the reviewer knows the summary guessed nothing.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CUSTOMER_LABELS = frozenset(
    {
        "customer",
        "client",
        "caller",
        "user",
        "guest",
        "buyer",
        "prospect",
        "visitor",
        "member",
        "patient",
        "kunde",
        "kundin",
        "cliente",
    }
)
OUR_LABELS = frozenset(
    {
        "agent",
        "support",
        "rep",
        "representative",
        "advisor",
        "adviser",
        "associate",
        "operator",
        "consultant",
        "csm",
        "am",
        "specialist",
        "helpdesk",
        "service",
        "care",
        "team",
        "staff",
        "host",
        "berater",
        "beraterin",
        "agente",
        "conseiller",
        "conseillère",
    }
)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_WORD = re.compile(r"[^\W\d_]+")
# Brand handles end in these (@AppleSupport, @AskAmex, @DeltaAssist, @Comcast_Help).
_BRAND_HANDLE = re.compile(
    r"^@?(?:ask\w+|\w*(?:support|help|care|cares|assist|service|team)\w*)$", re.IGNORECASE
)


class Side(enum.StrEnum):
    """Which side of the relationship a speaker is on."""

    CUSTOMER = "customer"
    OURS = "ours"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RoleBook:
    """What is known about the people of one account: its contacts, its domain, our people and domains."""

    contact_names: frozenset[str] = frozenset()
    contact_emails: frozenset[str] = frozenset()
    account_domain: str | None = None
    our_names: frozenset[str] = frozenset()
    our_domains: frozenset[str] = frozenset()


# How _side_of_label words the reason for a side decided by a role label or a brand handle.
_ROLE_REASONS = ("role label", "brand handle")


@dataclass
class SpeakerRoles:
    """Each speaker's side, how it was decided, and the speakers left unknown."""

    sides: dict[str, Side] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def side(self, speaker: str) -> Side:
        """The speaker's side (unknown for a speaker never seen)."""
        return self.sides.get(speaker, Side.UNKNOWN)

    def placed_by_role(self, speaker: str) -> bool:
        """Whether the speaker's side came from a role label or a brand handle ("Agent", "@ExampleSupport"),
        not from a person's name: the summary then names them by their side."""
        return self.reasons.get(speaker, "").startswith(_ROLE_REASONS)

    @property
    def unknown(self) -> list[str]:
        """Speakers whose side could not be decided."""
        return [s for s, side in self.sides.items() if side is Side.UNKNOWN]

    def as_json(self) -> dict[str, object]:
        """The shape stored in a call summary's structured content."""
        return {
            "speakers": [
                {"speaker": s, "side": side.value, "reason": self.reasons.get(s, "")}
                for s, side in self.sides.items()
            ],
            "unknown": self.unknown,
        }


def _names(values: Iterable[str | None]) -> frozenset[str]:
    return frozenset(" ".join(v.lower().split()) for v in values if v and v.strip())


def role_book(
    *,
    contacts: Iterable[tuple[str | None, str | None]],
    account_domain: str | None,
    our_people: Iterable[str | None],
    our_domains: Iterable[str],
) -> RoleBook:
    """A role book from (name, email) contacts, the account domain, our users' names and our domains."""
    pairs = list(contacts)
    return RoleBook(
        contact_names=_names(name for name, _ in pairs),
        contact_emails=_names(email for _, email in pairs),
        account_domain=(account_domain or "").lower().strip() or None,
        our_names=_names(our_people),
        our_domains=frozenset(d.lower() for d in our_domains),
    )


def _by_email(speaker: str, book: RoleBook) -> tuple[Side, str] | None:
    match = _EMAIL.search(speaker)
    if not match:
        return None
    address, domain = match[0].lower(), match[1].lower()
    if domain in book.our_domains:
        return Side.OURS, f"e-mail on our domain {domain}"
    if address in book.contact_emails or domain == book.account_domain:
        return Side.CUSTOMER, f"e-mail on the account's domain {domain}"
    return None


def _matches_person(label: str, names: frozenset[str]) -> bool:
    # "Greta" or "Greta B." on the call still names contact "Greta Brandt" (a whole first name must match).
    if label in names:
        return True
    words = label.split()
    return bool(words) and any(words[0] == name.split()[0] and len(words[0]) > 2 for name in names)


def _by_label(speaker: str, book: RoleBook) -> tuple[Side, str] | None:
    label = " ".join(_EMAIL.sub(" ", speaker).lower().split())
    if _matches_person(label, book.contact_names):
        return Side.CUSTOMER, "an account contact"
    if _matches_person(label, book.our_names):
        return Side.OURS, "the account owner or a user of the owning team"
    words = _WORD.findall(label)
    # The last word is the head of an English compound ("Customer Service" is our side), so it goes first.
    for word in words[-1:] + words[:1]:
        if word in CUSTOMER_LABELS:
            return Side.CUSTOMER, f"role label '{speaker}'"
        if word in OUR_LABELS:
            return Side.OURS, f"role label '{speaker}'"
    if _BRAND_HANDLE.match(speaker.strip()):
        return Side.OURS, f"brand handle '{speaker}'"
    return None


def is_role_label(speaker: str) -> bool:
    """Whether a speaker label names a role ("Customer", "Support Agent", "@ExampleSupport"), not a person."""
    words = _WORD.findall(speaker.lower())
    roles = CUSTOMER_LABELS | OUR_LABELS
    return (bool(words) and all(w in roles for w in words)) or bool(_BRAND_HANDLE.match(speaker.strip()))


def _complete_two_party(roles: SpeakerRoles) -> None:
    # With exactly two speakers and one placed, the other is the other side of the call.
    if len(roles.sides) != 2 or len(roles.unknown) != 1:
        return
    known = next(side for side in roles.sides.values() if side is not Side.UNKNOWN)
    other = roles.unknown[0]
    roles.sides[other] = Side.OURS if known is Side.CUSTOMER else Side.CUSTOMER
    roles.reasons[other] = "the other party of a two-party call"


def assign_roles(speakers: Iterable[str], book: RoleBook) -> SpeakerRoles:
    """Every distinct speaker's side, in order of first appearance."""
    roles = SpeakerRoles()
    for speaker in speakers:
        if speaker in roles.sides:
            continue
        found = _by_email(speaker, book) or _by_label(speaker, book)
        roles.sides[speaker], roles.reasons[speaker] = found or (
            Side.UNKNOWN,
            "no contact, user or role label",
        )
    _complete_two_party(roles)
    return roles


# How our side brings in one of ours: "Priya from our solutions team", "Priya, our solutions engineer",
# "my colleague Priya". {name} is the speaker's first name.
_INTRODUCED_AFTER = (
    r"\b{name}\b(?:\s+\w+)?(?:\s+(?:from|of|on|in)\s+(?:our|my)\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:team|side|group|department|office)\b|,\s+(?:our|my)\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:engineer|lead|manager|architect|specialist|consultant|colleague|expert|analyst)\b)"
)
_INTRODUCED_BEFORE = r"\b(?:my|our)\s+(?:[\w-]+\s+)?colleague,?\s+{name}\b"


def place_introduced(roles: SpeakerRoles, turns: Iterable[tuple[str, str]]) -> None:
    """Put on our side an unknown speaker whom one of ours introduces as one of ours on the call."""
    said_by_us = [text for speaker, text in turns if roles.side(speaker) is Side.OURS]
    for speaker in roles.unknown:
        first = speaker.split()[0] if speaker.split() else ""
        if len(first) < 3 or not first[0].isupper():
            continue
        name = re.escape(first)
        patterns = [_INTRODUCED_AFTER.format(name=name), _INTRODUCED_BEFORE.format(name=name)]
        if any(re.search(p, text, re.IGNORECASE) for p in patterns for text in said_by_us):
            roles.sides[speaker] = Side.OURS
            roles.reasons[speaker] = "introduced by our side as one of ours"


def call_roles(turns: Sequence[tuple[str, str]], book: RoleBook) -> SpeakerRoles:
    """Every speaker's side on one call, from its (speaker, words) turns: the one rule ingest, the call
    summary and the account summary share, so a speaker is on the same side wherever the call is read."""
    roles = assign_roles([speaker for speaker, _ in turns if speaker], book)
    place_introduced(roles, turns)
    return roles
