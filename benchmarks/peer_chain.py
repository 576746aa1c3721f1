"""The naive peer: the RAG chain a LangChain user would write to draft a customer email from CRM notes.

One Chroma collection for every account, filtered by account metadata at query time (the least a
user would do to keep customers apart), LangChain's recursive character splitter at its tutorial
settings, a one-line prompt, and `prompt | model | StrOutputParser()`. No fact selection, no
structured output, no grounding check: the comparison measures what those cost and what they buy.
"""

from __future__ import annotations

from typing import Any

from chromadb.api import ClientAPI
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough
from langchain_text_splitters import RecursiveCharacterTextSplitter

from copilot.errors import InvalidInputError
from copilot.index.embedder import Embedder
from copilot.index.langchain_adapter import LangChainEmbeddings
from copilot.llm.langchain_adapter import as_langchain
from copilot.llm.model import ChatModel

PROMPT = ChatPromptTemplate.from_template(
    "Write an email to {customer} about {purpose} using this context: {context}"
)
COLLECTION = "peer-corpus"
# The values of LangChain's RAG tutorial: where a user starts.
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
_REQUIRED = ("customer", "purpose", "account_id")


def split_corpus(documents: list[Document]) -> list[Document]:
    """Plain character chunks; each chunk keeps its document's metadata (account and interaction ids)."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_documents(documents)


def build_store(client: ClientAPI, embeddings: Embedder, documents: list[Document]) -> Chroma:
    """One collection holding every account's chunks, embedded by `embeddings` (our pipeline's embedder)."""
    for i, document in enumerate(documents):
        if "account_id" not in document.metadata:
            raise InvalidInputError(f"documents[{i}]: metadata needs an account_id to filter on")
    return Chroma.from_documents(
        split_corpus(documents), LangChainEmbeddings(embeddings), client=client, collection_name=COLLECTION
    )


def _joined(documents: list[Document]) -> str:
    return "\n\n".join(d.page_content for d in documents)


def build_chain(
    store: Chroma, model: ChatModel, *, top_k: int, max_tokens: int
) -> Runnable[dict[str, Any], dict[str, Any]]:
    """`{customer, purpose, account_id}` -> `{..., context: [Document], answer: str}` (the sources kept).

    The chain calls the LangChain model our `model` wraps (the same llama.cpp instance), as a LangChain
    user would; only a model that is not a LangChain one (the test fake) is wrapped to fit.
    """

    def retrieve(inputs: dict[str, Any]) -> list[Document]:
        missing = [k for k in _REQUIRED if k not in inputs]
        if missing:
            raise InvalidInputError(f"peer chain input: missing {', '.join(missing)}")
        return store.similarity_search(
            inputs["purpose"], k=top_k, filter={"account_id": inputs["account_id"]}
        )

    answer = (
        RunnablePassthrough.assign(context=lambda inputs: _joined(inputs["context"]))
        | PROMPT
        | as_langchain(model).bind(max_tokens=max_tokens)
        | StrOutputParser()
    )
    # The common "RAG with sources" shape: retrieved documents stay in the output beside the answer.
    return RunnablePassthrough.assign(context=RunnableLambda(retrieve)).assign(answer=answer)
