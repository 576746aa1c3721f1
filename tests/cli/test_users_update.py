"""`copilot users update NAME`: changes only the options given; bad input changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from copilot.cli.app import app


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    for name, email in (("dana", "dana@example.com"), ("lee", "lee@example.com")):
        added = CliRunner().invoke(app, ["users", "add", name, "--role", "rep", "--email", email])
        assert added.exit_code == 0, added.output
    return tmp_path / "data"


def _user(name: str) -> dict[str, Any]:
    listed = CliRunner().invoke(app, ["users", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    return next(u for u in json.loads(listed.output) if u["name"] == name)


def test_update_changes_the_given_fields_and_keeps_the_others(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["users", "update", "dana", "--role", "manager", "--crm-owner-id", "005XX1",
         "--signature", "Sales\\nEMEA", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    dana = _user("dana")
    assert (dana["role"], dana["crm_owner_id"], dana["signature"]) == ("manager", "005XX1", "Sales\nEMEA")
    assert dana["email"] == "dana@example.com"
    assert dana["key_prefix"] is not None


def test_a_blank_value_clears_an_optional_field(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["users", "update", "dana", "--email", ""])
    assert result.exit_code == 0, result.output
    assert "dana updated: email" in result.output
    assert _user("dana")["email"] is None


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--email", "not-an-address"], "email: 'not-an-address' is not an email address"),
        (["--email", "LEE@example.com"], "email: 'lee@example.com' already belongs to another user"),
        (["--display-name", "two\nlines"], "display_name: must be one line"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(data_dir: Path, args: list[str], problem: str) -> None:
    before = _user("dana")
    result = CliRunner().invoke(app, ["users", "update", "dana", "--team", "north", *args])
    assert result.exit_code != 0
    assert problem in str(result.exception)
    assert _user("dana") == before


def test_unknown_user_and_empty_update_are_refused(data_dir: Path) -> None:
    missing = CliRunner().invoke(app, ["users", "update", "nobody", "--team", "north"])
    assert missing.exit_code != 0 and "user 'nobody' not found" in str(missing.exception)
    empty = CliRunner().invoke(app, ["users", "update", "dana"])
    assert empty.exit_code == 1 and "nothing to change" in empty.output
    bad_role = CliRunner().invoke(app, ["users", "update", "dana", "--role", "owner"])
    assert bad_role.exit_code == 2 and "owner" in bad_role.output


def test_keeping_ones_own_email_is_not_a_conflict(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["users", "update", "dana", "--email", "Dana@Example.com"])
    assert result.exit_code == 0, result.output
    assert _user("dana")["email"] == "dana@example.com"
