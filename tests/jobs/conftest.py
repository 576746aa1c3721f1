"""Fixtures of the job-queue tests."""

from __future__ import annotations

import pytest

from copilot.container import Services
from tests.support.worlds import World, build_world


@pytest.fixture
def world(services: Services) -> World:
    """Two teams on SQLite; fast recovery timings."""
    services.settings = services.settings.model_copy(
        update={"job_stale_seconds": 0.4, "llm_timeout_seconds": 0.1}
    )
    return build_world(services)
