"""What every suite shares: the run context it receives and the metrics it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from copilot.container import Services

T = TypeVar("T")


@dataclass(frozen=True)
class Metric:
    """One measured number with the reference it should be read against."""

    name: str
    value: float | None
    anchor: float | None = None
    anchor_note: str = ""
    higher_is_better: bool = True
    n: int = 0

    def as_json(self) -> dict[str, Any]:
        """The report.json shape of the metric."""
        return {
            "name": self.name,
            "value": None if self.value is None else round(self.value, 4),
            "anchor": self.anchor,
            "anchor_note": self.anchor_note,
            "higher_is_better": self.higher_is_better,
            "n": self.n,
        }


@dataclass
class SuiteResult:
    """The metrics of one suite, the sample sizes it used, and notes for the report."""

    name: str
    metrics: list[Metric] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # Outputs printed in full so a reader can judge them (drafts as their customer receives them).
    examples: list[str] = field(default_factory=list)

    def add(self, metric: Metric) -> None:
        """Append one metric."""
        self.metrics.append(metric)


Advance = Callable[[int], None]


@dataclass
class EvalContext:
    """Everything a suite may use: services on a fresh data dir, the shared data, the sample key."""

    services: Services
    data: Path
    sample_dir: Path | None
    key: dict[str, Any]
    limit: int | None = None
    start_task: Callable[[str, int], Advance] = field(default=lambda _name, _total: lambda _n: None)

    def take(self, items: list[T], default: int) -> list[T]:
        """The first `limit` items (the run's --limit), else the suite's default sample size."""
        size = self.limit if self.limit is not None else default
        return items[:size]

    def track(self, label: str, items: Iterable[T], total: int) -> Iterator[T]:
        """Iterate with a progress bar."""
        advance = self.start_task(label, total)
        for item in items:
            yield item
            advance(1)


def ratio(num: float, den: float) -> float | None:
    """num/den, or None when there is nothing to divide by (the report prints n/a)."""
    return num / den if den else None
