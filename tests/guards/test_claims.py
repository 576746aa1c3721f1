"""extract_claims: one test group per claim kind, with exact spans and negatives."""

from __future__ import annotations

import pytest

from copilot.guards.grounding import Claim, extract_claims


def _kinds(text: str, kind: str, known: tuple[str, ...] = ()) -> list[str]:
    claims = extract_claims(text, known)
    for c in claims:
        assert text[c.start : c.end] == c.text
    return [c.text for c in claims if c.kind == kind]


def test_every_span_is_exact_and_ordered() -> None:
    text = (
        "Hi Jane,\n\nAs we discussed last week, the Enterprise plan costs $36,500 per year "
        "for 250 seats [2]. "
        "It renews on 31 March 2027 with a 15% discount, and I will send the revised order form by Friday.\n"
    )
    claims = extract_claims(text, ["Jane Doe"])
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert {c.kind for c in claims} == {
        "person", "meeting_reference", "product", "money", "number", "date", "percent", "commitment"
    }  # fmt: skip
    assert all(text[c.start : c.end] == c.text for c in claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The quote is $36,500 per year.", ["$36,500"]),
        ("Das Angebot: 48.000 € pro Jahr.", ["48.000 €"]),
        ("We can do USD 36.5k.", ["USD 36.5k"]),
        ("We have 250 seats.", []),
    ],
)
def test_money(text: str, expected: list[str]) -> None:
    assert _kinds(text, "money") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We added 250 seats and 3 admins.", ["250", "3"]),
        ("See [2] and [1, 3] for details.", []),
        ("As noted in [12], it works (see record 4).", []),
        ("Record 3 and [RECORD 5] say so.", []),
        ("1. Review the quote\n2. Sign it", []),
        ("Let's talk at 10:30 or 3pm.", []),
        ("Call +1 617 555 0142 or visit https://x.example/2024/5.", []),
        ("Our Q3 review and the INV-24567 invoice.", []),
    ],
)
def test_number(text: str, expected: list[str]) -> None:
    assert _kinds(text, "number") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("A 15% discount.", ["15%"]), ("15 percent off.", ["15 percent"]), ("Fifteen percent off.", [])],
)
def test_percent(text: str, expected: list[str]) -> None:
    assert _kinds(text, "percent") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It renews on 31 March 2027.", ["31 March 2027"]),
        ("Available by June.", ["June"]),
        ("We may need more time.", []),
        ("Talk to you on Tuesday.", []),
    ],
)
def test_date(text: str, expected: list[str]) -> None:
    assert _kinds(text, "date") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Jane,\nthanks for the note.", ["Jane"]),
        ("Dear Ms. Smith, thank you.", ["Smith"]),
        ("Herr Weber hat angerufen.", ["Herr Weber"]),
        ("I spoke with Tom Becker yesterday.", ["Tom Becker"]),
        ("Priya Nair from our team confirmed it.", ["Priya Nair"]),
        ("Thanks for your patience.", []),
        ("Best regards,\nSenior Account Executive", []),
    ],
)
def test_person(text: str, expected: list[str]) -> None:
    assert _kinds(text, "person") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Northwind Pipelines now syncs hourly.", ["Northwind Pipelines"]),
        ("The Snowflake connector is live.", ["Snowflake connector"]),
        ("Try the Forecasting module.", ["Forecasting module"]),
        ("The 'Smart Sync' feature helps.", ["'Smart Sync' feature"]),
        ("Das Modul Prognose ist fertig.", ["Modul Prognose"]),
        ("The export feature is slow.", []),
        ("Thank You For Your Business Today", []),
        ("Kind Regards", []),
    ],
)
def test_product(text: str, expected: list[str]) -> None:
    assert _kinds(text, "product") == expected


def test_german_nouns_are_not_products() -> None:
    text = (
        "Sehr geehrte Frau Müller, vielen Dank für Ihre Nachricht. "
        "Die Lieferung Erfolgt Morgen und wir sind froh."
    )
    assert _kinds(text, "product") == []
    assert _kinds(text, "person") == ["Müller"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will send the revised order form by Friday.", ["I will send the revised order form by Friday"]),
        ("We can offer the Enterprise plan at $36,500 [2].", ["We can offer the Enterprise plan at $36,500"]),
        ("SSO will be available to your team in May.", ["will be available to your team in May"]),
        (
            "Wir werden das Angebot bis 31. März 2027 anpassen.",
            ["Wir werden das Angebot bis 31. März 2027 anpassen"],
        ),
        ("I'll follow up next week.", []),
        ("We will keep you posted.", []),
    ],
)
def test_commitment(text: str, expected: list[str]) -> None:
    assert _kinds(text, "commitment") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As we discussed last week, here is the plan.", ["As we discussed last week"]),
        ("As promised on our call, here it is.", ["As promised on our call"]),
        ("Following our meeting on Tuesday, I attach the deck.", ["Following our meeting on Tuesday"]),
        ("As agreed, the price stays.", ["As agreed"]),
        ("Thanks for yesterday's call!", ["yesterday's call"]),
        ("Wie besprochen sende ich das Angebot.", ["Wie besprochen"]),
        ("Comme convenu, voici le devis.", ["Comme convenu"]),
        ("Como acordamos ayer, adjunto el contrato.", ["Como acordamos ayer"]),
        ("See you at our meeting next week.", []),
        ("As discussed below, the plan has two parts.", []),
        ("We look forward to meeting you.", []),
    ],
)
def test_meeting_reference(text: str, expected: list[str]) -> None:
    assert _kinds(text, "meeting_reference") == expected


def test_meeting_reference_carries_channel_and_window() -> None:
    (claim,) = [
        c
        for c in extract_claims("Following our call on Tuesday, here it is.")
        if c.kind == "meeting_reference"
    ]
    assert isinstance(claim, Claim)
    assert claim.reference is not None
    assert claim.reference.channel == "call"
    assert claim.reference.window is not None and claim.reference.window.weekday == 1
