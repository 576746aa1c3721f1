"""Fixtures of the workflow tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.worlds import World, build_world, fresh_postgres


@pytest.fixture
def pg_services(postgres_url: str, tmp_path: Path) -> Iterator[Services]:
    """Migrated services on a clean PostgreSQL schema."""
    fresh_postgres(postgres_url)
    built = Services(
        load_settings(data_dir=tmp_path / "data", database_url=postgres_url),
        chat_model=FakeChatModel(),
        embeddings=HashingEmbeddings(),
    )
    built.migrate()
    yield built
    built.engine.dispose()
    fresh_postgres(postgres_url)


@pytest.fixture
def pg_world(pg_services: Services) -> World:
    """The two-team world on PostgreSQL."""
    return build_world(pg_services)
