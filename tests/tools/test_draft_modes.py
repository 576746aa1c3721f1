"""Both drafting modes with a scripted model: a letter without markers, its evidence beside it."""

from __future__ import annotations

import json

import pytest

from copilot.container import Services
from copilot.evidence import has_markers
from copilot.llm.fakes import FakeChatModel
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from tests.support.records import Note, seed_account
from tests.support.worlds import scripted_model

RENEWAL = "Our renewal on 31 March 2027 is at EUR 48,000 per year."


@pytest.fixture
def fake_model(services: Services) -> FakeChatModel:
    model = scripted_model(services)
    return model


def _account(services: Services, *notes: Note) -> int:
    account_id, _, _ = seed_account(
        services, "C-9", "Acme Logistics", list(notes), contact=("Greta Brandt", "greta@acme.example")
    )
    return account_id


def _draft(services: Services, account_id: int, purpose: str):  # type: ignore[no-untyped-def]
    return generate_email(services, request_email(services, EmailRequest(account_id, purpose)).id)


def _compact(subject: str, opening: str, next_step: str = "Could we talk next week?") -> str:
    return json.dumps({"subject": subject, "opening": opening, "next_step": next_step})


def _full(body: str, subject: str = "Your renewal") -> str:
    return json.dumps({"subject": subject, "body": body})


def _full_mode(services: Services) -> None:
    services.settings = services.settings.model_copy(update={"draft_mode": "full"})


def test_compact_letter_restates_facts_and_keeps_evidence_beside_the_text(
    services: Services, fake_model: FakeChatModel
) -> None:
    account_id = _account(services, Note(RENEWAL, subject="Renewal"))
    fake_model.queue(_compact("Your renewal", "I am writing about your renewal [1]."))
    draft = _draft(services, account_id, "follow up on the renewal")
    body = draft.body or ""
    restated = "You told us that your renewal on 31 March 2027 is at EUR 48,000 per year."
    assert body == (
        f"Hello Greta,\n\nI am writing about your renewal.\n\n{restated}\n\n"
        "Could we talk next week?\n\nBest regards,\nYour account team"
    )
    assert not has_markers(body) and not has_markers(draft.subject or "")
    spans = {body[c["start"] : c["end"]]: c["n"] for c in draft.body_citations}
    assert spans == {"I am writing about your renewal.": [1], restated: [1]}
    assert [c["used"] for c in draft.citations] == [True]
    assert draft.timings["draft_mode"] == "compact"
    assert "no_substance" not in {f["type"] for f in draft.flags}
    with services.sessions() as session:
        from copilot.db.models import Revision

        revision = session.query(Revision).filter_by(draft_id=draft.id).one()
        assert revision.body_citations == draft.body_citations


def test_compact_leaves_out_a_fact_no_rule_can_restate(services: Services, fake_model: FakeChatModel) -> None:
    # An unlabelled call line with a pronoun: whose words it is cannot be told, so it is never pasted.
    call = Note("I will send the signed order form by 12 March 2027.", subject="Call", kind="call")
    account_id = _account(services, call)
    fake_model.queue(_compact("Order form", "I am writing about the order form."))
    draft = _draft(services, account_id, "follow up on the order form")
    assert "12 March 2027" not in (draft.body or "") and not draft.body_citations
    assert draft.timings["facts_left_out"][0]["text"].startswith("I will send the signed order form")
    # It rests on no quoted record but promises the order form: that is substance, not an empty letter.
    assert "no_substance" not in {f["type"] for f in draft.flags}


def test_off_purpose_opening_is_regenerated_once_then_replaced_and_flagged(
    services: Services, fake_model: FakeChatModel
) -> None:
    account_id = _account(services, Note("Please send the updated payment instructions for the invoice."))
    off = _compact("Product demo", "I am writing to confirm the date of our upcoming product demo.")
    fake_model.queue(off, off)
    draft = _draft(services, account_id, "Send the customer the updated payment instructions")
    body = draft.body or ""
    assert len(fake_model.history) == 2
    assert "did not address the purpose" in fake_model.history[1][-1].text
    assert "product demo" not in body.lower() and "product demo" not in (draft.subject or "").lower()
    assert "I am writing to send you the updated payment instructions." in body
    flag = next(f for f in draft.flags if f["type"] == "off_purpose")
    assert (
        body[flag["span"][0] : flag["span"][1]]
        == "I am writing to send you the updated payment instructions."
    )


