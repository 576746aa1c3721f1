"""Pick the sentences of the cited records that matter for a purpose, so drafts quote facts verbatim."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from copilot.index.embedder import Embedder
from copilot.retrieval.context import CitedRecord
from copilot.retrieval.keyword import bm25_scores
from copilot.retrieval.questions import purpose_intent

# The similarity of each sentence to the purpose's topic (cosine of sentence vectors), in input order.
Similarity = Callable[[str, list[str]], Sequence[float]]
# Weights of a sentence's relevance signals beside its keyword score (scaled to 1 for the best one).
# Set by reading the sample's dev scenarios' candidates (tests/tools/test_fact_choice.py holds cases).
FIELD_WEIGHT = 1.0
MEANING_WEIGHT = 1.0
# A fact scoring below this share of the best fact's score is left out of the letter.
RELATIVE_MIN = 0.5
# Below this MiniLM cosine, a sentence with no shared word and no fitting value is off the topic.
MEANING_FLOOR = 0.35

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÉÈÀ0-9\"'])")
_HEADER = re.compile(r"^\[[^\]]*\]\s*")
# Pleasantries and sign-offs carry no facts worth repeating to the customer.
# In every letter language: "grazie per la demo di martedì" restated read "Ci avete comunicato che grazie…".
_FILLER = re.compile(
    r"^(hi|hello|hey|dear|thanks|thank you|best|regards|cheers|kind regards|hallo|guten tag|bonjour|hola|"
    r"danke|vielen dank|herzlichen dank|merci|gracias|muchas gracias|buongiorno|buonasera|ciao|gentile|"
    r"grazie|goedemorgen|goedemiddag|beste|hoi|dank|bedankt|hartelijk dank|"
    r"(?:please )?(?:don't|do not) hesitate|feel free|no dude|n'hésitez pas|zögern Sie nicht|"
    r"non esiti|aarzel niet)\b",
    re.IGNORECASE,
)
_SPEAKER = re.compile(r"^[A-Z][\w .'-]{1,40}:\s+")
# A reply that opens with its answer ("Yes, that one is still open as far as I know") leans on a question
# the letter does not show; restated ("You told us that Yes, that one…") it is broken.
_ANSWER = re.compile(r"^(?:yes|yeah|yep|no|nope|right|exactly|correct|sure)\b[\s,.!]", re.IGNORECASE)
# A line that hands over an attachment ("here is the invite", "please find attached") restated in a new
# letter points at something the letter does not carry.
_ATTACHMENT = re.compile(
    r"\b(?:here(?:'s| is| are) (?:the|our|your|a)\b|(?:please )?find attached|"
    r"attached (?:is|are|you will find)|I(?:'ve| have) attached|see attached)",
    re.IGNORECASE,
)
# An absence notice ("I am out of the office on Tuesday") is no fact a letter restates.
_AWAY = re.compile(r"\bout of (?:the )?office\b|\bon (?:annual |parental )?leave until\b", re.IGNORECASE)
# An agenda or list item ("1. Value delivered this year") is a heading, not a statement of fact.
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")
# Sentences carrying a number, amount or date are what a reviewer checks and a customer acts on.
_FACTUAL = re.compile(r"\d|[$€£%]|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", re.IGNORECASE)


@dataclass(frozen=True)
class FactSentence:
    """One sentence from a record, with the record's citation number.

    `speaker` is "us" for a line our own side spoke on a call (to be attributed to us, never
    presented as the customer's words), else None.
    """

    n: int
    text: str
    # Who said it: a transcript's or labelled note's speaker ("Dana Reyes: ..."), "us" for our own side's
    # line on a call (customer_facts.attribute_our_lines), else "".
    speaker: str = ""


def is_factual(sentence: str) -> bool:
    """True when the sentence carries a number, amount or date."""
    return bool(_FACTUAL.search(sentence))


def _sentences(record: CitedRecord) -> list[tuple[str, str]]:
    """(speaker, sentence) pairs of a record; the speaker is "" for lines without a name label."""
    body = _HEADER.sub("", record.text.strip())
    found: list[tuple[str, str]] = []
    for line in body.splitlines():
        if _LIST_ITEM.match(line):
            continue
        label = _SPEAKER.match(line.strip())
        speaker = label.group(0).rstrip(": \t") if label else ""
        line = _SPEAKER.sub("", line.strip())
        found.extend((speaker, part.strip()) for part in _SENTENCE_END.split(line) if part.strip())
    return [
        (who, s)
        for who, s in found
        if 25 <= len(s) <= 300
        and not _FILLER.match(s)
        and not _AWAY.search(s)
        and not _ANSWER.match(s)
        and not _ATTACHMENT.search(s)
    ]


def candidate_sentences(record: CitedRecord) -> list[str]:
    """The sentences of a record that could be offered as facts (no headers, speakers or pleasantries)."""
    return [sentence for _, sentence in _sentences(record)]


def embedding_similarity(embeddings: Embedder) -> Similarity:
    """A Similarity from sentence embeddings: the cosine of each sentence's vector with the topic's."""

    def score(topic: str, texts: list[str]) -> list[float]:
        query = np.asarray(embeddings.embed_query(topic), dtype=np.float32)
        vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0)
        return [float(x) for x in (vectors @ query) / np.where(norms > 0, norms, 1.0)]

    return score


def _meaning(similarity: Similarity | None, purpose: str, texts: list[str]) -> list[float]:
    return list(similarity(purpose, texts)) if similarity is not None else [0.0] * len(texts)


def select_facts(
    records: list[CitedRecord], purpose: str, limit: int = 3, *, similarity: Similarity | None = None
) -> list[FactSentence]:
    """The sentences most relevant to the purpose, best first, at most one per record.

    Relevance is what the purpose names, not what retrieval happened to rank first: keyword overlap
    with the purpose's topic and its fact types' vocabulary, a sentence holding the typed value those
    types ask for (a renewal's date, a price's amount), and, given `similarity`, the meaning of the
    sentence next to the purpose (MiniLM). A sentence with none of these is no fact for this letter.
    """
    candidates = [(r.n, who, s) for r in records for who, s in _sentences(r)]
    if not candidates:
        return []
    intent = purpose_intent(purpose)
    texts = [s for _, _, s in candidates]
    keyword = bm25_scores(intent.keyword_query, texts)
    top = max(keyword) or 1.0
    meaning = _meaning(similarity, intent.topic, texts)
    scored: list[tuple[float, int]] = []
    for i, (n, _, sentence) in enumerate(candidates):
        fits = intent.fits(sentence)
        if keyword[i] <= 0 and not fits and meaning[i] < MEANING_FLOOR:
            continue
        score = keyword[i] / top + FIELD_WEIGHT * fits + MEANING_WEIGHT * meaning[i] + 0.02 / n
        scored.append((score, i))
    if not scored:
        return []
    # At most a few facts, each close to the best one: a weak match only adds noise to the letter.
    best = max(score for score, _ in scored)
    scored = [(score, i) for score, i in scored if score >= RELATIVE_MIN * best]
    chosen: list[FactSentence] = []
    used_records: set[int] = set()
    seen: set[str] = set()
    for _, i in sorted(scored, key=lambda item: (-item[0], candidates[item[1]][0])):
        n, speaker, sentence = candidates[i]
        if n in used_records or sentence.lower() in seen:
            continue
        used_records.add(n)
        seen.add(sentence.lower())
        chosen.append(FactSentence(n, sentence, speaker))
        if len(chosen) == limit:
            break
    return chosen
