"""Fixtures shared by the whole suite: settings in a temp dir, SQLite and PostgreSQL databases, services."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from copilot.config import Settings, load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.shared_data import SHARED_DATA, require_shared

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# The product's defaults are neutral (no domains of ours); the suite's fixture mail and transcripts are
# written as the sample company, so the suite says so once here, as a deployment would in its env.
# Tests of the neutral defaults remove it with monkeypatch.
os.environ.setdefault("COPILOT_OUR_DOMAINS", "northwind-analytics.com")

# The two-team world and the app client, shared by the API, web, workflow, delivery and trust tests.
pytest_plugins = ["tests.support.fixtures"]

PG_ADMIN_DSN = os.environ.get("COPILOT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    name = f"copilot_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required at {PG_ADMIN_DSN} (set COPILOT_TEST_PG_DSN): {exc}")
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each database test runs on SQLite and on PostgreSQL (a clean schema per test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url: str = request.getfixturevalue("postgres_url")
    _drop_all(url)
    yield url
    _drop_all(url)


def _drop_all(url: str) -> None:
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with the data dir in a temp folder."""
    return load_settings(data_dir=tmp_path / "data")


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Migrated services on SQLite with fast deterministic embeddings and a FakeChatModel with nothing
    queued (logic tests script it: `tests.support.worlds.scripted_model`).

    The learned injection detector is off: it reads MiniLM vectors, and hashed ones would make its
    scores noise (the rules still run; tests of the detector bring the real embedder).
    """
    built = Services(
        settings.model_copy(update={"injection_classifier": False}),
        chat_model=FakeChatModel(),
        embeddings=HashingEmbeddings(),
    )
    built.migrate()
    yield built
    built.engine.dispose()


@pytest.fixture
def db_services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    """Migrated services on SQLite and on PostgreSQL, with deterministic embeddings (and so, as in
    `services`, no learned injection detector) and a FakeChatModel."""
    built = Services(
        load_settings(data_dir=tmp_path / "data", database_url=database_url, injection_classifier=False),
        chat_model=FakeChatModel(),
        embeddings=HashingEmbeddings(),
    )
    built.migrate()
    yield built
    built.engine.dispose()


# Fixtures that read ../shared/data; a test using one is marked `shared_data` (tests/support/shared_data.py).
SHARED_DATA_FIXTURES = frozenset({"shared_data", "realworld"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reads the shared data, so `-m shared_data` selects exactly those."""
    for item in items:
        if SHARED_DATA_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.shared_data)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The evaluation and real-world data folder beside the repo, or a skip naming where it was expected."""
    return require_shared(SHARED_DATA)
