"""LangChain stays at the edge: only copilot/llm and copilot/index import it; the rest uses our seams.

Tools, guards, retrieval, ingest and tone depend on `ChatModel` (copilot/llm/model.py) and `Embedder`
(copilot/index/embedder.py); the adapters and backends behind them, and the fakes tests use, are
real implementations of those seams.
"""

from __future__ import annotations

import ast

import pytest

from copilot.index.embedder import Embedder
from copilot.index.embeddings import LocalEmbeddings
from copilot.index.fakes import HashingEmbeddings
from copilot.index.onnx_embeddings import OnnxEmbeddings
from copilot.index.static_embeddings import StaticEmbeddings
from copilot.llm.fakes import FakeChatModel
from copilot.llm.model import ChatModel
from tests.support.fakes import CountingEmbeddings, SchemaFillingChatModel
from tests.support.shared_data import REPO_ROOT

PACKAGE = REPO_ROOT / "copilot"
# The only packages that may see LangChain: the adapters behind our seams live there.
EDGE = ("llm", "index")


def langchain_imports(source: str) -> list[str]:
    """Modules named `langchain*` that `source` imports anywhere (inside functions and TYPE_CHECKING too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return [name for name in found if name.split(".")[0].startswith("langchain")]


def test_the_scan_finds_type_checking_and_function_level_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from langchain_core.embeddings import Embeddings\n"
        "def build():\n    import langchain_openai\n"
        "from copilot.llm import model\n"
    )
    assert langchain_imports(source) == ["langchain_core.embeddings", "langchain_openai"]


def test_langchain_is_imported_only_under_copilot_llm_and_copilot_index() -> None:
    outside = {
        str(path.relative_to(REPO_ROOT)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in EDGE
        and (names := langchain_imports(path.read_text(encoding="utf-8")))
    }
    assert outside == {}


def test_the_edge_does_use_langchain_so_the_scan_is_looking_at_real_files() -> None:
    adapter = PACKAGE / "llm" / "langchain_adapter.py"
    assert "langchain_core.language_models" in langchain_imports(adapter.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "fake", [FakeChatModel(), SchemaFillingChatModel()], ids=lambda fake: type(fake).__name__
)
def test_chat_model_fakes_implement_our_seam(fake: ChatModel) -> None:
    assert isinstance(fake, ChatModel)


@pytest.mark.parametrize(
    "fake", [HashingEmbeddings(), CountingEmbeddings()], ids=lambda fake: type(fake).__name__
)
def test_embedder_fakes_implement_our_seam(fake: Embedder) -> None:
    assert isinstance(fake, Embedder)
    assert fake.embed_documents(["renewal pricing"]) == [fake.embed_query("renewal pricing")]


@pytest.mark.parametrize(
    "backend", [LocalEmbeddings, OnnxEmbeddings, StaticEmbeddings], ids=lambda backend: backend.__name__
)
def test_every_embedding_backend_implements_our_seam(backend: type) -> None:
    assert issubclass(backend, Embedder)


def test_our_seams_are_abstract() -> None:
    with pytest.raises(TypeError):
        ChatModel()  # type: ignore[abstract]
    with pytest.raises(TypeError):
        Embedder()  # type: ignore[abstract]
