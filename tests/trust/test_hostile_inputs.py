"""Attacker-controlled text is handled in bounded time, and one hostile file never stalls the server.

Every connector reads hostile files (long lines, huge headers, nested MIME, repeated tokens,
pathological quoting), every guard reads hostile texts, and a real uvicorn server keeps answering
/healthz while the files are uploaded. The default run uses 64 KB lines and 16 KB headers; the full
sizes (1 MB lines, 200 KB headers, 100,000 repeated tokens) are slow:

    pytest -s -m slow tests/trust/test_hostile_inputs.py

`-s` prints each measured time; the slowest is reported in docs/trust.md.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import httpx
import pytest

from connectors.base import AccountRecord, ContactRecord, IngestFailure, InteractionRecord
from connectors.registry import get_connector
from copilot.container import Services
from tests.support.api import auth, build_app, live_server
from tests.support.worlds import World, build_world
from tests.trust.hostile_inputs import GUARDS, MEGABYTE, hostile_files, hostile_texts, repeated_tokens

QUICK = {"line": 64 * 1024, "header": 16 * 1024, "text": 16 * 1024}
FULL = {"line": MEGABYTE, "header": 200 * 1024, "text": MEGABYTE}
# Bounds far above the measured times on a loaded 2-core machine, far below what quadratic growth
# gave before the fixes (minutes to hours at these sizes).
QUICK_SECONDS, FULL_SECONDS = 10.0, 180.0
# The full-size guard run reads these texts (every text at 1 MB would take most of an hour).
FULL_TEXTS = ("one_long_word", "spaces_then_colon", "capitalised_words", "repeated_citations", "newlines")


RECORD_TYPES = (InteractionRecord, AccountRecord, ContactRecord, IngestFailure)


class TooSlowError(Exception):
    """Raised by the alarm when one call runs past its bound."""


def _timed(call: Callable[[], object], bound: float) -> float:
    """Seconds the call took; fails the test once it passes `bound` (the alarm interrupts Python code)."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise TooSlowError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, bound)
    started = time.perf_counter()
    try:
        call()
    except TooSlowError:
        pytest.fail(f"still running after {bound:.0f} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - started


def _read_file(tmp_path: Path, kind: str, filename: str, data: bytes) -> list[object]:
    path = tmp_path / filename
    path.write_bytes(data)
    return list(get_connector(kind).read(path))


def _connector_case(name: str, sizes: dict[str, int], tmp_path: Path, bound: float) -> None:
    kind, filename, data = hostile_files(sizes["line"], sizes["header"])[name]
    items: list[object] = []
    took = _timed(lambda: items.extend(_read_file(tmp_path, kind, filename, data)), bound)
    print(f"\nconnector {kind} {name} ({len(data):,} bytes): {took:.2f} s")
    # Read or refused with a reason, never an unexplained crash.
    assert items and all(isinstance(i, RECORD_TYPES) for i in items)
    assert not any(isinstance(i, IngestFailure) and "could not parse" in i.error for i in items), items


FILE_NAMES = list(hostile_files(16, 16))


@pytest.mark.parametrize("name", FILE_NAMES)
def test_every_connector_reads_hostile_files_in_bounded_time(name: str, tmp_path: Path) -> None:
    _connector_case(name, QUICK, tmp_path, QUICK_SECONDS)


@pytest.mark.slow
@pytest.mark.parametrize("name", FILE_NAMES)
def test_every_connector_reads_full_size_hostile_files_in_bounded_time(name: str, tmp_path: Path) -> None:
    _connector_case(name, FULL, tmp_path, FULL_SECONDS)


@pytest.mark.parametrize("guard", list(GUARDS))
def test_every_guard_reads_hostile_text_in_bounded_time(guard: str) -> None:
    slowest = max(
        (_timed(lambda t=text: GUARDS[guard](t), QUICK_SECONDS), name)  # type: ignore[misc]
        for name, text in hostile_texts(QUICK["text"]).items()
    )
    print(f"\nguard {guard}: slowest {slowest[0]:.2f} s on {slowest[1]} ({QUICK['text']:,} chars)")


@pytest.mark.slow
@pytest.mark.parametrize("guard", list(GUARDS))
def test_every_guard_reads_full_size_hostile_text_in_bounded_time(guard: str) -> None:
    texts = {name: hostile_texts(FULL["text"])[name] for name in FULL_TEXTS}
    texts["100,000 repeated tokens"] = repeated_tokens(100_000)
    for name, text in texts.items():
        took = _timed(lambda t=text: GUARDS[guard](t), FULL_SECONDS)  # type: ignore[misc]
        print(f"\nguard {guard} {name} ({len(text):,} chars): {took:.2f} s")


class HealthProbe:
    """Polls /healthz from a thread and keeps the slowest answer."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.slowest = 0.0
        self.failures: list[str] = []
        self.answers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    status = client.get("/healthz").status_code
                except httpx.HTTPError as exc:
                    self.failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                self.slowest = max(self.slowest, time.perf_counter() - started)
                self.answers += status == 200
                self._stop.wait(0.05)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


@pytest.fixture
def served(services: Services) -> Iterator[tuple[str, World]]:
    """A real uvicorn server over the test services (no generation workers, no rate limit)."""
    services.settings = services.settings.model_copy(
        update={"worker_pool_size": 0, "rate_limit_per_minute": 0, "max_upload_bytes": 8 * MEGABYTE}
    )
    world = build_world(services)
    with live_server(build_app(services)) as base_url:
        yield base_url, world


def _upload_all(base_url: str, world: World, sizes: dict[str, int], bound: float) -> HealthProbe:
    account = world.accounts["east"]
    with HealthProbe(base_url) as probe, httpx.Client(base_url=base_url, timeout=bound) as client:
        for name, (kind, filename, data) in hostile_files(sizes["line"], sizes["header"]).items():
            started = time.perf_counter()
            answer = client.post(
                f"/v1/ingest/{kind}",
                params={"filename": filename, "account_id": account},
                content=data,
                headers=auth(world, "admin"),
            )
            print(f"\nupload {name}: {answer.status_code} in {time.perf_counter() - started:.2f} s")
            assert answer.status_code == 200, answer.text[:300]
    return probe


@pytest.mark.server
def test_healthz_keeps_answering_while_hostile_files_are_ingested(served: tuple[str, World]) -> None:
    base_url, world = served
    probe = _upload_all(base_url, world, QUICK, 120)
    print(f"\n/healthz: {probe.answers} answers, slowest {probe.slowest:.3f} s")
    assert not probe.failures and probe.answers > 0
    assert probe.slowest < 3.0


@pytest.mark.slow
@pytest.mark.server
def test_healthz_keeps_answering_while_full_size_hostile_files_are_ingested(
    served: tuple[str, World],
) -> None:
    base_url, world = served
    probe = _upload_all(base_url, world, FULL, 600)
    print(f"\n/healthz: {probe.answers} answers, slowest {probe.slowest:.3f} s")
    assert not probe.failures and probe.answers > 0
    assert probe.slowest < 5.0
