"""Builds the configured chat model and runs schema-constrained calls on any provider."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from langchain_core.exceptions import ModelError as LangChainModelError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from copilot.config import Settings
from copilot.errors import ConfigError, ModelError, ModelOutputError
from copilot.llm.embedded import EmbeddedChatModel, schema_response_format
from copilot.llm.remote import LENGTH_ERRORS, TRANSPORT_ERRORS, build_remote_chat_model
from copilot.llm.tokens import count_tokens

SchemaT = TypeVar("SchemaT", bound=BaseModel)
ChatModelBuilder = Callable[[Settings], BaseChatModel]

PROVIDERS: dict[str, ChatModelBuilder] = {
    "embedded": EmbeddedChatModel.from_settings,
    "openai": build_remote_chat_model,
}

_CALL_ERRORS: tuple[type[Exception], ...] = (LangChainModelError, *TRANSPORT_ERRORS)


def build_chat_model(settings: Settings) -> BaseChatModel:
    """Build the chat model for `settings.llm_provider`; callers never branch on the provider."""
    builder = PROVIDERS.get(settings.llm_provider)
    if builder is None:
        known = ", ".join(sorted(PROVIDERS))
        raise ConfigError("COPILOT_LLM_PROVIDER", f"unknown provider {settings.llm_provider!r}; use {known}")
    return builder(settings)


@dataclass(frozen=True)
class StructuredResult(Generic[SchemaT]):
    """A validated model answer with the facts an audit event records about the call."""

    parsed: SchemaT
    raw: str
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    model: str
    tokens_estimated: bool = False


_PROSE_KEYS = {"title", "description"}


def compact_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The schema's JSON schema without `title` and `description` prose.

    Titles only cost prompt tokens; descriptions (a model class's docstring) are worse: a small model
    copies them into its answer, so no prose of ours may reach it through the schema.
    """

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            # A property *named* "title" maps to a dict, so only string titles and descriptions are dropped.
            return {k: strip(v) for k, v in node.items() if not (k in _PROSE_KEYS and isinstance(v, str))}
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    return dict(strip(schema.model_json_schema()))


def with_schema_instruction(messages: Sequence[BaseMessage], schema: type[BaseModel]) -> list[BaseMessage]:
    """Messages with a system instruction describing the JSON reply, merged into a leading system message."""
    instruction = (
        "Reply with exactly one JSON object and nothing else. It must conform to this JSON schema:\n"
        + json.dumps(compact_schema(schema), separators=(",", ":"))
    )
    if messages and isinstance(messages[0], SystemMessage):
        merged = SystemMessage(content=f"{messages[0].text}\n\n{instruction}")
        return [merged, *messages[1:]]
    return [SystemMessage(content=instruction), *messages]


def structured_call(
    model: BaseChatModel,
    messages: Sequence[BaseMessage],
    schema: type[SchemaT],
    *,
    max_tokens: int | None = None,
) -> StructuredResult[SchemaT]:
    """Ask `model` for one JSON object fitting `schema` and return it validated, with usage and latency."""
    prompt = with_schema_instruction(messages, schema)
    # llama.cpp (embedded and server) compiles this into a decoding grammar; servers that know only
    # plain JSON mode still get the schema from the system instruction, and pydantic checks the rest.
    options: dict[str, Any] = {"response_format": schema_response_format(compact_schema(schema))}
    if max_tokens is not None:
        options["max_tokens"] = max_tokens
    started = time.perf_counter()
    try:
        reply = model.invoke(prompt, **options)
    except LENGTH_ERRORS as exc:
        # The SDK's structured-output parser refuses a reply cut at max_tokens before we see it.
        raise ModelOutputError(
            f"{schema.__name__}: model output does not fit the schema (output was cut off at the token limit)"
        ) from exc
    except _CALL_ERRORS as exc:
        raise ModelError(f"{schema.__name__}: model call failed: {exc}") from exc
    latency = time.perf_counter() - started
    if not isinstance(reply, AIMessage):
        raise ModelError(f"{schema.__name__}: model returned {type(reply).__name__}, not an AI message")
    raw = reply.text
    parsed = _validate(schema, raw, reply.response_metadata.get("finish_reason"))
    prompt_tokens, completion_tokens, estimated = _usage(reply, prompt)
    return StructuredResult(
        parsed=parsed,
        raw=raw,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        latency_s=latency,
        model=_model_label(model, reply),
        tokens_estimated=estimated,
    )


def _validate(schema: type[SchemaT], raw: str, finish_reason: object) -> SchemaT:
    try:
        return schema.model_validate_json(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '<root>'}: {error['msg']}"
            for error in exc.errors()[:3]
        )
        cut = " (output was cut off at the token limit)" if finish_reason == "length" else ""
        raise ModelOutputError(
            f"{schema.__name__}: model output does not fit the schema{cut}: {problems}; "
            f"output began {raw[:120]!r}"
        ) from exc


def _usage(reply: AIMessage, prompt: Sequence[BaseMessage]) -> tuple[int, int, bool]:
    usage = reply.usage_metadata
    if usage and (usage["input_tokens"] or usage["output_tokens"]):
        return usage["input_tokens"], usage["output_tokens"], False
    # Some servers omit usage; an estimate beats recording zero in the audit trail.
    prompt_estimate = sum(count_tokens(message.text) for message in prompt)
    return prompt_estimate, count_tokens(reply.text), True


def _model_label(model: BaseChatModel, reply: AIMessage) -> str:
    reported = reply.response_metadata.get("model_name") or reply.response_metadata.get("model")
    if reported:
        return str(reported)
    return str(getattr(model, "model_name", None) or model._llm_type)
