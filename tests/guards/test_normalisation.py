"""Number, money, percent and date normalisation behind the grounding verifier."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilot.guards.dates import dates_compatible, iter_dates
from copilot.guards.grounding import SourceText, verify
from copilot.guards.numbers import iter_money, iter_percent, number_values


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("36500", {"36500"}),
        ("36,500", {"36500", "36.5"}),
        ("36.500", {"36500", "36.5"}),
        ("1.234.567", {"1234567"}),
        ("48.000,50", {"48000.5"}),
        ("48,000.50", {"48000.5"}),
        ("1,5", {"1.5"}),
        ("36\u202f500", {"36500"}),
        ("12'500", {"12500"}),
    ],
)
def test_number_values_cover_every_reading(raw: str, expected: set[str]) -> None:
    assert number_values(raw) == {Decimal(v) for v in expected}


@pytest.mark.parametrize(
    ("text", "span", "currency", "value"),
    [
        ("costs $36,500 a year", "$36,500", "USD", 36500),
        ("costs 36500 USD a year", "36500 USD", "USD", 36500),
        ("costs USD 36.5k a year", "USD 36.5k", "USD", 36500),
        ("kostet 48.000 € pro Jahr", "48.000 €", "EUR", 48000),
        ("coûte 48 000 EUR par an", "48 000 EUR", "EUR", 48000),
        ("a budget of EUR 1.2 million", "EUR 1.2 million", "EUR", 1200000),
        ("about 300 euros", "300 euros", "EUR", 300),
        ("£2,099.00 charged", "£2,099.00", "GBP", 2099),
    ],
)
def test_money_spans_and_values(text: str, span: str, currency: str, value: int) -> None:
    (found,) = list(iter_money(text))
    assert text[found.start : found.end] == span
    assert found.currency == currency
    assert Decimal(value) in found.values


def test_plain_numbers_are_not_money() -> None:
    assert list(iter_money("we have 250 seats and 3 admins")) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [("a 15% discount", "15%"), ("15 percent off", "15 percent"), ("15,5 Prozent", "15,5 Prozent")],
)
def test_percent_forms(text: str, span: str) -> None:
    (found,) = list(iter_percent(text))
    assert text[found.start : found.end] == span


@pytest.mark.parametrize(
    ("text", "span", "key"),
    [
        ("renews on 31 March 2027.", "31 March 2027", (2027, 3, 31)),
        ("renews on 2027-03-31", "2027-03-31", (2027, 3, 31)),
        ("renews on March 31st", "March 31st", (None, 3, 31)),
        ("renews on March 31, 2027", "March 31, 2027", (2027, 3, 31)),
        ("verlängert sich zum 31.03.2027", "31.03.2027", (2027, 3, 31)),
        ("gilt bis 31. März 2027.", "31. März 2027", (2027, 3, 31)),
        ("expire le 1er avril 2027", "1er avril 2027", (2027, 4, 1)),
        ("vence el 31 de marzo de 2027", "31 de marzo de 2027", (2027, 3, 31)),
        ("se renouvelle le 31/03/2027", "31/03/2027", (2027, 3, 31)),
        ("ships by June.", "June", (None, 6, None)),
        ("live in 2027 at the latest", "2027", (2027, None, None)),
        ("due the 31st of March", "31st of March", (None, 3, 31)),
    ],
)
def test_date_forms(text: str, span: str, key: tuple[int | None, int | None, int | None]) -> None:
    (found,) = list(iter_dates(text))
    assert text[found.start : found.end] == span
    assert key in found.keys


def test_ambiguous_slash_date_keeps_both_readings() -> None:
    (found,) = list(iter_dates("on 03/04/2027"))
    assert found.keys == {(2027, 3, 4), (2027, 4, 3)}


@pytest.mark.parametrize("text", ["we may 5 times", "2 years ago", "let us march on", "for 2000 users"])
def test_words_that_look_like_dates_are_not_dates(text: str) -> None:
    assert list(iter_dates(text)) == []


def test_partial_dates_match_where_both_are_known() -> None:
    assert dates_compatible((None, 3, 31), (2027, 3, 31))
    assert dates_compatible((2027, 3, None), (2027, 3, 31))
    assert not dates_compatible((None, 3, 30), (2027, 3, 31))
    assert not dates_compatible((2026, 3, 31), (2027, 3, 31))


_STYLES = (
    lambda n: f"${n:,}",
    lambda n: f"{n} USD",
    lambda n: f"USD {n:,}".replace(",", "\u202f"),
    lambda n: f"US$ {n:,}",
)


@given(amount=st.integers(min_value=1, max_value=10_000_000), a=st.integers(0, 3), b=st.integers(0, 3))
@settings(max_examples=200, deadline=None)
def test_any_two_money_styles_agree(amount: int, a: int, b: int) -> None:
    record = SourceText(1, f"Quoted {_STYLES[a](amount)} per year.")
    assert verify(f"The price is {_STYLES[b](amount)}.", [record]).unsupported == []
    other = SourceText(1, f"Quoted {_STYLES[a](amount + 7)} per year.")
    assert len(verify(f"The price is {_STYLES[b](amount)}.", [other]).unsupported) == 1
