"""Issue 15, from a manager's fourteenth reading of call summaries and account pages (2026-12-07).

A German customer who said "Wenn das bis Mittwoch 17 Uhr nicht behoben ist, zahlen wir die Rechnung
nicht." had no risk on the summary: payment withheld as a lever was in no language's risk words.
"""

from __future__ import annotations

import pytest

from copilot.tools.call_risks import risk_kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Wenn das bis Mittwoch 17 Uhr nicht behoben ist, zahlen wir die Rechnung nicht.",
        "Fix it by Friday or we won't pay the invoice.",
        "Until this works we will withhold payment.",
        "Si ce n'est pas corrigé, nous ne paierons pas la facture.",
        "Si no se arregla, no vamos a pagar la factura.",
    ],
)
def test_withholding_payment_is_an_escalation_in_every_language(sentence: str) -> None:
    found = risk_kind(sentence)
    assert found is not None and found[0] == "escalation"


@pytest.mark.parametrize(
    "sentence",
    [
        "We paid the invoice yesterday.",
        "Die Rechnung haben wir gestern bezahlt.",
        "We won't pay more than last year, so keep the price flat.",
    ],
)
def test_paying_or_haggling_is_no_payment_threat(sentence: str) -> None:
    assert risk_kind(sentence) is None
