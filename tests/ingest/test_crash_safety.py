"""SIGKILL `copilot ingest` at named points, run it again, and find no duplicates and nothing missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.index.fakes import HashingEmbeddings
from tests.support.ingest import add_account, assert_consistent, interaction_count, write_mbox

REPO = Path(__file__).resolve().parents[2]
MESSAGES = 23  # SQL batches of 5, vectors every 10: the crash points land mid-run
CRASH_POINTS = ["mid_batch:2", "after_sql_commit:2", "after_vector_upsert:2"]


def _ingest(
    env: dict[str, str], mbox: Path, account: int, crash_at: str | None
) -> subprocess.CompletedProcess[str]:
    run_env = dict(env)
    if crash_at:
        run_env["COPILOT_TEST_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "tests.ingest.cli_runner", "ingest", "email", str(mbox)]
    command += ["--account", str(account), "--json"]
    return subprocess.run(command, cwd=REPO, env=run_env, capture_output=True, text=True, timeout=180)


def _services(data_dir: Path, database_url: str) -> Services:
    built = Services(
        load_settings(data_dir=data_dir, database_url=database_url),
        embeddings=HashingEmbeddings(),
    )
    return built


@pytest.mark.parametrize("crash_at", CRASH_POINTS)
def test_kill_then_rerun_leaves_no_duplicates_and_nothing_missing(
    crash_at: str, database_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    services = _services(data_dir, database_url)
    services.migrate()
    account = add_account(services, "Acme", "acme.example")
    mbox = write_mbox(tmp_path / "inbox.mbox", MESSAGES, "acme.example")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env |= {"COPILOT_DATA_DIR": str(data_dir), "COPILOT_DATABASE_URL": database_url}
    # Vectors are written every second SQL batch, so a crash can also land between the two.
    env |= {"COPILOT_INGEST_BATCH_SIZE": "5", "COPILOT_INGEST_INDEX_BATCH_SIZE": "10"}
    env |= {"PYTHONPATH": str(REPO)}

    killed = _ingest(env, mbox, account, crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    stored, pending = _stored(services)
    assert 0 < stored < MESSAGES
    # Killed between the SQL commit and "indexed": the drift the rerun must repair is really there.
    if not crash_at.startswith("mid_batch"):
        assert pending > 0, (stored, pending)

    rerun = _ingest(env, mbox, account, None)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    report = json.loads(rerun.stdout)
    assert report["failed"] == [] and report["new"] + report["unchanged"] == MESSAGES

    assert interaction_count(services) == MESSAGES
    assert_consistent(services)
    services.engine.dispose()


def _stored(services: Services) -> tuple[int, int]:
    with services.sessions() as session:
        states = list(session.scalars(select(Interaction.index_state)))
    return len(states), states.count("pending")
