"""The registry of evaluation suites, by name, in the order a full run executes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evals.types import EvalContext, SuiteResult


@dataclass(frozen=True)
class Suite:
    """A named suite; `needs_sample` says whether it reads the loaded sample CRM."""

    name: str
    run: Callable[[EvalContext], SuiteResult]
    needs_sample: bool


def _registry() -> dict[str, Suite]:
    from evals.suites import (
        drafting,
        hallucination,
        injection,
        internal_leak,
        reply,
        retrieval,
        summaries,
        tone,
    )

    suites = [
        Suite("retrieval", retrieval.run, True),
        Suite("drafting", drafting.run, True),
        Suite("reply", reply.run, True),
        Suite("internal", internal_leak.run, True),
        Suite("hallucination", hallucination.run, True),
        Suite("summaries", summaries.run, True),
        Suite("tone", tone.run, False),
        Suite("injection", injection.run, True),
    ]
    return {s.name: s for s in suites}


SUITES: dict[str, Suite] = _registry()
