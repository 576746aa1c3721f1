"""Draft overhead: an end-to-end draft (request -> stored draft) against raw llama.cpp generation
of exactly the model calls that draft made (same messages, grammar and token count)."""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks.common import Figure, Options, load_average, median
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account
from copilot.errors import CopilotError
from copilot.llm.embedded import EmbeddedChatModel
from copilot.sample.generate import generate_sample
from copilot.sample.load import answer_key, load_sample
from copilot.tools.draft_email import EmailRequest, generate_email, request_email

GOAL_RATIO = 1.15


class CallRecorder:
    """Wraps llama.cpp's chat completion to keep each request and how many tokens it produced."""

    def __init__(self, model: EmbeddedChatModel) -> None:
        self.llama = model._llama
        self._inner: Callable[..., Any] = self.llama.create_chat_completion
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **request: Any) -> Any:
        """Forward to llama.cpp and record the request with its completion token count."""
        completion = self._inner(**request)
        self.calls.append({**request, "max_tokens": completion["usage"]["completion_tokens"]})
        return completion

    def replay(self, calls: list[dict[str, Any]]) -> float:
        """Seconds raw llama.cpp takes for these exact requests (capped at the tokens each produced)."""
        started = time.perf_counter()
        for request in calls:
            self._inner(**request)
        return time.perf_counter() - started


def _scenarios(services: Services, sample: Path, count: int) -> list[tuple[int, str]]:
    key = answer_key(sample)
    with services.sessions() as session:
        accounts = {a.crm_id: a.id for a in session.scalars(select(Account)) if a.crm_id}
    wanted = [s for s in key["scenarios"] if s.get("account_crm_id") in accounts]
    return [(accounts[s["account_crm_id"]], s["purpose"]) for s in wanted[:count]]


def _draft_once(services: Services, recorder: CallRecorder, account_id: int, purpose: str) -> float:
    """Ratio of end-to-end draft time to raw generation of the same calls."""
    recorder.calls.clear()
    started = time.perf_counter()
    # A failed draft still made (and timed) its model calls.
    with contextlib.suppress(CopilotError):
        generate_email(services, request_email(services, EmailRequest(account_id, purpose)).id)
    end_to_end = time.perf_counter() - started
    calls = list(recorder.calls)
    raw = recorder.replay(calls)
    return end_to_end / raw if raw > 0 else float("nan")


def run(options: Options) -> list[Figure]:
    """Median ratio over the sample's drafting scenarios, `repeats` drafts each."""
    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp:
        services = Services(load_settings(data_dir=Path(tmp)))
        # Ten accounts (the generator's minimum) keep set-up short; drafting cost does not depend on it.
        generate_sample(Path(tmp) / "sample", seed=7, accounts=10)
        load_sample(services, Path(tmp) / "sample")
        model = services.chat_model
        if not isinstance(model, EmbeddedChatModel):
            return [Figure("draft", "draft / raw llama.cpp", None, "x", note="needs the embedded model")]
        recorder = CallRecorder(model)
        model._llama.create_chat_completion = recorder  # type: ignore[method-assign,assignment]
        ratios, loads = [], []
        for account_id, purpose in _scenarios(services, Path(tmp) / "sample", 2 if options.quick else 4):
            for _ in range(options.repeats):
                loads.append(load_average() or 0.0)
                ratios.append(_draft_once(services, recorder, account_id, purpose))
        services.engine.dispose()
    value = median(ratios)
    return [
        Figure(
            "draft",
            "end-to-end draft / raw llama.cpp",
            value,
            "x",
            goal=f"<= {GOAL_RATIO}",
            met=None if value is None else value <= GOAL_RATIO,
            runs=ratios,
            load=median(loads),
            note="domain call (request_email + generate_email), not HTTP; raw = same requests replayed",
        )
    ]
