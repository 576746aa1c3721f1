"""Which customer sentences are open issues a manager can act on, in any language the copilot reads.

The sentence classifier was trained on English sentences; on French or German ones its "issue" label
is a guess ("entschuldigen Sie bitte die späte Rückmeldung", an apology for a late reply, reads as an
issue to it). So a sentence in another language is an issue only when it names a problem in words of
that language ("ne correspondent pas", "funktioniert nicht"); it is never translated, and it is shown
as the customer wrote it.

An opener that only announces a topic ("Reaching out about something that came up on our side.") is no
issue either: what a manager can act on is in the sentence after it, which is listed in its place when
it names a problem, else nothing is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from copilot.languages import guess_language
from copilot.tools.account_commitments import is_english_sentence
from copilot.tools.account_items import Labelled
from copilot.tools.account_risk_items import is_escalated
from copilot.tools.account_sentences import CUSTOMER, Sentence
from copilot.tools.sentence_classes import SentenceClass
from copilot.tools.small_talk import is_small_talk_sentence

ENGLISH = "en"
MIN_SCORE = 0.5

# Words that name a problem, per language. English sentences are read by the classifier; these name
# the problem in an English sentence the classifier did not call one (after an opener, see below).
PROBLEM_WORDS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:errors?|fail\w*|broken|missing|wrong|crash\w*|bugs?|outages?|stale|timeouts?|time out|"
        r"(?:does|do|is|are)(?:n't| not) (?:work\w*|match\w*|load\w*|show\w*|arriv\w*|sync\w*)|"
        r"not working|cannot|can't|stopped|duplicat\w*|too slow|mismatch\w*|incorrect)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\b(?:ne|n')\s*(?:correspond\w*|fonctionne\w*|marche\w*|arrive\w*|s'affiche\w*|charge\w*)\s+"
        r"(?:pas|plus)\b|\b(?:erreurs?|problèmes?|bugs?|manque\w*|manquant\w*|au lieu d\w*|panne|"
        r"bloqu\w*|impossible|échou\w*|échec|incorrect\w*|faux|fausses?|doublons?|plant\w*|lente?s?|"
        r"plaintes?|réclamations?)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:funktionier\w* (?:\w+ ){0,3}nicht|geht nicht|klappt nicht|stimm\w* (?:\w+ ){0,3}nicht|"
        r"nicht (?:mehr )?(?:korrekt|richtig|erreichbar|verfügbar|aktuell)|fehler\w*|fehl(?:t|en|ende\w*)|"
        r"falsch\w*|probleme?n?|ausfall|ausgefallen|abgestürzt|stürz\w* ab|langsam\w*|statt|anstatt|"
        r"veraltet\w*|doppelt\w*|unvollständig\w*|beschwer\w*|reklamation\w*|reklamier\w*)\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?:no (?:funciona\w*|coincide\w*|cuadra\w*|aparece\w*|carga\w*)|errore?s?|problemas?|"
        r"falla\w*|falta\w*|en (?:lugar|vez) de|lent[oa]s?|caíd[oa]s?|bloquead\w*|incorrect\w*|"
        r"duplicad\w*)\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\b(?:non (?:funziona\w*|corrispond\w*|compa\w*|carica\w*)|errore|errori|problem\w*|manca\w*|"
        r"mancant\w*|invece d\w*|lent[oi]|bloccat\w*|errat\w*|sbagliat\w*|duplicat\w*)\b",
        re.IGNORECASE,
    ),
    "nl": re.compile(
        r"\b(?:werkt (?:\w+ ){0,3}niet|klopt (?:\w+ ){0,3}niet|kloppen (?:\w+ ){0,3}niet|fout\w*|probleem\w*|"
        r"problemen|ontbreek\w*|ontbreken|in plaats van|traag|vastgelopen|storing\w*|dubbel\w*|onjuist\w*)\b",
        re.IGNORECASE,
    ),
}
# "kein Problem", "pas de problème", "no problem": a problem word denied is none.
_DENIED = re.compile(
    r"\b(?:no|not|never|without|kein\w*|ohne|pas de|aucune?|sans|ningún|ninguna|sin|nessun\w*|senza|"
    r"geen|zonder)\s+$",
    re.IGNORECASE,
)
# An opener announcing a topic without naming it: "Reaching out about something that came up on our
# side", "Just writing regarding a quick question", "Something came up on our side".
_VAGUE_OPENER = re.compile(
    r"^(?:(?:hi|hello|so|just|quick note)\b[,:\s]*)*(?:(?:I am|I'm|we are|we're|I was|we were)\s+)?"
    r"(?:just\s+)?(?:reaching out|writing|getting in touch|contacting you|emailing|following up|a quick note)"
    r"\b[^.!?]{0,30}?\b(?:about|regarding|on|with|concerning|because of)\s+"
    r"(?:something|one thing|a (?:few |couple of )?(?:quick |small )?(?:things?|questions?|issues?|matters?|"
    r"points?|problems?|topics?)|an? (?:issue|question|matter|point|topic|problem))\b|"
    r"^something (?:has )?c[ao]me up\b",
    re.IGNORECASE,
)


def sentence_language(text: str) -> str:
    """The language a sentence is written in by its function words; English when it reads as English or
    no language can be told."""
    if is_english_sentence(text):
        return ENGLISH
    return guess_language(text, expected=ENGLISH) or ENGLISH


def names_a_problem(text: str) -> bool:
    """Whether a sentence names a problem in words of its own language (not denied: "kein Problem")."""
    pattern = PROBLEM_WORDS.get(sentence_language(text), PROBLEM_WORDS[ENGLISH])
    return any(not _DENIED.search(text[: m.start()]) for m in pattern.finditer(text))


def reports_a_problem(text: str, label: SentenceClass | None) -> bool:
    """Whether a customer's sentence reports a problem: an English one when the trained classifier reads
    it as an issue (`label`, at MIN_SCORE or more), one in another language when it names a problem in
    words of that language (the classifier was trained on English). A word list alone misreads English:
    "I'll send it, but I can't promise a date yet" is a promise, not a problem."""
    if sentence_language(text) == ENGLISH:
        return label is not None and label.label == "issue" and label.score >= MIN_SCORE
    return names_a_problem(text)


def records_reporting_problems(labelled: list[Labelled]) -> frozenset[int]:
    """The interactions (ids) in which the customer reports a problem in at least one sentence."""
    return frozenset(
        item.sentence.interaction_id
        for item in labelled
        if item.sentence.side == CUSTOMER and reports_a_problem(item.sentence.shown, item.label)
    )


def is_vague_opener(text: str) -> bool:
    """An opener that announces a topic without naming it ("Reaching out about something...")."""
    return _VAGUE_OPENER.match(text.strip()) is not None


def _listable(sentence: Sentence) -> bool:
    return not is_small_talk_sentence(sentence.shown) and not is_escalated(sentence)


def _substance_after(item: Labelled, following: dict[int, Labelled]) -> Labelled | None:
    # The next sentence of the same record, said by the same side, when it names the problem.
    after = following.get(id(item))
    if after is None or after.sentence.side != CUSTOMER or not _listable(after.sentence):
        return None
    said_issue = after.label.label == "issue" and after.label.score >= MIN_SCORE
    return after if said_issue or names_a_problem(after.sentence.shown) else None


def next_in_record(labelled: list[Labelled]) -> dict[int, Labelled]:
    """Each labelled sentence's successor in its record (by object id), in the order the record reads."""
    following: dict[int, Labelled] = {}
    for item, after in pairwise(labelled):
        if item.sentence.interaction_id == after.sentence.interaction_id:
            following[id(item)] = after
    return following


