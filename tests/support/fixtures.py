"""Fixtures shared across test folders (registered in tests/conftest.py): the two-team world, its client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from copilot.container import Services
from tests.support.api import build_app
from tests.support.worlds import World, build_world


@pytest.fixture
def world(services: Services) -> World:
    """Two teams, their accounts and users, on SQLite with a scripted model."""
    return build_world(services)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    """The real app (API and pages, with its worker pool) over the world's services."""
    with TestClient(build_app(world.services)) as test_client:
        yield test_client
