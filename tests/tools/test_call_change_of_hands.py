"""A customer's news that the relationship changes hands: they were acquired, their champion moves to
another team. A manager reads both as risks, cited, on the call summary and on the account page; the
successor who "will own the relationship" owes nothing as an action item; and the opener ("Thank you all
for joining", "Quick heads up before we start") is never retold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.base import InteractionKind
from copilot.config import load_settings
from copilot.container import Services
from copilot.index.embeddings import LocalEmbeddings
from copilot.ingest.calls import ingest_transcript
from copilot.tools.account_risks import named_risk
from copilot.tools.account_summary import account_summary
from copilot.tools.small_talk import is_small_talk_sentence
from copilot.tools.summarize_call import summarize_call
from tests.support.records import Note, seed_account

ACQUIRED_CALL = (
    "Dana Reyes: Thank you all for joining today.\n"
    "Greta Brandt: Happy to. Quick heads up before we start.\n"
    "Greta Brandt: We've been acquired.\n"
    "Dana Reyes: Oh, wow. What does that mean for us?\n"
    "Greta Brandt: The new parent uses a different platform, and their IT team will review every contract "
    "before renewal in March.\n"
    "Dana Reyes: Understood. I'll send you a summary of the value you've seen this year by Friday.\n"
    "Greta Brandt: That would help. Maria will own the relationship from next month, I'm moving to the "
    "parent's ops team.\n"
    "Dana Reyes: Thanks for telling me.\n"
)


@pytest.fixture(scope="module")
def embedder() -> LocalEmbeddings:
    return LocalEmbeddings(load_settings().resolved_embedding_path())


@pytest.fixture
def real(tmp_path: Path, embedder: LocalEmbeddings) -> Iterator[Services]:
    built = Services(
        load_settings(data_dir=tmp_path / "data", injection_classifier=False), embeddings=embedder
    )
    built.migrate()
    yield built
    built.engine.dispose()


def _section(body: str, title: str) -> str:
    return body.split(f"\n{title}:\n", 1)[1].split("\n\n", 1)[0]


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("We've been acquired.", "ownership_change"),
        ("We were acquired by a larger group in October.", "ownership_change"),
        ("We're merging with our sister company next quarter.", "ownership_change"),
        ("I'm moving to the parent's ops team.", "champion_leaving"),
        ("We acquired three more stores this year.", None),
        ("The new parent dashboard is great.", None),
    ],
)
def test_a_change_of_hands_is_named(said: str, kind: str | None) -> None:
    named = named_risk(said)
    assert (named.kind if named else None) == kind


@pytest.mark.parametrize(
    ("said", "small_talk"),
    [
        ("Thank you all for joining today.", True),
        ("Thanks everyone for joining.", True),
        ("Quick heads up before we start.", True),
        ("Heads up, we've been acquired.", False),
        ("Thank you all for the detailed feedback on the export.", False),
    ],
)
def test_openers_that_say_no_news_are_small_talk(said: str, small_talk: bool) -> None:
    assert is_small_talk_sentence(said) is small_talk


def test_the_call_tells_the_acquisition_and_the_handover_as_risks(real: Services, tmp_path: Path) -> None:
    account_id, _, _ = seed_account(
        real,
        "C-7",
        "Acme Logistics",
        [Note("Kick-off.")],
        contact=("Greta Brandt", "g@acme.example"),
        owner="Dana Reyes",
    )
    path = tmp_path / "2026-11-30-call.txt"
    path.write_text(ACQUIRED_CALL, encoding="utf-8")
    body = summarize_call(real, ingest_transcript(real, path, account_id)).body
    paragraph = body.split("\n", 1)[0]
    assert "acquired" in paragraph
    assert "heads up" not in paragraph.lower() and "joining" not in paragraph
    risks = _section(body, "Risks")
    assert "Greta Brandt says they have been acquired. (new owner) [u3]" in risks
    assert "(champion leaving) [u7]" in risks
    items = _section(body, "Action items")
    assert "Maria will own" not in items
    assert "summary of the value" in items


def test_the_account_page_asks_who_decides_for_the_new_owner(real: Services) -> None:
    call = "Dana Reyes: How is the quarter going?\nGreta Brandt: We've been acquired by a larger group."
    account_id, _, _ = seed_account(
        real,
        "C-8",
        "Acme Logistics",
        [Note(call, when=datetime.now(UTC), kind=InteractionKind.CALL, subject="Check-in")],
        contact=("Greta Brandt", "g@acme.example"),
        owner="dana",
        renewal_date="2027-03-11",
    )
    summary = account_summary(real, account_id)
    kinds = {risk.get("kind") for risk in summary["risks"]}
    assert "ownership_change" in kinds
    steps = " | ".join(action["text"] for action in summary["next_best_actions"])
    assert "who decides for the new owner" in steps