def actionable_issues(candidates: list[Labelled], labelled: list[Labelled]) -> list[Labelled]:
    """The issues a manager can act on: an opener is replaced by its substance (or dropped), and a
    sentence in another language than English is kept only when it names a problem in that language."""
    following = next_in_record(labelled)
    kept: list[Labelled] = []
    for item in candidates:
        text = item.sentence.shown
        if is_vague_opener(text):
            found = _substance_after(item, following)
            if found is not None and all(k is not found for k in kept):
                kept.append(found)
            continue
        if sentence_language(text) != ENGLISH and not names_a_problem(text):
            continue
        if all(k is not item for k in kept):
            kept.append(item)
    return kept


# "Also, ...", "Separately, ...", "Another thing: ...": the writer turns to a new matter within a paragraph.
_NEW_MATTER = re.compile(
    r"^(?:also|another|separately|in addition|additionally|besides|secondly|second|finally|"
    r"on (?:a|another) (?:separate|different|related) note|one more thing)\b",
    re.IGNORECASE,
)


def _same_matter(before: Labelled, after: Labelled) -> bool:
    first, second = before.sentence, after.sentence
    return (
        first.interaction_id == second.interaction_id
        and first.paragraph == second.paragraph
        and (first.side, first.speaker) == (second.side, second.speaker)
        and not _NEW_MATTER.match(second.shown.strip())
    )


def _as_one(group: list[Labelled]) -> Labelled:
    if len(group) == 1:
        return group[0]
    lead = group[0]
    shown = " ".join(item.sentence.shown.strip() for item in group)
    text = " ".join(item.sentence.text.strip() for item in group)
    return replace(lead, sentence=replace(lead.sentence, shown=shown, text=text))


def one_per_matter(issues: list[Labelled], labelled: list[Labelled]) -> list[Labelled]:
    """Issues told one right after the other in one paragraph by one person are one issue: "Some records
    from Snowflake seem to be missing in the dashboards. I counted about 189 rows that ... do not show up
    on your side." is one problem in two sentences, listed (and answered) once, in the writer's words;
    a sentence that turns to a new matter ("Also, ...") stays apart."""
    following = next_in_record(labelled)
    groups: list[list[Labelled]] = []
    for item in issues:
        group = next(
            (g for g in groups if following.get(id(g[-1])) is item and _same_matter(g[-1], item)), None
        )
        if group is None:
            groups.append([item])
        else:
            group.append(item)
    return [_as_one(group) for group in groups]
