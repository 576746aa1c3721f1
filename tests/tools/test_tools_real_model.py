"""Each tool once on the real embedded model (SmolLM2-135M) with small inputs; structure and checks hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import AuditEvent, Draft, DraftStatus
from copilot.errors import ModelError
from copilot.evidence import has_markers
from copilot.ingest.calls import ingest_transcript
from copilot.llm.model import ChatModel
from copilot.tools.account_summary import account_summary
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.tools.flag_tone import flag_tone
from copilot.tools.summarize_call import summarize_call
from tests.support.models import services_with_model, small_embedded_model
from tests.support.records import Note, seed_account

pytestmark = pytest.mark.model

NOTES = [
    Note("The dashboard export keeps timing out; please fix it before the renewal.", subject="Export bug"),
    Note("Our renewal on 2027-03-31 is at EUR 48,000 per year.", subject="Renewal"),
]


@pytest.fixture(scope="module")
def real_model(tmp_path_factory: pytest.TempPathFactory) -> ChatModel:
    """The embedded model with a small context, loaded once for this module."""
    return small_embedded_model(tmp_path_factory.mktemp("tools-model"))


@pytest.fixture
def model_services(tmp_path: Path, real_model: ChatModel) -> Iterator[Services]:
    """Migrated services with the real chat model and fast deterministic embeddings."""
    with services_with_model(
        real_model, tmp_path / "data", llm_max_output_tokens=200, call_summary_writer="model"
    ) as built:
        yield built


def _acme(services: Services) -> int:
    account_id, _, _ = seed_account(
        services, "C-1", "Acme Logistics", NOTES, contact=("Greta Brandt", "g@acme.example")
    )
    return account_id


def test_draft_email_on_the_real_model(model_services: Services) -> None:
    account_id, _, _ = seed_account(
        model_services, "C-1", "Acme Logistics", NOTES[:1], contact=("Greta Brandt", "g@acme.example")
    )
    request = request_email(model_services, EmailRequest(account_id, "follow up on the export bug"))
    try:
        draft = generate_email(model_services, request.id)
    except ModelError as exc:
        # The small model may ramble past the token cap; the draft must then end failed with the reason.
        with model_services.sessions() as session:
            failed = session.get_one(Draft, request.id)
        assert failed.status is DraftStatus.FAILED and str(exc) == failed.failure_reason
        return
    body = draft.body or ""
    assert draft.status is DraftStatus.PENDING_REVIEW and draft.timings["draft_mode"] == "compact"
    assert draft.subject and body.startswith("Hello Greta")
    assert draft.model and draft.prompt_version and draft.timings["tokens_out"] > 0
    # Compact mode on the real model: a letter without markers, the customer's fact restated for them.
    assert not has_markers(body) and not has_markers(draft.subject)
    assert "You told us that the dashboard export keeps timing out" in body
    fact = next(c for c in draft.body_citations if body[c["start"] :].startswith("You told us"))
    assert fact["n"] and any(c["used"] and c["n"] in fact["n"] for c in draft.citations)


def test_summarize_call_on_the_real_model(model_services: Services, tmp_path: Path) -> None:
    account_id = _acme(model_services)
    path = tmp_path / "2026-09-14-acme-export.txt"
    path.write_text(
        "Alice Moreau: Thanks for joining, Greta.\n"
        "Greta Brandt: The export keeps timing out and my team is frustrated.\n"
        "Alice Moreau: I will send you the fix timeline by Friday.\n",
        encoding="utf-8",
    )
    draft = summarize_call(model_services, ingest_transcript(model_services, path, account_id))
    assert draft.status is DraftStatus.PENDING_REVIEW and draft.model
    structured = draft.structured
    assert structured["summary"]["text"].strip()
    assert structured["action_items"][0]["due_date"] == "2026-09-18"
    assert structured["action_items"][0]["owner"] == "Alice Moreau"


def test_account_summary_makes_no_model_call(real_model: ChatModel, tmp_path: Path) -> None:
    """The account summary is built from the records (classifier, rules) with the real model loaded:
    it is cited, its actions point at cited items, and no chat-model call is made or audited."""
    with services_with_model(real_model, tmp_path / "data", real_sentence_vectors=True) as services:
        account_id = _acme(services)
        summary = account_summary(services, account_id)
        assert summary["overview"]["text"].strip()
        cited = {c["n"] for c in summary["citations"]}
        assert cited and set(summary["overview"]["citations"]) <= cited
        for action in summary["next_best_actions"]:
            assert action["citations"] and set(action["citations"]) <= cited
        with services.sessions() as session:
            calls = session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.event == "llm.call")
            )
        assert calls == 0
        assert account_summary(services, account_id)["cached"] is True


def test_flag_tone_on_the_real_embeddings(tmp_path: Path) -> None:
    # flag_tone uses no chat model: its real model is the classifier on the index's sentence embeddings.
    embeddings = Services(load_settings(data_dir=tmp_path / "data")).sentence_model
    text = "Thanks for the call. This is unacceptable, we will cancel the contract if this is not fixed today"
    report = flag_tone(text, "inbound", embeddings)
    by_label = {(item.label, item.source): item for item in report.labels}
    assert ("churn_risk", "rules") in by_label
    frustrated = by_label[("frustrated", "classifier")]
    assert [span.text for span in frustrated.evidence] == [text[len("Thanks for the call. ") :]]
