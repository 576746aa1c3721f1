"""Paths and helpers shared by the connector tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import pytest

from connectors.base import ConnectorItem, IngestFailure
from tests.support.shared_data import SHARED_DATA, require_shared

FIXTURES = Path(__file__).parent / "fixtures"
# The shared evaluation data lives next to the repository, never inside it.
REALWORLD = SHARED_DATA / "realworld"

T = TypeVar("T")


def only(items: Iterable[ConnectorItem], kind: type[T]) -> list[T]:
    """The items of one type, in order."""
    return [item for item in items if isinstance(item, kind)]


def failures(items: Iterable[ConnectorItem]) -> list[IngestFailure]:
    """The failures among connector output."""
    return only(items, IngestFailure)


@pytest.fixture
def realworld() -> Path:
    """The shared real-world files, or a skip naming where they were expected."""
    return require_shared(REALWORLD)
