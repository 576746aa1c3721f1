"""A letter greets the contact as our own last email to them did, in the letter's language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Contact
from copilot.index.fakes import HashingEmbeddings
from copilot.tools.salutation import thread_salutation
from tests.support.records import Note, seed_account

OURS = [
    Note(
        "Sehr geehrte Frau Schmidt,\n\nvielen Dank für Ihre Rückmeldung. Wir prüfen die Rechnung.",
        when=datetime(2026, 9, 1, tzinfo=UTC),
        direction="outbound",
    ),
    Note(
        "Hi team,\n\nthe invoice question is with our finance team and we will get back to you this week.",
        when=datetime(2026, 9, 20, tzinfo=UTC),
        direction="outbound",
    ),
]


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = Services(load_settings(data_dir=tmp_path / "data"), embeddings=HashingEmbeddings())
    built.migrate()
    yield built
    built.engine.dispose()


def _contact(services: Services) -> int:
    anna = ("Anna Schmidt", "a@brandt.example")
    _, contact_id, _ = seed_account(services, "C-1", "Brandt", OURS, contact=anna)
    assert contact_id is not None
    return contact_id


def test_our_own_greeting_that_names_them_is_reused(services: Services) -> None:
    contact_id = _contact(services)
    with services.sessions() as session:
        contact = session.get_one(Contact, contact_id)
        # The newer "Hi team," names nobody: the greeting that names her is the one to mirror.
        assert thread_salutation(session, contact, "de") == "Sehr geehrte Frau Schmidt,"
        # An English letter (a recap of a call held in English) does not open with our German greeting,
        # but keeps its title rather than greet her by her full name; a French one has its own frame.
        assert thread_salutation(session, contact, "en") == "Dear Ms Schmidt,"
        assert thread_salutation(session, contact, "fr") == ""
        assert thread_salutation(session, None, "de") == ""
