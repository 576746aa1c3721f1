"""Issue 15, rounds 13 to 16: sentence files from authored CRM records — the third and fourth held-out
sets (round 13, evals/sentence_data/round13/PROTOCOL.md; round 16, round16/PROTOCOL.md) and training rows
written the same way (rounds 14 and 15, round14/PROTOCOL.md, round15/PROTOCOL.md).

`sentences --round N` splits every record of `roundN/records_*.jsonl` with the product's splitter and
cleaning, gives each sentence the side the product would, drops exact duplicates and sentences under
three words, and writes the unlabelled rows (`roundN/rows.jsonl`) and one blind file per author for the
readers. `adjudicate` lists the rows the two readers label differently, both labels in a seeded random
order (never which reader gave which) with the record's neighbouring sentences. `settle` writes
`eval3.jsonl` (the first reader's labels, like the other held-out files) and its twin
`relabel/eval3_adjudicated.jsonl` (first, second and the settled label). `training --round 14` writes
`round14_records.jsonl` from its one reader per file, leaving out rows that share a template with a
held-out file (`--round 15` likewise).

    python scripts/sentence_records.py sentences --round 13 --out /work/round13
    python scripts/sentence_records.py adjudicate --readers /work/round13
    python scripts/sentence_records.py settle --readers evals/sentence_data/round13/readers
    python scripts/sentence_records.py sentences --round 14 --out /work/round14
    python scripts/sentence_records.py training --round 14 --readers evals/sentence_data/round14/readers
    python scripts/sentence_records.py sentences --round 15 --out /work/round15
    python scripts/sentence_records.py training --round 15 --readers evals/sentence_data/round15/readers
    python scripts/sentence_records.py sentences --round 16 --out /work/round16
    python scripts/sentence_records.py adjudicate --round 16 --readers /work/round16
    python scripts/sentence_records.py settle --round 16 --readers evals/sentence_data/round16/readers
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copilot.tools.account_sentences import split_sentences
from copilot.tools.sentence_classes import clean_sentence
from evals.sentences import DATA, held_out_files, template

# Row ids of each round's sentences: eval3's g0000…, round 14's h0000…, round 15's k0000…, eval4's m0000…
ID_LETTER = {13: "g", 14: "h", 15: "k", 16: "m"}
# The held-out file each held-out round settles into (rounds 13 and 16, two readers and a third).
HELD_OUT_ROUND = {13: "eval3", 16: "eval4"}
Row = dict[str, Any]
MIN_WORDS = 3
# Sentences either side of a disputed row that the third reader sees, from the same record.
CONTEXT = 3


def _rows(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[Row]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def record_texts(record: Row) -> Iterator[tuple[str, str]]:
    """(side, text) of each part of one authored record, sided as the product sides its records."""
    kind = record["kind"]
    if kind == "email":
        yield ("customer" if record["direction"] == "inbound" else "ours"), record["body"]
    elif kind == "call":
        roles = record["speakers"]
        for turn in record["turns"]:
            yield roles.get(turn["speaker"], "unknown"), turn["text"]
    elif kind == "ticket":
        yield "customer", record["body"]
        for reply in record.get("replies", []):
            yield reply["side"], reply["text"]
    elif kind == "note":
        yield "ours", record["body"]
    else:
        raise ValueError(f"unknown record kind {kind!r}")


def author_sentences(author: str, records: list[Row], round_: int) -> list[Row]:
    """Every sentence of one author's records, in order, with its source and side."""
    out = []
    for n, record in enumerate(records):
        source = f"authored{round_}:{author}-{record['account']}:{record['kind']}{n}"
        for side, text in record_texts(record):
            for sentence in split_sentences(text):
                cleaned = clean_sentence(sentence)
                if len(cleaned.split()) >= MIN_WORDS:
                    out.append({"text": cleaned, "source": source, "side": side})
    return out


def build_rows(round_: int) -> list[Row]:
    """All authors' sentences, exact duplicates dropped (the first kept), numbered g0000… (round 13)."""
    seen: set[str] = set()
    rows = []
    for path in sorted((DATA / f"round{round_}").glob("records_*.jsonl")):
        author = path.stem.removeprefix("records_")
        for row in author_sentences(author, _rows(path), round_):
            if row["text"] in seen:
                continue
            seen.add(row["text"])
            rows.append({"id": f"{ID_LETTER[round_]}{len(rows):04d}", **row})
    return rows


def sentences(args: argparse.Namespace) -> None:
    rows = build_rows(args.round)
    _write(DATA / f"round{args.round}" / "rows.jsonl", rows)
    for author in sorted({r["source"].split(":")[1].split("-")[0] for r in rows}):
        mine = [r for r in rows if r["source"].split(":")[1].startswith(f"{author}-")]
        _write(args.out / f"blind_{author}.jsonl", mine)
        print(f"blind_{author}.jsonl: {len(mine)} rows")
    print(f"rows.jsonl: {len(rows)} rows")


