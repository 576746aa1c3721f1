"""A reply on the real embedded model (SmolLM2-135M): the model writes only glue; answers, deferrals hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.container import Services
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from tests.support.models import SMALL_EMBEDDED, services_with_model, small_embedded_model
from tests.support.records import Note, seed_account

pytestmark = pytest.mark.model

MESSAGE = (
    "Hi Bob,\n\nHow often does the Snowflake connector refresh, and can we trigger a refresh manually?\n"
    "Let me know if anything is unclear.\n\nBest, Greta"
)
OURS = "Hello Greta,\n\nThe Snowflake connector refreshes every 30 minutes.\n\nBest, Bob"


@pytest.fixture
def model_services(tmp_path: Path) -> Iterator[Services]:
    """Migrated services with the real embedded chat model and fast deterministic embeddings."""
    data_dir = tmp_path / "data"
    model = small_embedded_model(data_dir, max_output_tokens=200)
    settings = {**SMALL_EMBEDDED, "llm_max_output_tokens": 200, "injection_classifier": False}
    with services_with_model(model, data_dir, **settings) as built:
        yield built


def test_a_reply_on_the_real_model_answers_one_question_and_defers_the_other(
    model_services: Services,
) -> None:
    notes = [
        Note(MESSAGE, subject="Data sync issue", source_id="<q-7@acme.test>"),
        Note(OURS, direction="outbound", subject="Connector"),
    ]
    account_id, _, ids = seed_account(
        model_services, "C-7", "Acme", notes, contact=("Greta Brandt", "g@acme.test")
    )
    request = EmailRequest(account_id, "", reply_to_interaction_id=ids[0])
    draft = generate_email(model_services, request_email(model_services, request).id)

    body = draft.body or ""
    assert draft.subject == "Re: Data sync issue"
    assert body.startswith("Hello Greta")
    assert "The Snowflake connector refreshes every 30 minutes." in body
    assert "As for whether you can trigger a refresh manually, I don't have the details to hand yet" in body
    assert "Let me know if anything is unclear" not in body and "You told us" not in body
    assert [f["type"] for f in draft.flags].count("commitment") == 1
