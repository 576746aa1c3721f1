"""Fixtures for the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from copilot.config import load_settings
from copilot.container import Services
from tests.support.fakes import CountingEmbeddings


@pytest.fixture
def counting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Migrated SQLite services whose embeddings count what they embed; small batches."""
    data = tmp_path_factory.mktemp("data")
    built = Services(
        load_settings(data_dir=data, ingest_batch_size=4, ingest_index_batch_size=4),
        embeddings=CountingEmbeddings(),
    )
    built.migrate()
    yield built
    built.engine.dispose()
