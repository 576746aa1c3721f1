"""The reply judge: a question is addressed only when answered with support or deferred by name."""

from __future__ import annotations

from evals.suites.reply_judge import asked, judge, quotes_message

MESSAGE = (
    "Hi Bob,\n\nHow often does the Snowflake connector refresh, and can we trigger a refresh manually?\n"
    "Thanks, Greta"
)
QUESTIONS = asked(MESSAGE)
RECORDS = {2: "Hello Greta, the Snowflake connector refreshes every 30 minutes. Best, Bob"}


def _letter(middle: str) -> str:
    return f"Hello Greta,\n\nThank you for your message.\n\n{middle}\n\nBest regards,\nBob"


def _cite(body: str, sentence: str, n: int = 2) -> list[dict[str, object]]:
    start = body.index(sentence)
    return [{"start": start, "end": start + len(sentence), "n": [n]}]


def test_the_judge_finds_both_joined_questions() -> None:
    assert QUESTIONS == [
        "How often does the Snowflake connector refresh",
        "can we trigger a refresh manually?",
    ]


def test_a_reply_that_ignores_the_questions_fails_both() -> None:
    body = _letter("We value your business and look forward to the renewal.")
    assert [v.outcome for v in judge(QUESTIONS, body, [], RECORDS)] == ["ignored", "ignored"]


def test_a_supported_cited_answer_and_a_named_deferral_both_count() -> None:
    answer = "The Snowflake connector refreshes every 30 minutes."
    defer = (
        "As for whether you can trigger a refresh manually, I don't have the details to hand yet; "
        "I will come back to you by Monday."
    )
    body = _letter(f"{answer} {defer}")
    verdicts = judge(QUESTIONS, body, _cite(body, answer), RECORDS)
    assert [v.outcome for v in verdicts] == ["answered", "deferred"]


def test_an_uncited_or_unsupported_answer_is_no_answer() -> None:
    invented = "The Snowflake connector refreshes every 5 minutes via the turbo pipeline accelerator."
    body = _letter(invented)
    assert judge(QUESTIONS[:1], body, [], RECORDS)[0].outcome == "ignored"
    assert judge(QUESTIONS[:1], body, _cite(body, invented), RECORDS)[0].outcome == "ignored"


def test_a_vague_deferral_naming_no_question_and_no_day_does_not_count() -> None:
    body = _letter("I will check with the team about some of this.")
    assert [v.outcome for v in judge(QUESTIONS, body, [], RECORDS)] == ["ignored", "ignored"]
    by_place = _letter(
        "On your second question, I don't have the details to hand yet; I will come back to you by Monday."
    )
    assert [v.outcome for v in judge(QUESTIONS, by_place, [], RECORDS)] == ["ignored", "deferred"]


def test_a_german_deferral_by_place_counts() -> None:
    questions = asked("Wie oft wird der Connector aktualisiert?")
    body = "Zu Ihrer Frage liegen mir die Angaben noch nicht vor; ich melde mich bis Montag bei Ihnen."
    assert judge(questions, body, [], {})[0].outcome == "deferred"


def test_eight_words_of_the_message_count_as_quoting_it_back() -> None:
    assert quotes_message("You asked how often does the Snowflake connector refresh and can we", MESSAGE)
    assert not quotes_message("As for how often the Snowflake connector refreshes, I will check.", MESSAGE)


def test_italian_and_dutch_deferrals_and_a_request_referred_to_by_place_count() -> None:
    """The product writes Italian and Dutch replies; the judge read their deferrals as ignored."""
    italian = (
        "Per quanto riguarda la vostra prima domanda, non ho ancora tutti i dettagli; sto verificando con il "
        "nostro team e vi rispondo entro martedì."
    )
    assert judge(["Potete inviarci il preventivo?", "Quando?"], italian, [], {})[0].outcome == "deferred"
    dutch = "Wat betreft uw verzoek: die gegevens heb ik nog niet; ik kom uiterlijk dinsdag bij u terug."
    assert judge(["Kunt u de nieuwe offerte sturen?"], dutch, [], {})[0].outcome == "deferred"
    german = "Zu Ihrer Anfrage liegen mir die Angaben noch nicht vor; ich melde mich bis Dienstag bei Ihnen."
    assert (
        judge(["Bitte berücksichtigen Sie die Anzahl der Nutzer."], german, [], {})[0].outcome == "deferred"
    )


def test_a_promise_to_send_what_was_asked_for_addresses_the_request() -> None:
    message = (
        "Hi Bob,\n\nCould you send us the standard contract?\nLet me know what you need from our side.\n"
    )
    asked_here = asked(message)
    # An offer of help asks nothing.
    assert asked_here == ["Could you send us the standard contract?"]
    body = _letter("I will send you the standard contract by Monday.")
    assert [v.outcome for v in judge(asked_here, body, [], RECORDS)] == ["deferred"]


def test_a_request_for_a_reply_by_a_day_is_met_by_any_dated_follow_up() -> None:
    message = (
        "Hi Bob,\n\nOur data team wants to understand how often the connector refreshes.\n"
        "Could you let me know by the end of the week?\n"
    )
    asked_here = asked(message)
    assert asked_here == ["Could you let me know by the end of the week?"]
    body = _letter(
        "As for how often the connector refreshes, I don't have the details to hand yet; I will come back "
        "to you by Friday."
    )
    assert [v.outcome for v in judge(asked_here, body, [], RECORDS)] == ["deferred"]
    assert [v.outcome for v in judge(asked_here, _letter("Thanks for the update."), [], RECORDS)] == [
        "ignored"
    ]
