"""Compact mode's deterministic rewrites, the fact-keeping check, and stand-in wording per language."""

from __future__ import annotations

import pytest

from copilot.index.fakes import HashingEmbeddings
from copilot.tools.purpose import is_on_purpose, opening_for, purpose_references, subject_for
from copilot.tools.rephrase import keeps_facts, rephrase_checked


@pytest.mark.parametrize(
    ("source", "side", "language", "expected"),
    [
        (
            "Our contract with you renews on March 3, 2027, so we need the paperwork well before then.",
            "customer",
            "en",
            "You told us that your contract with us renews on March 3, 2027, so you need the paperwork "
            "well before then.",
        ),
        (
            "I need to raise a complaint: the renewal quote arrived two weeks after the date you promised.",
            "customer",
            "en",
            "You told us that the renewal quote arrived two weeks after the date we promised.",
        ),
        (
            "For the renewal we can offer the Enterprise plan at $36,500 per year, covering 120 seats.",
            "ours",
            "en",
            "To recap, for the renewal we can offer the Enterprise plan at $36,500 per year, "
            "covering 120 seats.",
        ),
        (
            "Bitte beachten Sie, dass unser Abonnement am 03.04.2027 verlängert wird.",
            "customer",
            "de",
            "Sie hatten uns mitgeteilt, dass Ihr Abonnement am 03.04.2027 verlängert wird.",
        ),
        (
            "Notre contrat arrive à échéance le 03/04/2027 et nous souhaitons préparer le renouvellement.",
            "customer",
            "fr",
            "Vous nous avez indiqué que votre contrat arrive à échéance le 03/04/2027 et vous souhaitez "
            "préparer le renouvellement.",
        ),
        (
            "Les recuerdo que nuestra suscripción se renueva el 03/04/2027.",
            "customer",
            "es",
            "Nos comentaron que su suscripción se renueva el 03/04/2027.",
        ),
    ],
)
def test_facts_are_restated_for_the_reader(source: str, side: str, language: str, expected: str) -> None:
    assert rephrase_checked(source, side, language) == expected  # type: ignore[arg-type]


def test_a_fact_the_rules_cannot_turn_is_left_out() -> None:
    # German first person singular would need the verb changed: left out, never pasted raw.
    assert rephrase_checked("Ich schicke die Bestellung bis zum 12.03.2027.", "customer", "de") is None
    # A sentence in another language than the letter's is left out too.
    assert rephrase_checked("Our renewal is due on 12 March 2027.", "customer", "de") is None
    # Whose words a call line is cannot be told: a sentence with pronouns is left out.
    assert rephrase_checked("I will send the order form by 12 March 2027.", "unknown", "en") is None


def test_keeps_facts_requires_every_factual_span() -> None:
    source = "Pricing agreed: $36,500 per year for 120 seats, renewing on 3 March 2027."
    assert keeps_facts(
        source, "To recap, we agreed $36,500 per year for 120 seats, renewing on 3 March 2027.", "en"
    )
    assert not keeps_facts(source, "To recap, we agreed $36,500 per year for 120 seats.", "en")
    assert not keeps_facts(
        source, "To recap, we agreed $35,600 per year for 120 seats, renewing on 3 March 2027.", "en"
    )


def test_stand_in_wording_reads_as_a_sentence_in_the_customer_language() -> None:
    assert opening_for("Follow up on the renewal discount", "en") == (
        "I am writing to follow up on the renewal discount."
    )
    assert opening_for("Send the customer the updated payment instructions", "en") == (
        "I am writing to send you the updated payment instructions."
    )
    assert opening_for("respond to their complaint", "en") == (
        "I am writing to respond to your complaint. I am sorry for the trouble this has caused."
    )
    assert opening_for("the renewal discount", "en") == "I am writing about the renewal discount."
    # A reply thanks the customer for their message instead of announcing that it answers it.
    assert opening_for("Answer the customer's message about Data sync", "en") == (
        "Thank you for your message about Data sync."
    )
    assert opening_for("Follow up on the renewal discount", "de") == (
        "ich melde mich bei Ihnen zu Ihrer Vertragsverlängerung."
    )
    assert (
        opening_for("respond to their complaint", "fr")
        == "Je reviens vers vous au sujet de votre réclamation. Je suis désolé pour la gêne occasionnée."
    )
    # An issue is no complaint: the customer who reported a slow sync never complained.
    assert opening_for("Check in on the NetSuite sync issue", "fr") == (
        "Je reviens vers vous au sujet du problème que vous nous avez signalé."
    )
    assert subject_for("Check in on the NetSuite sync issue", "de") == "Das von Ihnen gemeldete Problem"
    assert subject_for("send an update on the promised feature", "es") == "La funcionalidad prometida"
    # A reply in another language thanks the writer too.
    assert opening_for("Answer the customer's message about Question sur les tableaux", "fr") == (
        "Merci pour votre message."
    )
    assert subject_for("Send the customer the updated payment instructions", "en") == (
        "Sending you the updated payment instructions"
    )


