"""The root command's table: each entry loads the command it names, and `--help` shows its real help."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli.app import COMMANDS, app, load_command
from copilot.cli.tools import month_reading


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_entry_loads_its_command_and_shows_its_own_help_line(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    real = (command.help or "").strip().split("\n\n")[0].replace("\n", " ")
    assert COMMANDS[name].help == real


def test_root_help_lists_every_command() -> None:
    shown = CliRunner().invoke(app, ["--help"])
    assert shown.exit_code == 0, shown.output
    for name in COMMANDS:
        assert name in shown.output


def test_an_unknown_command_is_named() -> None:
    result = CliRunner().invoke(app, ["acounts", "list"])
    assert result.exit_code == 2
    assert "No such command 'acounts'" in result.output


def test_init_reports_where_each_store_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert f"vectors    chroma at {tmp_path / 'data' / 'chroma'}" in result.output
    assert (tmp_path / "data" / "chroma").is_dir()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_init_names_an_unreachable_chroma_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COPILOT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("COPILOT_CHROMA_PORT", str(_closed_port()))
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code != 0
    assert "COPILOT_CHROMA_HOST: cannot reach Chroma server at 127.0.0.1" in str(result.exception)


def test_a_trend_month_reads_as_counts_or_as_quiet() -> None:
    assert month_reading(0, 0) == "no customer messages"
    assert month_reading(1, 2) == "1 of 2 customer messages negative"
    assert month_reading(0, 1) == "0 of 1 customer message negative"
    assert month_reading(1, 1, 1) == "1 of 1 customer message negative (1 on a ticket since resolved)"
