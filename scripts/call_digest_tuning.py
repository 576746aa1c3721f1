"""ROUGE-L of the extractive call summary on the tuning data only: DialogSum dev and TweetSumm chats 1-100.

The digest's weights and word budget (copilot/tools/call_digest.py) were chosen with this script;
what is reported comes from the summaries eval suite on DialogSum test and TweetSumm chats 101-200.
It calls the digest directly (no ingest), so it runs in seconds:

    python scripts/call_digest_tuning.py [--data ../shared/data] [--held-out] [--with-models]

`--held-out` scores DialogSum test and TweetSumm chats 101-200 the same quick way (a check after
tuning is frozen; the suite's figures, through ingest and the tool, are the reported ones).
`--with-models` also gives the digest the customer's complaints the two trained models read
(copilot/tools/call_complaints.py), as `summarize_call` does (slower: it embeds every customer sentence).
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean

from copilot.config import load_settings
from copilot.container import Services
from copilot.tools.call_complaints import unnamed_risks
from copilot.tools.call_digest import digest, digest_text
from copilot.tools.call_record import CallRecord
from copilot.tools.call_risk_items import risks
from copilot.tools.call_types import Utterance
from copilot.tools.speaker_roles import RoleBook, Side, SpeakerRoles, assign_roles
from evals.scoring import rouge_max
from evals.suites.dialogsum import as_transcript
from evals.suites.tweetsumm import read_tweetsumm, split

Dialogue = tuple[list[tuple[str, str]], list[str]]


def _dialogsum(path: Path) -> list[Dialogue]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        turns = [tuple(t.split(": ", 1)) for t in as_transcript(row["dialogue"]).splitlines() if ": " in t]
        references = [row[k] for k in ("summary", "summary1", "summary2", "summary3") if row.get(k)]
        found.append(([(s, t) for s, t in turns], references))
    return found


def _model_concerns(utterances: list[Utterance], roles: SpeakerRoles, services: Services) -> frozenset[str]:
    # The complaints summarize_call hands the digest: read on the customer's turns by the two models.
    sided = [Utterance(u.n, u.speaker, u.text, roles.side(u.speaker) is Side.CUSTOMER) for u in utterances]
    call = CallRecord(0, 0, "", datetime.now(UTC), sided, roles)
    found = unnamed_risks(call, risks(sided), services.sentence_model, services.sentence_labeller)
    return frozenset(item.text.strip() for item in found if item.extra.get("read_by") == "models")


def _scores(data: list[Dialogue], services: Services | None = None) -> tuple[float, float]:
    ours, lead = [], []
    for turns, references in data:
        utterances = [Utterance(n, s, t, False) for n, (s, t) in enumerate(turns, start=1)]
        roles = assign_roles([u.speaker for u in utterances], RoleBook())
        concerns = _model_concerns(utterances, roles, services) if services else frozenset()
        ours.append(rouge_max(digest_text(digest(utterances, roles, concerns)), references)["rougeL"])
        lead.append(rouge_max(" ".join(f"{s}: {t}" for s, t in turns[:2]), references)["rougeL"])
    return mean(ours) * 100, mean(lead) * 100


def main() -> None:
    """Print ROUGE-L of the digest and of lead-2 on each tuning set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--held-out", action="store_true", help="score the held-out sets instead")
    parser.add_argument("--with-models", action="store_true", help="complaints read by the models too")
    args = parser.parse_args()
    services = Services(load_settings()) if args.with_models else None
    tune, held_out = split(read_tweetsumm(args.data / "tweetsumm" / "train200.jsonl"))
    split_name, chats = ("test", held_out) if args.held_out else ("dev", tune)
    sets = {
        f"dialogsum {split_name}": _dialogsum(args.data / "dialogsum" / f"dialogsum.{split_name}.jsonl"),
        f"tweetsumm {'held-out' if args.held_out else 'tune'} ({len(chats)})": [
            (c.turns, c.references) for c in chats
        ],
    }
    for name, rows in sets.items():
        ours, lead = _scores(rows, services)
        print(f"{name:<22} digest ROUGE-L {ours:5.2f}  lead-2 {lead:5.2f}  gain {ours / lead - 1:+.1%}")


if __name__ == "__main__":
    main()
