"""Retry policy and failure classification (logic; the real faulty server: tests/trust/test_faults.py)."""

from __future__ import annotations

import random

import httpx2  # the HTTP client under this openai SDK
import openai
import pytest

from copilot.config import load_settings
from copilot.errors import ModelError, ModelOutputError
from copilot.llm.retry import AttemptRecord, RetryPolicy, call_with_retries, failure_kind, http_status

REQUEST = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


def _status_error(status: int) -> ModelError:
    response = httpx2.Response(status, request=REQUEST)
    classes = {429: openai.RateLimitError, 400: openai.BadRequestError}
    cause = classes.get(status, openai.InternalServerError)(f"HTTP {status}", response=response, body=None)
    error = ModelError(f"call failed: {cause}")
    error.__cause__ = cause
    return error


def _wrapped(cause: Exception) -> ModelError:
    error = ModelError(f"call failed: {cause}")
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (_wrapped(openai.APITimeoutError(request=REQUEST)), "timeout"),
        (_wrapped(openai.APIConnectionError(request=REQUEST)), "connection"),
        (_status_error(429), "rate_limited"),
        (_status_error(503), "server_error"),
        (_status_error(400), "rejected"),
        (ModelOutputError("does not fit the schema"), "invalid_output"),
        (ModelError("no scripted reply left"), "model_error"),
    ],
)
def test_failures_are_classified_by_their_cause(error: ModelError, kind: str) -> None:
    assert failure_kind(error) == kind


def test_the_http_status_is_found_in_the_cause_chain() -> None:
    assert http_status(_status_error(502)) == 502
    assert http_status(ModelError("plain")) is None


def test_settings_give_retries_plus_one_attempts() -> None:
    settings = load_settings(llm_max_retries=4, llm_backoff_seconds=0.3, llm_backoff_max_seconds=1.0)
    policy = RetryPolicy.from_settings(settings)
    assert (policy.max_attempts, policy.backoff_s, policy.backoff_max_s) == (5, 0.3, 1.0)


def test_backoff_doubles_up_to_the_cap_with_jitter_in_the_upper_half() -> None:
    policy = RetryPolicy(max_attempts=6, backoff_s=0.5, backoff_max_s=3.0, rng=random.Random(7))
    assert [policy.ceiling(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    for attempt in range(1, 6):
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(policy.ceiling(attempt) / 2 <= d <= policy.ceiling(attempt) for d in delays)
        assert len(delays) > 1  # jitter: retrying clients do not wake in lockstep


class _Calls:
    """A call that raises the scripted errors in turn, then returns its count."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.count


def _policy(attempts: int, slept: list[float]) -> RetryPolicy:
    return RetryPolicy(max_attempts=attempts, backoff_s=1.0, rng=random.Random(1), sleep=slept.append)


def test_retryable_failures_are_retried_reported_and_waited_for() -> None:
    slept: list[float] = []
    records: list[AttemptRecord] = []
    call = _Calls(_status_error(500), ModelOutputError("not JSON"))
    assert call_with_retries(call, _policy(3, slept), records.append) == 3
    assert [(r.attempt, r.kind, r.http_status) for r in records] == [
        (1, "server_error", 500),
        (2, "invalid_output", None),
        (3, None, None),
    ]
    assert slept == [records[0].backoff_s, 0.0]  # output that missed the schema is retried at once
    assert records[0].backoff_s is not None and 0.5 <= records[0].backoff_s <= 1.0
    assert records[2].backoff_s is None


def test_the_last_failure_names_the_cause_and_the_attempts() -> None:
    slept: list[float] = []
    records: list[AttemptRecord] = []
    timeout = _wrapped(openai.APITimeoutError(request=REQUEST))
    with pytest.raises(ModelError, match=r"^model timed out after 3 attempts: call failed") as caught:
        call_with_retries(_Calls(timeout, timeout, timeout), _policy(3, slept), records.append)
    assert not isinstance(caught.value, ModelOutputError)
    assert len(records) == 3 and len(slept) == 2


def test_output_that_never_fits_stays_an_output_error() -> None:
    bad = ModelOutputError("not JSON")
    with pytest.raises(ModelOutputError, match="did not fit the schema after 2 attempts"):
        call_with_retries(_Calls(bad, bad), _policy(2, []), lambda _record: None)


def test_a_failure_that_cannot_improve_is_not_retried() -> None:
    slept: list[float] = []
    records: list[AttemptRecord] = []
    rejected = _status_error(400)
    with pytest.raises(ModelError) as caught:
        call_with_retries(_Calls(rejected), _policy(3, slept), records.append)
    assert caught.value is rejected
    assert [r.kind for r in records] == ["rejected"] and slept == []


def test_an_unforeseen_exception_is_reported_then_raised_unchanged() -> None:
    records: list[AttemptRecord] = []
    with pytest.raises(KeyError):
        call_with_retries(_Calls(KeyError("choices")), _policy(3, []), records.append)
    assert [(r.attempt, r.kind) for r in records] == [(1, "model_error")]
