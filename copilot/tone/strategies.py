"""Politeness-strategy features: counts of the cues Danescu-Niculescu-Mizil et al. (ACL 2013) found
to move human politeness judgments (gratitude, hedges, please, apologies, direct questions, ...).

These are inputs to a trained model (copilot/tone/politeness_model.py), never a score on their own:
the model learns how much each cue matters next to the sentence embedding. Each strategy is a
case-insensitive regex; the feature is how often it occurs in the text, capped so one repeated word
cannot dominate.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from copilot.tone.sentences import split_sentences

_CAP = 3.0

# Name -> pattern. Anchored patterns (^) look only at the start of a sentence, where a request's
# framing ("Why did you...", "Please...", "You need...") carries most of its politeness.
STRATEGIES: dict[str, str] = {
    "gratitude": r"\b(?:thanks?|thank you|thx|appreciated?|grateful)\b",
    "deference": r"\b(?:great|good|nice|excellent|interesting|wonderful|helpful) "
    r"(?:work|job|idea|point|question|edit|article)\b",
    "greeting": r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b",
    "apology": r"\b(?:sorry|apologi[sz]e|apologies|excuse me|forgive me|my bad)\b",
    "please": r"\bplease\b",
    "please_start": r"^please\b",
    "indirect_btw": r"\bby the way\b|\bbtw\b",
    "hedge": r"\b(?:maybe|perhaps|possibly|probably|i think|i guess|i suppose|i believe|it seems|"
    r"sort of|kind of|somewhat|a bit|a little|just wondering|i was wondering|suggest)\b",
    "counterfactual_modal": r"\b(?:could|would) you\b",
    "indicative_modal": r"\b(?:can|will) you\b",
    "first_person_start": r"^(?:i|i'm|i've|my)\b",
    "first_person_plural": r"\b(?:we|our|us|let's)\b",
    "second_person": r"\b(?:you|your|yours|yourself)\b",
    "second_person_start": r"^(?:you|your)\b",
    "direct_question": r"^(?:what|why|who|how|where|when)\b",
    "direct_start": r"^(?:so|then|and|but|or)\b",
    "factuality": r"\b(?:in fact|actually|really|the point is|the reality is|the truth is|"
    r"obviously|clearly)\b",
    "imperative_start": r"^(?:stop|do|don't|go|look|read|check|fix|explain|tell|give|send|add|remove|"
    r"leave|revert|answer|show|move|use|get|make|see|note|keep)\b",
    "you_must": r"\byou (?:need to|must|have to|should|better)\b",
    "negative_words": r"\b(?:stupid|idiot|ridiculous|nonsense|wrong|bad|worst|terrible|vandal\w*|"
    r"pointless|useless|rude|hell|damn|crap|stop)\b",
    "question_mark": r"\?",
    "exclamation": r"!",
    # Added with the first/last-sentence positions below (issue 17; dev comparison in docs/tone.md).
    "please_inside": r"(?<!^)\bplease\b",
    "ask_permission": r"\b(?:can|could|may|might) i\b",
    "would_like": r"\b(?:i|we)(?:'d| would) (?:like|love|appreciate)\b",
    "softener": r"\blet me know\b|\bfeel free\b|\bif you (?:don't|do not) mind\b|\bwould you mind\b|"
    r"\bany chance\b",
    "why_did_you": r"\bwhy (?:did|do|would|are|have|haven't|didn't|don't|is|isn't)\b",
    "stop_start": r"^(?:please )?(?:stop|don't|do not|quit|leave|get|go)\b",
    "exasperation": r"\bwhat the\b|\bseriously\b|\bwtf\b|\bshut up\b",
    "negation": r"\b(?:not|no|never|nothing)\b|n't\b",
    "positive_words": r"\b(?:great|good|nice|cool|awesome|excellent|welcome|glad|happy|kind|appreciate)\b",
    "greeting_address": r"^(?:hi|hello|hey)\b.*[,!]",
    "i_noticed": r"\bi (?:noticed|saw|see)\b",
    "you_did": r"\byou (?:removed|deleted|reverted|changed|added|did|made|keep|undid)\b",
}

NAMES: tuple[str, ...] = tuple(STRATEGIES)
_COMPILED = tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in STRATEGIES.values())
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+")
# What the politeness model sees besides the embedding: the counts over the whole text, its length,
# and the counts again for its first and its last sentence. Raters read a request's opening and its
# closing ask most closely ("Why did you ...?" opening vs "Thanks!" closing). On the dev split the
# positions added 0.004-0.005 of quartile ranking accuracy and 0.001 of pairwise ranking over
# whole-text counts: small, within noise, but the best dev pairwise ranking (docs/tone.md).
FEATURE_NAMES: tuple[str, ...] = (
    *NAMES,
    "log_words",
    "sentences",
    *(f"first:{name}" for name in NAMES),
    *(f"last:{name}" for name in NAMES),
)


def strategy_counts(text: str) -> npt.NDArray[np.float64]:
    """One capped count per strategy in NAMES order; sentence-start patterns see every sentence."""
    # Put each sentence on its own line so ^ (MULTILINE) marks every sentence start.
    lined = _SENTENCE_START.sub("\n", text.strip())
    counts = [min(float(len(regex.findall(lined))), _CAP) for regex in _COMPILED]
    return np.asarray(counts, dtype=np.float64)


def strategy_matrix(texts: list[str]) -> npt.NDArray[np.float64]:
    """Strategy counts for many texts, shape (n, len(NAMES)), plus nothing else."""
    if not texts:
        return np.zeros((0, len(NAMES)))
    return np.vstack([strategy_counts(text) for text in texts])


def text_features(text: str) -> npt.NDArray[np.float64]:
    """FEATURE_NAMES for one text; a text without a sentence boundary is its own first and last."""
    sentences = [text[a:b] for a, b in split_sentences(text)] or [text]
    size = [np.log1p(len(text.split())), float(len(sentences))]
    # The counts depend on the stripped text alone: a one-sentence text (every sentence flag_tone scores
    # for evidence) is its own first and last sentence, so it is counted once, not three times.
    whole = strategy_counts(text)
    first = whole if sentences[0] == text.strip() else strategy_counts(sentences[0])
    last = first if len(sentences) == 1 else strategy_counts(sentences[-1])
    return np.concatenate([whole, size, first, last])


def feature_matrix(texts: list[str]) -> npt.NDArray[np.float64]:
    """text_features for many texts, shape (n, len(FEATURE_NAMES))."""
    if not texts:
        return np.zeros((0, len(FEATURE_NAMES)))
    return np.vstack([text_features(text) for text in texts])
