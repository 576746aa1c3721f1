"""`copilot users add --display-name --signature` stores how the user signs customer emails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli.app import app


def test_users_add_stores_display_name_and_a_multi_line_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(
        app,
        ["users", "add", "dana", "--role", "rep", "--display-name", "Dana Kim",
         "--signature", "Account Executive\\n+1 555 0100", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert (shown["display_name"], shown["signature"]) == ("Dana Kim", "Account Executive\n+1 555 0100")
    bad = CliRunner().invoke(app, ["users", "add", "lee", "--role", "rep", "--signature", "x" * 1001])
    assert bad.exit_code != 0 and "signature: must be at most 1000" in str(bad.exception)
