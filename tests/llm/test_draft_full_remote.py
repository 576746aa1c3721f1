"""Full drafting mode end to end against a real llama.cpp OpenAI-compatible server on loopback.

The 135M model behind the server writes a poor letter; what is tested is the pipeline around it:
the whole letter comes back over HTTP under the schema grammar, the delivered text carries no
markers, body citations point into the body at the account's own records, and every model call
is audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from copilot.config import Settings
from copilot.container import Services
from copilot.db.models import AuditEvent, DraftStatus
from copilot.evidence import has_markers
from copilot.index.fakes import HashingEmbeddings
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from tests.support.records import Note, seed_account

pytestmark = [pytest.mark.model, pytest.mark.server]


@pytest.fixture
def remote_services(llama_server_settings: Settings, tmp_path: Path) -> Iterator[Services]:
    """Services drafting in full mode against the llama.cpp server (auto picks full for a remote model)."""
    settings = llama_server_settings.model_copy(
        update={"data_dir": tmp_path / "data", "llm_max_output_tokens": 160, "llm_max_retries": 1}
    )
    built = Services(settings, embeddings=HashingEmbeddings())
    built.migrate()
    yield built
    built.engine.dispose()


def test_full_mode_over_http_delivers_a_letter_with_citations_beside_it(remote_services: Services) -> None:
    assert remote_services.settings.resolved_draft_mode == "full"
    account_id, _, _ = seed_account(
        remote_services,
        "C-1",
        "Acme Logistics",
        [Note("Our renewal on 31 March 2027 is at EUR 48,000 per year.", subject="Renewal")],
        contact=("Greta Brandt", "greta@acme.example"),
    )
    draft = generate_email(
        remote_services,
        request_email(remote_services, EmailRequest(account_id, "follow up on the renewal")).id,
    )
    body = draft.body or ""
    assert draft.status is DraftStatus.PENDING_REVIEW and draft.prompt_name == "draft_email_full"
    assert body.startswith("Hello Greta,") and body.rstrip().endswith("Your account team")
    assert not has_markers(body) and not has_markers(draft.subject or "")
    numbers = {c["n"] for c in draft.citations if c["account_id"] == account_id}
    for citation in draft.body_citations:
        assert 0 <= citation["start"] < citation["end"] <= len(body)
        assert set(citation["n"]) <= numbers
    with remote_services.sessions() as session:
        calls = session.scalars(select(AuditEvent).where(AuditEvent.event == "llm.call")).all()
    assert calls and all(c.data["prompt_name"] == "draft_email_full" for c in calls)
