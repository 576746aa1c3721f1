"""One audited structured model call, shared by every tool."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from copilot.audit import record_event
from copilot.errors import CopilotError
from copilot.guards.pii import PiiMasker
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
    mask_pii: bool = False,
) -> StructuredResult[SchemaT]:
    """Render the prompt, call the model under the schema, and audit the call whatever its outcome.

    With `mask_pii` (a remote provider), personal values leave only as placeholders and are restored
    in the parsed result; the audit records how many were masked, never the values.
    """
    system, user = prompt.render(**variables)
    masker = PiiMasker() if mask_pii else None
    if masker is not None:
        system, user = masker.mask(system), masker.mask(user)
    data: dict[str, object] = {
        "prompt_name": prompt.name,
        "prompt_version": prompt.version,
        "prompt_hash": prompt.hash,
        "retrieved_interaction_ids": retrieved_ids,
    }
    if masker is not None:
        data["pii_masked"] = masker.masked_count
        data["pii_masked_by_kind"] = masker.counts_by_kind()
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
    return result if masker is None else _unmasked(result, schema, masker)


def _unmasked(
    result: StructuredResult[SchemaT], schema: type[SchemaT], masker: PiiMasker
) -> StructuredResult[SchemaT]:
    restored = schema.model_validate(masker.unmask_data(result.parsed.model_dump(mode="json")))
    return replace(result, parsed=restored, raw=masker.unmask(result.raw))


def _audit(
    sessions: sessionmaker[Session], account_id: int | None, draft_id: int | None, data: dict[str, object]
) -> None:
    # Its own transaction: a model call is audited even when the surrounding work later fails.
    with sessions() as session, session.begin():
        record_event(session, "llm.call", account_id=account_id, draft_id=draft_id, data=data)
