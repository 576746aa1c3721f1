"""One audited structured model call, shared by every tool."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from copilot.audit import record_event
from copilot.guards.pii import PiiMasker
from copilot.llm.factory import StructuredResult, structured_call
from copilot.llm.model import ChatModel, Message
from copilot.llm.retry import AttemptRecord, RetryPolicy, call_with_retries
from copilot.prompting import PromptTemplate

SchemaT = TypeVar("SchemaT", bound=BaseModel)


def audited_call(
    *,
    sessions: sessionmaker[Session],
    model: ChatModel,
    prompt: PromptTemplate,
    variables: dict[str, str],
    schema: type[SchemaT],
    account_id: int | None,
    draft_id: int | None,
    retrieved_ids: list[int],
    max_tokens: int | None = None,
    mask_pii: bool = False,
    retry: RetryPolicy | None = None,
) -> StructuredResult[SchemaT]:
    """Render the prompt, call the model under the schema, and audit every attempt whatever its outcome.

    With `retry`, timeouts, unreachable servers, 429/5xx and output that does not fit the schema are
    tried again with backoff; each attempt is its own `llm.call` event (attempt number, error kind).
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
    messages = [Message("system", system), Message("user", user)]
    results: list[StructuredResult[SchemaT]] = []

    def attempt() -> StructuredResult[SchemaT]:
        results.append(structured_call(model, messages, schema, max_tokens=max_tokens))
        return results[-1]

    def audit_attempt(record: AttemptRecord) -> None:
        _audit(sessions, account_id, draft_id, {**data, **_attempt_data(record, results)})

    result = call_with_retries(attempt, retry or RetryPolicy(), audit_attempt)
    return result if masker is None else _unmasked(result, schema, masker)


def _attempt_data(record: AttemptRecord, results: list[StructuredResult[Any]]) -> dict[str, object]:
    data: dict[str, object] = {
        "attempt": record.attempt,
        "max_attempts": record.max_attempts,
        "latency_s": round(record.latency_s, 3),
    }
    if record.kind is not None:
        data.update(outcome="error", error_kind=record.kind, error=record.error)
        if record.http_status is not None:
            data["http_status"] = record.http_status
        if record.backoff_s is not None:
            data["backoff_s"] = round(record.backoff_s, 3)
        return data
    result = results[-1]
    data.update(
        model=result.model,
        tokens_in=result.prompt_tokens,
        tokens_out=result.completion_tokens,
        latency_s=round(result.latency_s, 3),
        outcome="ok",
    )
    return data


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
