"""Turn a first-person call utterance into third-person reported speech about its speakers.

"I'll send you the quote by Friday." said by the agent to the customer becomes "The agent will send
the customer the quote by Friday." The rewrite only swaps pronouns and the verbs that agree with them
and names who asks; once the speaker is named, their own later mentions in the sentence are "they/
them/their" (never a guessed gender). It adds no facts, so every sentence still rests on the
utterance it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.tools.verb_agreement import plural_verb, third_person

# Contractions first, so "I'm" is never read as "I" + "m".
_CONTRACTIONS = {
    "i'm": "{s} is",
    "i've": "{s} has",
    "i'll": "{s} will",
    "i'd": "{s} would",
    "you're": "{a} is",
    "you've": "{a} has",
    "you'll": "{a} will",
    "you'd": "{a} would",
    "we're": "they are",
    "we've": "they have",
    "we'll": "they will",
    "we'd": "they would",
    "let's": "they will",
}
_WORDS = {
    "i": "{s}",
    "me": "{s}",
    "my": "{sp}",
    "mine": "{sp}",
    "myself": "{s}",
    "you": "{a}",
    "your": "{a}'s",
    "yours": "{a}'s",
    "yourself": "{a}",
    "we": "they",
    "us": "them",
    "our": "their",
    "ours": "theirs",
}
# Once a reported sentence has named its speaker ("Rachel Morrison says ..."), the speaker's own later
# mentions are pronouns, as a person retelling it would say them: "Rachel Morrison says what they really
# need is a heads-up before their users notice", never the full name three times. "They" is used for
# everyone, names and roles alike: a summary cannot know anyone's gender and must not guess it.
# Placeholder labels ("#Person1#", "Speaker 2") get the same rule: a reader follows "they" back to
# "#Person1# says" as easily as to a name. (DialogSum's references repeat the label, so this costs
# ROUGE there; that is a property of the references, not of what reads well.)
_LATER_SELF = {
    "i": "they",
    "me": "them",
    "my": "their",
    "mine": "theirs",
    "myself": "themselves",
    "i'm": "they are",
    "i've": "they have",
    "i'll": "they will",
    "i'd": "they would",
}
# A pronoun for the speaker is clear only while they are the last person the sentence mentioned: after
# "the agent" or another "they/she/him" a "they" could mean either, so the speaker is named again.
_OTHER_PEOPLE = frozenset(
    [
        "you",
        "your",
        "yours",
        "yourself",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "we're",
        "we've",
        "we'll",
        "we'd",
        "let's",
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "himself",
        "herself",
        "he's",
        "she's",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "they're",
        "they've",
        "they'll",
        "they'd",
    ]
)
# After a first/second-person subject these words are not the verb to agree ("I just want", "I can").
_SKIP_AFTER_SUBJECT = frozenset(
    [
        "just",
        "really",
        "also",
        "still",
        "only",
        "never",
        "always",
        "already",
        "actually",
        "probably",
        "even",
        "totally",
        "certainly",
        "definitely",
        "simply",
        "usually",
        "often",
        "sometimes",
        "honestly",
        "kindly",
    ]
)
# "you" is a subject only at the start of a clause; elsewhere ("I'll send you") it is an object.
_CLAUSE_STARTS = frozenset(
    [
        "and",
        "but",
        "so",
        "if",
        "when",
        "because",
        "that",
        "as",
        "or",
        "then",
        "while",
        "once",
        "since",
        "though",
        "what",
        "where",
        "why",
        "who",
        "which",
        "how",
    ]
)
_PRONOUN_SUBJECTS = frozenset(["i", "you", "we", "they", "he", "she", "it"])
# "What do you need?" is reported as "asks what the customer needs": the question's "do" goes.
_WH_DO = re.compile(r"^(what|when|where|why|who|which|how)((?: \w+)?) (?:do|does) (.+)$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|[^A-Za-z\s]+|\s+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_HANDLE = re.compile(r"(?:^|\s)[@^][\w.]+|https?://\S+")
# Some exports (DialogSum among them) space out apostrophes: "I ' Ve", "don ' t".
_SPACED_APOSTROPHE = re.compile(r"(\w) ['\u2019] (\w)")
_OPENERS = re.compile(
    r"^(?:(?:hello|hi|hey|well|oh|ok|okay|so|yes|yeah|no|sure|right|alright|great|thanks|thank you|"
    r"good (?:morning|afternoon|evening)|excuse me|sorry|um|uh|ah|really|please)\b[\s,!.]*)+",
    re.IGNORECASE,
)
_PLEASE = re.compile(
    r"^(?:(?:ok|okay|so|and|then)[\s,]+)?please,?\s+(?!note\b|find\b|see\b)(.+)$", re.IGNORECASE
)
_ASK_TO = re.compile(r"^(?:can|could|would|will) you (?:please )?(.+)$", re.IGNORECASE)
_YES_NO = re.compile(
    r"^(am|do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|may|shall)\s+(.+)$",
    re.IGNORECASE,
)
_WH = re.compile(r"^(what|when|where|why|who|which|how)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Voices:
    """How the speaker and the person spoken to are named in the summary ("the customer", "Person2")."""

    speaker: str
    addressee: str


def clean_turn(text: str) -> str:
    """The utterance without @handles, ^signatures and links (chat exports are full of them)."""
    text = _SPACED_APOSTROPHE.sub(lambda m: f"{m[1]}'{m[2].lower()}", text)
    return " ".join(_HANDLE.sub(" ", text).split())


def sentences(text: str) -> list[str]:
    """The sentences of an utterance, trimmed, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _possessive(voice: str) -> str:
    # "the customer's" three times in a sentence reads badly; a role is "their", a name takes "'s".
    return "their" if voice.lower().startswith("the ") else f"{voice}'s"


