"""Reply mode's rules: what a question asks for, what answers it, how it is referred to and deferred."""

from __future__ import annotations

from datetime import date

import pytest

from copilot.tools.reply import questions_in
from copilot.tools.reply_answers import answers, ask_kind
from copilot.tools.reply_wording import (
    answer_sentence,
    come_back_day,
    deferral,
    question_reference,
)

REFRESH = "How often does the Snowflake connector refresh?"


def test_a_joined_question_is_split_into_its_questions() -> None:
    text = (
        "Hi Bob,\n\nHow often does the Snowflake connector refresh, and can we trigger a refresh manually?\n"
    )
    assert questions_in(text) == [REFRESH, "Can we trigger a refresh manually?"]


def test_notices_are_not_questions_and_a_reply_by_day_is_one_only_alone() -> None:
    """Beside a real question, "Could you let me know by the end of the week?" is its deadline, not a
    second question the reply defers as "your second question" (the deadline sets the reply's day)."""
    text = (
        "Please note that our subscription renews on 4 May 2027. Please find the log attached.\n"
        "Could you send the updated quote? Could you let me know by the end of the week?"
    )
    assert questions_in(text) == ["Could you send the updated quote?"]
    spanish = "Necesitamos el contrato estándar. ¿Podría responderme antes del viernes?"
    assert questions_in(spanish) == ["Necesitamos el contrato estándar."]
    alone = "Thanks for the call. Could you let me know by the end of the week?"
    assert questions_in(alone) == ["Could you let me know by the end of the week?"]


SYNC_MESSAGE = (
    "Good morning Bob,\n\nThanks, that helps. Our data team wants to understand how often the Snowflake "
    "connector refreshes and whether we can trigger a refresh manually after a big import.\n\n"
    "Could you let me know by the end of the week?"
)


def test_a_question_embedded_in_a_statement_is_asked_and_referred_to_by_what_it_asks() -> None:
    """Only "Could you let me know by the end of the week?" was seen, and deferred as "your question"."""
    asked = questions_in(SYNC_MESSAGE)
    assert asked == [
        "how often the Snowflake connector refreshes",
        "whether we can trigger a refresh manually after a big import",
    ]
    assert question_reference(asked[0], 0, 2, "en") == "how often the Snowflake connector refreshes"
    assert question_reference(asked[1], 1, 2, "en") == "whether you can trigger a refresh manually"
    assert questions_in("I would like to know if our admins can export the data.") == [
        "if our admins can export the data"
    ]
    assert question_reference("if our admins can export the data", 0, 1, "en") == (
        "whether your admins can export the data"
    )


def test_an_offer_of_help_is_no_request() -> None:
    assert questions_in("Let me know what you need from our side.") == []


def test_a_reply_by_day_is_referred_to_by_its_place_not_cut_into_a_fragment() -> None:
    asked = "Could you let me know by the end of the week?"
    assert question_reference(asked, 0, 1, "en") == "your question"
    assert question_reference(asked, 1, 2, "en") == "your second question"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        (REFRESH, "frequency"),
        ("Wie oft wird der Connector aktualisiert?", "frequency"),
        ("How much will the renewal cost?", "amount"),
        ("When will the Salesforce connector be available?", "when"),
        ("¿Cuándo estará disponible el conector?", "when"),
        ("Could you send me a screenshot of both views?", "whether"),
        ("Pourriez-vous nous envoyer la facture corrigée ?", "whether"),
        ("Which plan are we on?", "open"),
    ],
)
def test_what_a_question_asks_for(question: str, kind: str) -> None:
    assert ask_kind(question) == kind


def test_an_answer_must_carry_the_value_the_question_asks_for() -> None:
    assert answers(REFRESH, "The Snowflake connector refreshes every 30 minutes.", "en")
    # Names the connector but states no frequency: no answer to "how often".
    assert not answers(REFRESH, "We set up the Snowflake connector for your warehouse last week.", "en")
    when = "When will the Salesforce connector be available?"
    assert answers(when, "The Salesforce connector will be available on 15 March 2027.", "en")
    assert not answers(when, "The Salesforce connector is on our list.", "en")


def test_a_passing_mention_is_no_answer_to_a_request() -> None:
    request = "Could you send me a screenshot of both dashboard views?"
    assert not answers(request, "Thanks for the dashboard feedback.", "en")
    assert answers(request, "I attached a screenshot of both dashboard views.", "en")


def test_a_question_with_one_specific_word_is_never_answered_by_a_pleasantry() -> None:
    asked = "Could you let me know by the end of the week?"
    assert not answers(asked, "I hope your week is going well.", "en")


@pytest.mark.parametrize(
    ("question", "reference"),
    [
        (REFRESH, "how often the Snowflake connector refreshes"),
        ("Can we trigger a refresh manually?", "whether you can trigger a refresh manually"),
        (
            "Also, when will the Salesforce connector be available?",
            "when the Salesforce connector will be available",
        ),
        (
            "Could you send me a screenshot of both views so our team can confirm?",
            "your request to send you a screenshot of both views",
        ),
        # Too long to restate without quoting the message back: the trailing phrase goes.
        (
            "Could you confirm the price of the renewal quote for next year?",
            "your request to confirm the price of the renewal quote",
        ),
        ("Which plan are we on?", "your second question"),
        (
            "Who on your side can help with the security questionnaire?",
            "who on our side can help with the security questionnaire",
        ),
        # "help with that" points back into their message: named by its place, never "with that".
        ("Who on your side can help with that?", "your second question"),
    ],
)
def test_a_question_is_referred_to_by_what_it_asks_or_by_its_place(question: str, reference: str) -> None:
    assert question_reference(question, 1, 2, "en") == reference


def test_other_languages_refer_to_questions_by_place() -> None:
    assert question_reference("Wie oft wird der Connector aktualisiert?", 0, 1, "de") == "Ihrer Frage"
    assert question_reference("¿Cuándo estará listo?", 1, 2, "es") == "su segunda pregunta"
    # A message's one request, asked without a question, is a request: "votre question" misnamed it.
    need = "Notre service achats a besoin de quelques documents pour le renouvellement."
    assert question_reference(need, 0, 1, "fr") == "votre demande"
    assert question_reference("So a competitive offer would help.", 0, 1, "en") == "your request"


def test_a_deferral_names_the_day_two_working_days_out_in_the_customers_language() -> None:
    thursday = date(2026, 12, 3)
    assert come_back_day(thursday, "en") == "Monday"
    assert come_back_day(date(2026, 12, 1), "de") == "Donnerstag"
    text = deferral("how often the Snowflake connector refreshes", "Monday", "en", first=True)
    assert text == (
        "As for how often the Snowflake connector refreshes, I don't have the details to hand yet; "
        "I am checking with our team and will come back to you by Monday."
    )
    assert "bis Montag" in deferral("Ihrer Frage", "Montag", "de", first=True)
    assert deferral("your second question", "Monday", "en", first=False).startswith("The same goes for")


def test_an_answer_is_the_plain_restated_sentence() -> None:
    restated = "To recap, the Snowflake connector refreshes every 30 minutes."
    assert answer_sentence(restated) == "The Snowflake connector refreshes every 30 minutes."
