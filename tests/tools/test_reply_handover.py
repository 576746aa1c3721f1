"""Requests for things we can hand over: named in the customer's words, answered with a flagged promise."""

from __future__ import annotations

import time
from datetime import date

import pytest

from copilot.retrieval.context import GroundedContext
from copilot.tools.draft_types import Audience
from copilot.tools.reply import Answer, questions_in
from copilot.tools.reply_handover import asks_for_handover, asks_who_helps_with_that, handed_over
from copilot.tools.reply_letter import reply_lines

ACME = (
    "Good morning Bob,\n\nI have a question for you. Procurement needs a few documents for the renewal, "
    "including your latest security certificate and the standard contract. Who on your side can help with "
    "that?\n\nOur contract with you renews on March 11, 2027, so we need the paperwork well before then.\n\n"
    "Let me know what you need from our side."
)
NORDLICHT = (
    "Sehr geehrter Herr Larsen,\n\nich hoffe, es geht Ihnen gut. Unser Einkauf benötigt für die Verlängerung "
    "einige Unterlagen, unter anderem Ihr aktuelles Sicherheitszertifikat und den Standardvertrag.\n\n"
    "Unser Vertrag mit Ihnen verlängert sich zum 23.08.2027, daher benötigen wir das Angebot rechtzeitig.\n\n"
    "Ich freue mich auf Ihre Antwort."
)
# A Thursday: two working days later is Monday.
THURSDAY = date(2026, 12, 3)


def _lines(text: str, language: str, asked_by: date | None = None) -> tuple[list[str], list[str], list[str]]:
    answers = [Answer(q, None) for q in questions_in(text)]
    audience = Audience(1, "Greta Brandt", language, "neutral", "Bob")
    got = reply_lines(answers, GroundedContext(1, "", [], 0), audience, THURSDAY, asked_by)
    return [line.text for line in got.lines], got.deferrals, got.sends


@pytest.mark.parametrize(
    ("request_text", "language", "things"),
    [
        (
            "Procurement needs a few documents for the renewal, including your latest security certificate "
            "and the standard contract.",
            "en",
            "our latest security certificate and the standard contract",
        ),
        (
            "Could you send an updated quote that reflects our current number of seats?",
            "en",
            "an updated quote",
        ),
        (
            "Can you send us a list of the supported connectors, so we can plan?",
            "en",
            "a list of the supported connectors",
        ),
        (
            "Unser Einkauf benötigt für die Verlängerung einige Unterlagen, unter anderem Ihr aktuelles "
            "Sicherheitszertifikat und den Standardvertrag.",
            "de",
            "unser aktuelles Sicherheitszertifikat und den Standardvertrag",
        ),
        ("Könnten Sie uns die Aufzeichnung des Workshops schicken?", "de", "die Aufzeichnung des Workshops"),
        (
            "Notre service achats a besoin de quelques documents pour le renouvellement, notamment votre "
            "certificat de sécurité.",
            "fr",
            "notre certificat de sécurité",
        ),
        ("Pourriez-vous nous envoyer le devis mis à jour ?", "fr", "le devis mis à jour"),
        ("¿Podrían enviarnos el contrato estándar?", "es", "el contrato estándar"),
        (
            "Nuestro departamento financiero está preparando el presupuesto del próximo año y necesita una "
            "propuesta actualizada.",
            "es",
            "una propuesta actualizada",
        ),
        ("Potreste inviarci il vostro certificato di sicurezza?", "it", "il nostro certificato di sicurezza"),
        ("Kunt u ons de offerte sturen?", "nl", "de offerte"),
        # Where swapping the possessive needs the noun's gender or article, the things are named neutrally.
        ("¿Podrían enviarnos su certificado de seguridad?", "es", "lo que nos ha pedido"),
        ("Kunt u ons uw certificaat sturen?", "nl", "het gevraagde"),
        (
            "Wir brauchen eine Kopie von dem Vertrag mit Ihrer Unterschrift.",
            "de",
            "eine Kopie von dem Vertrag",
        ),
        ("Wir brauchen Ihrem Team zufolge den Vertrag.", "de", "den Vertrag"),
        ("Could you give us access to the sandbox?", "en", "what you asked for"),
    ],
)
def test_the_things_asked_for_are_named_in_the_customers_words(
    request_text: str, language: str, things: str
) -> None:
    assert asks_for_handover(request_text)
    assert handed_over(request_text, language) == things


