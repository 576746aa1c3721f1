"""The shapes shared by both drafting modes: who the email is for, the composed letter, one attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from copilot.evidence import BodyCitation

if TYPE_CHECKING:
    from copilot.tools.draft_checks import DraftChecks


@dataclass(frozen=True)
class Audience:
    """Who the email is for and how to address them."""

    account_id: int
    contact_name: str
    language: str
    formality: str
    sender: str
    # The account's contacts: a call line spoken by one of them is the customer's own words.
    customer_names: frozenset[str] = frozenset()
    signature: str | None = None
    company: str = ""
    # Our own greeting line from the thread ("Sehr geehrte Frau Schmidt,"), '' when the frame greets.
    salutation: str = ""
    # The contact's language on record, when the letter is written in another (a reply in the message's
    # language, a recap in the call's): the reviewer is told.
    preferred_language: str = ""

    def greeting_line(self, framed: str) -> str:
        """Our thread's own salutation when there is one, else the frame's."""
        return self.salutation or framed

    def sign_off_lines(self, closing: str) -> str:
        """The closing line, the signer's name and their signature, if any."""
        signature = f"\n{self.signature.strip()}" if self.signature and self.signature.strip() else ""
        return f"{closing}\n{self.sender}{signature}"


@dataclass(frozen=True)
class ComposedBody:
    """A composed letter: its text, the spans the model wrote, and the records each span rests on."""

    text: str
    subject: str
    model_spans: list[tuple[int, int]]
    replaced: list[str]
    body_citations: list[BodyCitation] = field(default_factory=list)
    # What the composer noticed and the reviewer should know (off-purpose text replaced, facts left out).
    notes: list[dict[str, object]] = field(default_factory=list)
    # Model spans whose text is our stand-in wording (the model's was replaced): not the model's tone.
    stand_in_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Attempt:
    """One generation: the composed body, its checks, and what is stored about the model call."""

    body: ComposedBody
    checks: DraftChecks
    stored: dict[str, object]
    timings: dict[str, object]
    error: str | None = None
    off_purpose: bool = False
    # The model's fields as written (compact mode), kept so an off-purpose opening can be replaced.
    parts: dict[str, str] = field(default_factory=dict)
