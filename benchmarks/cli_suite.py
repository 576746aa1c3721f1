"""Whole-process CLI times: start-up of the commands that need no model, and `copilot sample load`.

Every figure is a fresh interpreter running the real CLI (`python -c 'from copilot.cli import main'`)
with this checkout first on the path, timed from spawn to exit, so imports and interpreter start-up
count. `--root DIR` times another checkout with the same interpreter (how the "before" figures of
docs/benchmarks.md were taken on main):

    python -m benchmarks.cli_suite [--root DIR] [--repeats N] [--only startup|floor|sample] [--backend NAME]
                                   [--model-cache DIR]

`floor` times bare interpreters importing only the libraries every database command needs (typer with
its pydantic adapters, pydantic's BaseModel for the settings and the response shapes, SQLAlchemy Core):
what no change to our own modules can take below. Its last line adds SQLAlchemy's ORM, which the
commands timed here no longer import (tests/cli/test_startup_imports.py), for comparison.

`copilot sample load` runs on a fresh data dir each time with a model cache (COPILOT_MODEL_CACHE_DIR)
kept across runs, as on a machine where the model's derived artefacts were built once; a warm-up run
fills that cache first and is not counted (its time is printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, Options, load_average, median

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_STARTUP_S = 0.5
GOAL_SAMPLE_LOAD_S = 10.0
ENTRY = "import sys; sys.argv[0] = 'copilot'; from copilot.cli import main; main()"
# Commands that need no model, as a user types them (a user "bench" exists in the data dir).
STARTUP_COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "accounts list": ["accounts", "list", "--json"],
    "users list": ["users", "list", "--json"],
    "review list": ["review", "list", "--as", "bench"],
    "users update": ["users", "update", "bench", "--team", "bench"],
    "export --help": ["export", "--help"],
    "erase --help": ["erase", "--help"],
    "init": ["init"],
}
# What a database command cannot start without, cumulatively, as bare `python -c` statements (the ORM
# line is for comparison: the start-up commands run Core statements only).
IMPORT_FLOOR: dict[str, str] = {
    "python (nothing imported)": "pass",
    "typer + its pydantic adapters": "import typer.main, typer._adapters",
    "+ pydantic BaseModel": "import typer.main, typer._adapters; from pydantic import BaseModel",
    "+ sqlalchemy (Core)": "import typer.main, typer._adapters, sqlalchemy; from pydantic import BaseModel",
    "+ sqlalchemy.orm": "import typer.main, typer._adapters, sqlalchemy.orm; from pydantic import BaseModel",
}


def _env(root: Path, data_dir: Path, cache: Path | None = None, backend: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env.update({"PYTHONPATH": str(root), "COPILOT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"})
    if cache is not None:
        env["COPILOT_MODEL_CACHE_DIR"] = str(cache)
    if backend is not None:
        env["COPILOT_EMBEDDING_BACKEND"] = backend
    return env


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(args: list[str], env: dict[str, str], cwd: Path, cpu: list[float] | None = None) -> float:
    """Seconds from spawn to exit of one CLI process; a failing command is an error, not a figure.

    `cpu` collects the process's CPU seconds (user + system), which a loaded machine inflates far less
    than wall time.
    """
    cpu_before, started = _child_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if cpu is not None:
        cpu.append(_child_cpu() - cpu_before)
    if done.returncode != 0:
        raise RuntimeError(f"copilot {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
    return elapsed


def _has_command(root: Path, args: list[str]) -> bool:
    """Whether the checkout has this command (an older one, timed as "before", may lack a newer command)."""
    words = [a for a in args if not a.startswith("-")][:2]
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        done = subprocess.run(
            [sys.executable, "-c", ENTRY, *words, "--help"],
            env=_env(root, Path(tmp) / "data"),
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
    return done.returncode == 0


def startup_figures(root: Path, repeats: int) -> list[Figure]:
    """Median wall time of each no-model command on a migrated data dir with one user."""
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        data_dir = Path(tmp) / "data"
        timed_run(["users", "add", "bench", "--role", "reviewer"], _env(root, data_dir), Path(tmp))
        for label, args in STARTUP_COMMANDS.items():
            if not _has_command(root, args):
                print(f"copilot {label}: not in {root}, skipped", file=sys.stderr)
                continue
            runs, loads, cpu = [], [], []
            for _ in range(repeats):
                loads.append(load_average() or 0.0)
                runs.append(timed_run(args, _env(root, data_dir), Path(tmp), cpu))
            value = median(runs)
            figures.append(
                Figure(
                    "cli",
                    f"start-up: copilot {label}",
                    value,
                    "s",
                    goal=f"<= {GOAL_STARTUP_S}",
                    met=value is not None and value <= GOAL_STARTUP_S,
                    runs=runs,
                    load=median(loads),
                    note=f"whole process (migrated SQLite data dir); CPU {median(cpu) or 0:.2f} s (user+sys)",
                )
            )
    return figures


def import_floor_figures(repeats: int) -> list[Figure]:
    """Median wall and CPU time of bare interpreters importing what every database command needs."""
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        env = _env(REPO_ROOT, Path(tmp) / "data")
        for label, statement in IMPORT_FLOOR.items():
            runs, loads, cpu = [], [], []
            for _ in range(repeats):
                loads.append(load_average() or 0.0)
                cpu_before, started = _child_cpu(), time.perf_counter()
                subprocess.run([sys.executable, "-c", statement], env=env, cwd=tmp, check=True)
                runs.append(time.perf_counter() - started)
                cpu.append(_child_cpu() - cpu_before)
            figures.append(
                Figure(
                    "cli",
                    f"import floor: {label}",
                    median(runs),
                    "s",
                    runs=runs,
                    load=median(loads),
                    note=f"bare `python -c {statement!r}`; CPU {median(cpu) or 0:.2f} s (user+sys)",
                )
            )
    return figures


def sample_load_figure(
    root: Path, repeats: int, backend: str | None = None, model_cache: Path | None = None
) -> Figure:
    """Median whole-process `copilot sample load` on a fresh data dir, the model cache already built.

    `model_cache` reuses a machine's cache (its artefacts already built) instead of a new one that the
    warm-up has to fill (distilling the static table takes minutes on a loaded machine).
    """
    with tempfile.TemporaryDirectory(prefix="bench-sample-") as tmp:
        cache = model_cache or Path(tmp) / "model-cache"
        warm = timed_run(["sample", "load"], _env(root, Path(tmp) / "warm", cache, backend), Path(tmp))
        print(f"sample load warm-up (builds the model cache): {warm:.1f} s", file=sys.stderr)
        runs, loads, cpu = [], [], []
        for n in range(repeats):
            loads.append(load_average() or 0.0)
            env = _env(root, Path(tmp) / f"run{n}", cache, backend)
            runs.append(timed_run(["sample", "load"], env, Path(tmp), cpu))
    value = median(runs)
    return Figure(
        "cli",
        "copilot sample load (whole process, fresh data dir)",
        value,
        "s",
        goal=f"<= {GOAL_SAMPLE_LOAD_S:g}",
        met=value is not None and value <= GOAL_SAMPLE_LOAD_S,
        runs=runs,
        load=median(loads),
        note=f"embedding backend {backend or 'default'}, model cache built before "
        f"(warm-up {warm:.1f} s, not counted); CPU {median(cpu) or 0:.1f} s (user+sys)",
    )


def run(
    options: Options,
    root: Path = REPO_ROOT,
    only: str | None = None,
    backend: str | None = None,
    model_cache: Path | None = None,
) -> list[Figure]:
    """The suite as `python -m benchmarks --suite cli` runs it."""
    if only == "floor":
        return import_floor_figures(options.repeats)
    figures = [] if only == "sample" else startup_figures(root, options.repeats)
    if only is None:
        figures += import_floor_figures(options.repeats)
    if only != "startup":
        figures.append(sample_load_figure(root, options.repeats, backend, model_cache))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the figures for one checkout."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cli_suite", description=__doc__)
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="checkout to time (default: this one)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=["startup", "floor", "sample"], default=None)
    parser.add_argument(
        "--backend",
        choices=["torch", "onnx", "static"],
        default=None,
        help="embedding backend of sample load",
    )
    parser.add_argument(
        "--model-cache",
        type=Path,
        default=None,
        help="an already built model cache to reuse (default: a new one, filled by the warm-up run)",
    )
    args = parser.parse_args(argv)
    options = Options(repeats=args.repeats)
    for figure in run(options, args.root.resolve(), args.only, args.backend, args.model_cache):
        runs = ", ".join(f"{r:.2f}" for r in figure.runs)
        print(f"{figure.name}: median {figure.value:.2f} s (runs {runs}; load {figure.load}; {figure.note})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
