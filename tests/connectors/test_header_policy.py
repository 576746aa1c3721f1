"""The connector's parse policy: policy.default's header objects, each distinct value parsed once."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

from connectors.email.header_policy import MAX_MEMO_VALUE, MEMO_DEFAULT

RAW = (
    b'From: "Doe, Jane" <jane@example.com>\r\n'
    b"To: a@example.com,\r\n b@example.com\r\n"
    b"Subject: =?utf-8?q?Caf=C3=A9?= plans\r\n"
    b"Date: Tue, 03 Nov 2026 10:00:00 +0100\r\n"
    b'Content-Type: text/plain; charset="utf-8"\r\n'
    b"\r\nbody\r\n"
)
NAMES = ("From", "To", "Subject", "Date", "Content-Type")


def _parse(raw: bytes, with_policy: policy.Policy):  # type: ignore[no-untyped-def]
    return BytesParser(policy=with_policy).parsebytes(raw)


def test_headers_read_as_with_policy_default() -> None:
    ours, stdlib = _parse(RAW, MEMO_DEFAULT), _parse(RAW, policy.default)
    for name in NAMES:
        mine, theirs = ours[name], stdlib[name]
        assert str(mine) == str(theirs) and type(mine).__mro__[1:] == type(theirs).__mro__[1:]
        assert mine.defects == theirs.defects
    assert ours["To"].addresses == stdlib["To"].addresses  # the folded value unfolds the same way
    assert ours.get_content_charset() == "utf-8" and ours["Subject"] == "Café plans"


def test_equal_values_share_one_header_object_across_messages() -> None:
    first, second = _parse(RAW, MEMO_DEFAULT), _parse(RAW, MEMO_DEFAULT)
    assert first["Content-Type"] is second["Content-Type"]
    assert first["From"] is second["From"]


def test_a_long_value_is_parsed_each_time_and_not_kept() -> None:
    addresses = ", ".join(f"p{n}@example.com" for n in range(MAX_MEMO_VALUE // 10))
    raw = RAW.replace(b"To: a@example.com,\r\n b@example.com", f"To: {addresses}".encode())
    first, second = _parse(raw, MEMO_DEFAULT), _parse(raw, MEMO_DEFAULT)
    assert first["To"] is not second["To"]
    assert first["To"].addresses == _parse(raw, policy.default)["To"].addresses
