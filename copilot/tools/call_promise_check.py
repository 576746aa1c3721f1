"""The promises of a call's action items that the trained sentence classifier reads as something else.

The promise words of copilot/tools/call_items.py ("we'll …", "I can … by <date>") also match a farewell
("We'll miss you."), a need ("And we'll need a written incident report.") and a demand ("Just get me a
number I can take to the board on December 17."). The sentence classifier, trained on such sentences,
reads those as *other*; an English promise it reads as another label with the bar its other readings of
a call need (`call_complaints.MIN_SCORE`, the account page's) is no action item. Measured on authored
account records, sentence by sentence (`evals/sentence_data/REPORT.md`, "Promises the classifier does not
read"): of the sentences the promise words match, 0.662 → 0.775 are promises (round 14), 0.677 → 0.764
(round 15), losing 4 of 90 and 2 of 109 true ones. Asks ("Can you send me the ticket numbers?") are not
promises and are not checked.
"""

from __future__ import annotations

from copilot.index.embedder import Embedder
from copilot.tools.call_complaints import MIN_SCORE
from copilot.tools.call_items import action_sentence, makes_a_promise
from copilot.tools.call_record import CallRecord
from copilot.tools.call_types import CallItem
from copilot.tools.risk_words import ENGLISH, sentence_language
from copilot.tools.sentence_classes import SentenceLabeller, classify_sentences

__all__ = ["MIN_SCORE", "read_as_promises"]


def read_as_promises(
    items: list[CallItem], call: CallRecord, embeddings: Embedder, labeller: SentenceLabeller
) -> list[CallItem]:
    """`items` without the English promises the classifier reads as an issue, a risk or other."""
    checked = [i for i in items if makes_a_promise(i.text) and _english(action_sentence(i.text))]
    if not checked:
        return items
    speakers = {u.n: u.speaker for u in call.utterances}
    sides = [call.roles.side(speakers[i.utterances[0]]).value for i in checked]
    classes = classify_sentences([action_sentence(i.text) for i in checked], embeddings, labeller, sides)
    overruled = {
        id(item)
        for item, cls in zip(checked, classes, strict=True)
        if cls.label != "commitment" and cls.score >= MIN_SCORE
    }
    return [item for item in items if id(item) not in overruled]


def _english(sentence: str) -> bool:
    # The classifier was trained on English; "Ich werde das Angebot schicken" keeps its item.
    return sentence_language(sentence) == ENGLISH
