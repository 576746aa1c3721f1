"""Commands that need no model start without loading the heavy libraries (they load where they are used).

Behaviour, not timing: a fresh interpreter runs the real CLI and reports which heavy top-level modules
ended up in sys.modules. The start-up times themselves are measured by `python -m benchmarks --suite cli`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.shared_data import REPO_ROOT

HEAVY = (
    "torch",
    "chromadb",
    "llama_cpp",
    "langchain",
    "langchain_core",
    "langchain_openai",
    "sentence_transformers",
    "transformers",
    "onnxruntime",
    "tiktoken",
    "numpy",
    "fastapi",
)
# Runs the CLI's entry point with the given arguments, then prints the heavy modules it loaded.
PROBE = """
import json, sys
heavy = json.loads(sys.argv[1])
sys.argv = ["copilot", *sys.argv[2:]]
from copilot.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED=" + json.dumps(sorted(m for m in heavy if m in sys.modules)))
tables = sys.modules.get("copilot.db.tables")
print("TABLES=" + json.dumps(sorted(tables._metadata.tables) if tables else []))
"""


# What parsing arguments and printing help never need: the database layer and the settings.
DATA_LAYER = ("sqlalchemy", "pydantic_settings", "copilot.config", "copilot.db.models", "copilot.container")


def _probe(args: list[str], data_dir: Path, watched: tuple[str, ...], marker: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env.update({"COPILOT_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(watched), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    found = [line for line in done.stdout.splitlines() if line.startswith(marker)]
    assert found, done.stdout + done.stderr
    return list(json.loads(found[-1].removeprefix(marker)))


def _loaded_by(args: list[str], data_dir: Path, watched: tuple[str, ...] = HEAVY) -> list[str]:
    return _probe(args, data_dir, watched, "LOADED=")


def _tables_built_by(args: list[str], data_dir: Path) -> list[str]:
    return _probe(args, data_dir, (), "TABLES=")


def test_importing_the_cli_loads_no_heavy_library(tmp_path: Path) -> None:
    assert _loaded_by(["--help"], tmp_path / "data") == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["no-such-command"], ["export", "--help"], ["erase", "--help"], ["init", "--help"]],
    ids=" ".join,
)
def test_help_and_argument_errors_load_no_database_or_settings(args: list[str], tmp_path: Path) -> None:
    assert _loaded_by(args, tmp_path / "data", DATA_LAYER) == []


# What `copilot init` on a database already at the newest migration never needs: it checks the engine
# and the schema's revision, so SQLAlchemy's ORM, our mapped classes and Alembic stay unloaded.
ORM_LAYER = ("sqlalchemy.orm", "copilot.db.models", "copilot.db.session", "alembic")


def test_init_on_a_migrated_database_loads_no_orm(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _loaded_by(["init"], data_dir)  # creates and migrates the database
    assert _loaded_by(["init"], data_dir, ORM_LAYER) == []


# The database commands that need no model run Core statements on a plain connection (the visibility
# rule is copilot.auth.visibility's, shared with the API): SQLAlchemy's ORM alone would put them over
# the start-up goal (docs/benchmarks.md).
CORE_COMMANDS = [
    ["accounts", "list", "--json"],
    ["accounts", "list"],
    ["accounts", "show", "1", "--json"],
    ["users", "list", "--json"],
    ["users", "list"],
    ["users", "add", "newcomer", "--role", "rep", "--team", "east"],
    ["users", "update", "bench", "--team", "bench"],
    ["review", "list", "--as", "bench"],
    ["review", "list", "--as", "bench", "--json", "--status", "approved"],
]


@pytest.mark.parametrize("args", CORE_COMMANDS, ids=" ".join)
def test_database_commands_that_need_no_model_load_no_orm(args: list[str], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _loaded_by(["users", "add", "bench", "--role", "reviewer"], data_dir)  # migrates; `--as bench` exists
    assert _loaded_by(args, data_dir, ORM_LAYER) == []


@pytest.mark.parametrize(
    "args",
    [
        ["accounts", "list", "--json"],
        ["users", "list", "--json"],
        ["review", "list", "--as", "nobody"],
        ["users", "add", "--help"],
        ["export", "--help"],
        ["init"],
        ["users", "update", "nobody", "--team", "x"],
    ],
    ids=" ".join,
)
def test_commands_that_need_no_model_load_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    assert _loaded_by(args, tmp_path / "data") == []


JSON_LISTINGS = [
    ["accounts", "list", "--json"],
    ["users", "list", "--json"],
    ["review", "list", "--as", "bench", "--json"],
]


@pytest.mark.parametrize("args", JSON_LISTINGS, ids=" ".join)
def test_json_output_loads_no_rich_console(args: list[str], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _loaded_by(["users", "add", "bench", "--role", "reviewer"], data_dir)
    assert _loaded_by(args, data_dir, ("rich.console", "rich.table")) == []


# Core tables are built when first named (copilot/db/tables.py): each command builds the ones it queries
# and those their foreign keys point at, not the whole schema.
TABLES_BUILT = [
    (["init"], []),
    (["users", "list", "--json"], ["audit_events", "users"]),
    (["users", "update", "bench", "--team", "bench"], ["audit_events", "users"]),
    (["accounts", "list", "--json"], ["accounts", "contacts", "interactions"]),
]


@pytest.mark.parametrize(("args", "built"), TABLES_BUILT, ids=[" ".join(args) for args, _ in TABLES_BUILT])
def test_commands_build_only_the_tables_they_need(args: list[str], built: list[str], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _loaded_by(["users", "add", "bench", "--role", "reviewer"], data_dir)
    assert _tables_built_by(args, data_dir) == built


# A migrated data dir without an organization file (`copilot sample load` writes one) needs no TOML
# parser (Alembic, which loads one, runs only when the schema is behind).
@pytest.mark.parametrize("args", [["init"], ["users", "list", "--json"]], ids=" ".join)
def test_no_organization_file_loads_no_toml_parser(args: list[str], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _loaded_by(["init"], data_dir)  # creates and migrates the database
    assert _loaded_by(args, data_dir, ("tomllib",)) == []
