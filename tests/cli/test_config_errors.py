"""Bad configuration ends with one clear line naming the setting and exit code 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.servers import free_port, venv_bin


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    full_env.update({"COPILOT_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [venv_bin("copilot"), *args], env=full_env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"COPILOT_LLM_PROVIDER": "gpt-banana"}, "COPILOT_LLM_PROVIDER"),
        ({"COPILOT_MODEL_PATH": "/nowhere/model.gguf"}, "COPILOT_MODEL_PATH"),
        ({"COPILOT_LLM_PROVIDER": "openai"}, "COPILOT_LLM_BASE_URL"),
        ({"COPILOT_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}, "COPILOT_DATABASE_URL"),
        ({"COPILOT_CHROMA_HOST": "127.0.0.1", "COPILOT_CHROMA_PORT": "PORT"}, "COPILOT_CHROMA_HOST"),
        ({"COPILOT_OUR_DOMAINS": "[broken json"}, "COPILOT_OUR_DOMAINS"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(env: dict[str, str], setting: str, tmp_path: Path) -> None:
    env = {k: v.replace("PORT", str(free_port())) for k, v in env.items()}
    result = _run(["init"], env, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert setting in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_init_creates_the_local_store(tmp_path: Path) -> None:
    result = _run(["init"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "copilot.db").is_file()
    assert (tmp_path / "data" / "chroma").is_dir()
    assert "SmolLM2-135M-Instruct" in result.stdout


def test_unknown_account_is_a_clear_error(tmp_path: Path) -> None:
    result = _run(["accounts", "show", "999"], {}, tmp_path)
    assert result.returncode == 1
    assert "account 999 not found" in result.stderr
    assert "Traceback" not in result.stderr
