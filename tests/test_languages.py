"""The one list of languages: every supported language has its frame, its lead-ins and its stop words,
and every per-language table a drafting rule keeps beside itself covers the same list."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import pytest

from copilot.guards.dates import MONTHS
from copilot.guards.spans import extract_claims
from copilot.languages import (
    DEFAULT,
    FORMALITIES,
    FRAMES,
    LINE_STOPWORDS,
    MESSAGE_STOPWORDS,
    NAMES,
    RECAP_LEAD,
    RECOGNISED,
    SUPPORTED,
    TEAM_SIGNATURE,
    TOLD_US_AGAIN_LEAD,
    TOLD_US_LEAD,
    frame_for,
    greeting,
    guess_language,
    language_code,
    message_language,
)
from copilot.tools import crosslingual, draft_gate, purpose, purpose_topics, rephrase, reply_wording
from evals import language as eval_language
from evals.suites import draftparts

# Languages other than English: English openings, subjects and quotes are written by rules, not tables.
NON_ENGLISH = set(SUPPORTED) - {"en"}


def test_every_supported_language_has_a_frame_in_every_formality() -> None:
    assert set(FRAMES) == {(lang, tone) for lang in SUPPORTED for tone in FORMALITIES}
    for lang in SUPPORTED:
        for tone in FORMALITIES:
            assert frame_for(lang, tone) is FRAMES[(lang, tone)]


def test_every_recognised_language_is_supported_and_named_to_the_model() -> None:
    """A reply goes out in the language its message was written in: a recognised language without a
    frame got an English greeting and closing around a body in its own language."""
    assert set(RECOGNISED) == set(SUPPORTED) == set(NAMES)


def test_a_language_the_copilot_does_not_know_is_framed_in_english() -> None:
    assert frame_for("pt", "formal") is FRAMES[(DEFAULT, "formal")]
    assert frame_for("de-CH", "unknown") is FRAMES[("de", "neutral")]
    assert language_code(None) == DEFAULT


def test_greeting_names_the_contact_as_the_frame_says() -> None:
    assert greeting(frame_for("en", "formal"), "Greta Brandt") == "Dear Greta Brandt,"
    assert greeting(frame_for("es", "neutral"), "Greta Brandt") == "Hola Greta:"
    assert greeting(frame_for("it", "formal"), "Greta Brandt") == "Gentile Greta Brandt,"
    assert greeting(frame_for("nl", "neutral"), "Greta Brandt") == "Beste Greta,"


def test_no_stand_in_next_step_carries_a_claim() -> None:
    """The casual English one said "grab 15 minutes": the verifier flagged our own wording as an
    invented number in every casual draft whose model next step was replaced."""
    for (language, _), frame in FRAMES.items():
        claims = extract_claims(frame.default_next_step, [], language)
        assert [c for c in claims if c.kind != "meeting_reference"] == [], frame.default_next_step


def test_every_stand_in_next_step_reads_as_its_own_language() -> None:
    """The gate replaces a part written in another language; its own stand-in must never be one."""
    for (language, _), frame in FRAMES.items():
        assert not draft_gate.in_other_language(frame.default_next_step, language), frame.default_next_step


def test_no_stand_in_next_step_proposes_a_meeting() -> None:
    """A rep who asked for a price follow-up did not ask to propose a call (a customer's reading, 2026-12-07:
    every draft ended with "a short call next week")."""
    meeting = re.compile(
        r"call|meeting|termin|gespräch|telefon|appel|llamada|telefonata|gesprek|bellen", re.I
    )
    for (language, _), frame in FRAMES.items():
        claims = extract_claims(frame.default_next_step, [], language)
        assert not meeting.search(frame.default_next_step) and claims == [], frame.default_next_step


def test_lead_ins_and_stop_words_cover_the_list() -> None:
    assert (
        set(RECAP_LEAD) == set(TOLD_US_LEAD) == set(LINE_STOPWORDS) == set(TEAM_SIGNATURE) == set(SUPPORTED)
    )
    assert set(TOLD_US_AGAIN_LEAD) == set(SUPPORTED)
    assert set(MESSAGE_STOPWORDS) == set(RECOGNISED)


@pytest.mark.parametrize(
    ("table", "languages"),
    [
        (rephrase._SWAPPERS, SUPPORTED),
        (reply_wording._ORDINALS, SUPPORTED),
        (reply_wording._WEEKDAYS, SUPPORTED),
        (reply_wording._TODAY, SUPPORTED),
        (reply_wording._DEFER_FIRST, SUPPORTED),
        (reply_wording._DEFER_MORE, SUPPORTED),
        (reply_wording._ORDINAL_REF, SUPPORTED),
        (reply_wording._ONLY_REF, SUPPORTED),
        (reply_wording._REQUEST_REF, SUPPORTED),
        (purpose._OPENING, NON_ENGLISH),
        (purpose._THANKS, NON_ENGLISH),
        (purpose._SUBJECT, NON_ENGLISH),
        (purpose._SORRY, SUPPORTED),
        (crosslingual._MONTHS, NON_ENGLISH),
        (crosslingual._QUOTES, NON_ENGLISH),
        (crosslingual._ACTORS, NON_ENGLISH),
        (crosslingual._TEMPLATES, NON_ENGLISH),
        (crosslingual._FIRST_PERSON, NON_ENGLISH),
        (draft_gate._SENTENCE_WORDS, NON_ENGLISH),
        (eval_language.STOPWORDS, SUPPORTED),
        (draftparts._INFORMAL, SUPPORTED),
    ],
)
def test_each_rule_table_covers_the_supported_languages(
    table: Mapping[str, object], languages: Collection[str]
) -> None:
    assert set(table) == set(languages)


def test_every_purpose_topic_is_worded_in_every_letter_language() -> None:
    # English too: a brief that is no letter text is told by its topic ("I am writing about your renewal").
    languages = NON_ENGLISH | {"en"}
    for _, words in purpose_topics.TOPICS:
        assert set(words) == languages | {f"{lang}_s" for lang in languages}


def test_every_month_a_restatement_writes_is_read_back_as_that_month() -> None:
    """A restated date the verifier cannot read fails the fact check, and the fact is left out."""
    for lang, months in crosslingual._MONTHS.items():
        for number, name in enumerate(months.split(), start=1):
            assert MONTHS[name.lower()] == number, (lang, name)


def test_translated_restatements_open_with_the_recap_lead() -> None:
    """A letter's second restated line drops the lead; a translated one must carry the same lead."""
    for lang, templates in crosslingual._TEMPLATES.items():
        lead = RECAP_LEAD[lang].split("{", 1)[0]
        assert all(t.startswith(lead) for t in templates.values()), lang


def test_a_restated_sentence_loses_its_lead_in_a_reply_answer() -> None:
    for lang in SUPPORTED:
        restated = RECAP_LEAD[lang].format(s="the order form ships Friday", S="The order form ships Friday")
        assert reply_wording.answer_sentence(restated) == "The order form ships Friday", lang


def test_a_line_is_told_by_its_function_words() -> None:
    assert guess_language("a connector by June") == "en"
    assert guess_language("Wir senden Ihnen die Unterlagen.") == "de"
    assert guess_language("la semaine", expected="fr") == "fr"  # "la" is French and Spanish: a tie
    assert guess_language("la semaine", expected="es") == "es"
    assert guess_language("Danke!") is None
    assert guess_language("Vi scrivo in merito al vostro rinnovo.") == "it"
    assert guess_language("Ik neem contact met u op over uw contractverlenging.") == "nl"


def test_a_message_is_told_by_its_function_words_once_long_enough() -> None:
    assert message_language("Könnten Sie uns bitte das Angebot für die Verlängerung schicken?") == "de"
    assert message_language("Could you send us the quote for the renewal please?") == "en"
    assert message_language("Potete inviare il preventivo per il rinnovo, grazie?") == "it"
    assert message_language("Ok") is None
