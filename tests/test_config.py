"""Settings: defaults are local and offline; bad values name the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.config import EMBEDDED_GGUF_NAME, load_settings
from copilot.errors import ConfigError


def test_defaults_are_fully_local(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.llm_provider == "embedded"
    assert settings.sqlalchemy_url == f"sqlite:///{(tmp_path / 'copilot.db').resolve()}"
    assert not settings.uses_chroma_server
    assert settings.resolved_model_path().name == EMBEDDED_GGUF_NAME
    assert (settings.resolved_embedding_path() / "config.json").is_file()


def test_environment_is_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COPILOT_LLM_THREADS", "3")
    monkeypatch.setenv("COPILOT_OUR_DOMAINS", "Example.com, example.org")
    settings = load_settings()
    assert settings.data_dir == tmp_path
    assert settings.llm_threads == 3
    assert settings.our_domains == ["example.com", "example.org"]


def test_given_values_win_over_the_environment_whose_names_match_in_any_case(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COPILOT_LLM_THREADS", "3")
    monkeypatch.setenv("copilot_retrieval_top_k", "9")
    monkeypatch.setenv("COPILOT_NO_SUCH_SETTING", "ignored")
    settings = load_settings(data_dir=tmp_path, llm_threads=5)
    assert settings.llm_threads == 5
    assert settings.retrieval_top_k == 9
    # What the environment set counts as set: the organization file does not override it.
    assert {"llm_threads", "retrieval_top_k"} <= settings.model_fields_set


def test_a_bad_environment_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPILOT_WARM_START", "maybe")
    with pytest.raises(ConfigError, match="COPILOT_WARM_START"):
        load_settings()


@pytest.mark.parametrize(
    ("overrides", "setting", "words"),
    [
        ({"llm_provider": "gpt-banana"}, "COPILOT_LLM_PROVIDER", "embedded"),
        ({"llm_provider": "openai"}, "COPILOT_LLM_BASE_URL", "required"),
        ({"model_path": "/nowhere/model.gguf"}, "COPILOT_MODEL_PATH", "no model file"),
        ({"llm_threads": 0}, "COPILOT_LLM_THREADS", "greater than"),
    ],
)
def test_bad_values_name_the_setting(overrides: dict[str, object], setting: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(**overrides)
    assert setting in str(caught.value)
    assert words in str(caught.value)


def test_missing_embedding_dir_names_the_setting(tmp_path: Path) -> None:
    settings = load_settings(embedding_model_path=tmp_path / "missing")
    with pytest.raises(ConfigError, match="COPILOT_EMBEDDING_MODEL_PATH"):
        settings.resolved_embedding_path()


def test_the_learned_injection_detector_can_be_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copilot.container import Services
    from copilot.index.fakes import HashingEmbeddings

    on = Services(load_settings(data_dir=tmp_path / "on"), embeddings=HashingEmbeddings())
    assert on.injection_embeddings is on.sentence_model is on.embeddings
    monkeypatch.setenv("COPILOT_INJECTION_CLASSIFIER", "false")
    off = Services(load_settings(data_dir=tmp_path / "off"))
    assert off.injection_embeddings is None  # drafts then run the rules alone


def test_model_cache_is_per_machine_and_overridable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COPILOT_MODEL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert load_settings(data_dir=tmp_path / "d").resolved_model_cache_dir == tmp_path / "xdg" / "crm-copilot"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert load_settings().resolved_model_cache_dir == Path.home() / ".cache" / "crm-copilot"
    monkeypatch.setenv("COPILOT_MODEL_CACHE_DIR", str(tmp_path / "mine"))
    assert load_settings().resolved_model_cache_dir == tmp_path / "mine"
