"""Warm start: an API worker loads the chat model and embedder as it starts, not on its first draft."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from copilot.api.app import create_app
from copilot.config import load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel


class CountingEmbeddings(HashingEmbeddings):
    """Counts query embeddings too (the warm-up embeds one query)."""

    def embed_query(self, text: str) -> list[float]:
        """Count, then embed."""
        self.calls += 1
        return super().embed_query(text)


def started_app_embeds(tmp_path: Path, *, warm_start: bool) -> int:
    """How many texts the embedder saw within a second of start-up, with no request made."""
    embeddings = CountingEmbeddings()
    services = Services(
        load_settings(data_dir=tmp_path, warm_start=warm_start),
        chat_model=FakeChatModel(),
        embeddings=embeddings,
    )
    with TestClient(create_app(services=services)):
        deadline = time.monotonic() + 5
        while not embeddings.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        seen = embeddings.calls
    services.engine.dispose()
    return seen


def test_warm_start_loads_the_embedder_before_any_request(tmp_path: Path) -> None:
    assert started_app_embeds(tmp_path / "warm", warm_start=True) > 0


def test_lazy_start_leaves_loading_to_the_first_request(tmp_path: Path) -> None:
    assert started_app_embeds(tmp_path / "lazy", warm_start=False) == 0
