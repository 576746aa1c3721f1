"""The remote chat model: any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server)."""

from __future__ import annotations

from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from copilot.config import Settings
from copilot.errors import ConfigError

# Local servers (llama.cpp, vLLM, Ollama) accept any key, but the client insists on one.
DEFAULT_API_KEY = "not-needed"
# Our own retry loop (copilot.llm.retry) retries and audits each attempt; the SDK's hidden retries
# would multiply the attempts and leave some unaudited, so they are off.
DEFAULT_MAX_RETRIES = 0


def build_remote_chat_model(settings: Settings, *, max_retries: int = DEFAULT_MAX_RETRIES) -> ChatOpenAI:
    """Build a ChatOpenAI client for the endpoint named by `COPILOT_LLM_BASE_URL`."""
    if not settings.llm_base_url:
        raise ConfigError("COPILOT_LLM_BASE_URL", "required when COPILOT_LLM_PROVIDER=openai")
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=SecretStr(settings.llm_api_key or DEFAULT_API_KEY),
        timeout=settings.llm_timeout_seconds,
        max_retries=max_retries,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_output_tokens,
        # Most OpenAI-compatible servers implement only /v1/chat/completions.
        use_responses_api=False,
    )
