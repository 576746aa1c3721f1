"""Bounded retries of model calls: which failures are worth another try, and how long to wait first.

Only our code retries (the OpenAI client's own retries are off), so every attempt is counted and
audited exactly once by the caller's `on_attempt` hook.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import openai

from copilot.config import Settings
from copilot.errors import ModelError, ModelOutputError

T = TypeVar("T")

# Failure kinds as recorded in `llm.call` audit events (`error_kind`); the retryable ones may pass.
TIMEOUT, CONNECTION, RATE_LIMITED, SERVER_ERROR = "timeout", "connection", "rate_limited", "server_error"
INVALID_OUTPUT, REJECTED, MODEL_ERROR = "invalid_output", "rejected", "model_error"
RETRYABLE = frozenset({TIMEOUT, CONNECTION, RATE_LIMITED, SERVER_ERROR, INVALID_OUTPUT})

# How a failure reads in a failed draft's reason: "<what> after <n> attempts: <last error>".
DESCRIPTIONS = {
    TIMEOUT: "model timed out",
    CONNECTION: "model server unreachable",
    RATE_LIMITED: "model server kept refusing with 429 (rate limited)",
    SERVER_ERROR: "model server kept failing (HTTP 5xx)",
    INVALID_OUTPUT: "model output did not fit the schema",
    REJECTED: "model server rejected the request",
    MODEL_ERROR: "model call failed",
}


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def http_status(exc: BaseException) -> int | None:
    """The HTTP status the model server answered with, if the failure was an HTTP error."""
    for cause in _causes(exc):
        if isinstance(cause, openai.APIStatusError):
            return cause.status_code
    return None


def failure_kind(exc: BaseException) -> str:
    """Classify a failed model call by its cause chain (one of the kinds above)."""
    if isinstance(exc, ModelOutputError):
        return INVALID_OUTPUT
    for cause in _causes(exc):
        # Timeouts first: the SDK's timeout error is a kind of connection error.
        if isinstance(cause, openai.APITimeoutError | TimeoutError):
            return TIMEOUT
        if isinstance(cause, openai.APIConnectionError | ConnectionError):
            return CONNECTION
    status = http_status(exc)
    if status == 429:
        return RATE_LIMITED
    if status is not None and status >= 500:
        return SERVER_ERROR
    return REJECTED if status is not None else MODEL_ERROR


@dataclass(frozen=True)
class AttemptRecord:
    """What one attempt did; `backoff_s` is the wait before the next attempt (None when none follows)."""

    attempt: int
    max_attempts: int
    kind: str | None  # None when the attempt succeeded
    error: str | None
    latency_s: float
    backoff_s: float | None
    http_status: int | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Up to `max_attempts` calls; after failed attempt n the wait is in [b/2, b], b = backoff * 2**(n-1)."""

    max_attempts: int = 1
    backoff_s: float = 0.5
    backoff_max_s: float = 8.0
    rng: random.Random = field(default_factory=random.Random, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        """The policy of `COPILOT_LLM_MAX_RETRIES`, `COPILOT_LLM_BACKOFF_SECONDS` and its cap."""
        return cls(
            max_attempts=settings.llm_max_retries + 1,
            backoff_s=settings.llm_backoff_seconds,
            backoff_max_s=settings.llm_backoff_max_seconds,
        )

    def ceiling(self, attempt: int) -> float:
        """The longest wait after failed attempt `attempt` (1-based): doubling, capped."""
        return min(self.backoff_max_s, self.backoff_s * 2 ** (attempt - 1))

    def wait_after(self, attempt: int, kind: str) -> float:
        """The wait before retrying a failure of `kind`: backoff for server trouble, none for bad output.

        A timeout, refusal or 5xx may pass if the server gets time; output that misses the schema came
        from a working server (or the embedded model), so waiting would only add latency.
        """
        return 0.0 if kind == INVALID_OUTPUT else self.delay(attempt)

    def delay(self, attempt: int) -> float:
        """The wait after failed attempt `attempt`: half fixed, half random, so clients spread out."""
        ceiling = self.ceiling(attempt)
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)


def call_with_retries(
    call: Callable[[], T], policy: RetryPolicy, on_attempt: Callable[[AttemptRecord], None]
) -> T:
    """Run `call` until it succeeds, fails for good, or the attempts run out; report every attempt.

    Only the kinds in RETRYABLE are tried again. A failure that was retried ends as a ModelError naming
    the cause and the number of attempts (that text becomes a failed draft's reason).
    """
    for attempt in range(1, policy.max_attempts + 1):
        started = time.perf_counter()
        try:
            result = call()
        except Exception as exc:  # every failed attempt is reported, even one we did not foresee
            kind = failure_kind(exc)
            again = kind in RETRYABLE and attempt < policy.max_attempts
            wait = policy.wait_after(attempt, kind) if again else None
            latency = time.perf_counter() - started
            on_attempt(
                AttemptRecord(attempt, policy.max_attempts, kind, str(exc), latency, wait, http_status(exc))
            )
            if wait is None and attempt == 1:
                raise  # not retried: the original error already says everything
            if wait is None:
                raise _final_error(exc, kind, attempt) from exc
            policy.sleep(wait)
            continue
        on_attempt(
            AttemptRecord(attempt, policy.max_attempts, None, None, time.perf_counter() - started, None)
        )
        return result
    raise AssertionError("unreachable: the last attempt either returns or raises")


def _final_error(exc: Exception, kind: str, attempts: int) -> ModelError:
    error_class = ModelOutputError if kind == INVALID_OUTPUT else ModelError
    return error_class(f"{DESCRIPTIONS[kind]} after {attempts} attempts: {exc}")
