"""Builders and consistency checks shared by the ingest tests."""

from __future__ import annotations

import mailbox
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select

from copilot.container import Services
from copilot.db.models import Account, Chunk, Interaction
from copilot.index.units import expected_vector_ids

TOPICS = ["renewal pricing", "onboarding plan", "invoice address", "API outage", "training dates"]


def add_account(services: Services, name: str, domain: str, crm_id: str | None = None) -> int:
    """Insert an account and return its id."""
    with services.sessions() as session:
        account = Account(name=name, domain=domain, crm_id=crm_id)
        session.add(account)
        session.commit()
        return account.id


def message(number: int, domain: str, *, body: str | None = None) -> EmailMessage:
    """A small inbound message from a customer domain with a stable Message-ID."""
    msg = EmailMessage()
    msg["From"] = f"Customer {number} <buyer{number}@{domain}>"
    msg["To"] = "rep@northwind-analytics.com"
    msg["Subject"] = f"Question {number} about {TOPICS[number % len(TOPICS)]}"
    msg["Date"] = f"Mon, {1 + number % 27:02d} Jun 2026 10:{number % 60:02d}:00 +0000"
    msg["Message-ID"] = f"<msg-{number}@{domain}>"
    msg.set_content(
        body or f"Hello,\n\nmessage {number}: please tell us about {TOPICS[number % 5]}.\n\nThanks"
    )
    return msg


def write_mbox(path: Path, count: int, domain: str) -> Path:
    """An mbox file of `count` messages from `domain`."""
    box = mailbox.mbox(str(path))
    for number in range(count):
        box.add(message(number, domain))
    box.flush()
    box.close()
    return path


def sql_chunk_ids(services: Services) -> dict[int, list[str]]:
    """Chunk ids in SQL, per account (a list, so duplicates would show)."""
    per_account: dict[int, list[str]] = {}
    with services.sessions() as session:
        for chunk_id, account_id in session.execute(select(Chunk.id, Chunk.account_id)):
            per_account.setdefault(account_id, []).append(chunk_id)
    return per_account


def interaction_count(services: Services) -> int:
    """How many interactions SQL holds."""
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(Interaction)) or 0


def assert_consistent(services: Services) -> None:
    """No duplicate rows, every interaction indexed, SQL chunk ids == vector ids per account."""
    with services.sessions() as session:
        identities = Counter(
            session.execute(select(Interaction.account_id, Interaction.source, Interaction.source_id)).all()
        )
        states = set(session.scalars(select(Interaction.index_state)))
        accounts = list(session.scalars(select(Account.id)))
    assert all(n == 1 for n in identities.values()), identities.most_common(3)
    assert states <= {"indexed"}, states
    sql = sql_chunk_ids(services)
    texts = sql_chunk_texts(services)
    for account_id in accounts:
        ids = sql.get(account_id, [])
        assert len(ids) == len(set(ids))
        # Each chunk's vector and its sentences' (copilot.index.units).
        expected = expected_vector_ids(texts.get(account_id, {}))
        assert expected == services.vector_index.ids(account_id), f"account {account_id} drifted"


def sql_chunk_texts(services: Services) -> dict[int, dict[str, str]]:
    """Chunk id -> text in SQL, per account."""
    per_account: dict[int, dict[str, str]] = {}
    with services.sessions() as session:
        for chunk_id, account_id, text in session.execute(select(Chunk.id, Chunk.account_id, Chunk.text)):
            per_account.setdefault(account_id, {})[chunk_id] = text
    return per_account
