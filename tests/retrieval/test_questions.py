"""Question types decide the keyword vocabulary and the typed field a stating sentence holds."""

from __future__ import annotations

import pytest

from copilot.retrieval.questions import intent_of, question_type
from copilot.retrieval.sentence_table import DATE, MONEY, field_flags


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When is Acme Logistics up for renewal?", "renewal"),
        ("What renewal price did we quote Acme Logistics?", "price"),
        ("Which feature did we promise Acme Logistics?", "feature"),
        ("What did Acme Logistics complain about?", "complaint"),
        ("What did Bob Kowalski commit to for Acme Logistics, and by when?", "commitment"),
        ("How many people attended the kickoff?", "other"),
    ],
)
def test_templated_questions_get_their_type(question: str, kind: str) -> None:
    assert question_type(question) == kind


def test_expansion_adds_the_words_records_use_in_several_languages() -> None:
    intent = intent_of("When is Acme up for renewal?")
    assert intent.kind == "renewal" and intent.field == DATE
    assert {"renews", "verlängert", "renouvelle", "renueva"} <= set(intent.keyword_query.split())
    plain = intent_of("When is Acme up for renewal?", expand=False)
    assert plain.keyword_query == "When is Acme up for renewal?"


def test_a_question_of_no_known_type_is_searched_as_asked() -> None:
    intent = intent_of("How many people attended the kickoff?")
    assert intent.keyword_query == "How many people attended the kickoff?" and intent.field == 0


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("The quote is $111,000 per year for 180 seats.", MONEY),
        ("Für 142.500 EUR pro Jahr.", MONEY),
        ("Our contract renews on March 11, 2027.", DATE),
        ("Renewal on 23.08.2027 at GBP 180,000.", MONEY | DATE),
        ("Ships to your workspace in May 2026.", DATE),
        ("Thanks for the call today.", 0),
    ],
)
def test_field_flags_find_amounts_and_dates(text: str, flags: int) -> None:
    assert field_flags(text) == flags
