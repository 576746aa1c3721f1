"""`python -m benchmarks [--suite NAME] [--json] [--quick]`: measure and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Figure, Options

REPO_ROOT = Path(__file__).resolve().parent.parent
Suite = Callable[[Options], list[Figure]]


def _ingest(options: Options) -> list[Figure]:
    from benchmarks import ingest_suite

    return ingest_suite.run(options)


def _retrieval(options: Options) -> list[Figure]:
    from benchmarks import retrieval_suite

    return retrieval_suite.run(options)


def _draft(options: Options) -> list[Figure]:
    from benchmarks import draft_suite

    return draft_suite.run(options)


def _startup(options: Options) -> list[Figure]:
    from benchmarks import startup_suite

    return startup_suite.run(options)


def _cli(options: Options) -> list[Figure]:
    from benchmarks import cli_suite

    return cli_suite.run(options)


def _api(options: Options) -> list[Figure]:
    from benchmarks import api_read_suite

    return api_read_suite.run(options)


def _peer(options: Options) -> list[Figure]:
    from benchmarks import peer_suite

    return peer_suite.run(options)


def _tone(options: Options) -> list[Figure]:
    from benchmarks import tone_suite

    return tone_suite.run(options)


# Name -> suite, in the order they run; each imports its heavy dependencies only when chosen.
SUITES: dict[str, Suite] = {
    "ingest": _ingest,
    "retrieval": _retrieval,
    "draft": _draft,
    "startup": _startup,
    "cli": _cli,
    "api": _api,
    "peer": _peer,
    "tone": _tone,
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--suite", action="append", choices=list(SUITES), help="repeatable; default all")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="small workloads (smoke runs, CI)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median is reported)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--combine", type=Path, nargs="+", help="no run: write the report from earlier --json outputs"
    )
    parser.add_argument("--note", action="append", default=[], help="a line for the report's notes")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats: must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen suites, write the report, optionally print JSON."""
    from benchmarks import report

    args = parse(argv)
    options = Options(repeats=args.repeats, quick=args.quick)
    figures: list[Figure] = []
    if args.combine:
        figures = [f for path in args.combine for f in report.read_json(path)]
    for name in [] if args.combine else args.suite or list(SUITES):
        print(f"running {name} ...", file=sys.stderr)
        figures.extend(SUITES[name](options))
    report.write(args.out, figures, notes=args.note)
    if args.json:
        print(report.as_json(figures))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
