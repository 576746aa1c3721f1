"""One audited structured model call, shared by every tool."""

from __future__ import annotations

from typing import TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from copilot.audit import record_event
from copilot.errors import CopilotError
from copilot.llm.factory import StructuredResult, structured_call
from copilot.prompting import PromptTemplate

SchemaT = TypeVar("SchemaT", bound=BaseModel)


def audited_call(
    *,
    sessions: sessionmaker[Session],
    model: BaseChatModel,
    prompt: PromptTemplate,
    variables: dict[str, str],
    schema: type[SchemaT],
    account_id: int | None,
    draft_id: int | None,
    retrieved_ids: list[int],
    max_tokens: int | None = None,
) -> StructuredResult[SchemaT]:
    """Render the prompt, call the model under the schema, and audit the call whatever its outcome."""
    system, user = prompt.render(**variables)
    data: dict[str, object] = {
        "prompt_name": prompt.name,
        "prompt_version": prompt.version,
        "prompt_hash": prompt.hash,
        "retrieved_interaction_ids": retrieved_ids,
    }
    try:
        result = structured_call(
            model, [SystemMessage(system), HumanMessage(user)], schema, max_tokens=max_tokens
        )
    except CopilotError as exc:
        _audit(sessions, account_id, draft_id, {**data, "outcome": "error", "error": str(exc)})
        raise
    data.update(
        model=result.model,
        tokens_in=result.prompt_tokens,
        tokens_out=result.completion_tokens,
        latency_s=round(result.latency_s, 3),
        outcome="ok",
    )
    _audit(sessions, account_id, draft_id, data)
    return result


def _audit(
    sessions: sessionmaker[Session], account_id: int | None, draft_id: int | None, data: dict[str, object]
) -> None:
    # Its own transaction: a model call is audited even when the surrounding work later fails.
    with sessions() as session, session.begin():
        record_event(session, "llm.call", account_id=account_id, draft_id=draft_id, data=data)
