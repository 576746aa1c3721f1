"""Shared test worlds: users with keys, two teams' accounts, generated drafts, the scripted model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import get_origin

from copilot.auth import create_user
from copilot.container import Services
from copilot.db.models import Role, User
from copilot.errors import ModelError
from copilot.llm.fakes import FakeChatModel
from copilot.tools.draft_email import EmailDraftOutput, EmailRequest, generate_email, request_email
from tests.support.records import Note, seed_account


def reply(subject: str = "Your renewal", body: str = "Hello, about your renewal [1]. Best regards") -> str:
    """A valid draft_email model reply: `body` fills every free-text field of the tool's current schema."""
    fields: dict[str, object] = {}
    for name, info in EmailDraftOutput.model_fields.items():
        if name == "subject":
            fields[name] = subject
        elif info.annotation is str:
            fields[name] = body
        elif get_origin(info.annotation) is list:
            fields[name] = [1]
    return json.dumps(fields)


def script(model: FakeChatModel, text: str | Exception) -> None:
    """Make the next generation see `text` (or raise): the tool calls the model up to twice."""
    model.replies.clear()
    model.queue(text, text)


def unreachable() -> ModelError:
    """What a model server that is down raises (fatal for a draft, unlike unusable output)."""
    return ModelError("model server unreachable (scripted)")


def add_user(services: Services, name: str, role: Role | str, team: str | None = None) -> tuple[User, str]:
    """A user and their API key."""
    with services.sessions() as session, session.begin():
        return create_user(session, name=name, role=role, team=team)


@dataclass
class World:
    """Two teams (east owns account A, west owns account B) and one user of each role per team."""

    services: Services
    model: FakeChatModel
    accounts: dict[str, int] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def draft(self, account: str = "east", requester: str = "rep_east", body: str | None = None) -> int:
        """A pending_review email draft requested by `requester`."""
        script(self.model, reply(body=body) if body else reply())
        request = EmailRequest(
            self.accounts[account], "renewal follow-up", requested_by_id=self.users[requester].id
        )
        return generate_email(self.services, request_email(self.services, request).id).id


USERS = {
    "rep_east": (Role.REP, "east"),
    "teammate_east": (Role.REP, "east"),
    "manager_east": (Role.MANAGER, "east"),
    "reviewer_east": (Role.REVIEWER, "east"),
    "rep_west": (Role.REP, "west"),
    "manager_west": (Role.MANAGER, "west"),
    "reviewer_west": (Role.REVIEWER, "west"),
    "reviewer_desk": (Role.REVIEWER, None),
    "admin": (Role.ADMIN, None),
}


def scripted_model(services: Services) -> FakeChatModel:
    """The FakeChatModel the services were built with (logic-test fixtures pass one to `Services`)."""
    model = services.chat_model
    if not isinstance(model, FakeChatModel):
        raise TypeError(
            f"these services run {type(model).__name__}; build them with chat_model=FakeChatModel()"
        )
    return model


def build_world(services: Services) -> World:
    """Seed both teams' accounts and every user, on services built with a FakeChatModel."""
    world = World(services, scripted_model(services))
    notes = [Note("Our renewal on 2027-03-31 is at EUR 48,000 per year.", subject="Renewal")]
    for team, owner, crm in (("east", "rep_east", "E-1"), ("west", "rep_west", "W-1")):
        world.accounts[team], _, _ = seed_account(
            services,
            crm,
            f"{team.title()} Corp",
            notes,
            contact=(f"{team} buyer", f"buyer@{team}.example"),
            owner=owner,
            team=team,
        )
    for name, (role, team) in USERS.items():
        world.users[name], world.keys[name] = add_user(services, name, role, team)
    return world


def fresh_postgres(url: str) -> None:
    """Drop and recreate the public schema of a test database."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
