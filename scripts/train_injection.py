"""Train the sentence-level injection classifier and write copilot/guards/injection_model.npz.

Usage (from the repo root):
    python scripts/train_injection.py [--data ../shared/data] [--cache-dir /tmp/injection-cache]

Training data (positives, each alone and inside 8 BIPIA *train* emails): the 75 BIPIA *train* text
attacks and the hand-written general-purpose chatbot requests of scripts/injection_examples.py
(written from general knowledge for this project, not from BIPIA's test split). Negatives: every
sentence of the BIPIA *train* email contexts, the DialogSum *dev* dialogues, every second sample
CRM account's emails, GoEmotions *train* Reddit comments (chatty questions and asides that are not
instructions) and the hand-written business requests of injection_examples.py inside BIPIA *train*
emails. Sentences are read in context (copilot/guards/injection_model.py: vector and difference
from the rest of the text). The threshold is picked by leave-categories-out cross-validation: each
fold hides whole attack categories (BIPIA train categories and hand-written families alike), so
the cut is the one that works on kinds of attack the model never saw (BIPIA's test split uses
different categories from its train split). Held out and only reported: the BIPIA test attacks,
the BIPIA test email contexts, DialogSum test dialogues, GoEmotions *test* comments and the other
half of the seeded sample CRM's accounts (training sees the emails of every second account).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
from injection_examples import business_request_sentences, general_task_sentences

from copilot.config import load_settings
from copilot.container import Services
from copilot.guards.injection_model import (
    MODEL_PATH,
    InjectionClassifier,
    context_features,
    scoreable_sentences,
)
from copilot.index.embedder import Embedder
from copilot.sample.fact_pools import INJECTIONS
from copilot.sample.generate import DEFAULT_NOW, build
from copilot.sample.model import Mail
from copilot.tone.goemotions import read_split
from copilot.tone.model import embed_for_training, fit_logistic

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
_SPEAKER = re.compile(r"^#Person\d#:\s*")
FOLDS = 5

Matrix = npt.NDArray[np.float64]


def _json_lines(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise SystemExit(f"{path}: not found")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def attacks(data: Path, split: str) -> list[tuple[str, str]]:
    """(category, attack text) for every BIPIA text attack of a split."""
    path = data / "bipia" / f"text_attack_{split}.json"
    if not path.is_file():
        raise SystemExit(f"{path}: not found")
    by_category = json.loads(path.read_text(encoding="utf-8"))
    return [(category, text) for category, texts in by_category.items() for text in texts]


def sentences_of(text: str) -> list[str]:
    """The scoreable sentences of a text, as the detector sees them at run time."""
    return [text[s:e] for s, e in scoreable_sentences(text)]


def bipia_emails(data: Path, split: str) -> list[list[str]]:
    """Clean BIPIA email contexts of a split, each as its sentences."""
    rows = _json_lines(data / "bipia" / "email" / f"{split}.jsonl")
    return [sentences_of(row["context"]) for row in rows]


def dialogues(data: Path, split: str, limit: int | None) -> list[list[str]]:
    """DialogSum dialogues, each as its utterances with the speaker tag removed."""
    rows = _json_lines(data / "dialogsum" / f"dialogsum.{split}.jsonl")[:limit]
    return [
        [turn for line in row["dialogue"].splitlines() for turn in sentences_of(_SPEAKER.sub("", line))]
        for row in rows
    ]


def reddit_comments(data: Path, split: str, limit: int) -> list[list[str]]:
    """GoEmotions comments, each as its sentences: chatty questions and asides that are not instructions."""
    return [sentences_of(text) for text in read_split(data / "goemotions", split, limit).texts]


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def positive_texts(data: Path) -> list[tuple[str, str]]:
    """(category, text): BIPIA train attacks and the hand-written general requests, one family each.

    Refuses to train if a hand-written sentence repeats a BIPIA test attack, which must stay held out.
    """
    general = [(f"written: {family}", text) for family, text in general_task_sentences()]
    held_out = {_folded(text) for _, text in attacks(data, "test")}
    leaked = [text for _, text in general if _folded(text) in held_out]
    if leaked:
        raise SystemExit(f"hand-written examples repeat BIPIA test attacks: {leaked}")
    return attacks(data, "train") + general


def as_indexed(mail: Mail) -> str:
    """An email as the detector reads it at run time: the index's header line, then the body."""
    direction = "inbound" if mail.inbound else "outbound"
    return f"[email {direction} {mail.sent_at.date().isoformat()} | {mail.subject}]\n{mail.body}"


