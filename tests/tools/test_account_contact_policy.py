"""The account page keeps to who may be contacted (a manager's reading, 2026-12-06): an account marked
do-not-contact leads its narrative and its actions with that, turns the retention call into an internal
review, and does not count the silence it asked for as a gap; an opted-out contact is named; a page cached
before the CRM changed the flag is rebuilt. On the real sentence embedder and classifier."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from connectors.base import InteractionKind
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account
from copilot.index.embeddings import LocalEmbeddings
from copilot.tools.account_summary import account_summary
from tests.support.records import Note, seed_account

TODAY = datetime.now(UTC)
REQUEST = (
    "Please remove everyone at Summit Trails from your sales and marketing outreach, effective immediately."
)
NOTES = [
    Note("They are evaluating a competitor for the supply chain team.", when=TODAY - timedelta(days=120)),
    Note(
        "The sync delays hit us twice during month-end close, which was painful.",
        when=TODAY - timedelta(days=95),
    ),
    Note(REQUEST, when=TODAY - timedelta(days=80), kind=InteractionKind.EMAIL, subject="Outreach"),
]


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


def _seed(services: Services, *, do_not_contact: bool, opted_out: bool = False) -> int:
    renewal = (date.today() + timedelta(days=5)).isoformat()
    account_id, _, _ = seed_account(
        services,
        "C-9",
        "Summit Trails",
        NOTES,
        contact=("Graham Moss", "g@summit.example"),
        opted_out=opted_out,
        owner="dana",
        renewal_date=renewal,
        do_not_contact=do_not_contact,
    )
    return account_id


def test_a_do_not_contact_account_leads_with_it_and_suggests_no_outreach(real: Services) -> None:
    summary = account_summary(real, _seed(real, do_not_contact=True))
    policy = summary["contact_policy"]
    assert policy["do_not_contact"] and "Please remove everyone at Summit Trails" in policy["text"]
    assert policy["citations"]  # the customer's own request, cited
    assert summary["overview"]["sentences"][0]["text"] == policy["text"]
    assert "no record of contact" not in summary["overview"]["text"]  # the silence they asked for
    actions = [a["text"] for a in summary["next_best_actions"]]
    assert actions[0].startswith("Keep to the do-not-contact request")
    assert not any(a.startswith("Call ") for a in actions)
    assert any("threat to leave" in a and "without a retention call" in a for a in actions)
    # The complaint still gets its answer, through the channel the request names; no step says "Answer
    # Graham" as if a mail or a call were allowed.
    complaint = next(a for a in actions if "complaint" in a)
    assert "only through the channel they named (do-not-contact)" in complaint
    assert "their request of" in actions[0] and "Please remove" not in actions[0]


def test_an_account_anyone_may_contact_has_no_policy_and_keeps_the_retention_call(real: Services) -> None:
    summary = account_summary(real, _seed(real, do_not_contact=False))
    assert summary["contact_policy"] is None
    assert any(a["text"].startswith("Call ") for a in summary["next_best_actions"])


def test_an_opted_out_contact_is_named(real: Services) -> None:
    summary = account_summary(real, _seed(real, do_not_contact=False, opted_out=True))
    assert summary["contact_policy"]["opted_out"] == ["Graham Moss"]
    assert "Graham Moss has opted out of contact." in summary["overview"]["text"]


def test_a_cached_page_is_rebuilt_when_the_account_is_marked(real: Services) -> None:
    account_id = _seed(real, do_not_contact=False)
    assert account_summary(real, account_id)["contact_policy"] is None
    assert account_summary(real, account_id)["cached"]
    with real.sessions() as session:
        session.execute(update(Account).where(Account.id == account_id).values(do_not_contact=True))
        session.commit()
    rebuilt = account_summary(real, account_id)
    assert not rebuilt["cached"] and rebuilt["contact_policy"]["do_not_contact"]


def test_the_request_not_to_be_contacted_waits_for_no_reply(real: Services) -> None:
    # Their question of the day before is what still waits for our answer, not the request itself.
    account_id, _, _ = seed_account(
        real,
        "C-10",
        "Summit Trails",
        [
            Note("Could you tell us which pricing tier includes the API?", when=TODAY - timedelta(days=9)),
            Note(
                "Do not call or email our staff, please use the procurement portal.",
                when=TODAY - timedelta(days=8),
            ),
        ],
        contact=("Graham Moss", "g@summit.example"),
        owner="dana",
        do_not_contact=True,
    )
    waiting = [i for i in account_summary(real, account_id)["open_issues"] if i.get("awaiting_reply_since")]
    assert [i["text"] for i in waiting] == ["Could you tell us which pricing tier includes the API?"]


def test_a_near_renewal_is_counted_down_on_a_do_not_contact_page(real: Services) -> None:
    # Renewing in five days: how near it is stays, the silence they asked for is not counted as a gap.
    told = account_summary(real, _seed(real, do_not_contact=True))["overview"]["text"]
    assert "in 5 days" in told and "no record of contact" not in told
