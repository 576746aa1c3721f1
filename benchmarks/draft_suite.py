"""Draft overhead: an end-to-end draft through the API (POST /v1/drafts -> stored draft) against raw
llama.cpp generation of exactly the model calls that draft made (same messages, grammar and token
count), side by side in one run."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, update

from benchmarks.api_load import serve, users
from benchmarks.common import Figure, Options, load_average, median
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, DraftStatus
from copilot.llm.embedded import EmbeddedChatModel
from copilot.llm.langchain_adapter import as_langchain
from copilot.sample.generate import generate_sample
from copilot.sample.load import answer_key, load_sample

GOAL_RATIO = 1.15
# Recorded and replayed calls sample with the same seed from the same (empty) KV cache, so the replay
# writes the very same tokens: a different sample could end its JSON sooner and flatter the raw side.
REPLAY_SEED = 1234
TEAM = "east"  # the team benchmarks.api_load.users() puts its users in


class CallRecorder:
    """Wraps llama.cpp's chat completion to keep each request and how many tokens it produced.

    Every call, recorded or replayed, starts from an empty KV cache: otherwise the replay would reuse
    the prompt prefix the recorded call just left behind and skip the prompt processing it measures.
    """

    def __init__(self, model: EmbeddedChatModel) -> None:
        self.llama = model._llama
        self._inner: Callable[..., Any] = self.llama.create_chat_completion
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __call__(self, **request: Any) -> Any:
        """Forward to llama.cpp and record the request with its completion token count."""
        request = {**request, "seed": REPLAY_SEED}
        self.llama.reset()
        completion = self._inner(**request)
        with self._lock:
            self.calls.append({**request, "max_tokens": completion["usage"]["completion_tokens"]})
        return completion

    def replay(self, calls: list[dict[str, Any]]) -> tuple[float, bool]:
        """Seconds raw llama.cpp takes for these exact requests, and whether it wrote as many tokens."""
        started = time.perf_counter()
        same_tokens = True
        for request in calls:
            self.llama.reset()
            completion = self._inner(**request)
            same_tokens &= completion["usage"]["completion_tokens"] == request["max_tokens"]
        return time.perf_counter() - started, same_tokens


def _scenarios(services: Services, sample: Path, count: int) -> list[tuple[int, str]]:
    key = answer_key(sample)
    with services.sessions() as session:
        accounts = {a.crm_id: a.id for a in session.scalars(select(Account)) if a.crm_id}
    wanted = [s for s in key["scenarios"] if s.get("account_crm_id") in accounts]
    return [(accounts[s["account_crm_id"]], s["purpose"]) for s in wanted[:count]]


def _give_accounts_to_team(services: Services) -> None:
    with services.sessions() as session, session.begin():
        session.execute(update(Account).values(team=TEAM))


def _draft_over_http(client: httpx.Client, account_id: int, purpose: str) -> float:
    """Seconds from the POST to the draft stored in a final state, as a rep's client sees it.

    The client follows the draft's event stream, which the server ends the moment its worker stores
    the draft; polling would instead take CPU from llama.cpp's two threads on every request.
    """
    started = time.perf_counter()
    answer = client.post("/v1/drafts", json={"account_id": account_id, "purpose": purpose})
    answer.raise_for_status()
    status = DraftStatus.GENERATING.value
    with client.stream("GET", f"{answer.headers['Location']}/events", timeout=None) as stream:
        for line in stream.iter_lines():
            if line.startswith("data: "):
                status = json.loads(line[6:]).get("status", status)
    if status == DraftStatus.GENERATING.value:
        raise RuntimeError(f"draft for account {account_id}: event stream ended while still generating")
    return time.perf_counter() - started


def _measure(
    services: Services, recorder: CallRecorder, scenarios: list[tuple[int, str]], repeats: int
) -> tuple[list[float], list[float], int]:
    """Ratio of each HTTP draft to the raw replay of its model calls, the load while measured, and
    how many replays wrote a different number of tokens than the draft's calls."""
    ratios: list[float] = []
    loads: list[float] = []
    mismatches = 0
    key = users(services)["rep"]
    with serve(services) as base, httpx.Client(base_url=base, headers={"X-API-Key": key}) as client:
        for account_id, purpose in scenarios:
            for _ in range(repeats):
                loads.append(load_average() or 0.0)
                recorder.calls.clear()
                end_to_end = _draft_over_http(client, account_id, purpose)
                raw, same_tokens = recorder.replay(list(recorder.calls))
                mismatches += not same_tokens
                ratios.append(end_to_end / raw if raw > 0 else float("nan"))
    return ratios, loads, mismatches


def run(options: Options) -> list[Figure]:
    """Median ratio over the sample's drafting scenarios, `repeats` drafts each."""
    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp:
        settings = load_settings(data_dir=Path(tmp), rate_limit_per_minute=0, worker_pool_size=1)
        services = Services(settings)
        # Ten accounts (the generator's minimum) keep set-up short; drafting cost does not depend on it.
        generate_sample(Path(tmp) / "sample", seed=7, accounts=10)
        load_sample(services, Path(tmp) / "sample")
        _give_accounts_to_team(services)
        model = as_langchain(services.chat_model)
        if not isinstance(model, EmbeddedChatModel):
            return [Figure("draft", "draft / raw llama.cpp", None, "x", note="needs the embedded model")]
        recorder = CallRecorder(model)
        model._llama.create_chat_completion = recorder  # type: ignore[method-assign,assignment]
        scenarios = _scenarios(services, Path(tmp) / "sample", 2 if options.quick else 4)
        ratios, loads, mismatches = _measure(services, recorder, scenarios, options.repeats)
        services.engine.dispose()
    value = median(ratios)
    return [
        Figure(
            "draft",
            "end-to-end draft (API) / raw llama.cpp",
            value,
            "x",
            goal=f"<= {GOAL_RATIO}",
            met=None if value is None else value <= GOAL_RATIO,
            runs=ratios,
            load=median(loads),
            note="POST /v1/drafts -> stored draft (one worker; the client follows the draft's event "
            "stream) vs the same llama.cpp requests replayed with the same seed; KV cache reset before "
            f"every call in both; replays with a different token count: {mismatches} of {len(ratios)}",
        )
    ]
