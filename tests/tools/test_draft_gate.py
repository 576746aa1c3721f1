"""The gate replaces model fields that are junk (tests/guards/test_junk.py), in another language, no
sentence, or a statement where the next step should ask."""

from __future__ import annotations

import pytest

from copilot.languages import frame_for
from copilot.tools.draft_compact import compose_letter
from copilot.tools.draft_gate import (
    asks_the_reader,
    gate_fields,
    reads_as_sentence,
    repeats_subject,
    restates_a_fact,
)
from copilot.tools.draft_types import Audience
from copilot.tools.rephrase import Rephrased


def test_a_topic_phrase_of_five_words_is_replaced_by_a_sentence_in_the_customer_language() -> None:
    """A French reply's opening was the subject copied again ("La fonctionnalité promise de votre
    abonnement"): long enough for the word count, yet no sentence. It gets the stand-in sentence."""
    frame = frame_for("fr", "formal")
    fields = {
        "subject": "La fonctionnalité promise",
        "opening": "La fonctionnalité promise de votre abonnement",
        "next_step": "Les prochaines étapes du projet commun",
    }
    kept, replaced = gate_fields(fields, frame, "fr", "confirm the timeline of the feature we promised")
    assert replaced == ["opening", "next_step"]
    assert kept["opening"] == "Je reviens vers vous au sujet de la fonctionnalité promise."
    assert kept["next_step"] == frame.default_next_step
    assert kept["subject"] == "La fonctionnalité promise"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je vous écris au sujet de votre renouvellement.", "fr"),
        ("Merci pour votre message de mardi.", "fr"),
        ("Le escribo en relación con su renovación.", "es"),
        ("ich melde mich wegen Ihrer Verlängerung.", "de"),
        ("The renewal stands at EUR 48,000.", "en"),  # English: the word-count gate only
    ],
)
def test_sentences_pass_the_sentence_check(text: str, language: str) -> None:
    assert reads_as_sentence(text, language)
    assert not reads_as_sentence("Votre renouvellement du contrat annuel", "fr")


@pytest.mark.parametrize(
    "text",
    [
        "Our engineers will visit your office on Thursday to fix the exports.",
        "I have already scheduled a call with our product team for Monday.",
    ],
)
def test_a_next_step_that_states_an_action_is_replaced_by_a_question(text: str) -> None:
    frame = frame_for("en", "casual")
    kept, replaced = gate_fields(
        {
            "subject": "Your complaint",
            "opening": "Thanks for flagging the export problem.",
            "next_step": text,
        },
        frame,
        "en",
        "respond to their complaint",
    )
    assert replaced == ["next_step"]
    assert kept["next_step"] == frame.default_next_step


@pytest.mark.parametrize(
    "text",
    [
        "Could you send me a sample export that shows the problem?",
        "Please let me know which day suits you.",
        "Merci de me confirmer le nombre de postes.",
        "¿Le vendría bien una llamada el martes?",
        "Bitte senden Sie uns die Bestellnummer.",
    ],
)
def test_a_question_or_request_is_a_next_step(text: str) -> None:
    assert asks_the_reader(text)


def test_an_opening_that_only_repeats_the_subject_is_replaced() -> None:
    fields = {
        "subject": "Ihre Vertragsverlängerung",
        "opening": "Ihre Vertragsverlängerung für das Jahr 2027.",
        "next_step": "Passt Ihnen ein Termin am Dienstag?",
    }
    kept, replaced = gate_fields(fields, frame_for("de", "formal"), "de", "follow up on the renewal")
    assert replaced == ["opening"]
    assert kept["opening"] == "ich melde mich bei Ihnen zu Ihrer Vertragsverlängerung."


def test_an_opening_that_asks_the_reader_something_is_replaced() -> None:
    # "¿Podría confirmar la nueva respuesta?" opened a reply to two questions (a customer's reading).
    fields = {
        "subject": "Re: Dos preguntas antes de la renovación",
        "opening": "¿Podría confirmar la nueva respuesta?",
        "next_step": "¿Le parece bien que hablemos el martes?",
    }
    kept, replaced = gate_fields(fields, frame_for("es", "neutral"), "es", "Answer the customer's message")
    assert replaced == ["opening"]
    assert not kept["opening"].endswith("?")


def test_repeating_the_subject_is_told_from_writing_about_it() -> None:
    assert repeats_subject("La fonctionnalité promise.", "La fonctionnalité promise")
    assert repeats_subject("Your renewal", "Your renewal")
    assert not repeats_subject("I am writing about the renewal date we agreed.", "Your renewal")