def test_full_mode_moves_markers_into_structured_citations(
    services: Services, fake_model: FakeChatModel
) -> None:
    _full_mode(services)
    account_id = _account(services, Note(RENEWAL, subject="Renewal"))
    sentence = "Your renewal on 31 March 2027 is at EUR 48,000 per year."
    fake_model.queue(
        _full(
            "Dear Greta,\n\nThanks for your note on the renewal. "
            f"{sentence[:-1]} [1] (2026-09-01).\n\nShall we confirm it on a short call next week?\n\n"
            "Best regards,\nSam"
        )
    )
    draft = _draft(services, account_id, "follow up on the renewal")
    body = draft.body or ""
    assert body == (
        f"Hello Greta,\n\nThanks for your note on the renewal. {sentence}\n\n"
        "Shall we confirm it on a short call next week?\n\nBest regards,\nYour account team"
    )
    assert [(body[c["start"] : c["end"]], c["n"]) for c in draft.body_citations] == [(sentence, [1])]
    assert not [f for f in draft.flags if f["type"] == "unsupported_claim"]
    assert draft.prompt_name == "draft_email_full" and draft.timings["draft_mode"] == "full"
    prompt = "\n".join(m.text for m in fake_model.last_prompt)
    assert "<<RECORD 1" in prompt and "EUR 48,000" in prompt and "[n]" not in body


def test_full_mode_flags_an_invented_price_after_one_regeneration(
    services: Services, fake_model: FakeChatModel
) -> None:
    _full_mode(services)
    account_id = _account(services, Note(RENEWAL, subject="Renewal"))
    invented = _full("About your renewal: we can offer it at EUR 39,900 per year [1].\n\nCan we talk Monday?")
    fake_model.queue(invented, invented)
    draft = _draft(services, account_id, "follow up on the renewal")
    body = draft.body or ""
    flagged = [body[f["span"][0] : f["span"][1]] for f in draft.flags if f["type"] == "unsupported_claim"]
    assert any("39,900" in s for s in flagged)
    assert len(fake_model.history) == 2 and "39,900" in fake_model.history[1][-1].text
    assert not has_markers(body)


def test_a_stand_in_subject_does_not_vouch_for_an_off_purpose_opening(
    services: Services, fake_model: FakeChatModel
) -> None:
    account_id = _account(services, Note(RENEWAL, subject="Renewal"))
    parrot = _compact("FACTS", "I am writing to confirm the date of our product demo.")
    fake_model.queue(parrot, parrot)
    draft = _draft(services, account_id, "follow up on the renewal")
    assert "product demo" not in (draft.body or "")
    assert "I am writing to follow up on the renewal." in (draft.body or "")
    assert any(f["type"] == "off_purpose" for f in draft.flags)


def test_full_mode_off_purpose_letter_is_regenerated_once_then_given_an_opening_and_flagged(
    services: Services, fake_model: FakeChatModel
) -> None:
    _full_mode(services)
    account_id = _account(services, Note("Please send the updated payment instructions for the invoice."))
    off = _full("I am writing to confirm the date of our upcoming product demo.", subject="Product demo")
    fake_model.queue(off, off)
    draft = _draft(services, account_id, "Send the customer the updated payment instructions")
    body = draft.body or ""
    assert len(fake_model.history) == 2
    assert "did not address the purpose" in fake_model.history[1][-1].text
    opening = "I am writing to send you the updated payment instructions."
    assert body.startswith(f"Hello Greta,\n\n{opening}\n\nI am writing to confirm the date")
    assert "product demo" not in (draft.subject or "").lower()
    flag = next(f for f in draft.flags if f["type"] == "off_purpose")
    assert body[flag["span"][0] : flag["span"][1]] == opening
    assert draft.timings["template_fields"] == ["subject", "opening"]
