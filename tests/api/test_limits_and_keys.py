"""Keys, limits and the one error shape: 401, 413, 429 with Retry-After, key rotation, metrics."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from copilot.api.limits import RateLimitedError, RateLimiter
from copilot.container import Services
from copilot.db.models import User
from tests.support.api import auth, build_app
from tests.support.worlds import World, build_world


@pytest.fixture
def tight(services: Services) -> Iterator[tuple[TestClient, World]]:
    """An app with a 3-requests-per-minute limit and a 2 KiB body limit."""
    services.settings = services.settings.model_copy(
        update={"rate_limit_per_minute": 3, "max_body_bytes": 2048}
    )
    world = build_world(services)
    with TestClient(build_app(services)) as client:
        yield client, world


def test_missing_bad_and_revoked_keys_get_401_in_the_error_shape(client: TestClient, world: World) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer cpk_not-a-real-key-at-all-000000"},
        {"X-API-Key": "nonsense"},
    ):
        answer = client.get("/v1/users/me", headers=headers)
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"
    assert (
        client.get("/v1/users/me", headers={"X-API-Key": world.keys["rep_east"]}).json()["name"] == "rep_east"
    )
    victim = world.users["teammate_east"].id
    assert client.delete(f"/v1/users/{victim}", headers=auth(world, "admin")).status_code == 204
    assert client.get("/v1/users/me", headers=auth(world, "teammate_east")).status_code == 401


def test_keys_are_shown_once_stored_hashed_and_rotation_revokes_the_old_one(
    client: TestClient, world: World
) -> None:
    created = client.post(
        "/v1/users", json={"name": "nora", "role": "reviewer", "team": "east"}, headers=auth(world, "admin")
    )
    assert created.status_code == 201
    key = created.json()["api_key"]
    with world.services.sessions() as session:
        stored = session.scalars(select(User).where(User.name == "nora")).one()
        assert stored.api_key_hash and key not in (stored.api_key_hash, stored.api_key_prefix)
    listed = client.get("/v1/users", headers=auth(world, "admin")).json()
    assert all("api_key" not in u for u in listed) and "nora" in {u["name"] for u in listed}
    me = client.get("/v1/users/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert (me["name"], me["role"], me["team"]) == ("nora", "reviewer", "east")
    rotated = client.post(f"/v1/users/{me['id']}/key", headers=auth(world, "admin")).json()["api_key"]
    assert client.get("/v1/users/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert client.get("/v1/users/me", headers={"Authorization": f"Bearer {rotated}"}).status_code == 200
    duplicate = client.post("/v1/users", json={"name": "nora", "role": "rep"}, headers=auth(world, "admin"))
    assert duplicate.status_code == 409 and "name" in duplicate.json()["error"]["message"]


def test_the_rate_limit_is_per_key_with_retry_after(tight: tuple[TestClient, World]) -> None:
    client, world = tight
    answers = [client.get("/v1/users/me", headers=auth(world, "rep_east")) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert (
        answers[-1].json()["error"]["code"] == "rate_limited" and int(answers[-1].headers["retry-after"]) >= 1
    )
    assert client.get("/v1/users/me", headers=auth(world, "rep_west")).status_code == 200


def test_the_token_bucket_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    for _ in range(60):
        limiter.check("k")
    with pytest.raises(RateLimitedError) as refused:
        limiter.check("k")
    assert refused.value.headers == {"Retry-After": "1"}
    now[0] = 1.0
    limiter.check("k")


def test_oversized_bodies_get_413_declared_or_streamed(tight: tuple[TestClient, World]) -> None:
    client, world = tight
    body = {"account_id": world.accounts["east"], "purpose": "x" * 5000}
    declared = client.post("/v1/drafts", json=body, headers=auth(world, "rep_east"))
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"account_id": 1, "purpose": "'
        yield b"y" * 4096
        yield b'"}'

    streamed = client.post(
        "/v1/drafts",
        content=chunks(),
        headers={**auth(world, "rep_west"), "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "payload_too_large"


def test_metrics_expose_request_counts_and_the_queue(client: TestClient, world: World) -> None:
    client.get("/v1/drafts/99999", headers=auth(world, "rep_east"))
    text = client.get("/metrics").text
    assert 'copilot_http_requests_total{method="GET",route="/v1/drafts/{draft_id}",status="404"} 1.0' in text
    assert (
        'copilot_generation_queue_depth{state="queued"}' in text and "copilot_generation_workers 2.0" in text
    )
    queue = client.get("/v1/jobs/queue", headers=auth(world, "manager_east")).json()
    assert {"queued", "running", "oldest_queued_seconds", "workers"} <= set(queue)


def test_unknown_routes_and_methods_use_the_error_shape(client: TestClient, world: World) -> None:
    missing = client.get("/v1/nothing-here", headers=auth(world, "rep_east"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.put("/v1/users/me", headers=auth(world, "rep_east"))
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