def test_italian_and_dutch_stand_ins_name_the_purpose_in_their_language() -> None:
    assert opening_for("Follow up on the renewal discount", "it") == "Vi scrivo in merito al vostro rinnovo."
    assert subject_for("schedule the next meeting", "it") == "Il nostro prossimo incontro"
    # A recap looks back: it was stood in for by "our next meeting".
    assert subject_for("Meeting recap", "it") == "Il nostro ultimo incontro"
    recap = opening_for("Recap of Tuesday's call", "de")
    assert recap == "ich melde mich bei Ihnen zu unserem letzten Gespräch."
    assert opening_for("respond to their complaint", "nl") == (
        "Ik neem contact met u op over uw melding. Het spijt me voor het ongemak dat dit u heeft bezorgd."
    )
    assert opening_for("Answer the customer's message about Vraag", "nl") == "Hartelijk dank voor uw bericht."
    assert subject_for("something else entirely", "nl") == "Uw verzoek"


def test_off_purpose_opening_is_told_apart() -> None:
    embeddings = HashingEmbeddings()
    purpose = "Send the customer the updated payment instructions"
    references = purpose_references(purpose, "en")
    off = "Product demo. I am writing to confirm the date of our upcoming product demo."
    on = "Payment instructions. Here are the updated payment instructions for your invoices."
    assert not is_on_purpose(embeddings, off, purpose, references)
    assert is_on_purpose(embeddings, on, purpose, references)


DEV_PAIRS = [
    ("follow up on the renewal", "Checking in. I wanted to hear how your quarter is going.", False),
    (
        "Send the customer the updated payment instructions",
        "Product demo. I am writing to confirm the date of our upcoming product demo.",
        False,
    ),
    (
        "Send the customer the updated payment instructions",
        "Payment details. Please find our new bank details for your invoices below.",
        True,
    ),
    (
        "respond to their complaint",
        "Your feedback. I am sorry to hear about the problems with the dashboard.",
        True,
    ),
    (
        "respond to their complaint",
        "Training webinar. We would like to invite you to our training webinar.",
        False,
    ),
    (
        "recap the open commitments on both sides",
        "Open items. Here is a recap of what each of us agreed to do.",
        True,
    ),
    (
        "recap the open commitments on both sides",
        "Renewal price. We can offer you a discount on the renewal.",
        False,
    ),
    ("follow up on the renewal", "Ihre Verlängerung. ich melde mich wegen Ihrer Vertragsverlängerung.", True),
    ("follow up on the renewal", "Produktdemo. ich möchte den Termin unserer Produktdemo bestätigen.", False),
]


@pytest.mark.model
def test_purpose_threshold_separates_the_dev_pairs_on_the_real_embeddings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from copilot.config import load_settings
    from copilot.container import Services

    embeddings = Services(load_settings(data_dir=tmp_path)).sentence_model
    for purpose, written, expected in DEV_PAIRS:
        language = "de" if " ich " in f" {written.split('. ', 1)[1]}" else "en"
        assert (
            is_on_purpose(embeddings, written, purpose, purpose_references(purpose, language)) is expected
        ), written


def test_a_link_or_fragment_is_no_fact_to_restate() -> None:
    assert rephrase_checked("Join here: https://meet.example.com/08c00-82a64.", "ours", "en") is None
    assert rephrase_checked("Zur Info: https://meet.example.com/1f872-d4c32.", "ours", "de") is None


def test_only_the_first_of_our_restatements_says_to_recap() -> None:
    from copilot.tools.rephrase import without_repeated_lead

    texts = [
        "You told us that the export fails.",
        "To recap, we will send the order form by March 4, 2026.",
        "To recap, I will also send the slides.",
    ]
    assert without_repeated_lead(texts, "en") == [
        "You told us that the export fails.",
        "To recap, we will send the order form by March 4, 2026.",
        "I will also send the slides.",
    ]
    assert without_repeated_lead(["Zur Erinnerung: A.", "Zur Erinnerung: B."], "de") == [
        "Zur Erinnerung: A.",
        "B.",
    ]


def test_the_customers_second_restated_sentence_says_also() -> None:
    """A complaint reply read "You told us that … You told us that …"."""
    from copilot.tools.rephrase import without_repeated_lead

    texts = ["You told us that the app logs you out.", "You told us that the totals do not match."]
    assert without_repeated_lead(texts, "en") == [
        "You told us that the app logs you out.",
        "You also told us that the totals do not match.",
    ]
    assert without_repeated_lead(["Ci avete comunicato che A.", "Ci avete comunicato che B."], "it")[1] == (
        "Ci avete inoltre comunicato che B."
    )


def test_an_english_subject_says_what_the_email_does_not_what_the_reader_must_do() -> None:
    assert subject_for("respond to their complaint", "en") == "Responding to your complaint"
    assert subject_for("Follow up on the renewal", "en") == "Following up on the renewal"
    assert (
        subject_for("share the updated payment instructions", "en")
        == "Sharing the updated payment instructions"
    )
    assert (
        subject_for("recap the open commitments on both sides", "en")
        == "Recapping the open commitments on both sides"
    )
    assert subject_for("the renewal pricing", "en") == "The renewal pricing"
