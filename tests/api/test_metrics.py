"""/metrics: a bounded method label and the optional bearer token (COPILOT_METRICS_TOKEN)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from copilot.config import load_settings
from copilot.container import Services
from tests.support.api import auth, build_app
from tests.support.worlds import World, build_world

TOKEN = "scrape-secret-7f3a"


@pytest.fixture
def guarded(services: Services) -> Iterator[tuple[TestClient, World]]:
    """An app whose /metrics needs the bearer token."""
    services.settings = services.settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    world = build_world(services)
    with TestClient(build_app(services)) as client:
        yield client, world


def _methods_in(text: str) -> set[str]:
    return set(re.findall(r'copilot_http_requests_total\{method="([^"]*)"', text))


def test_invented_methods_share_one_label(client: TestClient, world: World) -> None:
    for index in range(50):
        client.request(f"X-INVENTED-{index}", "/v1/users/me", headers=auth(world, "rep_east"))
    client.request("patch", "/v1/users/me", headers=auth(world, "rep_east"))
    methods = _methods_in(client.get("/metrics").text)
    assert "other" in methods and not any(m.startswith("X-") for m in methods)
    assert methods <= {"GET", "PATCH", "other"}
    text = client.get("/metrics").text
    counted = re.search(r'copilot_http_requests_total\{method="other",[^}]*\} (\d+)', text)
    assert counted is not None and float(counted.group(1)) == 50


def test_metrics_are_open_without_a_configured_token(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 200


def test_metrics_need_the_configured_bearer_token(guarded: tuple[TestClient, World]) -> None:
    client, world = guarded
    for headers in ({}, {"Authorization": "Bearer wrong"}, auth(world, "admin")):
        refused = client.get("/metrics", headers=headers)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "COPILOT_METRICS_TOKEN" in refused.json()["error"]["message"]
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and "copilot_http_requests_total" in answer.text
    assert client.get("/healthz").status_code == 200


def test_a_blank_token_setting_means_no_token() -> None:
    assert load_settings(metrics_token="  ").metrics_token is None
    assert load_settings(metrics_token=TOKEN).metrics_token is not None
