"""A draft's own outbound check runs the politeness model on the text the model wrote."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from copilot.config import Settings
from copilot.container import Services
from copilot.index.embeddings import LocalEmbeddings
from copilot.llm.fakes import FakeChatModel
from copilot.retrieval import GroundedContext
from copilot.tools.draft_checks import check_draft
from copilot.tools.draft_types import Audience, ComposedBody

RUDE = "Why haven't you paid the invoice yet? Pay it now."
POLITE = "Thank you for your order! Could you let me know if the delivery date still suits you?"


def _tone_flags(
    services: Services,
    text: str,
    model_spans: list[tuple[int, int]],
    stand_ins: list[tuple[int, int]] | None = None,
) -> list[dict[str, object]]:
    body = ComposedBody(
        text=text, subject="Invoice", model_spans=model_spans, replaced=[], stand_in_spans=stand_ins or []
    )
    context = GroundedContext(account_id=1, query="invoice", records=[], tokens=0)
    audience = Audience(account_id=1, contact_name="Sam", language="en", formality="neutral", sender="Kim")
    return [f for f in check_draft(services, body, context, audience).flags if f["type"] == "tone"]


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """The suite's logic-test services, but with the real sentence embedder the politeness model reads."""
    built = Services(
        settings.model_copy(update={"injection_classifier": False}),
        chat_model=FakeChatModel(),
        embeddings=LocalEmbeddings(settings.resolved_embedding_path()),
    )
    built.migrate()
    yield built
    built.engine.dispose()


@pytest.mark.model
def test_rude_model_text_gets_the_politeness_models_impolite_flag(services: Services) -> None:
    flags = _tone_flags(services, RUDE, [(0, len(RUDE))])
    impolite = [f for f in flags if str(f["detail"]).startswith("impolite")]
    assert impolite and all("politeness model" in str(f["detail"]) for f in impolite)
    start, end = impolite[0]["span"]  # type: ignore[misc]
    assert RUDE[start:end] in {"Why haven't you paid the invoice yet?", "Pay it now."}
    assert _tone_flags(services, POLITE, [(0, len(POLITE))]) == []
    # Text the model did not write (a fixed template line) is not the model's tone to flag.
    assert _tone_flags(services, RUDE, []) == []
    # Nor is our stand-in wording put where the model's was replaced.
    assert _tone_flags(services, RUDE, [(0, len(RUDE))], stand_ins=[(0, len(RUDE))]) == []
