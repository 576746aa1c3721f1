"""Draft event streams are woken by this process's workers, not only by their database poll."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from fastapi.testclient import TestClient

from copilot.api import events
from copilot.jobs.signals import DraftSignals
from tests.support.api import auth
from tests.support.worlds import World, reply, script


def test_notify_from_a_worker_thread_wakes_the_listener_of_that_draft_only() -> None:
    signals = DraftSignals()

    async def scenario() -> tuple[bool, bool, int]:
        async with signals.listen(7) as mine, signals.listen(8) as other:
            threading.Thread(target=signals.notify, args=(7,)).start()
            await asyncio.wait_for(mine.wait(), 10)
            return mine.is_set(), other.is_set(), signals.listening(7)

    woken, other_woken, listeners = asyncio.run(scenario())
    assert woken and not other_woken and listeners == 1
    assert signals.listening(7) == 0  # leaving the block unregisters


def test_notify_without_listeners_or_after_the_loop_closed_is_harmless() -> None:
    signals = DraftSignals()
    signals.notify(1)

    async def register() -> None:
        async with signals.listen(1):
            asyncio.get_running_loop().call_soon(lambda: None)

    asyncio.run(register())
    signals.notify(1)
    assert signals.listening(1) == 0


@pytest.mark.timeout(60)
def test_stream_ends_when_the_local_worker_stores_the_draft(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the database poll pushed out to an hour, only the worker's signal can end this stream in time.
    monkeypatch.setattr(events, "POLL_SECONDS", 3600.0)
    script(world.model, reply(subject="Renewal", body="Dear buyer, your renewal is due on 31 March [1]."))
    answer = client.post(
        "/v1/drafts",
        json={"account_id": world.accounts["east"], "purpose": "renewal"},
        headers=auth(world, "rep_east"),
    )
    assert answer.status_code == 202
    draft_id = answer.json()["id"]
    with client.stream("GET", f"/v1/drafts/{draft_id}/events", headers=auth(world, "rep_east")) as stream:
        frames = [json.loads(line[6:]) for line in stream.iter_lines() if line.startswith("data: ")]
    assert frames[-1]["status"] == "pending_review"
