"""Latency of the grounded tools on the sample CRM with the real embedder and the embedded chat model.

Usage: python benchmarks/tools_bench.py [--scenarios N] [--calls 3] [--keep DIR]

Loads the seeded sample CRM into a temp data dir, then measures: draft_email end to end over the
answer key's non-refusal scenarios, retrieval alone for the same requests, and summarize_call on a
few sample call transcripts. Prints a small table (seconds). Numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Contact, Interaction
from copilot.errors import CopilotError
from copilot.retrieval import Retriever
from copilot.sample.load import load_sample
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.tools.summarize_call import summarize_call


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call took, and its result."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _ids(services: Services) -> tuple[dict[str, int], dict[str, int]]:
    with services.sessions() as session:
        accounts = {a.crm_id: a.id for a in session.scalars(select(Account)) if a.crm_id}
        contacts = {c.crm_id: c.id for c in session.scalars(select(Contact)) if c.crm_id}
    return accounts, contacts


def bench_drafts(services: Services, scenarios: list[dict[str, Any]]) -> tuple[list[float], list[float]]:
    """Draft and retrieval latencies over the scenarios."""
    accounts, contacts = _ids(services)
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    drafts, retrievals = [], []
    for scenario in scenarios:
        account_id = accounts[scenario["account_crm_id"]]
        seconds, _ = timed(lambda: retriever.retrieve(account_id, scenario["purpose"]))  # noqa: B023
        retrievals.append(seconds)
        request = EmailRequest(
            account_id, scenario["purpose"], contact_id=contacts.get(scenario.get("contact_crm_id") or "")
        )
        start = time.perf_counter()
        try:
            outcome = generate_email(services, request_email(services, request).id).status.value
        except CopilotError as exc:
            # A failed draft is a measured outcome (the draft is marked failed), not a reason to stop.
            outcome = f"failed: {type(exc).__name__}"
        drafts.append(time.perf_counter() - start)
        print(f"  {scenario['id']}: draft {drafts[-1]:.1f} s, {outcome}", flush=True)
    return drafts, retrievals


def bench_calls(services: Services, directory: Path, count: int) -> list[float]:
    """summarize_call latency on the first `count` sample transcripts."""
    files = sorted((directory / "calls").glob("*.txt"))[:count]
    files += sorted((directory / "calls").glob("*.vtt"))[: max(0, count - len(files))]
    seconds_each = []
    for path in files:
        with services.sessions() as session:
            row = session.scalar(select(Interaction).where(Interaction.raw_ref == str(path)))
        if row is None:
            continue
        # The sample load stored the call already; the tool reads it (callers ingest, the tool never does).
        seconds, draft = timed(lambda: summarize_call(services, row.id))  # noqa: B023
        seconds_each.append(seconds)
        writer = draft.structured.get("summary", {}).get("writer", "?")
        fallback = "fallback summary" if draft.timings.get("template_fields") else f"{writer} summary"
        print(f"  {path.name}: summary {seconds:.1f} s, {draft.status.value}, {fallback}", flush=True)
    return seconds_each


def _row(name: str, values: list[float]) -> str:
    return f"{name:<22}{len(values):>4}{percentile(values, 50):>10.3f}{percentile(values, 95):>10.3f}"


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=0, help="at most this many scenarios (0: all)")
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="data dir to use and keep (default: a temp dir)")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="tools-bench-"))
    services = Services(load_settings(data_dir=data_dir))
    services.migrate()
    seconds, loaded = timed(lambda: load_sample(services, data_dir / "sample"))
    print(f"sample loaded in {seconds:.0f} s into {data_dir}", flush=True)
    key = json.loads((loaded.directory / "answer_key.json").read_text(encoding="utf-8"))
    scenarios = [s for s in key["scenarios"] if not s.get("expect_refusal")]
    scenarios = scenarios[: args.scenarios] if args.scenarios else scenarios
    drafts, retrievals = bench_drafts(services, scenarios)
    calls = bench_calls(services, loaded.directory, args.calls)
    print(f"\n{'measure (seconds)':<22}{'n':>4}{'p50':>10}{'p95':>10}")
    for name, values in (("draft_email", drafts), ("retrieval", retrievals), ("summarize_call", calls)):
        print(_row(name, values))


if __name__ == "__main__":
    main()
