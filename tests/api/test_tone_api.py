"""/v1/tone and /v1/tone/batch: one report per text in order, same shape both ways, bad bodies named."""

from __future__ import annotations

from fastapi.testclient import TestClient

from copilot.api.schemas import TONE_BATCH_MAX
from tests.support.api import auth
from tests.support.worlds import World

TEXTS = [
    "We will cancel unless the sync is fixed.",
    "This is urgent: production is down.",
    "Thanks, all good here.",
]


def test_batch_gives_the_single_route_reports_in_order(client: TestClient, world: World) -> None:
    headers = auth(world, "rep_east")
    batch = client.post("/v1/tone/batch", json={"texts": TEXTS, "direction": "inbound"}, headers=headers)
    assert batch.status_code == 200
    reports = batch.json()["reports"]
    singles = [
        client.post("/v1/tone", json={"text": t, "direction": "inbound"}, headers=headers).json()
        for t in TEXTS
    ]
    assert reports == singles
    assert "churn_risk" in {label["label"] for label in reports[0]["labels"]}
    assert "urgent" in {label["label"] for label in reports[1]["labels"]}


def test_batch_rejects_too_many_empty_or_blank_texts(client: TestClient, world: World) -> None:
    headers = auth(world, "rep_east")
    too_many = {"texts": ["Hello there."] * (TONE_BATCH_MAX + 1), "direction": "outbound"}
    for body in (
        too_many,
        {"texts": [], "direction": "inbound"},
        {"texts": ["ok", "  "], "direction": "inbound"},
    ):
        response = client.post("/v1/tone/batch", json=body, headers=headers)
        assert response.status_code == 422
        assert "texts" in response.text
    assert client.post("/v1/tone/batch", json={"texts": TEXTS, "direction": "inbound"}).status_code == 401