def _labels(readers: Path, prefix: str) -> dict[str, str]:
    return {r["id"]: r["label"] for p in sorted(readers.glob(f"{prefix}_*.jsonl")) for r in _rows(p)}


def _both(readers: Path, round_: int) -> tuple[list[Row], dict[str, str], dict[str, str]]:
    rows = _rows(DATA / f"round{round_}" / "rows.jsonl")
    first, second = _labels(readers, "first"), _labels(readers, "second")
    missing = [r["id"] for r in rows if r["id"] not in first or r["id"] not in second]
    if missing:
        raise SystemExit(f"{len(missing)} rows lack a reader's label, e.g. {missing[0]}")
    return rows, first, second


def adjudicate(args: argparse.Namespace) -> None:
    rows, first, second = _both(args.readers, args.round)
    shuffle = random.Random(args.round)
    differ = []
    for n, row in enumerate(rows):
        pair = [first[row["id"]], second[row["id"]]]
        if pair[0] != pair[1]:
            shuffle.shuffle(pair)
            near = rows[max(0, n - CONTEXT) : n + CONTEXT + 1]
            context = [r["text"] for r in near if r["source"] == row["source"] and r is not row]
            differ.append({**row, "context": context, "options": pair})
    _write(args.readers / "adjudicate.jsonl", differ)
    print(f"adjudicate.jsonl: {len(differ)} of {len(rows)} rows differ")


def training_templates() -> set[str]:
    """Templates of every labelled file a model may learn from (train.jsonl and the round files)."""
    files = [DATA / "train.jsonl", *sorted(DATA.glob("round*.jsonl"))]
    return {template(row["text"]) for path in files for row in _rows(path)}


def settle(args: argparse.Namespace) -> None:
    rows, first, second = _both(args.readers, args.round)
    third = {r["id"]: r["label"] for r in _rows(args.readers / "adjudicated.jsonl")}
    # A sign-off such as "Best regards, <name>" is a template the training rows already hold: kept out,
    # as every held-out file is kept apart from the training files (evals/sentences.check_disjoint).
    seen = training_templates()
    shared = [row for row in rows if template(row["text"]) in seen]
    rows = [row for row in rows if template(row["text"]) not in seen]
    print(f"{len(shared)} rows left out, their template is in a training file: {[r['text'] for r in shared]}")
    held_out, twin = [], []
    for row in rows:
        a, b = first[row["id"]], second[row["id"]]
        settled = a if a == b else third[row["id"]]
        if settled not in {a, b}:
            raise SystemExit(f"{row['id']}: the third reader chose {settled!r}, neither reader's label")
        held_out.append({**row, "label": a})
        twin.append({**row, "label": settled, "first": a, "second": b})
    name = HELD_OUT_ROUND[args.round]
    _write(DATA / f"{name}.jsonl", held_out)
    _write(DATA / "relabel" / f"{name}_adjudicated.jsonl", twin)
    print(f"{name}.jsonl and relabel/{name}_adjudicated.jsonl: {len(rows)} rows")


def held_out_templates() -> set[str]:
    """Templates of every held-out file's sentences: no training row may share one."""
    return {template(row["text"]) for path in held_out_files(DATA) for row in _rows(path)}


def training(args: argparse.Namespace) -> None:
    rows = _rows(DATA / f"round{args.round}" / "rows.jsonl")
    labels = _labels(args.readers, "first")
    missing = [r["id"] for r in rows if r["id"] not in labels]
    if missing:
        raise SystemExit(f"{len(missing)} rows lack a label, e.g. {missing[0]}")
    apart = held_out_templates()
    kept = [{**r, "label": labels[r["id"]]} for r in rows if template(r["text"]) not in apart]
    _write(DATA / f"round{args.round}_records.jsonl", kept)
    left_out = len(rows) - len(kept)
    print(f"round{args.round}_records.jsonl: {len(kept)} rows, {left_out} left out (held-out templates)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    built = commands.add_parser("sentences")
    built.add_argument("--round", type=int, choices=sorted(ID_LETTER), required=True)
    built.add_argument("--out", type=Path, required=True)
    for name in ("adjudicate", "settle", "training"):
        command = commands.add_parser(name)
        command.add_argument("--readers", type=Path, required=True)
        if name == "training":
            command.add_argument("--round", type=int, choices=[14, 15], required=True)
        else:
            command.add_argument("--round", type=int, choices=sorted(HELD_OUT_ROUND), default=13)
    args = parser.parse_args(argv)
    run = {"sentences": sentences, "adjudicate": adjudicate, "settle": settle, "training": training}
    run[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