def test_the_letter_marks_which_model_spans_hold_our_stand_in_wording() -> None:
    """A stand-in opening was tone-flagged as the model's ("impolite" on "Vi scrivo in merito…")."""
    audience = Audience(
        account_id=1, contact_name="Giulia Ferri", language="it", formality="formal", sender="Kim"
    )
    fields = {"subject": "Rinnovo", "opening": "Thank you for your time.", "next_step": "Vi va bene martedì?"}
    body = compose_letter(fields, audience, [], "Follow up on the renewal")

    opening, next_step = body.model_spans
    assert body.stand_in_spans == [opening]
    assert body.text[opening[0] : opening[1]] == "Vi scrivo in merito al vostro rinnovo."
    assert body.text[next_step[0] : next_step[1]] == "Vi va bene martedì?"


def test_an_opening_that_copies_a_fact_gives_way_so_the_letter_says_it_once() -> None:
    """The small model copied the first fact into its opening and the letter read "The updated quote
    puts your renewal at $101,500…" and then "To recap, the updated quote puts your renewal at
    $101,500…". The opening gets the stand-in; the fact keeps its place and its citation."""
    audience = Audience(
        account_id=1, contact_name="Leah Park", language="en", formality="informal", sender="Bob"
    )
    quote = "updated quote puts your renewal at $101,500 per year for 205 seats, including premium support."
    facts = [Rephrased(n=1, text=f"To recap, the {quote}", source="record")]
    fields = {
        "subject": "Your renewal pricing",
        "opening": f"The {quote}",
        "next_step": "Shall we talk next week?",
    }
    body = compose_letter(fields, audience, facts, "Follow up on the renewal pricing")

    assert body.text.count("updated quote") == 1
    assert "opening" in body.replaced
    assert body.stand_in_spans == [body.model_spans[0]]
    fact_at = body.text.index("To recap")
    assert {"start": fact_at, "end": fact_at + len(facts[0].text), "n": [1]} in body.body_citations


def test_an_opening_that_shares_a_few_words_with_a_fact_is_kept() -> None:
    facts = ["To recap, the updated quote puts your renewal at $101,500 per year for 205 seats."]
    assert restates_a_fact("The updated quote puts your renewal at $101,500 per year.", facts)
    assert not restates_a_fact("I am writing to follow up on your renewal quote.", facts)
    assert not restates_a_fact("Thanks for the renewal quote.", facts)  # too short to be a copy


def test_an_opening_with_one_sentence_copying_a_fact_is_a_copy() -> None:
    facts = ["To recap, user invitations expire after 24 hours, before people even see them."]
    copied = (
        "To recap, user invitations expire after 24 hours, before people even see them. "
        "To check in, Sarah, I'm here to help with support issues."
    )
    assert restates_a_fact(copied, facts)
    assert not restates_a_fact(
        "I am writing to check in after the support issues. Thank you for your patience.", facts
    )


def test_a_recaps_stand_in_next_step_asks_what_was_missed_not_for_another_call() -> None:
    frame = frame_for("en", "casual")
    junk = {"subject": "Recap", "opening": "Hello.", "next_step": "Next steps."}
    recap, replaced = gate_fields(junk, frame, "en", "Recap of our last call")
    other, _ = gate_fields(junk, frame, "en", "Follow up on the renewal pricing")
    assert "next_step" in replaced
    assert recap["next_step"] == "Please let me know if I have missed or misremembered anything."
    assert other["next_step"] == frame.default_next_step
    assert asks_the_reader(recap["next_step"])


def test_a_next_step_handing_the_customers_question_back_is_replaced() -> None:
    frame = frame_for("fr", "formal")
    asked = ["Pourriez-vous vérifier ce point ?"]
    fields = {"subject": "Tableaux de bord", "opening": "Merci pour votre message.", "next_step": ""}
    echoed, replaced = gate_fields(
        {**fields, "next_step": "Fais-vous vérifier ce point?"}, frame, "fr", "x", (), asked
    )
    assert "next_step" in replaced and echoed["next_step"] == frame.default_next_step
    ours = "Pourrions-nous prévoir un court appel la semaine prochaine pour convenir des prochaines étapes ?"
    kept, replaced = gate_fields({**fields, "next_step": ours}, frame, "fr", "x", (), asked)
    assert "next_step" not in replaced and kept["next_step"] == ours
