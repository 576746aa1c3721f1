"""Run eval suites on a data dir whose sample CRM is already loaded (`fact_choice_probe.py` loads one).

`python -m evals` loads the sample into a fresh temporary dir first; on the shared machine at load 15-25
that alone takes 15-20 minutes. This runs the same suite functions and writes the same report.md and
report.json, on a loaded dir, so a slow run spends its time drafting. Suites that plant records
(drafting, internal) change the dir: pass a copy.

    cp -a /tmp/probe /tmp/run && python scripts/eval_loaded_sample.py --data-dir /tmp/run \\
        --suite drafting --suite internal --out /tmp/out
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from copilot.config import load_settings
from copilot.container import Services
from copilot.sample.load import answer_key
from evals.report import build_report, load_baseline, write_report
from evals.runner import _header, _run_suite, resolve_data, select_suites
from evals.types import EvalContext, SuiteResult


def main() -> None:
    """Run the chosen suites on the loaded dir and write the report after each one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--suite", action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=None, help="shared eval data (default ../shared/data)")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not (args.data_dir / "sample").is_dir():
        raise SystemExit(f"{args.data_dir}: no loaded sample (run scripts/fact_choice_probe.py first)")
    services = Services(load_settings(data_dir=args.data_dir))
    suites = select_suites(args.suite)
    sample = args.data_dir / "sample"
    ctx = EvalContext(services, resolve_data(args.data), sample, answer_key(sample), args.limit)
    header = _header(services, argparse.Namespace(limit=args.limit), suites)  # type: ignore[arg-type]
    started = time.perf_counter()
    results: list[SuiteResult] = []
    for suite in suites:
        results.append(_run_suite(suite, ctx))
        print(f"{suite.name}: {results[-1].seconds:.0f} s, {len(results[-1].errors)} errors", flush=True)
        header["seconds"] = round(time.perf_counter() - started, 1)
        write_report(build_report(header, results, load_baseline()), args.out)


if __name__ == "__main__":
    main()
