"""One registry of the tools: each names its generator, and draft kinds map to the tool that fills them.

The worker pool (copilot/jobs/pool.py) fills and regenerates drafts through `draft_generators()`, so a
tool registered here with a draft kind can be regenerated (`POST /v1/drafts/{id}/regenerate`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from copilot.container import Services
from copilot.db.models import DraftKind
from copilot.tools.account_summary import account_summary
from copilot.tools.draft_email import generate_email
from copilot.tools.summarize_call import generate_call_summary

Generator = Callable[[Services, int], object]


@dataclass(frozen=True)
class Tool:
    """A tool: its name, the draft kind it fills (None when it makes no draft) and its generator.

    A draft tool's generator takes the id of a draft in `generating` and fills it; the account
    summary's takes an account id and returns the cached summary.
    """

    name: str
    draft_kind: DraftKind | None
    generate: Callable[[Services, int], Any]


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool("draft_email", DraftKind.EMAIL, generate_email),
        Tool("summarize_call", DraftKind.CALL_SUMMARY, generate_call_summary),
        Tool("account_summary", None, account_summary),
    )
}


def draft_generators() -> dict[DraftKind, Generator]:
    """The generator of every draft kind, for the worker pool."""
    return {tool.draft_kind: tool.generate for tool in TOOLS.values() if tool.draft_kind is not None}


def missing_draft_kinds() -> list[DraftKind]:
    """Draft kinds no tool fills (must be empty: such drafts could never be regenerated)."""
    return [kind for kind in DraftKind if kind not in draft_generators()]
