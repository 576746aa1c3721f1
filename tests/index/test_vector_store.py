"""The per-account vector index, embedded and against a real `chroma run` server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.config import load_settings
from copilot.errors import ConfigError
from copilot.index.fakes import HashingEmbeddings
from copilot.index.store_check import check_vector_store
from copilot.index.vector_store import VectorIndex, build_chroma_client
from tests.support.servers import free_port, running_server, venv_bin

EMBED = HashingEmbeddings()


def _fill(index: VectorIndex) -> None:
    texts = {
        1: ["renewal quote for acme due friday", "acme complained about dashboard latency"],
        2: ["beta corp asked for a renewal discount", "beta corp onboarding call"],
    }
    for account_id, docs in texts.items():
        ids = [f"{account_id}00{n}-0" for n in range(len(docs))]
        metas = [{"account_id": account_id, "interaction_id": n} for n in range(len(docs))]
        index.upsert(account_id, ids, EMBED.embed_documents(docs), metas)


def _exercise(index: VectorIndex) -> None:
    _fill(index)
    hits = index.query(1, EMBED.embed_query("renewal quote"), k=10)
    assert hits[0].chunk_id == "1000-0"
    assert {h.metadata["account_id"] for h in hits} == {1}
    assert index.ids(2) == {"2000-0", "2001-0"}
    _fill(index)  # upsert again: no duplicates
    assert len(index.ids(1)) == 2
    index.delete(1, ["1001-0"])
    assert index.ids(1) == {"1000-0"}
    index.drop_account(2)
    assert index.ids(2) == set()
    index.drop_account(99)  # dropping an absent account is not an error


def test_embedded_store_keeps_accounts_apart(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    _exercise(VectorIndex(build_chroma_client(settings)))
    assert (tmp_path / "chroma").is_dir()


def test_embedded_store_persists_across_clients(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    _fill(VectorIndex(build_chroma_client(settings), prefix="persist"))
    reopened = VectorIndex(build_chroma_client(settings), prefix="persist")
    assert reopened.ids(1) == {"1000-0", "1001-0"}


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real Chroma server on loopback."""
    port = free_port()
    root = tmp_path_factory.mktemp("chroma-server")
    command = [
        venv_bin("chroma"),
        "run",
        "--path",
        str(root / "db"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with running_server(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", root / "server.log"):
        yield port


@pytest.mark.server
def test_chroma_server_store_keeps_accounts_apart(chroma_server: int, tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    _exercise(VectorIndex(build_chroma_client(settings), prefix="srv"))
    assert not (tmp_path / "chroma").exists()


@pytest.mark.server
def test_init_check_finds_a_running_chroma_server_without_opening_it(
    chroma_server: int, tmp_path: Path
) -> None:
    settings = load_settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert check_vector_store(settings) == f"127.0.0.1:{chroma_server}"
    assert not (tmp_path / "chroma").exists()


def test_unreachable_chroma_server_is_a_config_error(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(ConfigError) as caught:
        build_chroma_client(settings)
    assert caught.value.setting == "COPILOT_CHROMA_HOST"
