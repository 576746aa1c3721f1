"""Pin /v1/tone's answers byte for byte, to check that a speed change leaves them alone.

    python -m benchmarks.tone_snapshot write FILE      # every answer, one line per request
    python -m benchmarks.tone_snapshot compare OLD NEW # what differs between two such files

The texts are the tone suite's 256 messages plus a few long or odd ones (salutation and sign-off,
one word, several languages, punctuation only, a text over the inbound model's window, abbreviations),
sent in both directions through `POST /v1/tone` one at a time and through `/v1/tone/batch` in 64s.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.tone_suite import _client, workload

ODD_TEXTS = (
    "Hi Anna,\n\nWhy is the export STILL broken?! This is the third time I ask.\n\nBest,\nTom",
    "ok",
    "Please fix this now. You need to answer me today! Otherwise we will cancel.",
    "Merci beaucoup pour votre aide, très apprécié. Können Sie mich anrufen?",
    "--\n***\nThanks!!!",
    ("This is a very long complaint about the service. " * 60).strip(),
    "Dr. Smith said e.g. the invoice was wrong. Can you check? I am annoyed, honestly.",
    "We are going to churn unless this is resolved ASAP. Urgent!!",
)
BATCH = 64


def write(path: Path) -> int:
    """Write `route direction status body` per request; the number of lines."""
    texts = [*workload(256), *ODD_TEXTS]
    lines = []
    with tempfile.TemporaryDirectory(prefix="tone-snapshot-") as tmp:
        client, headers = _client(Path(tmp) / "data")
        with client:
            for direction in ("inbound", "outbound"):
                for text in texts:
                    body = {"text": text, "direction": direction}
                    response = client.post("/v1/tone", json=body, headers=headers)
                    lines.append(f"single {direction} {response.status_code} {response.text}")
                for i in range(0, len(texts), BATCH):
                    batch = {"texts": texts[i : i + BATCH], "direction": direction}
                    response = client.post("/v1/tone/batch", json=batch, headers=headers)
                    lines.append(f"batch {direction} {response.status_code} {response.text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _reports(line: str) -> list[dict[str, Any]]:
    body = json.loads(line.split(" ", 3)[3])
    return list(body["reports"]) if "reports" in body else [body]


def compare(old: Path, new: Path) -> str:
    """Lines that differ, reports whose label set changed, and the largest change of a kept label's score."""
    before = old.read_text(encoding="utf-8").splitlines()
    after = new.read_text(encoding="utf-8").splitlines()
    if len(before) != len(after):
        return f"not comparable: {len(before)} lines against {len(after)}"
    differing = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    label_changes, largest = 0, 0.0
    for a, b in differing:
        for report_a, report_b in zip(_reports(a), _reports(b), strict=True):
            scores_a = {item["label"]: item["score"] for item in report_a["labels"]}
            scores_b = {item["label"]: item["score"] for item in report_b["labels"]}
            if scores_a.keys() != scores_b.keys():
                label_changes += 1
            largest = max(
                [largest, *(abs(scores_a[k] - scores_b[k]) for k in scores_a.keys() & scores_b.keys())]
            )
    return (
        f"{len(differing)} of {len(before)} responses differ; {label_changes} reports changed their labels; "
        f"largest score change of a kept label {largest:.3g}"
    )


def main(argv: list[str]) -> int:
    """The command line above; 1 when compared files differ, 2 on bad usage."""
    if len(argv) == 2 and argv[0] == "write":
        print(f"{argv[1]}: {write(Path(argv[1]))} responses")
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        summary = compare(Path(argv[1]), Path(argv[2]))
        print(summary)
        return 0 if summary.startswith("0 of") else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
