"""The app starts on the configured store and answers its probes and docs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from copilot.api.app import create_app
from copilot.config import Settings


def test_probes_and_docs(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["database"] == "ok"
        assert client.get("/docs").status_code == 200
        assert "/healthz" in client.get("/openapi.json").json()["paths"]
    assert (settings.data_dir / "copilot.db").is_file()
