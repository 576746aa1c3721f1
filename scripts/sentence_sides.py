"""Write who said each labelled sentence (`side`: customer, ours, unknown) into the sentence data sets.

Usage (from the repo root):
    python scripts/sentence_sides.py [--data evals/sentence_data] [--work DIR]

The side is derived mechanically from the row's `source` and, for sample emails and calls, from the
seeded sample CRM (seed 7), never from its label; the rule is `evals/sentence_sides.py` and is written
down in evals/sentence_data/README.md. Loading the sample needs a scratch data directory (`--work`, a
temporary one by default); it is ingested through the connectors as `copilot sample load` does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from copilot.config import Settings
from copilot.container import Services
from copilot.db.models import Account
from copilot.sample.load import load_sample
from copilot.tools.account_sentences import account_rows, record_sentences
from copilot.tools.call_record import account_role_book, owner_name
from copilot.tools.sentence_classes import clean_sentence
from evals.sentence_sides import SampleSides, side_of
from evals.sentences import DATA, template

SEED = 7


def sample_sides(work: Path) -> SampleSides:
    """Every sentence and passage of the seeded sample's emails and calls, with who said it."""
    services = Services(Settings(data_dir=work))
    load_sample(services, work / "sample", seed=SEED)
    found = SampleSides()
    with services.sessions() as session:
        for account in session.query(Account).all():
            domains = services.settings.our_domains
            owner = owner_name(session, account, domains) or ""
            book = account_role_book(session, account, domains, owner_display=owner)
            for row in account_rows(session, account.id):
                if row.kind not in {"email", "call"}:
                    continue
                found.add_passages(row, book)
                for sentence in record_sentences(row, book):
                    text = clean_sentence(sentence.text)
                    found.by_text[text].add(sentence.side)
                    found.by_template[template(text)].add(sentence.side)
    return found


def main(argv: list[str] | None = None) -> int:
    """Rewrite train.jsonl and eval.jsonl with a `side` on every row; prints the counts."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder with train.jsonl and eval.jsonl")
    parser.add_argument("--work", type=Path, default=None, help="scratch data dir for the sample CRM")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sentence-sides-") as scratch:
        lookup = sample_sides(args.work or Path(scratch))
        for name in ("train.jsonl", "eval.jsonl"):
            path = args.data / name
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            counts: dict[tuple[str, str], int] = defaultdict(int)
            for row in rows:
                row["side"] = side_of(row, lookup)
                parts = row["source"].split(":")
                source = ":".join(parts[:2]) if parts[0] in {"sample", "authored"} else parts[0]
                counts[(source + (f":{parts[-1]}" if parts[0] == "tweetsumm" else ""), row["side"])] += 1
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
            print(name, dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