def sample_emails(half: int) -> tuple[list[list[str]], list[list[str]]]:
    """Emails of one half of the seeded sample CRM's accounts (0: even, 1: odd positions).

    Returns (clean emails, emails holding a planted injection), each as its sentences. Training sees
    half 0; half 1 is reported, though both halves come from the same templates.
    """
    book = build(seed=7, accounts=32, months=12, now=DEFAULT_NOW)
    slugs = sorted(book.mails)[half::2]
    bodies = [as_indexed(mail) for slug in slugs for mail in book.mails[slug]]
    planted = [b for b in bodies if any(i in b for i in INJECTIONS)]
    return [sentences_of(b) for b in bodies if b not in planted], [sentences_of(b) for b in planted]


def fit(positives: Matrix, negatives: Matrix, args: argparse.Namespace) -> InjectionClassifier:
    """Logistic regression with the positives repeated so both classes weigh the same."""
    repeat = max(1, len(negatives) // max(1, len(positives)))
    x = np.vstack([np.repeat(positives, repeat, axis=0), negatives])
    y = np.concatenate([np.ones(len(positives) * repeat), np.zeros(len(negatives))])[:, None]
    weights, bias, mean, scale = fit_logistic(x, y, l2=args.l2, epochs=args.epochs)
    return InjectionClassifier(mean, scale, weights[:, 0], float(bias[0]), 0.5)


def out_of_fold(
    positives: Matrix, categories: list[str], negatives: Matrix, args: argparse.Namespace
) -> tuple[Matrix, Matrix]:
    """Probabilities of every training row from a model that did not see its category (or row)."""
    names = sorted(set(categories))
    random.Random(0).shuffle(names)
    rng = np.random.default_rng(0)
    negative_fold = rng.integers(0, FOLDS, len(negatives))
    pos_scores, neg_scores = np.zeros(len(positives)), np.zeros(len(negatives))
    for fold in range(FOLDS):
        hidden = set(names[fold::FOLDS])
        held = np.array([c in hidden for c in categories])
        model = fit(positives[~held], negatives[negative_fold != fold], args)
        pos_scores[held] = model.probabilities(positives[held])
        neg_scores[negative_fold == fold] = model.probabilities(negatives[negative_fold == fold])
    return pos_scores, neg_scores


def pick_threshold(pos_scores: Matrix, neg_scores: Matrix, max_fpr: float) -> float:
    """The lowest cut whose false-positive rate on clean sentences stays within max_fpr."""
    allowed = int(max_fpr * len(neg_scores))
    ranked = np.sort(neg_scores)[::-1]
    cut = float(ranked[allowed]) if allowed < len(ranked) else 0.0
    threshold = float(np.nextafter(cut, 1.0))
    recall = float(np.mean(pos_scores >= threshold))
    print(f"cross-validated (unseen categories): threshold={threshold:.4f} recall={recall:.3f} "
          f"FPR={np.mean(neg_scores >= threshold):.4f} on {len(neg_scores)} clean sentences")  # fmt: skip
    return min(max(threshold, 0.05), 0.995)


class Vectors:
    """Sentence -> embedding for every sentence used, embedded once (and cached on disk if asked)."""

    def __init__(self, embeddings: Embedder, cache_dir: Path | None) -> None:
        self.embeddings = embeddings
        self.cache_dir = cache_dir
        self.table: dict[str, Matrix] = {}

    def add(self, groups: list[list[str]], name: str) -> None:
        """Embed every sentence of the groups not embedded yet."""
        missing = list(dict.fromkeys(s for group in groups for s in group if s not in self.table))
        if missing:
            found = embed_for_training(self.embeddings, missing, f"injection-{name}", self.cache_dir)
            self.table.update(zip(missing, found, strict=True))

    def features(self, group: list[str]) -> Matrix:
        """Context features of every sentence of one text."""
        return context_features(np.vstack([self.table[s] for s in group]))


def negative_rows(vectors: Vectors, groups: list[list[str]]) -> Matrix:
    """Features of every sentence of every clean text."""
    return np.vstack([vectors.features(g) for g in groups if g])


def attack_rows(
    vectors: Vectors, attacks_: list[tuple[str, str]], hosts: list[list[str]], per_attack: int, seed: int
) -> tuple[Matrix, list[str]]:
    """Each attack on its own and inside `per_attack` random host emails: (features, category per row)."""
    rng = np.random.default_rng(seed)
    rows, categories = [], []
    for category, attack in attacks_:
        rows.append(vectors.features([attack])[-1])
        for index in rng.choice(len(hosts), per_attack, replace=False):
            rows.append(vectors.features([*hosts[index], attack])[-1])
        categories += [category] * (per_attack + 1)
    return np.vstack(rows), categories


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared evaluation data folder")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    # Chosen by the cross-validated recall on unseen categories at the FPR budget (2026-11-23:
    # l2 1e-1: 0.718, 3e-2: 0.789, 1e-2: 0.824, 3e-3: 0.841, 1e-3: 0.860, 3e-4: 0.867).
    parser.add_argument("--l2", type=float, default=3e-4, help="L2 penalty on the weights")
    parser.add_argument("--epochs", type=int, default=300, help="full-batch gradient steps")
    parser.add_argument("--max-fpr", type=float, default=0.002, help="allowed clean-sentence FPR")
    parser.add_argument("--hosts", type=int, default=8, help="host emails each training attack is put in")
    parser.add_argument("--dialogues", type=int, default=None, help="DialogSum dialogues per split")
    parser.add_argument("--reddit", type=int, default=4000, help="GoEmotions comments per split")
    return parser.parse_args(argv)


def _rate(name: str, hits: int, total: int) -> None:
    print(f"  {name:<52} {hits}/{total} = {hits / max(total, 1):.3f}")


def report_held_out(model: InjectionClassifier, vectors: Vectors, args: argparse.Namespace) -> None:
    """Recall on the BIPIA test attacks and false positives on clean text none of training saw."""
    print(f"held out (threshold {model.threshold:.4f}):")
    test = attacks(args.data, "test")
    hosts = bipia_emails(args.data, "test")
    vectors.add([[t for _, t in test], *hosts], "held-out-bipia")
    alone = model.probabilities(np.vstack([vectors.features([t]) for _, t in test])) >= model.threshold
    _rate("BIPIA test attacks alone", int(alone.sum()), len(test))
    inside, _ = attack_rows(vectors, test, hosts, 5, seed=1)
    hits = model.probabilities(inside) >= model.threshold
    _rate("BIPIA test attacks (alone + in 5 test emails each)", int(hits.sum()), len(hits))
    clean_sample, planted = sample_emails(1)
    groups = {
        "BIPIA test emails": hosts,
        "DialogSum test dialogues": dialogues(args.data, "test", args.dialogues),
        "GoEmotions test comments": reddit_comments(args.data, "test", args.reddit // 2),
        "sample CRM emails, held-out half (clean)": clean_sample,
        "sample CRM emails (planted injection)": planted + sample_emails(0)[1],
    }
    for name, texts in groups.items():
        texts = [g for g in texts if g]
        vectors.add(texts, name.split()[0] + "-" + str(len(texts)))
        flags = [model.probabilities(vectors.features(g)) >= model.threshold for g in texts]
        _rate(f"{name}: sentences flagged", int(sum(f.sum() for f in flags)), sum(len(f) for f in flags))
        _rate(f"{name}: texts flagged", sum(bool(f.any()) for f in flags), len(texts))


def main(argv: list[str] | None = None) -> int:
    """Train, tune by cross-validation, report held-out figures, and save the model."""
    args = _parse(argv)
    # The backend drafts run with (ONNX int8 by default), so the tuned threshold fits run-time vectors.
    vectors = Vectors(Services(load_settings()).sentence_model, args.cache_dir)
    train = positive_texts(args.data)
    hosts = bipia_emails(args.data, "train")
    clean = [g for g in hosts + sample_emails(0)[0] + dialogues(args.data, "dev", args.dialogues) if g]
    chatty = [g for g in reddit_comments(args.data, "train", args.reddit) if g]
    requests = [("business", text) for text in business_request_sentences()]
    vectors.add([[t for _, t in train + requests], *clean, *chatty], "train")
    positives, categories = attack_rows(vectors, train, hosts, args.hosts, seed=0)
    # Business requests sit inside real emails, where they occur; they are clean like the rest.
    in_emails, _ = attack_rows(vectors, requests, hosts, args.hosts, seed=2)
    negatives = np.vstack([negative_rows(vectors, clean), in_emails, negative_rows(vectors, chatty)])
    # The cut is set on emails and dialogue, the channel the detector reads; Reddit comments only
    # teach the model that a chatty question is not an instruction.
    channel = np.arange(len(negatives)) < len(negatives) - sum(len(g) for g in chatty)
    print(f"training: {len(train)} attacks in {len(positives)} rows, {len(negatives)} clean sentences")
    pos_scores, neg_scores = out_of_fold(positives, categories, negatives, args)
    threshold = pick_threshold(pos_scores, neg_scores[channel], args.max_fpr)
    fitted = fit(positives, negatives, args)
    model = InjectionClassifier(fitted.mean, fitted.scale, fitted.weights, fitted.bias, threshold)
    train_hits = model.probabilities(positives) >= threshold
    print(f"training attack rows detected by the final model: {int(train_hits.sum())}/{len(positives)}")
    report_held_out(model, vectors, args)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
