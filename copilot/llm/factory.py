"""Builds the configured chat model and runs schema-constrained calls on any provider."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from copilot.config import Settings
from copilot.errors import ConfigError, ModelError, ModelOutputError
from copilot.llm.model import ChatModel, Completion, Message, OutputCutOffError, ProviderError
from copilot.llm.tokens import count_tokens

SchemaT = TypeVar("SchemaT", bound=BaseModel)
ChatModelBuilder = Callable[[Settings], ChatModel]


def _embedded(settings: Settings) -> ChatModel:
    # Imported here: llama.cpp and LangChain load only when the embedded model is built.
    from copilot.llm.embedded import EmbeddedChatModel
    from copilot.llm.langchain_adapter import LangChainChatModel

    return LangChainChatModel(EmbeddedChatModel.from_settings(settings))


def _remote(settings: Settings) -> ChatModel:
    from copilot.llm.langchain_adapter import LangChainChatModel
    from copilot.llm.remote import build_remote_chat_model

    return LangChainChatModel(build_remote_chat_model(settings))


PROVIDERS: dict[str, ChatModelBuilder] = {
    "embedded": _embedded,
    "openai": _remote,
}


def build_chat_model(settings: Settings) -> ChatModel:
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


def with_schema_instruction(messages: Sequence[Message], schema: type[BaseModel]) -> list[Message]:
    """Messages with a system instruction describing the JSON reply, merged into a leading system message."""
    instruction = (
        "Reply with exactly one JSON object and nothing else. It must conform to this JSON schema:\n"
        + json.dumps(compact_schema(schema), separators=(",", ":"))
    )
    if messages and messages[0].role == "system":
        merged = Message("system", f"{messages[0].text}\n\n{instruction}")
        return [merged, *messages[1:]]
    return [Message("system", instruction), *messages]


def structured_call(
    model: ChatModel,
    messages: Sequence[Message],
    schema: type[SchemaT],
    *,
    max_tokens: int | None = None,
) -> StructuredResult[SchemaT]:
    """Ask `model` for one JSON object fitting `schema` and return it validated, with usage and latency."""
    prompt = with_schema_instruction(messages, schema)
    started = time.perf_counter()
    try:
        # llama.cpp (embedded and server) compiles the schema into a decoding grammar; servers that know
        # only plain JSON mode still get it from the system instruction, and pydantic checks the rest.
        reply = model.complete(prompt, max_tokens=max_tokens, json_schema=compact_schema(schema))
    except OutputCutOffError as exc:
        raise ModelOutputError(
            f"{schema.__name__}: model output does not fit the schema (output was cut off at the token limit)"
        ) from exc
    except ProviderError as exc:
        raise ModelError(f"{schema.__name__}: model call failed: {exc}") from exc
    latency = time.perf_counter() - started
    parsed = _validate(schema, reply.text, reply.finish_reason)
    prompt_tokens, completion_tokens, estimated = _usage(reply, prompt)
    return StructuredResult(
        parsed=parsed,
        raw=reply.text,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        latency_s=latency,
        model=reply.model,
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


def _usage(reply: Completion, prompt: Sequence[Message]) -> tuple[int, int, bool]:
    if reply.prompt_tokens is not None and reply.completion_tokens is not None:
        return reply.prompt_tokens, reply.completion_tokens, False
    # Some servers omit usage; an estimate beats recording zero in the audit trail.
    prompt_estimate = sum(count_tokens(message.text) for message in prompt)
    return prompt_estimate, count_tokens(reply.text), True
