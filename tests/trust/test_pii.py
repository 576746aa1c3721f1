"""PII masking: each kind is found, ordinary business text is left alone, and values round-trip."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import AuditEvent
from copilot.guards.pii import PiiMasker, find_pii, iban_valid, luhn_valid
from copilot.llm.fakes import FakeChatModel
from copilot.prompting import load_prompt
from copilot.tools.modelcall import audited_call

FOUND = [
    ("EMAIL", "Write to jane.doe+crm@acme-corp.example.com today.", "jane.doe+crm@acme-corp.example.com"),
    ("EMAIL", "Schreiben Sie an jürgen.köhler@müller-bau.de bitte.", "jürgen.köhler@müller-bau.de"),
    ("EMAIL", "Contact: josé@correos-españa.es.", "josé@correos-españa.es"),
    ("EMAIL", "请发送到 用户@例子.广告 谢谢", "用户@例子.广告"),
    ("EMAIL", "почта: иван@пример.рф", "иван@пример.рф"),
    ("EMAIL", "punycode: info@xn--mller-kva.xn--p1ai", "info@xn--mller-kva.xn--p1ai"),
    ("EMAIL", "全角の点: taro@例え。日本", "taro@例え。日本"),
    ("PHONE", "Call me on +49 30 1234 5678 tomorrow.", "+49 30 1234 5678"),
    ("PHONE", "Our desk: (555) 123-4567.", "(555) 123-4567"),
    ("PHONE", "Ruf an: 030 12345678 bitte.", "030 12345678"),
    ("PHONE", "Teléfono: 612 345 678", "612 345 678"),
    ("PHONE", "Tél. 01 42 68 53 00 le matin", "01 42 68 53 00"),
    ("CARD", "Card 4111 1111 1111 1111 on file.", "4111 1111 1111 1111"),
    ("CARD", "charged to 5500-0000-0000-0004 yesterday", "5500-0000-0000-0004"),
    ("IBAN", "IBAN: DE89 3704 0044 0532 0130 00 for the refund", "DE89 3704 0044 0532 0130 00"),
    ("IBAN", "virement sur FR1420041010050500013M02606 svp", "FR1420041010050500013M02606"),
    ("ACCOUNT", "account number 12345678, thanks", "12345678"),
    ("ACCOUNT", "Kontonummer: 0532013000", "0532013000"),
    ("ADDRESS", "Ship to 221B Baker Street, please.", "221B Baker Street"),
    ("ADDRESS", "Adresse: Hauptstraße 12, 10115 Berlin", "Hauptstraße 12, 10115 Berlin"),
    ("ADDRESS", "Wir sitzen in der Karl-Marx-Allee 90a.", "Karl-Marx-Allee 90a"),
    ("ADDRESS", "au 12 rue de la Paix, 75002 Paris", "12 rue de la Paix, 75002 Paris"),
    ("ADDRESS", "en Calle de Alcalá 45, 28014 Madrid", "Calle de Alcalá 45, 28014 Madrid"),
]

BENIGN = [
    "Our renewal on 2027-03-31 is at EUR 48,000 per year for 1,200 seats.",
    "Version 3.2.1 shipped on 01.09.2026; ticket 4711 is closed.",
    "The quote is 12500 EUR, valid until 31/12/2026, order PO-2026-0042.",
    "Nous avons 250 utilisateurs et 3 sites.",
]


@pytest.mark.parametrize(("kind", "text", "value"), FOUND)
def test_each_kind_is_found_and_masked(kind: str, text: str, value: str) -> None:
    spans = find_pii(text)
    assert [(s.kind, s.value) for s in spans] == [(kind, value)]
    masker = PiiMasker()
    masked = masker.mask(text)
    assert value not in masked and f"⟦{kind}_1⟧" in masked
    assert masker.unmask(masked) == text


@pytest.mark.parametrize("text", BENIGN)
def test_business_numbers_and_dates_are_not_pii(text: str) -> None:
    assert find_pii(text) == []


def test_checksums_reject_near_misses() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("DE89 3704 0044 0532 0130 00") and not iban_valid("DE88 3704 0044 0532 0130 00")
    assert find_pii("ref 4111 1111 1111 1112 only") == []


def test_same_value_gets_the_same_placeholder_and_restores_everywhere() -> None:
    masker = PiiMasker()
    first = masker.mask("Mail a@b.example or c@d.example, again a@b.example.")
    assert first == "Mail ⟦EMAIL_1⟧ or ⟦EMAIL_2⟧, again ⟦EMAIL_1⟧."
    assert masker.mask("cc a@b.example") == "cc ⟦EMAIL_1⟧"
    assert masker.masked_count == 2 and masker.counts_by_kind() == {"EMAIL": 2}
    # Models sometimes swap the brackets; unknown placeholders stay as they are.
    assert masker.unmask("to [EMAIL_2] and ⟦EMAIL_1⟧, not ⟦EMAIL_9⟧") == (
        "to c@d.example and a@b.example, not ⟦EMAIL_9⟧"
    )
    assert masker.unmask_data({"a": ["⟦EMAIL_1⟧", 3], "b": None}) == {"a": ["a@b.example", 3], "b": None}


class _Reply(BaseModel):
    subject: str
    opening: str
    next_step: str


def _call(services: Services, model: FakeChatModel, *, mask: bool) -> _Reply:
    return audited_call(
        sessions=services.sessions,
        model=model,
        prompt=load_prompt("draft_email"),
        variables={
            "our_company": "Northwind",
            "language_name": "English",
            "formality": "neutral",
            "facts": "Reach greta@acme.example or +44 20 7946 0958; IBAN GB82 WEST 1234 5698 7654 32.",
            "contact_first": "Greta",
            "purpose": "confirm the bank details",
            "instructions": "",
        },
        schema=_Reply,
        account_id=None,
        draft_id=None,
        retrieved_ids=[],
        mask_pii=mask,
    ).parsed


def test_audited_call_masks_the_prompt_restores_the_result_and_audits_the_count(services: Services) -> None:
    reply = json.dumps(
        {"subject": "Bank details", "opening": "We have ⟦IBAN_1⟧.", "next_step": "Mail ⟦EMAIL_1⟧"}
    )
    model = FakeChatModel().queue(reply)
    parsed = _call(services, model, mask=True)
    sent = "\n".join(m.text for m in model.last_prompt)
    for raw in ("greta@acme.example", "+44 20 7946 0958", "GB82 WEST 1234 5698 7654 32"):
        assert raw not in sent
    assert "⟦EMAIL_1⟧" in sent and "⟦PHONE_1⟧" in sent and "⟦IBAN_1⟧" in sent
    assert (
        parsed.opening == "We have GB82 WEST 1234 5698 7654 32."
        and parsed.next_step == "Mail greta@acme.example"
    )
    with services.sessions() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.event == "llm.call")).one()
    assert event.data["pii_masked"] == 3
    assert "greta@acme.example" not in json.dumps(event.data)


def test_without_masking_the_prompt_is_sent_as_is(services: Services) -> None:
    model = FakeChatModel().queue(json.dumps({"subject": "s", "opening": "o", "next_step": "n"}))
    _call(services, model, mask=False)
    assert "greta@acme.example" in "\n".join(m.text for m in model.last_prompt)
