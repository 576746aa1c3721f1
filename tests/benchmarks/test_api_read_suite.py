"""The API read suite's wrk parser, on output captured from a real wrk run (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.api_read_suite import idle, parse_wrk

SAMPLE = Path(__file__).parent / "data" / "wrk_latency_sample.txt"


def test_parse_wrk_reads_rate_percentiles_and_counts_from_a_captured_run() -> None:
    result = parse_wrk(SAMPLE.read_text(encoding="utf-8"))
    assert result.requests_per_s == 200.31
    assert (result.p50_ms, result.p99_ms) == (99.91, 703.60)
    assert result.requests == 611
    assert (result.non_2xx, result.socket_errors) == (0, 0)


def test_parse_wrk_converts_units_and_counts_errors() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("99.91ms", "850.00us").replace("703.60ms", "1.20s")
    text += "  Socket errors: connect 0, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 7\n"
    result = parse_wrk(text)
    assert result.p50_ms == pytest.approx(0.85) and result.p99_ms == pytest.approx(1200.0)
    assert (result.non_2xx, result.socket_errors) == (7, 5)


def test_parse_wrk_names_what_is_missing() -> None:
    without_latency = "\n".join(
        line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if "%" not in line or "Stdev" in line
    )
    with pytest.raises(ValueError, match="50% latency"):
        parse_wrk(without_latency)


def test_a_server_is_idle_below_the_gate_or_once_settled_at_its_own_floor() -> None:
    assert idle([0.7, 0.05])
    # A floor above the gate (queue polls, heartbeats on a slower machine) still counts once it settles.
    assert idle([0.8, 0.7, 0.12, 0.117, 0.15, 0.1, 0.13])
    assert not idle([0.7, 0.12, 0.117, 0.15, 0.13])  # not settled long enough yet
    # The warm start's burst, a starved warm start's uneven rate and a rate still falling are not idle.
    assert not idle([0.7, 0.65, 0.72, 0.7, 0.68])
    assert not idle([0.15, 0.11, 0.19, 0.12, 0.18])
    assert not idle([0.19, 0.17, 0.15, 0.13, 0.11])
    assert not idle([])