def _is_subject(key: str, previous_word: str | None) -> bool:
    if key == "i":
        return True
    return key == "you" and (previous_word is None or previous_word in _CLAUSE_STARTS)


def _swap(text: str, voices: Voices, named: bool = False) -> str:
    """The words with first/second person swapped for who said them and who heard them.

    `named` says the speaker is the last person the sentence named before `text` ("the customer says
    ..."); while nobody else has been mentioned since, their own "I/me/my" read "they/them/their".
    """
    addressee_name = (
        "" if voices.addressee.lower().startswith("the ") else voices.addressee.split()[0].lower()
    )
    out: list[str] = []
    pieces = _TOKEN.findall(text)
    subject = False  # the last word was a first/second-person subject, so the next verb must agree
    plural = False  # ... and that subject was "they", the speaker's later mention
    previous_word: str | None = None
    for piece in pieces:
        if piece.isspace():
            out.append(piece)
            continue
        if not piece[0].isalpha():
            out.append(piece)
            subject, previous_word = False, None  # punctuation ends the clause
            continue
        key = piece.lower().replace("\u2019", "'")
        if subject and key in _SKIP_AFTER_SUBJECT:
            out.append(piece)
            continue
        if subject:
            out.append(plural_verb(piece) if plural else third_person(piece))
            subject, previous_word = False, key
            continue
        if named and key in _LATER_SELF:
            out.append(_LATER_SELF[key])
            subject, plural, previous_word = key == "i", True, key
            continue
        if key in _OTHER_PEOPLE or key == addressee_name:
            named = False  # someone else was mentioned: the speaker's next mention names them again
        template = _CONTRACTIONS.get(key) or _WORDS.get(key)
        if template is None:
            out.append(piece)
            previous_word = key
            continue
        out.append(template.format(s=voices.speaker, a=voices.addressee, sp=_possessive(voices.speaker)))
        subject, plural, previous_word = _is_subject(key, previous_word), False, key
        named = named or key in _LATER_SELF  # the speaker is now named; later mentions are pronouns
    return "".join(out)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _yes_no_clause(aux: str, rest: str, voices: Voices) -> str:
    # "Do you have X" -> "the agent has X" (the verb takes the agreement); "Are you coming" -> "the
    # agent is coming" and "Did you get it" -> "the agent did get it" (the auxiliary stays, agreeing).
    # The clause follows "<speaker> asks whether", so the speaker's own "I" is already "they".
    subject, _, tail = rest.partition(" ")
    if aux.lower() in {"do", "does"} or subject.lower() not in _PRONOUN_SUBJECTS:
        return _swap(rest, voices, named=True)
    if subject.lower() == "i":
        verb = plural_verb(aux.lower())
    else:
        verb = third_person(aux.lower()) if subject.lower() == "you" else aux.lower()
    return f"{_swap(subject, voices, named=True)} {verb} {_swap(tail, voices, named=True)}".strip()


