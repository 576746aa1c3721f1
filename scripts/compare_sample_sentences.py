"""Which account-summary sentences two sentence-classifier files label differently, in a loaded CRM.

Usage (from the repo root, after `copilot sample load --seed 7` into the configured data directory):
    python scripts/compare_sample_sentences.py OLD.npz NEW.npz

Reads every account's sentences as the account summary does (`record_sentences` with each account's
role book, so every sentence has its side), embeds each account's sentences in one batch through the
runtime's sentence model, labels them with both files and prints the number changed and each changed
sentence once (old label -> new label, side, how many times and on which accounts), grouped by change.
A candidate model is read before it replaces the committed one: `--out` of the training script. Either
file may be a fine-tuned model (copilot/tools/sentence_tuned.py's format, e.g. `sentence_soup.py
--export`), whose graph is built into the configured model cache.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account
from copilot.tools.account_sentences import account_rows, record_sentences
from copilot.tools.call_record import account_role_book, owner_name
from copilot.tools.sentence_classes import SentenceClassifier, SentenceLabeller, clean_sentence
from copilot.tools.sentence_tuned import TunedSentenceClassifier

Change = tuple[str, str, str, str]  # old label, new label, side, text


def labeller(path: Path) -> SentenceLabeller:
    """The classifier a file holds: fine-tuned (it has offsets) or frozen-vector."""
    with np.load(path, allow_pickle=False) as data:
        tuned = "offsets" in data.files
    if not tuned:
        return SentenceClassifier.load(path)
    settings = load_settings()
    cache = settings.resolved_model_cache_dir / "onnx"
    return TunedSentenceClassifier(settings.resolved_embedding_path(), cache, weights_path=path)


def changed_labels(old: SentenceLabeller, new: SentenceLabeller) -> tuple[int, dict[Change, list[int]]]:
    """How many sentences were read, and each changed sentence with the accounts it occurs on."""
    services = Services(load_settings())
    changes: dict[Change, list[int]] = defaultdict(list)
    total = 0
    with services.sessions() as session:
        for account in session.query(Account).order_by(Account.id).all():
            domains = services.settings.our_domains
            owner = owner_name(session, account, domains) or ""
            book = account_role_book(session, account, domains, owner_display=owner)
            sentences = [s for row in account_rows(session, account.id) for s in record_sentences(row, book)]
            if not sentences:
                continue
            texts = [clean_sentence(s.text) or "-" for s in sentences]
            sides = [s.side for s in sentences]
            vectors = np.asarray(services.sentence_model.embed_documents(texts), dtype=np.float64)
            before = old.classes_of(old.probabilities(vectors, texts, sides))
            after = new.classes_of(new.probabilities(vectors, texts, sides))
            total += len(texts)
            for text, side, a, b in zip(texts, sides, before, after, strict=True):
                if a.label != b.label:
                    changes[(a.label, b.label, side, text)].append(account.id)
    return total, changes


def main(argv: list[str] | None = None) -> int:
    """Print the changed labels; returns the exit code."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old", type=Path, help="the model file before (e.g. the committed one)")
    parser.add_argument("new", type=Path, help="the model file after")
    args = parser.parse_args(argv)
    total, changes = changed_labels(labeller(args.old), labeller(args.new))
    print(f"{sum(len(a) for a in changes.values())} of {total} sentences changed label")
    for (before, after, side, text), accounts in sorted(changes.items()):
        where = f"x{len(accounts)} accounts {sorted(set(accounts))}"
        print(f"{before:>10} -> {after:<10} [{side}] {where}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
