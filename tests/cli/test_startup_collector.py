"""A cold `copilot` start pauses the garbage collector while it imports, and the command runs with it on.

Fresh interpreters run the real entry point (the collector's state is per process); the start-up cost
itself is measured by benchmarks/cli_suite.py.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.shared_data import REPO_ROOT

# Records whether the collector was on when the command asked for its services (the command's own
# work), and whether start-up objects were frozen out of its passes.
PROBE = """
import gc, json, sys
import copilot.cli.context as context
seen = []
real = context.services_from
def spy(ctx):
    seen.append({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0})
    return real(ctx)
context.services_from = spy
sys.argv = ["copilot", *sys.argv[1:]]
from copilot.cli import main
try:
    main()
except SystemExit:
    pass
print("SEEN=" + json.dumps({"during": seen, "after": gc.isenabled()}))
"""


def _seen(args: list[str], data_dir: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env.update({"COPILOT_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    found = [line for line in done.stdout.splitlines() if line.startswith("SEEN=")]
    assert found, done.stdout + done.stderr
    return dict(json.loads(found[-1].removeprefix("SEEN=")))


@pytest.mark.parametrize("args", [["users", "list", "--json"], ["init"]], ids=" ".join)
def test_the_command_runs_with_the_collector_on_and_start_up_frozen(args: list[str], tmp_path: Path) -> None:
    seen = _seen(args, tmp_path / "data")
    assert seen == {"during": [{"enabled": True, "frozen": True}], "after": True}


def test_help_leaves_the_collector_on(tmp_path: Path) -> None:
    assert _seen(["--help"], tmp_path / "data") == {"during": [], "after": True}


def test_a_process_that_already_loaded_the_cli_keeps_its_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    import copilot.cli.app  # noqa: F401 - loaded, as in a test session or a script calling main twice
    from copilot.cli import main

    frozen = gc.get_freeze_count()
    monkeypatch.setattr(sys, "argv", ["copilot", "--help"])
    with pytest.raises(SystemExit):
        main()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