def _vocative_dropped(core: str, voices: Voices) -> str:
    # "Leah, I'll send a summary" said to Leah: the name she is called by is not part of what is said.
    first = voices.addressee.split()[0] if voices.addressee else ""
    if first and not voices.addressee.lower().startswith("the ") and core.startswith(f"{first},"):
        return _OPENERS.sub("", core[len(first) + 1 :].strip()).strip(" ,")
    return core


def _starts_with_full_name(text: str) -> bool:
    # "Leah Nakamura told me ..." keeps its capital after "says"; "The export ..." does not. Two
    # capitalised words in a row are read as a full name (first name and surname).
    words = text.split()[:2]
    return len(words) == 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def report_sentence(sentence: str, voices: Voices) -> str:
    """One sentence in reported speech; '' when nothing but a greeting or filler is left."""
    request = _PLEASE.match(sentence.strip())
    if request and not sentence.rstrip().endswith("?") and len(request[1].split()) >= 2:
        # "Please fix this by Friday." is a request: "The customer asks the agent to fix this by Friday."
        action = _swap(request[1].rstrip("!. "), voices, named=True)
        return _capitalised(f"{voices.speaker} asks {voices.addressee} to {action[:1].lower()}{action[1:]}.")
    core = _vocative_dropped(_OPENERS.sub("", sentence.strip()).strip(" ,"), voices)
    if len(core.split()) < 2:
        return ""
    question = core.endswith("?")
    core = core.rstrip("?!. ")
    ask = _ASK_TO.match(core)
    if question and ask:
        return _capitalised(
            f"{voices.speaker} asks {voices.addressee} to {_swap(ask[1], voices, named=True)}."
        )
    if question:
        yes_no = _YES_NO.match(core)
        if yes_no and not _WH.match(core):
            return _capitalised(
                f"{voices.speaker} asks whether {_yes_no_clause(yes_no[1], yes_no[2], voices)}."
            )
        wh_do = _WH_DO.match(core)
        if wh_do:
            core = f"{wh_do[1]}{wh_do[2]} {wh_do[3]}"
        return _capitalised(
            f"{voices.speaker} asks {_swap(core[:1].lower() + core[1:], voices, named=True)}."
        )
    swapped = _swap(core, voices)
    if swapped.lower().startswith((voices.speaker.lower(), "they ")):
        return _capitalised(swapped) + "."
    swapped = _swap(core, voices, named=True)  # "<speaker> says" names them first
    # "The export..." reads "says the export..."; a name keeps its capital ("says Leah mentioned...").
    named = swapped.startswith(voices.addressee) and not voices.addressee.lower().startswith("the ")
    said = swapped if named or _starts_with_full_name(swapped) else swapped[:1].lower() + swapped[1:]
    return _capitalised(f"{voices.speaker} says {said}.")


def report_turn(text: str, voices: Voices) -> list[str]:
    """Every informative sentence of an utterance in reported speech."""
    found = (report_sentence(s, voices) for s in sentences(clean_turn(text)))
    return [s for s in found if s]
