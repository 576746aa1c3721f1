"""Pure helpers of the pages: flagged body segments, the sentiment chart, and signed session cookies."""

from __future__ import annotations

from datetime import UTC, datetime

from copilot.db.models import Role, User
from copilot.web.render import (
    ChartMonth,
    Segment,
    numbered_flags,
    segment_body,
    sentiment_chart,
    trend_from_tone_flags,
)
from copilot.web.session import MAX_AGE_SECONDS, decode_session, encode_session, new_session

BODY = "We owe you EUR 500 [1] by Friday [2]. Sorry [9]."


def _text(segment: Segment) -> str:
    return "".join(v if k == "text" else f"[{v}]" for k, v in segment.pieces)


def test_segments_cover_the_body_exactly_and_carry_overlapping_flags() -> None:
    flags = numbered_flags(
        [
            {"type": "unsupported_claim", "span": [11, 18], "detail": "amount"},
            {"type": "tone", "span": [3, 22], "detail": "pushy"},
            {"type": "injection", "span": None, "detail": "record 1"},
            {"type": "policy", "span": [40, 999], "detail": "out of range"},
            "not a flag",
        ]
    )
    segments = segment_body(BODY, flags, cited={1, 2})
    assert "".join(_text(s) for s in segments) == BODY
    by_text = {_text(s): s.flags for s in segments}
    assert by_text["EUR 500"] == [1, 2] and by_text[" [1]"] == [2] and by_text["We "] == []
    assert [f["span"] for f in flags] == [(11, 18), (3, 22), None, (40, 999)]
    assert all(4 not in s.flags for s in segments)  # a span past the end is listed, never placed


def test_only_known_citation_numbers_become_links() -> None:
    pieces = [p for s in segment_body(BODY, [], cited={1, 2}) for p in s.pieces]
    assert ("cite", "1") in pieces and ("cite", "2") in pieces
    assert ("cite", "9") not in pieces and any("[9]" in v for k, v in pieces if k == "text")


def test_body_citations_are_shown_after_their_span_without_touching_the_text() -> None:
    letter = "Your renewal is on 3 March. We offered EUR 500. Talk soon."
    citations = [{"start": 0, "end": 27, "n": [2]}, {"start": 28, "end": 47, "n": [1, 9]}]
    pieces = [p for s in segment_body(letter, [], cited={1, 2}, body_citations=citations) for p in s.pieces]
    assert "".join(v for k, v in pieces if k == "text") == letter
    assert pieces[:2] == [("text", "Your renewal is on 3 March."), ("cite", "2")]
    assert ("cite", "1") in pieces and ("cite", "9") not in pieces


def test_sentiment_chart_puts_higher_negative_shares_higher_up() -> None:
    months = [
        ChartMonth("2026-01", messages=4, negative=0, negative_share=0.0),
        ChartMonth("2026-02", messages=2, negative=2, negative_share=1.0),
        ChartMonth("2026-03", messages=2, negative=1, negative_share=0.5),
    ]
    chart = sentiment_chart(months)
    ys = [p["y"] for p in chart["points"]]
    assert ys[1] < ys[2] < ys[0] == chart["baseline"]
    xs = [p["x"] for p in chart["points"]]
    assert xs == sorted(xs) and xs[-1] <= chart["right"]
    assert chart["polyline"].count(",") == 3


def test_fallback_trend_counts_inbound_interactions_with_tone_flags() -> None:
    rows = [
        (datetime(2026, 1, 3, tzinfo=UTC), "inbound", [{"label": "frustrated"}]),
        (datetime(2026, 1, 9, tzinfo=UTC), "inbound", []),
        (datetime(2026, 1, 9, tzinfo=UTC), "outbound", [{"label": "pushy"}]),
        (datetime(2026, 2, 1, tzinfo=UTC), "inbound", []),
    ]
    assert trend_from_tone_flags(rows) == [
        ChartMonth("2026-01", messages=2, negative=1, negative_share=0.5),
        ChartMonth("2026-02", messages=1, negative=0, negative_share=0.0),
    ]


def test_session_cookie_round_trips_and_rejects_forgery_and_expiry() -> None:
    user = User(id=7, name="r", role=Role.REVIEWER, api_key_hash="abc", active=True)
    session = new_session(user)
    value = encode_session(b"k" * 32, session)
    assert decode_session(b"k" * 32, value) == session
    assert decode_session(b"x" * 32, value) is None
    assert decode_session(b"k" * 32, value, now=session.issued_at + MAX_AGE_SECONDS + 1) is None
    assert session.csrf_token(b"k" * 32) != new_session(user).csrf_token(b"k" * 32)
