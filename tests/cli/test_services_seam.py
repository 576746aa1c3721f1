"""A caller hands the CLI its services through `ServicesSource` instead of patching the container class."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli.app import app
from copilot.cli.context import ServicesSource
from copilot.config import load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings
from tests.support.ingest import add_account


def test_commands_run_on_the_services_the_caller_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment names another, empty data dir: only the given services hold the account.
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "configured"))
    given = Services(load_settings(data_dir=tmp_path / "given"), embeddings=HashingEmbeddings())
    given.migrate()
    add_account(given, "Acme", "acme.example")
    calls: list[str] = []

    def factory() -> Services:
        calls.append("built")
        return given

    result = CliRunner().invoke(app, ["accounts", "list", "--json"], obj=ServicesSource(factory))
    given.engine.dispose()
    assert result.exit_code == 0, result.output
    assert [row["name"] for row in json.loads(result.output)] == ["Acme"]
    assert calls == ["built"]


@pytest.mark.parametrize("args", [["--help"], ["accounts", "list", "--help"]], ids=" ".join)
def test_help_builds_no_services(args: list[str]) -> None:
    def refuse() -> Services:
        raise AssertionError("help must not build services")

    result = CliRunner().invoke(app, args, obj=ServicesSource(refuse))
    assert result.exit_code == 0, result.output
