"""Fixtures for the model runtime tests: the embedded model and a real llama.cpp server, each loaded once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.config import Settings, load_settings
from copilot.llm.embedded import EmbeddedChatModel
from copilot.llm.model import Message
from tests.support.servers import free_port, running_server

# Small budgets keep the integration tests quick on two cores.
TEST_CONTEXT = 2048
TEST_MAX_TOKENS = 64


@pytest.fixture
def label_messages() -> list[Message]:
    """A labelling prompt for one short, clearly unhappy customer email."""
    return [
        Message("system", "You label customer emails with their subject and sentiment."),
        Message(
            "user", "Email: 'Subject: Renewal pricing. We are very unhappy with the new price increase.'"
        ),
    ]


@pytest.fixture(scope="session")
def gguf_path() -> Path:
    """The packaged GGUF file, found through the settings as production code finds it."""
    return load_settings(llm_provider="embedded").resolved_model_path()


@pytest.fixture(scope="session")
def embedded_model(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedChatModel:
    """The real embedded model, loaded once for the session."""
    settings = load_settings(
        data_dir=tmp_path_factory.mktemp("llm"),
        llm_provider="embedded",
        llm_context_tokens=TEST_CONTEXT,
        llm_max_output_tokens=TEST_MAX_TOKENS,
        llm_threads=2,
    )
    return EmbeddedChatModel.from_settings(settings)


@pytest.fixture(scope="session")
def llama_server_settings(gguf_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings pointing at a real llama.cpp OpenAI-compatible server started on loopback."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(TEST_CONTEXT),
        "--n_threads",
        "2",
    ]
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    base_url = f"http://127.0.0.1:{port}/v1"
    with running_server(command, f"{base_url}/models", log, timeout=120):
        yield load_settings(
            llm_provider="openai",
            llm_base_url=base_url,
            llm_max_output_tokens=TEST_MAX_TOKENS,
            llm_timeout_seconds=60,
        )
