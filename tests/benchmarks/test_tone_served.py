"""The served tone benchmark: its concurrent driver counts every answer and rejects non-200s (real app
under uvicorn), and against `copilot serve --workers 2` it finds both workers, warms them, and spreads
its clients' connections over them (no timing asserted)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import tone_served
from copilot.auth import create_user
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Role
from tests.support.api import build_app, live_server

INBOUND = ("/v1/tone", {"text": "Why is the export still broken?", "direction": "inbound"})
NOT_A_DIRECTION = ("/v1/tone", {"text": "Hello there.", "direction": "sideways"})


def _user(data_dir: Path) -> tuple[Services, dict[str, str]]:
    services = Services(load_settings(data_dir=data_dir, rate_limit_per_minute=0))
    services.migrate()
    with services.sessions() as session, session.begin():
        _, key = create_user(session, name="bench", role=Role.REP, team="east")
    return services, {"Authorization": f"Bearer {key}"}


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The real app (calm frustration model) under uvicorn on loopback, and a user's key."""
    services, headers = _user(tmp_path / "data")
    with live_server(build_app(services)) as base:
        yield base, headers
    services.engine.dispose()


def test_driver_sends_each_request_once_and_counts_answers_by_status(
    app_url: tuple[str, dict[str, str]],
) -> None:
    base, headers = app_url
    run = tone_served.drive(base, [INBOUND] * 9, headers, clients=3)
    assert run.statuses == {200: 9} and run.requests == 9 and run.wall_s > 0
    run.check()


def test_driver_rejects_a_run_with_any_answer_other_than_200(app_url: tuple[str, dict[str, str]]) -> None:
    base, headers = app_url
    run = tone_served.drive(base, [INBOUND] * 6 + [NOT_A_DIRECTION] * 2, headers, clients=4)
    assert run.statuses == {200: 6, 422: 2}
    with pytest.raises(RuntimeError, match=r"2 of 8 answers were not 200 \(by status: \{422: 2\}\)"):
        run.check()
    unauthorised = tone_served.drive(base, [INBOUND] * 2, {"Authorization": "Bearer nope"}, clients=2)
    with pytest.raises(RuntimeError, match="401"):
        unauthorised.check()


@pytest.mark.server
def test_two_workers_are_found_warmed_and_given_the_clients_connections_evenly(tmp_path: Path) -> None:
    services, headers = _user(tmp_path / "data")
    services.engine.dispose()
    with tone_served.served(tmp_path / "data", workers=2) as server:
        assert len(server.pids) == 2 and server.process.pid not in server.pids
        tone_served.warm(server.base, headers, server.process, server.pids)
        spread = tone_served.evenly_spread(server.port, server.pids, clients=4)
        before = tone_served.cpu_by_worker(server.process, server.pids)
        run = tone_served.drive(server.base, [INBOUND] * 40, headers, clients=4, spread=spread)
        run.check()
        after = tone_served.cpu_by_worker(server.process, server.pids)
        assert all(b > a for a, b in zip(before, after, strict=True)), (before, after)
        # The connections are closed once the run ends.
        assert tone_served.connections_by_worker(server.port, server.pids) == [0, 0]
