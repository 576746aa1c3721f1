"""Hostile input never raises: truncated and random files come back as records or named failures."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.base import AccountRecord, ContactRecord, IngestFailure, InteractionRecord
from connectors.email import EmailConnector
from connectors.email.sources import RawMessage
from connectors.registry import get_connector
from tests.connectors.conftest import FIXTURES, REALWORLD

_KINDS = {".eml": "email", ".mbox": "email", ".vtt": "transcript", ".srt": "transcript", ".txt": "transcript"}
_KINDS |= {".json": "transcript", ".ics": "ics", ".csv": "csv"}
_VALID = (InteractionRecord, AccountRecord, ContactRecord, IngestFailure)


def _samples() -> list[Path]:
    roots = [FIXTURES, REALWORLD] if REALWORLD.is_dir() else [FIXTURES]
    return sorted(p for root in roots for p in root.rglob("*") if p.suffix in _KINDS and p.is_file())


def _mangle(data: bytes, rng: random.Random) -> list[bytes]:
    """Truncations, flipped bytes and a spliced NUL: the damage real transfers do."""
    cuts = [data[: rng.randrange(1, max(2, len(data)))] for _ in range(3)]
    flipped = bytearray(data)
    for _ in range(max(1, len(data) // 50)):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    middle = len(data) // 2
    return [*cuts, bytes(flipped), data[:middle] + b"\x00" + data[middle:]]


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_damaged_copies_of_real_files_never_raise(path: Path, tmp_path: Path) -> None:
    rng = random.Random(path.name)
    data = path.read_bytes()
    if not data:
        return
    connector = get_connector(_KINDS[path.suffix])
    for number, damaged in enumerate(_mangle(data, rng)):
        target = tmp_path / f"{number}{path.suffix}"
        target.write_bytes(damaged)
        items = list(connector.read(target))
        assert items and all(isinstance(i, _VALID) for i in items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_as_a_message_never_raise(raw: bytes) -> None:
    result = EmailConnector().parse(RawMessage(raw, "fuzz", Path(__file__)))
    assert isinstance(result, InteractionRecord | IngestFailure)


_HEADERISH = st.lists(
    st.sampled_from(
        [
            "From: a@b.c", "To: =?utf-8?B?w6Q=?= <x@y.z>", "Subject: =?x-bad?Q?hi?=", "Date: yesterday",
            "Content-Type: multipart/mixed; boundary=b", "Content-Type: text/html; charset=nope",
            "Content-Transfer-Encoding: base64", "--b", "--b--", "", "<p>hi</p>", "QUJD*==", "> quoted",
            "On Mon wrote:", "-- ", "Content-Disposition: attachment; filename*=utf-8''%E2%82", "\udcff",
        ]
    ),
    max_size=30,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_HEADERISH)
def test_random_mime_structures_never_raise(lines: list[str]) -> None:
    raw = "\r\n".join(lines).encode("utf-8", "surrogateescape")
    result = EmailConnector().parse(RawMessage(raw, "fuzz", Path(__file__)))
    assert isinstance(result, InteractionRecord | IngestFailure)
