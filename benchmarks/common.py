"""Shared pieces of the benchmark suites: a measured figure, medians, load and machine facts."""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One published number: the median of `runs`, its goal, and the machine load while measured."""

    suite: str
    name: str
    value: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    runs: list[float] = field(default_factory=list)
    load: float | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return asdict(self)


@dataclass(frozen=True)
class Options:
    """What the command line asked for: repeats per figure and whether to shrink the workloads."""

    repeats: int = 3
    quick: bool = False


def load_average() -> float | None:
    """The 1-minute load average (the machine is shared; figures are only comparable at similar load)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def median(values: list[float]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = math.ceil(share * len(ordered))
    return ordered[max(0, min(len(ordered), rank) - 1)]


def repeated(times: int, measure: Callable[[], float]) -> list[float]:
    """Run a measurement several times and keep every result."""
    return [measure() for _ in range(times)]
