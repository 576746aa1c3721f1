"""Fixtures of the web page tests: the two-team world, the real app, a signed-out client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from copilot.container import Services
from tests.api.support import build_app
from tests.workflow.helpers import World, build_world


@pytest.fixture
def world(services: Services) -> World:
    """Two teams, their accounts and users, on SQLite with a scripted model."""
    return build_world(services)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    """The real app (API and pages) over the world's services."""
    with TestClient(build_app(world.services)) as test_client:
        yield test_client