def test_only_a_request_for_something_we_hold_is_a_hand_over() -> None:
    # "contract" comes before "need": the paperwork is asked for, not a contract.
    assert not asks_for_handover("Our contract with you renews on March 11, 2027, so we need the paperwork.")
    assert not asks_for_handover("Is the standard contract still valid?")
    assert not asks_for_handover("How often does the Snowflake connector refresh?")
    # Words that merely begin like a request verb ("server", "environment") ask for nothing.
    assert not asks_for_handover(
        "We moved the server list to a new environment and the contract is unchanged."
    )


def test_a_request_for_documents_is_answered_with_a_promise_to_send_them() -> None:
    """It was "As for your first question, I don't have the details to hand yet … The same goes for your
    second question": the customer could not tell which, and we hold those documents."""
    lines, deferrals, sends = _lines(ACME, "en")
    assert lines == [
        "I can help with that: I will send you our latest security certificate and the standard contract "
        "by Monday."
    ]
    assert sends == lines and deferrals == []


def test_a_german_request_is_promised_in_german_with_our_possessive() -> None:
    lines, deferrals, sends = _lines(NORDLICHT, "de")
    assert lines == [
        "Gerne schicke ich Ihnen unser aktuelles Sicherheitszertifikat und den Standardvertrag sowie das "
        "Angebot bis Montag."
    ]
    assert sends == lines and deferrals == []


def test_the_promise_keeps_the_customers_sooner_day_and_other_questions_are_still_deferred() -> None:
    text = "Could you send us the signed contract? When will the Salesforce connector be available?"
    lines, deferrals, sends = _lines(text, "en", asked_by=date(2026, 12, 4))
    assert sends == ["I will send you the signed contract by Friday."]
    assert deferrals == [
        "As for when the Salesforce connector will be available, I don't have the details to hand yet; I am "
        "checking with our team and will come back to you by Friday."
    ]
    assert lines == sends + deferrals


@pytest.mark.parametrize(
    ("text", "language", "promise"),
    [
        (
            "Pourriez-vous nous envoyer le devis mis à jour ?",
            "fr",
            "Je vous envoie le devis mis à jour d'ici lundi.",
        ),
        ("¿Podrían enviarnos el contrato estándar?", "es", "Le envío el contrato estándar antes del lunes."),
        ("Potreste inviarci il vostro preventivo?", "it", "Vi invio il nostro preventivo entro lunedì."),
        ("Kunt u ons de offerte sturen?", "nl", "Ik stuur u de offerte uiterlijk maandag."),
    ],
)
def test_each_language_promises_in_its_own_words(text: str, language: str, promise: str) -> None:
    assert _lines(text, language)[0] == [promise]


def test_a_long_message_of_repeated_words_is_read_in_linear_time() -> None:
    """The customer's message is attacker-controlled text: "help help … ?" once took a minute to read,
    one pattern retrying the rest of the text from every "help"."""
    started = time.perf_counter()
    for text in ("help " * 20_000 + "?", "Who on your side can " * 5_000 + "?", "we need the " * 10_000):
        asks_who_helps_with_that(text)
        asks_for_handover(text)
        handed_over(text, "en")
        questions_in(text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "sentence",
    [
        "We want to give read-only access to a couple of regional leads.",
        "We will send the list of users tomorrow.",
        "I shared the contract with our legal team last week.",
    ],
)
def test_a_statement_of_what_the_customer_gives_is_no_request(sentence: str) -> None:
    """The reply eval's letter deferred "a short guide on sharing dashboards" and then also promised
    "I will send you what you asked for by Tuesday": the customer's "We want to give read-only access"
    was read as asking us for access."""
    assert not asks_for_handover(sentence)


@pytest.mark.parametrize(
    ("message", "language", "promise"),
    [
        (
            "Unser Einkauf bittet um ein aktualisiertes Angebot. "
            "Bitte berücksichtigen Sie dabei die aktuelle Anzahl der Nutzer.",
            "de",
            "Gerne schicke ich Ihnen ein aktualisiertes Angebot bis Montag "
            "und berücksichtige dabei Ihren Hinweis.",
        ),
        (
            "Finance needs an updated quote. Please take into account our current number of users.",
            "en",
            "I will send you an updated quote by Monday, with your note taken into account.",
        ),
    ],
)
def test_a_note_on_how_to_make_it_is_kept_by_the_promise_not_deferred(
    message: str, language: str, promise: str
) -> None:
    lines, deferrals, sends = _lines(message, language)
    assert lines == [promise] and sends == [promise]
    assert deferrals == []  # no "Zu Ihrer zweiten Frage …"


def test_a_real_question_after_the_request_is_still_answered_on_its_own() -> None:
    lines, deferrals, _ = _lines("Finance needs an updated quote. Can you include the SSO add-on?", "en")
    assert len(lines) == 2 and len(deferrals) == 1
