"""The shipped inbound model on business mail (issue 17): a clear complaint wrapped in a greeting and a
sign-off is flagged, a calm bug report in the same wrapping is not, and the known miss (a complaint
phrased courteously, "we are losing patience") is recorded. No text here is in any tone train or dev file."""

from __future__ import annotations

import pytest

from copilot.config import load_settings
from copilot.index.embeddings import LocalEmbeddings
from copilot.tools.flag_tone import flag_tone

GREETING = "Good morning,\n\nThank you for your reply on Monday. "
SIGN_OFF = "\n\nWith best regards,\nHolger"
WRAPPED_COMPLAINT = (
    f"{GREETING}Frankly, this is not acceptable: the nightly report has been empty for two weeks and we are "
    f"fed up with waiting for a fix.{SIGN_OFF}"
)
WRAPPED_BUG_REPORT = (
    f"{GREETING}We found a small bug: when a contact has two email addresses, only the first one is shown "
    f"on the timeline. Steps to reproduce are attached.{SIGN_OFF}"
)
WRAPPED_COURTEOUS_COMPLAINT = (
    f"{GREETING}I am sorry to say that we are losing patience: the nightly report has been empty for two "
    f"weeks, we have asked three times for a fix, and still nobody has given us a date.{SIGN_OFF}"
)


@pytest.fixture(scope="module")
def embedder() -> LocalEmbeddings:
    return LocalEmbeddings(load_settings().resolved_embedding_path())


def _frustrated(text: str, embedder: LocalEmbeddings) -> list[str]:
    report = flag_tone(text, "inbound", embedder)
    return [item.label for item in report.labels if item.label == "frustrated"]


@pytest.mark.model
def test_a_wrapped_b2b_complaint_is_flagged(embedder: LocalEmbeddings) -> None:
    assert _frustrated(WRAPPED_COMPLAINT, embedder) == ["frustrated"]


@pytest.mark.model
def test_a_calm_b2b_bug_report_in_the_same_wrapping_is_not_flagged(embedder: LocalEmbeddings) -> None:
    assert _frustrated(WRAPPED_BUG_REPORT, embedder) == []


@pytest.mark.model
@pytest.mark.xfail(
    strict=True,
    reason="known miss (docs/tone.md, t17k): its letter body 0.07 against a threshold of 0.25, its "
    "complaint sentence 0.18 against a sentence cut of 0.75; strict, so a model that catches it makes this "
    "test fail until updated",
)
def test_a_courteously_worded_wrapped_complaint_is_flagged(embedder: LocalEmbeddings) -> None:
    assert _frustrated(WRAPPED_COURTEOUS_COMPLAINT, embedder) == ["frustrated"]
