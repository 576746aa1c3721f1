"""Server-sent events for one draft: its status and version each time they change, until generation ends."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import Request

from copilot.container import Services
from copilot.db.models import Draft, DraftStatus

POLL_SECONDS = 0.5
MAX_STREAM_SECONDS = 600.0
KEEPALIVE_SECONDS = 15.0


def _snapshot(services: Services, draft_id: int) -> dict[str, Any] | None:
    with services.sessions() as session:
        draft = session.get(Draft, draft_id)
        if draft is None:
            return None
        return {
            "id": draft.id,
            "status": draft.status.value,
            "version": draft.version,
            "failure_reason": draft.failure_reason,
        }


def sse(event: str, data: dict[str, Any]) -> str:
    """One event in text/event-stream framing."""
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


async def status_events(services: Services, draft_id: int, request: Request) -> AsyncIterator[str]:
    """Yield a `status` event per change; stop once the draft is no longer generating (or is gone)."""
    last: dict[str, Any] | None = None
    started = quiet_since = time.monotonic()
    while time.monotonic() - started < MAX_STREAM_SECONDS:
        if await request.is_disconnected():
            return
        state = await anyio.to_thread.run_sync(_snapshot, services, draft_id)
        if state is None:
            yield sse("gone", {"id": draft_id})
            return
        if state != last:
            yield sse("status", state)
            last, quiet_since = state, time.monotonic()
        if state["status"] != DraftStatus.GENERATING.value:
            return
        if time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            quiet_since = time.monotonic()
        await anyio.sleep(POLL_SECONDS)
    yield sse("timeout", {"id": draft_id})
