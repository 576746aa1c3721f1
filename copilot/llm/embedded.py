"""The embedded chat model: a GGUF file run in-process by llama.cpp, behind LangChain's BaseChatModel."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, ChatMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from llama_cpp import Llama
from pydantic import BaseModel, PrivateAttr

from copilot.config import Settings
from copilot.errors import ConfigError, ModelError
from copilot.llm.langchain_adapter import schema_response_format

# LangChain message types -> chat-template roles understood by the GGUF's template.
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}

# Invocation keywords passed through to llama.cpp unchanged.
_PASSTHROUGH = ("max_tokens", "temperature", "seed", "top_p")


def load_llama(model_path: Path, *, n_threads: int, n_ctx: int) -> Llama:
    """Load a GGUF file with llama.cpp, turning a missing or unreadable file into a ConfigError."""
    if not model_path.is_file():
        raise ConfigError("COPILOT_MODEL_PATH", f"no model file at {model_path}")
    try:
        return Llama(model_path=str(model_path), n_threads=n_threads, n_ctx=n_ctx, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise ConfigError("COPILOT_MODEL_PATH", f"cannot load GGUF model {model_path}: {exc}") from exc


def to_chat_dicts(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    """Convert LangChain messages to the role/content dicts that llama.cpp's chat template takes."""
    converted = []
    for message in messages:
        role = message.role if isinstance(message, ChatMessage) else _ROLES.get(message.type)
        if role is None:
            raise ModelError(f"embedded model: unsupported message type {message.type!r}")
        converted.append({"role": role, "content": message.text})
    return converted


class EmbeddedChatModel(BaseChatModel):
    """A llama.cpp model loaded once in-process; bind `schema=` to decode JSON under a grammar."""

    model_path: Path
    model_name: str = "smollm2-135m-instruct"
    n_threads: int = 2
    n_ctx: int = 4096
    max_tokens: int = 320
    temperature: float = 0.2

    _llama: Llama = PrivateAttr()
    # llama.cpp contexts are not thread-safe; API worker threads share one model.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def model_post_init(self, context: Any, /) -> None:
        """Load the GGUF once, when the model object is built."""
        super().model_post_init(context)
        self._llama = load_llama(self.model_path, n_threads=self.n_threads, n_ctx=self.n_ctx)

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddedChatModel:
        """Build the embedded model from the copilot settings."""
        return cls(
            model_path=settings.resolved_model_path(),
            model_name=settings.llm_model,
            n_threads=settings.llm_threads,
            n_ctx=settings.llm_context_tokens,
            max_tokens=settings.llm_max_output_tokens,
            temperature=settings.llm_temperature,
        )

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-embedded"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "model_path": str(self.model_path), "n_ctx": self.n_ctx}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,  # noqa: ARG002 - part of LangChain's signature
        **kwargs: Any,
    ) -> ChatResult:
        request = self._build_request(messages, stop, kwargs)
        started = time.perf_counter()
        with self._lock:
            try:
                completion = self._llama.create_chat_completion(**request)
            except (ValueError, RuntimeError) as exc:
                # llama.cpp reports context overflow and grammar failures as ValueError.
                raise ModelError(f"embedded model {self.model_name}: {exc}") from exc
        elapsed = time.perf_counter() - started
        return self._to_result(cast(dict[str, Any], completion), elapsed)

    def _build_request(
        self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        options = dict(kwargs)
        schema = options.pop("schema", None)
        response_format = options.pop("response_format", None)
        if schema is not None:
            response_format = schema_response_format(schema)
        request: dict[str, Any] = {
            "messages": to_chat_dicts(messages),
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stop": stop or [],
        }
        request.update({key: options.pop(key) for key in _PASSTHROUGH if key in options})
        unknown = sorted(key for key in options if not key.startswith("ls_"))
        if unknown:
            raise TypeError(f"EmbeddedChatModel got unsupported options: {', '.join(unknown)}")
        if response_format is not None:
            request["response_format"] = response_format
        return request

    def _to_result(self, completion: dict[str, Any], elapsed: float) -> ChatResult:
        choice = completion["choices"][0]
        text = choice["message"].get("content") or ""
        usage = completion.get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens", 0))
        completion_tokens = int(usage.get("completion_tokens", 0))
        # End-to-end rate (prompt evaluation included), which is what a caller waits for.
        timing = {
            "generation_time_s": elapsed,
            "tokens_per_second": completion_tokens / elapsed if elapsed > 0 else 0.0,
        }
        message = AIMessage(
            content=text,
            usage_metadata=UsageMetadata(
                input_tokens=prompt_tokens,
                output_tokens=completion_tokens,
                total_tokens=prompt_tokens + completion_tokens,
            ),
            response_metadata={
                "model_name": self.model_name,
                "finish_reason": choice.get("finish_reason"),
                **timing,
            },
        )
        token_usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        return ChatResult(
            generations=[
                ChatGeneration(
                    message=message, generation_info={"finish_reason": choice.get("finish_reason")}
                )
            ],
            llm_output={"token_usage": token_usage, "model_name": self.model_name, **timing},
        )

    def _combine_llm_outputs(self, llm_outputs: list[dict[str, Any] | None]) -> dict[str, Any]:
        # `generate()` over several prompts reports one llm_output: totals of usage and time.
        totals = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
        generation_time = 0.0
        for output in filter(None, llm_outputs):
            for key in totals:
                totals[key] += output["token_usage"][key]
            generation_time += output["generation_time_s"]
        return {"token_usage": totals, "model_name": self.model_name, "generation_time_s": generation_time}

    def with_structured_output(
        self,
        schema: dict[str, Any] | type,
        *,
        include_raw: bool = False,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | BaseModel]:
        """A runnable that decodes under `schema`'s grammar and parses the JSON it produces."""
        if include_raw or kwargs:
            raise NotImplementedError("EmbeddedChatModel.with_structured_output takes only a schema")
        if isinstance(schema, type) and issubclass(schema, BaseModel):
            return self.bind(schema=schema) | PydanticOutputParser(pydantic_object=schema)
        if isinstance(schema, dict):
            return self.bind(schema=schema) | JsonOutputParser()
        raise TypeError(f"schema must be a pydantic model class or a JSON schema dict, got {schema!r}")
