"""English record lines in a French, Spanish or German letter: restated in its language, values kept."""

from __future__ import annotations

import pytest

from copilot.tools.rephrase import in_signer_voice, keeps_facts, rephrase_checked, without_repeated_lead


@pytest.mark.parametrize(
    ("source", "side", "language", "expected"),
    [
        (
            "Action item for me: I will send the revised order form by 12 March 2027.",
            "ours",
            "fr",
            "Pour rappel : de notre côté, l'action suivante est prévue d'ici le 12 mars 2027 : "
            "« send the revised order form ».",
        ),
        (
            "Leave that with me, I will confirm the final seat count by 2 April 2027.",
            "customer",
            "es",
            "Como referencia: por su parte está prevista la siguiente acción a más tardar el 2 de abril "
            "de 2027: «confirm the final seat count».",
        ),
        (
            "I can promise you that scheduled PDF exports for every dashboard will be live for your team "
            "by March 2027.",
            "ours",
            "fr",
            "Pour rappel : nous nous sommes engagés à mettre à votre disposition « scheduled PDF exports for "
            "every dashboard » d'ici mars 2027.",
        ),
        (
            "Our product team signed off, so SCIM user provisioning ships to your workspace in June 2027.",
            "ours",
            "de",
            "Zur Erinnerung: Wir haben zugesagt, „SCIM user provisioning“ im Juni 2027 bereitzustellen.",
        ),
        (
            "Roadmap commitment: a Databricks connector by June 2027.",
            "ours",
            "es",
            "Como referencia: esto está previsto para junio de 2027: «a Databricks connector».",
        ),
        (
            "Action item for me: I will send the revised order form by 12 March 2027.",
            "ours",
            "it",
            "Per riepilogare: da parte nostra è prevista la seguente azione entro il 12 marzo 2027: "
            "«send the revised order form».",
        ),
        (
            "Our product team signed off, so SCIM user provisioning ships to your workspace in June 2027.",
            "ours",
            "nl",
            "Ter herinnering: we hebben toegezegd om “SCIM user provisioning” in juni 2027 voor u "
            "beschikbaar te maken.",
        ),
        (
            "Roadmap commitment: a Databricks connector by June 2027.",
            "ours",
            "nl",
            "Ter herinnering: uiterlijk juni 2027 staat het volgende gepland: “a Databricks connector”.",
        ),
    ],
)
def test_english_line_is_restated_in_the_letter_language(
    source: str, side: str, language: str, expected: str
) -> None:
    assert rephrase_checked(source, side, language) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "side"),
    [
        # A condition is no frame to drop: "if legal agrees" would be lost.
        ("If legal agrees, a Databricks connector will be live by June 2027.", "ours"),
        # Whose "I" is unknown (a ticket line): the actor cannot be told, so the line is left out.
        ("I will send the purchase order number by 12 March 2027.", "unknown"),
        # No date to state: nothing value-bearing the rules can restate.
        (
            "Customer complaint from Thierry Mercier: the EU workspace gets twice as slow every afternoon.",
            "unknown",
        ),
        # The customer's "our" inside the quoted action would read as ours.
        ("I will send our purchase order number by 12 March 2027.", "customer"),
    ],
)
def test_lines_the_rules_cannot_restate_are_left_out(source: str, side: str) -> None:
    assert rephrase_checked(source, side, "fr") is None  # type: ignore[arg-type]


def test_an_english_line_without_stopwords_is_never_pasted_with_a_french_lead() -> None:
    """ "a Databricks connector by June 2027" has no English stopword of the old list; it was restated as
    "Pour rappel : a Databricks connector by June 2027."."""
    restated = rephrase_checked("Roadmap: a Databricks connector by June 2027.", "ours", "fr")
    assert restated is not None and "June" not in restated and "juin 2027" in restated


def test_our_signer_named_as_actor_is_my_side_in_every_language() -> None:
    source = "Follow-up: Bob Kowalski will send the draft data processing agreement by 2 April 2027."
    mine_by_language = (
        ("fr", "de mon côté"),
        ("es", "por mi parte"),
        ("de", "Meinerseits"),
        ("it", "da parte mia"),
        ("nl", "van mijn kant"),
    )
    for language, mine in mine_by_language:
        restated = rephrase_checked(source, "ours", language)
        assert restated is not None and "Bob Kowalski" in restated
        voiced = in_signer_voice(restated, "Bob Kowalski", language)
        assert mine in voiced and "Kowalski" not in voiced


def test_a_changed_date_fails_the_span_check() -> None:
    source = "Action item for me: I will send the revised order form by 12 March 2027."
    wrong = (
        "Pour rappel : de notre côté, l'action suivante est prévue d'ici le 13 mars 2027 : "
        "« send the revised order form »."
    )
    assert not keeps_facts(source, wrong, "fr", frozenset({"actio", "item"}))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Zur Erinnerung: Bob Kowalski wird das Angebot bis zum 12.03.2027 senden.",
            "de",
            "Zur Erinnerung: Ich werde das Angebot bis zum 12.03.2027 senden.",
        ),
        (
            "Pour rappel : Bob Kowalski va envoyer le bon de commande.",
            "fr",
            "Pour rappel : je vais envoyer le bon de commande.",
        ),
        (
            "Como referencia: Bob va a enviar la propuesta.",
            "es",
            "Como referencia: Voy a enviar la propuesta.",
        ),
        (
            "Per riepilogare: Bob Kowalski ha inviato il modulo d'ordine.",
            "it",
            "Per riepilogare: ho inviato il modulo d'ordine.",
        ),
        (
            "Ter herinnering: Bob Kowalski zal het bestelformulier sturen.",
            "nl",
            "Ter herinnering: ik zal het bestelformulier sturen.",
        ),
        # Another colleague stays named.
        ("Pour rappel : Emil Larsen va envoyer le bon de commande.", "fr", None),
    ],
)
def test_a_native_line_naming_our_signer_says_i(text: str, language: str, expected: str | None) -> None:
    assert in_signer_voice(text, "Bob Kowalski", language) == (expected or text)


def test_a_second_restated_line_drops_the_recap_lead() -> None:
    lines = [
        rephrase_checked(
            "Action item on our side: I will share the pack by 10 November 2026.", "customer", "es"
        ),
        rephrase_checked(
            "Follow-up: Emil Larsen will send the draft agreement by 30 October 2026.", "ours", "es"
        ),
    ]
    assert None not in lines
    varied = without_repeated_lead([line or "" for line in lines], "es")
    assert varied[0].startswith("Como referencia: por su parte")
    assert varied[1].startswith("Por parte de Emil Larsen está prevista")


@pytest.mark.parametrize(
    ("source", "language", "expected"),
    [
        (
            "Il nostro rinnovo scade il 31 marzo 2027 e il budget è approvato.",
            "it",
            "Ci avete comunicato che il vostro rinnovo scade il 31 marzo 2027 e il budget è approvato.",
        ),
        (
            "Onze verlenging loopt af op 31 maart 2027 en het budget is goedgekeurd.",
            "nl",
            "U schreef ons: uw verlenging loopt af op 31 maart 2027 en het budget is goedgekeurd.",
        ),
        # A first-person verb or "ons" (our or us) cannot be turned without guessing: left out.
        ("Abbiamo bisogno del preventivo entro il 31 marzo 2027.", "it", None),
        ("Wij hebben de offerte nodig voor ons team uiterlijk 31 maart 2027.", "nl", None),
    ],
)
def test_an_italian_or_dutch_customer_sentence_is_told_back_to_them(
    source: str, language: str, expected: str | None
) -> None:
    assert rephrase_checked(source, "customer", language) == expected
