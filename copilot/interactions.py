"""Read an account's interactions and let a reviewer change who one is for (its audience)."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.auth.policy import ensure_visible_account
from copilot.db.models import Interaction, User
from copilot.errors import InvalidInputError, NotFoundError
from copilot.ingest.audience import AUDIENCES
from copilot.shapes import Shape, StoredShape

EXCERPT_CHARS = 2000


class Participant(StoredShape):
    """Someone on the interaction, as the connector recorded them."""

    role: str | None = Field(default=None, description="e.g. from, to, cc, attendee")
    email: str | None = None
    name: str | None = None


class InteractionPublic(Shape):
    """The API shape of an interaction: where it came from, who it is for, and its text."""

    id: int
    account_id: int
    contact_id: int | None
    kind: str
    direction: str
    audience: str = Field(description="customer or internal")
    audience_source: str = Field(description="who set the audience: ingest, or a reviewer")
    occurred_at: str = Field(description="ISO 8601")
    source: str
    subject: str | None
    text: str = Field(description=f"the first {EXCERPT_CHARS} characters")
    truncated: bool
    participants: list[Participant]
    speaker_sides: dict[str, str] = Field(description="a call's speakers and the side each spoke for")

    @classmethod
    def of(cls, row: Interaction) -> InteractionPublic:
        """The interaction's API shape."""
        sides = (row.extra or {}).get("speaker_sides") or {}
        return cls.model_validate(
            {
                "id": row.id,
                "account_id": row.account_id,
                "contact_id": row.contact_id,
                "kind": row.kind,
                "direction": row.direction,
                "audience": row.audience,
                "audience_source": row.audience_source,
                "occurred_at": row.occurred_at.isoformat(),
                "source": row.source,
                "subject": row.subject,
                "text": row.text[:EXCERPT_CHARS],
                "truncated": len(row.text) > EXCERPT_CHARS,
                "participants": row.participants,
                "speaker_sides": sides,
            }
        )


def get_visible_interaction(session: Session, *, user: User, interaction_id: int) -> Interaction:
    """The interaction if the user may see its account, else NotFoundError (no leak)."""
    row = session.get(Interaction, interaction_id)
    if row is None:
        raise NotFoundError(f"interaction {interaction_id} not found")
    try:
        ensure_visible_account(session, user=user, account_id=row.account_id)
    except NotFoundError:
        raise NotFoundError(f"interaction {interaction_id} not found") from None
    return row


def list_interactions(
    session: Session, *, account_id: int, audience: str | None, limit: int, offset: int
) -> list[Interaction]:
    """An account's interactions, newest first, optionally of one audience."""
    query = select(Interaction).where(Interaction.account_id == account_id)
    if audience is not None:
        query = query.where(Interaction.audience == audience)
    query = query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(query))


def set_audience(
    session: Session, *, row: Interaction, audience: str, actor: User, reason: str | None
) -> bool:
    """Record a reviewer's audience for the interaction (kept across re-ingest); False when unchanged."""
    if audience not in AUDIENCES:
        raise InvalidInputError(f"audience: {audience!r} is not one of {', '.join(AUDIENCES)}")
    before = row.audience
    if before == audience and row.audience_source == "reviewer":
        return False
    row.audience, row.audience_source = audience, "reviewer"
    record_event(
        session,
        "interaction.audience_changed",
        actor_id=actor.id,
        account_id=row.account_id,
        data={"interaction_id": row.id, "from": before, "to": audience, "reason": reason},
    )
    return True
