"""Pure helpers that shape stored data for the templates: flagged body segments, ages, the sentiment chart.

Nothing here builds HTML: templates escape every piece of text, so model output and record excerpts
can never become markup.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

_CITE = re.compile(r"\[(\d{1,3})\]")
FLAG_LABELS = {
    "unsupported_claim": "Unsupported claim",
    "tone": "Tone",
    "policy": "Contact policy",
    "injection": "Injection attempt",
    "model_output": "Model output",
    "past_date": "Date has passed",
}


@dataclass
class Segment:
    """A run of body text under the same flags; `pieces` are ("text", s) or ("cite", "n")."""

    pieces: list[tuple[str, str]]
    flags: list[int] = field(default_factory=list)


def flag_label(kind: str) -> str:
    """A reviewer-facing name for a flag type."""
    return FLAG_LABELS.get(kind, kind.replace("_", " ").capitalize())


def numbered_flags(flags: list[Any]) -> list[dict[str, Any]]:
    """Flags as dicts with a display number, a label, and a usable span (None for record-level flags)."""
    shown = []
    for n, flag in enumerate(f for f in flags if isinstance(f, dict)):
        span: Any = flag.get("span")
        valid = isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(x, int) for x in span)
        kind = str(flag.get("type", "flag"))
        shown.append(
            {
                "n": n + 1,
                "type": kind,
                "label": flag_label(kind),
                "detail": str(flag.get("detail") or flag.get("reason") or ""),
                "span": (int(span[0]), int(span[1])) if valid else None,
            }
        )
    return shown


def _pieces(text: str, cited: set[int]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    last = 0
    for match in _CITE.finditer(text):
        if int(match.group(1)) not in cited:
            continue
        if match.start() > last:
            pieces.append(("text", text[last : match.start()]))
        pieces.append(("cite", match.group(1)))
        last = match.end()
    if last < len(text):
        pieces.append(("text", text[last:]))
    return pieces


def _citation_ends(body: str, body_citations: list[Any], cited: set[int]) -> dict[int, list[int]]:
    """Where each cited span of the body ends, and the record numbers to show there."""
    ends: dict[int, list[int]] = defaultdict(list)
    for c in body_citations:
        if isinstance(c, dict) and 0 <= int(c.get("start", -1)) < int(c.get("end", -1)) <= len(body):
            ends[int(c["end"])].extend(int(n) for n in c.get("n", []) if int(n) in cited)
    return ends


def segment_body(
    body: str, flags: list[dict[str, Any]], cited: set[int], body_citations: list[Any] | None = None
) -> list[Segment]:
    """Split the body where flag spans begin and end; cited spans get their record links after them.

    The links are shown beside the text, never part of it: the delivered body has no markers.
    """
    spans = [
        (f["n"], f["span"]) for f in flags if f["span"] and 0 <= f["span"][0] < f["span"][1] <= len(body)
    ]
    ends = _citation_ends(body, body_citations or [], cited)
    cuts = sorted({0, len(body), *(s for _, span in spans for s in span), *ends})
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = [n for n, (a, b) in spans if a <= start and end <= b]
        pieces = _pieces(body[start:end], cited) + [("cite", str(n)) for n in ends.get(end, [])]
        segments.append(Segment(pieces, covering))
    return segments


def age_text(created: datetime | None, now: datetime) -> str:
    """A short human age: 5m, 3h, 2d."""
    if created is None:
        return "?"
    seconds = max(0, int((now - created).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def draft_flag_types(flags: list[Any]) -> set[str]:
    """The flag types a draft carries."""
    return {str(f.get("type")) for f in flags if isinstance(f, dict) and f.get("type")}


@dataclass(frozen=True)
class ChartMonth:
    """One month on the sentiment chart: the customer's messages, and how many of them read negative."""

    month: str
    messages: int
    negative: int
    negative_share: float | None


def trend_from_tone_flags(rows: list[tuple[datetime, str, list[Any]]]) -> list[ChartMonth]:
    """Per month, the share of inbound interactions whose stored tone flags are not empty."""
    months: dict[str, list[bool]] = defaultdict(list)
    for occurred_at, direction, tone_flags in rows:
        if direction == "inbound":
            months[occurred_at.strftime("%Y-%m")].append(bool(tone_flags))
    return [ChartMonth(m, len(v), sum(v), round(sum(v) / len(v), 3)) for m, v in sorted(months.items())]


def sentiment_chart(months: list[ChartMonth], width: int = 560, height: int = 200) -> dict[str, Any]:
    """Coordinates for an SVG line of the negative share per month (0 at the bottom, 100% at the top).

    Every month keeps its place on the axis; a month without customer messages (share None) gets no
    point, and the line is broken there rather than drawn through a made-up zero.
    """
    left, right, top, bottom = 44, 36, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(months) - 1)
    points: list[dict[str, Any]] = []
    ticks: list[dict[str, Any]] = []
    segments: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    every = max(1, len(months) // 6)
    for i, month in enumerate(months):
        x = round(left + (i * step if len(months) > 1 else plot_w / 2), 1)
        if i % every == 0:
            ticks.append({"x": x, "month": month.month})
        share = month.negative_share
        if share is None:
            segments, current = segments + ([current] if current else []), []
            continue
        y = round(top + plot_h * (1 - min(1.0, max(0.0, share))), 1)
        label = f"{month.month}: {round(share * 100)}% negative of {month.messages} customer message(s)"
        point = {"x": x, "y": y, "month": month.month, "label": label}
        points.append(point)
        current.append(point)
    segments += [current] if current else []
    grid = [{"y": round(top + plot_h * (1 - v / 100), 1), "text": f"{v}%"} for v in (0, 50, 100)]
    return {
        "width": width,
        "height": height,
        "points": points,
        "ticks": ticks,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "polylines": [" ".join(f"{p['x']},{p['y']}" for p in seg) for seg in segments],
        "grid": grid,
        "left": left,
        "right": width - right,
        "baseline": top + plot_h,
        "every": every,
    }
