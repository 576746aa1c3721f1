"""An internal CRM note never reaches the customer: not in API drafts, CLI drafts or the delivered .eml.

The note is planted as a CSV NOTE activity and ingested through the real connectors; the drafts are
made with a scripted model through the real API (with its worker pool) and the real CLI; the
reviewer approves and the draft is exported. A draft whose text does carry the note's figures (the
model wrote them) is flagged `internal_source`, naming the note.
"""

from __future__ import annotations

import email
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from copilot.auth import create_user
from copilot.cli.app import app as cli_app
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Role
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.api import build_app
from tests.support.crm_files import SmallCrm, load_small_crm

LEAKS = ("32%", "32 %", "2026-12-15", "December 15", "15 December")
PURPOSE = "Follow up on the renewal discount"


def _reply(opening: str) -> str:
    return json.dumps(
        {"subject": "Your renewal", "opening": opening, "next_step": "Could we talk on Tuesday?"}
    )


@pytest.fixture
def model() -> FakeChatModel:
    return FakeChatModel()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model: FakeChatModel) -> Iterator[Services]:
    """A data dir the CLI and the API share, with the scripted model and fast embeddings in every Services."""
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COPILOT_INJECTION_CLASSIFIER", "false")
    embeddings = HashingEmbeddings()
    monkeypatch.setattr(Services, "chat_model", property(lambda _self: model))
    monkeypatch.setattr(Services, "embeddings", property(lambda _self: embeddings))
    monkeypatch.setattr(Services, "sentence_model", property(lambda _self: embeddings))
    services = Services(load_settings())
    services.migrate()
    yield services
    services.engine.dispose()


def _users(services: Services) -> dict[str, str]:
    with services.sessions() as session, session.begin():
        _, rep = create_user(
            session, name="dana", role=Role.REP, team="east", display_name="Dana Kim",
            signature="Account Executive\n+1 555 0100",
        )  # fmt: skip
        _, reviewer = create_user(session, name="rita", role=Role.REVIEWER)
    return {"dana": rep, "rita": reviewer}


def _assert_clean(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} leaked into: {text}"


def _wait(client: TestClient, key: str, draft_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        data: dict[str, Any] = client.get(
            f"/v1/drafts/{draft_id}", headers={"Authorization": f"Bearer {key}"}
        ).json()
        if data["status"] != "generating" or time.monotonic() > deadline:
            return data
        time.sleep(0.05)


def _crm(env: Services, tmp_path: Path) -> SmallCrm:
    return load_small_crm(env, tmp_path / "export")


def test_api_draft_and_its_exported_eml_carry_nothing_of_the_internal_note(
    env: Services, model: FakeChatModel, tmp_path: Path
) -> None:
    crm = _crm(env, tmp_path)
    keys = _users(env)
    model.queue(*[_reply("I am following up on your renewal.")] * 4)
    with TestClient(build_app(env)) as client:
        rep, reviewer = ({"Authorization": f"Bearer {keys[n]}"} for n in ("dana", "rita"))
        answer = client.post(
            "/v1/drafts", json={"account_id": crm.account_id, "purpose": PURPOSE}, headers=rep
        )
        assert answer.status_code == 202, answer.text
        draft = _wait(client, keys["dana"], answer.json()["id"])
        assert draft["status"] == "pending_review", draft
        _assert_clean(draft["body"])
        assert draft["body"].rstrip().endswith("Dana Kim\nAccount Executive\n+1 555 0100")
        # The note was retrieved (it steers the topic) and is shown to the reviewer as internal.
        note = [c for c in draft["citations"] if c["interaction_id"] == crm.ids["note"]]
        assert note and note[0]["audience"] == "internal" and not note[0]["used"]
        approved = client.post(
            f"/v1/drafts/{draft['id']}/approve", json={"version": draft["version"]}, headers=reviewer
        )
        assert approved.status_code == 200, approved.text
        delivered = client.post(f"/v1/drafts/{draft['id']}/deliver", json={"channel": "eml"}, headers=rep)
        assert delivered.status_code == 200, delivered.text
    # The answer names the file, never a server path; it lies in the export folder.
    eml = (env.settings.resolved_export_dir / delivered.json()["location"]).read_bytes()
    message = email.message_from_bytes(eml)
    _assert_clean(eml.decode("utf-8", "replace"))
    _assert_clean(message.get_payload(decode=True).decode("utf-8"))
    assert (
        message["From"] == env.settings.smtp_from == "copilot@localhost"
    )  # neutral default, no sample literal


def test_cli_draft_carries_nothing_of_the_internal_note_and_is_signed_by_the_rep(
    env: Services, model: FakeChatModel, tmp_path: Path
) -> None:
    crm = _crm(env, tmp_path)
    _users(env)
    model.queue(*[_reply("I am following up on your renewal.")] * 4)
    result = CliRunner().invoke(
        cli_app,
        ["draft", "email", "--account", str(crm.account_id), "--purpose", PURPOSE, "--as", "dana", "--json"],
    )
    assert result.exit_code == 0, result.output
    draft = json.loads(result.output)
    _assert_clean(draft["body"])
    assert "Dana Kim" in draft["body"] and not [f for f in draft["flags"] if f["type"] == "internal_source"]


def test_a_draft_that_does_carry_the_notes_figures_is_flagged_naming_the_note(
    env: Services, model: FakeChatModel, tmp_path: Path
) -> None:
    crm = _crm(env, tmp_path)
    _users(env)
    leaky = _reply("We can go to a 32% discount on the renewal before 2026-12-15.")
    model.queue(*[leaky] * 4)
    result = CliRunner().invoke(
        cli_app,
        ["draft", "email", "--account", str(crm.account_id), "--purpose", PURPOSE, "--as", "dana", "--json"],
    )
    assert result.exit_code == 0, result.output
    draft = json.loads(result.output)
    flags = [f for f in draft["flags"] if f["type"] == "internal_source"]
    flagged = {draft["body"][f["span"][0] : f["span"][1]] for f in flags}
    assert {"32%", "2026-12-15"} <= flagged
    assert all(f["interaction_id"] == crm.ids["note"] for f in flags)
