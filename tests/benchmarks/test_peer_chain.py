"""The naive peer chain: one Chroma collection, filtered by account, prompt | model | parser."""

from __future__ import annotations

from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document

from benchmarks.peer_chain import CHUNK_SIZE, build_chain, build_store, split_corpus
from copilot.errors import InvalidInputError
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel

RENEWAL_1 = "Acme asked about the renewal: 40 seats at the discounted price, decision by March."
RENEWAL_2 = "Globex wants the renewal moved to May and a 15 percent discount on 200 seats."


def _corpus() -> list[Document]:
    long_note = " ".join(["Acme onboarding notes about dashboards and exports."] * 60)
    return [
        Document(RENEWAL_1, metadata={"account_id": 1, "interaction_id": 10}),
        Document(long_note, metadata={"account_id": 1, "interaction_id": 11}),
        Document(RENEWAL_2, metadata={"account_id": 2, "interaction_id": 20}),
    ]


def _client(tmp_path: Path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(
        path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )


def test_long_records_are_split_and_chunks_keep_their_ids() -> None:
    chunks = split_corpus(_corpus())
    long_chunks = [c for c in chunks if c.metadata["interaction_id"] == 11]
    assert len(long_chunks) > 1 and all(len(c.page_content) <= CHUNK_SIZE for c in long_chunks)
    assert all(c.metadata["account_id"] == 1 for c in long_chunks)


def test_chain_retrieves_only_the_requested_account_and_returns_the_model_text(tmp_path: Path) -> None:
    store = build_store(_client(tmp_path), HashingEmbeddings(), _corpus())
    model = FakeChatModel().queue("Dear Jane, about your renewal ...")
    # k above the corpus size: without the account filter, the other account's record would come back.
    chain = build_chain(store, model, top_k=20, max_tokens=180)

    output = chain.invoke({"customer": "Jane at Acme", "purpose": "the renewal", "account_id": 1})

    assert output["answer"] == "Dear Jane, about your renewal ..."
    assert output["context"] and {d.metadata["account_id"] for d in output["context"]} == {1}
    prompt = model.last_prompt[0].text
    assert prompt.startswith("Write an email to Jane at Acme about the renewal using this context:")
    assert RENEWAL_1 in prompt and RENEWAL_2 not in prompt
    assert model.call_options[-1]["max_tokens"] == 180


def test_documents_without_an_account_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="account_id"):
        build_store(chromadb.EphemeralClient(), HashingEmbeddings(), [Document("no ids")])


def test_chain_input_without_account_is_refused(tmp_path: Path) -> None:
    store = build_store(_client(tmp_path), HashingEmbeddings(), _corpus())
    chain = build_chain(store, FakeChatModel().queue("unused"), top_k=2, max_tokens=50)
    with pytest.raises(InvalidInputError, match="missing account_id"):
        chain.invoke({"customer": "Jane", "purpose": "the renewal"})
