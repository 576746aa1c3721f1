"""A test-only hook that kills the ingest process at a named point, to prove crash safety."""

from __future__ import annotations

import os
import signal
from collections import Counter
from dataclasses import dataclass, field

from copilot.errors import ConfigError

POINTS = frozenset({"mid_batch", "after_sql_commit", "after_vector_upsert"})


@dataclass
class CrashHook:
    """Counts arrivals at each point; SIGKILLs the process on the configured arrival."""

    point: str | None = None
    at: int = 0
    seen: Counter[str] = field(default_factory=Counter)

    @classmethod
    def parse(cls, spec: str | None) -> CrashHook:
        """Build from "point:N" (COPILOT_TEST_CRASH_AT); None or empty disables the hook."""
        if not spec:
            return cls()
        point, _, count = spec.partition(":")
        if point not in POINTS or not count.isdigit() or int(count) < 1:
            raise ConfigError("COPILOT_TEST_CRASH_AT", f"expected one of {sorted(POINTS)}:N, got {spec!r}")
        return cls(point, int(count))

    def reached(self, point: str) -> None:
        """Mark one arrival at `point`; dies here when it is the configured one."""
        if self.point != point:
            return
        self.seen[point] += 1
        if self.seen[point] == self.at:
            os.kill(os.getpid(), signal.SIGKILL)
