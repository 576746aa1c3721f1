"""API test helpers: an app over prepared services, auth headers, cheap drafts, a live uvicorn server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import uvicorn
from fastapi import FastAPI

from copilot.api.app import create_app
from copilot.api.routes.tone import get_frustration_model
from copilot.container import Services
from copilot.db.models import Draft, DraftKind
from copilot.tone.frustration import FrustrationModel
from copilot.workflow import approve_draft, complete_generation, open_draft
from tests.support.servers import free_port
from tests.support.worlds import World

EML = (
    b"From: Buyer <buyer@east.example>\r\nTo: rep@northwind-analytics.com\r\nSubject: Renewal question\r\n"
    b"Date: Tue, 01 Sep 2026 10:00:00 +0000\r\nMessage-ID: <q1@east.example>\r\n\r\n"
    b"Can we talk about the renewal?\r\n"
)


def auth(world: World, user: str | None) -> dict[str, str]:
    """Authorization header for a user of the world (none for `None`)."""
    return {"Authorization": f"Bearer {world.keys[user]}"} if user else {}


class CalmFrustrationModel(FrustrationModel):
    """A frustration model that finds every sentence calm (the API tests check routing, not the model)."""

    threshold = 0.9

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        return np.full(len(sentences), 0.5)


def build_app(services: Services) -> FastAPI:
    """The real app over prepared services, with a calm frustration model."""
    app = create_app(services=services)
    app.dependency_overrides[get_frustration_model] = CalmFrustrationModel
    return app


def quick_draft(world: World, account: str, requester: str) -> int:
    """A pending draft written through the workflow (no retrieval or model: the API is under test)."""
    services = world.services
    with services.sessions() as session, session.begin():
        draft = open_draft(
            session,
            kind=DraftKind.EMAIL,
            account_id=world.accounts[account],
            contact_id=None,
            purpose="check in",
            instructions=None,
            requested_by_id=world.users[requester].id,
        )
        body = "Checking in about the renewal [1]."
        citations = [{"start": 0, "end": len(body), "n": [1]}]
        complete_generation(session, draft, subject="Hello", body=body, body_citations=citations)
        return draft.id


def approved_draft(world: World, account: str, requester: str) -> int:
    """A draft approved by the central review desk."""
    draft_id = quick_draft(world, account, requester)
    with world.services.sessions() as session, session.begin():
        approve_draft(session, draft_id=draft_id, reviewer=world.users["reviewer_desk"], version=1)
    return draft_id


def draft_status(world: World, draft_id: int) -> str:
    """The stored status of a draft."""
    with world.services.sessions() as session:
        return session.get_one(Draft, draft_id).status.value


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn on a loopback port in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
