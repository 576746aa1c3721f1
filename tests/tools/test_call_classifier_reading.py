"""Issue 15, item 4: the trained sentence classifier beside a call's words. Its risks hold what no risk word
names but the classifier reads as a risk ("my CEO asked why we're still paying for this"), as the account
page does, labelled a warning sign; a farewell or a need the promise words match ("We'll miss you", "we'll
need a written incident report") is no action item when the classifier reads it as something else, while
a real promise stays. Runs the shipped classifier."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from copilot.container import Services
from copilot.tools.call_record import CallRecord
from copilot.tools.call_render import build_structured, render_body
from copilot.tools.call_types import Utterance
from copilot.tools.speaker_roles import assign_roles, role_book

OURS, THEIRS = "Dana Price", "Sarah Yates"
CALL = [
    (OURS, "Hi Sarah, thanks for joining. How are things on your side?"),
    (THEIRS, "Busy, thanks. My CEO asked me last week why we're still paying for this."),
    (OURS, "I understand. Our renewal team will walk you through last quarter's usage."),
    (THEIRS, "Thanks, that sounds great."),
]


def _structured(
    services: Services, said: list[tuple[str, str]] = CALL, *, classifier: bool = True
) -> dict[str, Any]:
    book = role_book(contacts=[(THEIRS, None)], account_domain=None, our_people=[OURS], our_domains=[])
    roles = assign_roles([speaker for speaker, _ in said], book)
    turns = [Utterance(n, who, text, who == THEIRS) for n, (who, text) in enumerate(said, start=1)]
    call = CallRecord(1, 1, "renewal check-in", datetime(2026, 12, 1, 15, tzinfo=UTC), turns, roles)
    labeller = services.sentence_labeller if classifier else None
    structured, _ = build_structured(call, "", services.sentence_model, labeller)
    return structured


def test_a_risk_only_the_classifier_reads_is_a_cited_warning_sign(services: Services) -> None:
    structured = _structured(services)
    risks = [(r.get("kind"), r["utterances"]) for r in structured["risks"]]
    assert risks == [("warning_sign", [2])]
    body, _ = render_body(structured)
    assert "(warning sign) [u2]" in body


def test_without_the_classifier_the_words_alone_find_no_risk(services: Services) -> None:
    assert _structured(services, classifier=False)["risks"] == []


FAREWELL = [
    (THEIRS, "Friday is my last day here, so this is our last call."),
    (OURS, "Congratulations! We'll miss you."),
    (THEIRS, "And we'll need a written incident report."),
    (OURS, "I'll send the written incident report to you by Friday."),
]


def test_a_real_promise_stays_beside_the_classifiers_veto(services: Services) -> None:
    items = _structured(services, FAREWELL)["action_items"]
    assert [4] in [item["utterances"] for item in items]


# The sixteenth round's classifier reads "We'll miss you." as a commitment (0.86): a feeling or a need
# after "we'll" is no promise by the words already (call_items._NO_ACTION).
def test_a_farewell_and_a_need_are_no_promise(services: Services) -> None:
    items = _structured(services, FAREWELL)["action_items"]
    assert [item["utterances"] for item in items] == [[4]]
