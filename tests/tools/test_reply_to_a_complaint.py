"""A message that reports a problem and asks nothing gets a reply that says sorry, says we are on it and
names the day we come back, in the customer's language, flagged for the reviewer as our commitment (a
customer's reading, 2026-12-07: "Thank you for your message about the data sync issue" and a call was the
whole reply to 201 missing rows). A message that reports nothing gets no apology."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.embeddings import LocalEmbeddings
from copilot.retrieval.context import GroundedContext
from copilot.tools.draft_types import Audience, ComposedBody
from copilot.tools.reply import ReplyTarget
from copilot.tools.reply_letter import UNCITED, reply_lines, reports_a_problem_only
from copilot.tools.reply_wording import deferral_flags

THURSDAY = date(2026, 12, 3)
MISSING_ROWS = (
    "Hi Bob,\n\nSome records from HubSpot seem to be missing. I counted about 201 rows that exist in the "
    "source but do not show up on your side.\n\nBest,\nLeah"
)
THANKS = "Hi Bob,\n\nThanks for the session yesterday, the team enjoyed it.\n\nBest,\nLeah"


def _lines(language: str, problem: bool) -> list[tuple[int, str]]:
    audience = Audience(1, "Leah Nakamura", language, "neutral", "Bob")
    got = reply_lines([], GroundedContext(1, "", [], 0), audience, THURSDAY, problem=problem)
    return [(line.n, line.text) for line in got.lines]


@pytest.mark.parametrize(
    ("language", "sorry"),
    [
        ("en", "I am sorry for the trouble; I am looking into it with our team and will come back to you by"),
        ("de", "Die geschilderten Probleme bedauere ich sehr; ich kläre das mit unserem Team"),
        ("fr", "Je suis désolé pour le problème que vous décrivez"),
    ],
)
def test_a_reported_problem_gets_an_apology_and_a_day(language: str, sorry: str) -> None:
    ((n, text),) = _lines(language, problem=True)
    assert n == UNCITED and text.startswith(sorry)


def test_the_reviewer_is_told_what_the_apology_promises() -> None:
    (line,) = reply_lines(
        [], GroundedContext(1, "", [], 0), Audience(1, "Leah", "en", "neutral", "Bob"), THURSDAY, problem=True
    ).deferrals
    text = f"Hey Leah,\n\n{line}\n\nCheers,\nBob"
    (flag,) = deferral_flags(ComposedBody(text, "Re: Data sync issue", [], []), [line])
    assert str(flag["detail"]).startswith("the customer reports a problem and asks nothing")
    assert flag["span"] == [text.index(line), text.index(line) + len(line)]


def test_nothing_reported_gets_no_apology() -> None:
    assert _lines("en", problem=False) == []


@pytest.fixture
def real(tmp_path: Path) -> Iterator[Services]:
    embedder = LocalEmbeddings(load_settings().resolved_embedding_path())
    built = Services(
        load_settings(data_dir=tmp_path / "data", injection_classifier=False), embeddings=embedder
    )
    yield built
    built.engine.dispose()


def test_the_trained_classifier_tells_a_problem_from_thanks(real: Services) -> None:
    def target(text: str) -> ReplyTarget:
        return ReplyTarget(1, "Re: Data sync issue", None, (), "en", (), text, THURSDAY)

    assert reports_a_problem_only(real, target(MISSING_ROWS))
    assert not reports_a_problem_only(real, target(THANKS))


def test_after_an_opening_that_said_sorry_the_reply_says_what_we_do_once() -> None:
    # A reader's second pass (2026-12-07): a German complaint got "Es tut mir leid, dass Ihnen dadurch
    # Unannehmlichkeiten entstanden sind." and nothing else: no date, no flag.
    audience = Audience(1, "Ute Vogel", "de", "formal", "Emil")
    got = reply_lines([], GroundedContext(1, "", [], 0), audience, THURSDAY, problem=True, apologised=True)
    assert [line.text for line in got.lines] == [
        "Ich kläre das mit unserem Team und melde mich bis Montag bei Ihnen."
    ]
    text = f"Sehr geehrte Frau Vogel,\n\n{got.deferrals[0]}"
    (flag,) = deferral_flags(ComposedBody(text, "Re: Beschwerde", [], []), got.deferrals)
    assert str(flag["detail"]).startswith("the customer reports a problem")


def test_a_german_or_french_complaint_names_a_problem_in_its_own_words(real: Services) -> None:
    complaint = "Leider müssen wir uns beschweren, dass die Ladezeiten über eine Minute betragen."
    plainte = "Nous souhaitons déposer une réclamation concernant les temps de chargement."
    for text, language in ((complaint, "de"), (plainte, "fr")):
        message = ReplyTarget(
            1, "Re: Ladezeiten", None, (), language, (), f"Hallo,\n\n{text}\n\nGrüße", THURSDAY
        )
        assert reports_a_problem_only(real, message), text
