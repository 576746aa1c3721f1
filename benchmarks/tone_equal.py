"""Check that a speed change leaves flag_tone_many's answers alone, to 1e-6, on every text we have.

    python -m benchmarks.tone_equal write FILE      # every report and raw score, one JSON line per call
    python -m benchmarks.tone_equal compare OLD NEW # exit 1 unless labels, evidence and scores agree

The texts: the tone suite's 256 messages, tone_snapshot's odd ones, and every text of
evals/tone_data (hand-labelled and B2B sets), in both directions, one text per call (as `POST
/v1/tone` scores them) and in calls of 64 (as `/v1/tone/batch`). Besides the reports, each text's
raw scores are kept, so a change below a label's threshold is caught too: the inbound message and
sentence probabilities (message_frustration) and the outbound politeness (politeness_scores).
To compare two checkouts, write with each on PYTHONPATH (the file is read from this one's path):

    env PYTHONPATH=/work/base python /work/branch/benchmarks/tone_equal.py write /tmp/base.jsonl
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from benchmarks.tone_snapshot import BATCH, ODD_TEXTS
from benchmarks.tone_suite import _services, workload
from copilot.tone.politeness_model import default_politeness_model
from copilot.tools.flag_tone import flag_tone_many, message_frustration, politeness_scores

TONE_DATA = Path(__file__).resolve().parent.parent / "evals" / "tone_data"
TOLERANCE = 1e-6
Direction = Literal["inbound", "outbound"]
DIRECTIONS: tuple[Direction, ...] = ("inbound", "outbound")


def texts() -> list[str]:
    """The suite's texts, the odd ones and every text of evals/tone_data, in a fixed order."""
    found = [*workload(256), *ODD_TEXTS]
    for path in sorted(TONE_DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(str(json.loads(line)["text"]))
    return found


def _calls(all_texts: list[str]) -> Iterator[tuple[str, Direction, list[str]]]:
    for direction in DIRECTIONS:
        for text in all_texts:
            yield "single", direction, [text]
        for i in range(0, len(all_texts), BATCH):
            yield "batch", direction, all_texts[i : i + BATCH]


def write(path: Path) -> int:
    """One JSON line per call: its reports and raw scores; the number of lines."""
    all_texts = texts()
    lines = []
    with tempfile.TemporaryDirectory(prefix="tone-equal-") as tmp:
        services, _ = _services(Path(tmp) / "data")
        frustration, politeness = services.frustration_model, default_politeness_model()
        embeddings = services.sentence_model
        for kind, direction, group in _calls(all_texts):
            reports = flag_tone_many(
                group, direction, embeddings, frustration=frustration, politeness=politeness
            )
            if direction == "inbound":
                raw: list[Any] = [
                    [m.whole, [float(p) for p in m.per_sentence]]
                    for m in message_frustration(group, frustration)
                ]
            else:
                raw = [float(p) for p in politeness_scores(group, embeddings, politeness)]
            record = {
                "call": kind,
                "direction": direction,
                "reports": [report.model_dump(mode="json") for report in reports],
                "raw": raw,
            }
            lines.append(json.dumps(record, sort_keys=True))
        services.engine.dispose()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def differences(old: Any, new: Any, where: str = "") -> Iterator[str]:
    """Where two decoded records differ: numbers by more than TOLERANCE, anything else at all."""
    if isinstance(old, bool) or isinstance(new, bool) or isinstance(old, str) or old is None:
        if old != new:
            yield f"{where}: {old!r} != {new!r}"
    elif isinstance(old, int | float) and isinstance(new, int | float):
        if not math.isclose(old, new, rel_tol=0.0, abs_tol=TOLERANCE):
            yield f"{where}: {old!r} != {new!r}"
    elif isinstance(old, dict) and isinstance(new, dict):
        if old.keys() != new.keys():
            yield f"{where}: keys {sorted(old)} != {sorted(new)}"
        else:
            for key in old:
                yield from differences(old[key], new[key], f"{where}.{key}")
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            yield f"{where}: {len(old)} items != {len(new)}"
        else:
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                yield from differences(a, b, f"{where}[{i}]")
    elif old != new:
        yield f"{where}: {old!r} != {new!r}"


def compare(old: Path, new: Path) -> list[str]:
    """Every difference between two written files (empty when they agree)."""
    before = old.read_text(encoding="utf-8").splitlines()
    after = new.read_text(encoding="utf-8").splitlines()
    if len(before) != len(after):
        return [f"not comparable: {len(before)} lines against {len(after)}"]
    found: list[str] = []
    for n, (a, b) in enumerate(zip(before, after, strict=True)):
        found.extend(differences(json.loads(a), json.loads(b), f"line {n + 1}"))
    return found


def main(argv: list[str]) -> int:
    """The command line above; 1 when compared files differ, 2 on bad usage."""
    if len(argv) == 2 and argv[0] == "write":
        print(f"{argv[1]}: {write(Path(argv[1]))} calls over {len(texts())} texts per direction")
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        found = compare(Path(argv[1]), Path(argv[2]))
        lines = len(Path(argv[1]).read_text(encoding="utf-8").splitlines())
        print(f"{len(found)} differences over {lines} calls (tolerance {TOLERANCE:g})")
        for difference in found[:20]:
            print(" ", difference)
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
