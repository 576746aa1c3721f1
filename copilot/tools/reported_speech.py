"""Turn a first-person call utterance into third-person reported speech about its speakers.

"I'll send you the quote by Friday." said by the agent to the customer becomes "The agent will send
the customer the quote by Friday." The rewrite only swaps pronouns and the verbs that agree with them
and names who asks; once the speaker is named, their own later mentions in the sentence are "they/
them/their" (never a guessed gender). It adds no facts, so every sentence still rests on the
utterance it came from.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from copilot.tools.discourse_openers import AFFIRMATIVE, AND, ANSWER, BUT, without_fillers
from copilot.tools.reported_speech_words import (
    ADDRESSEE_WORDS,
    CLAUSE_STARTS,
    CONTRACTIONS,
    INVERTING,
    LATER_ADDRESSEE,
    LATER_SELF,
    OTHER_PEOPLE,
    PRONOUN_SUBJECTS,
    SKIP_AFTER_SUBJECT,
    WORDS,
)
from copilot.tools.speech_acts import (
    SpeechAct,
    is_instruction,
    requested_action,
    speech_act,
    without_address,
)
from copilot.tools.verb_agreement import plural_verb, third_person

SPEAKER, ADDRESSEE = "speaker", "addressee"
# The one asked to act was named, then the speaker as the object of that act ("asks the agent to call
# them"): the speaker's "me" is still "them", the one asked is named again.
ADDRESSEE_THEN_SPEAKER = "addressee, then speaker"
# "What do you need?" is reported as "asks what the customer needs": the question's "do" goes; "What
# size were you thinking of?" as "asks what size the customer was thinking of".
_WH_AUX = re.compile(
    r"^(what|when|where|why|who|which|how)((?: [\w']+){0,2}?) "
    r"(do|does|am|are|is|was|were|will|would|can|could|should|have|has|shall|may|might|did|"
    r"don't|doesn't|didn't|can't|won't|isn't|aren't) (i|you|we|they|he|she|it)\b ?(.*)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|[^A-Za-z\s]+|\s+")
# A point between digits ("the 4.2 release", "$2.50") ends no sentence.
_SENTENCE = re.compile(r"(?:[^.!?]|(?<=\d)\.(?=\d))+[.!?]*")
_HANDLE = re.compile(r"(?:^|\s)[@^][\w.]+|https?://\S+")
# Some exports (DialogSum among them) space out apostrophes: "I ' Ve", "don ' t".
_SPACED_APOSTROPHE = re.compile(r"(\w) ['\u2019] (\w)")
_GREETING_WORDS = (
    r"hello|hi|hey|well|oh|ok|okay|so|yes|yeah|no|sure|right|alright|great|thanks|thank you|"
    r"good (?:morning|afternoon|evening)|excuse me|sorry|um|uh|ah|really"
)
# "Please ..." is kept until the request is read ("please fix this"); a bare "Please." is filler.
_OPENERS_BUT_PLEASE = re.compile(rf"^(?:(?:{_GREETING_WORDS})\b[\s,!.]*)+", re.IGNORECASE)
_OPENERS = re.compile(rf"^(?:(?:{_GREETING_WORDS}|please)\b[\s,!.]*)+", re.IGNORECASE)
_YES_NO = re.compile(
    r"^(am|do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|may|shall|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|won't|couldn't|wouldn't|haven't|hasn't|"
    r"shouldn't)\s+(.+)$",
    re.IGNORECASE,
)
_WH = re.compile(r"^(what|when|where|why|who|which|how)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Voices:
    """How the speaker and the person spoken to are named in the summary ("the customer", "Person2")."""

    speaker: str
    addressee: str
    # The speaker is one of our people: the summary is read by our managers, so our rep's "our engineering
    # lead" stays "our", never "their" (a customer's "our" is "their"; call_digest.speaks_for_us).
    ours: bool = False


def clean_turn(text: str) -> str:
    """The utterance without @handles, ^signatures, links and HTML escapes (chat exports are full of them)."""
    text = _SPACED_APOSTROPHE.sub(lambda m: f"{m[1]}'{m[2].lower()}", html.unescape(text))
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
    return key == "you" and (previous_word is None or previous_word in CLAUSE_STARTS)


def _swap(text: str, voices: Voices, last: str | None = None) -> str:
    """The words with first/second person swapped for who said them and who heard them.

    `last` is who the sentence named last before `text` (SPEAKER after "the customer says", ADDRESSEE
    after "asks the agent to"); while nobody else has been mentioned since, that person's own words
    ("I/me/my" for the speaker, "you/your" for the addressee) read "they/them/their".
    """
    addressee_name = (
        "" if voices.addressee.lower().startswith("the ") else voices.addressee.split()[0].lower()
    )
    out: list[str] = []
    subject = False  # the last word was a first/second-person subject, so the next verb must agree
    plural = False  # ... and that subject was "they", a later mention
    own_clause = False  # the speaker is this clause's subject, so their "me" is "themselves"
    previous_word: str | None = None
    for piece in _TOKEN.findall(text):
        if piece.isspace():
            out.append(piece)
            continue
        if not piece[0].isalpha():
            out.append(piece)
            subject, own_clause, previous_word = False, False, None  # punctuation ends the clause
            continue
        key = piece.lower().replace("\u2019", "'")
        if subject and key in SKIP_AFTER_SUBJECT:
            out.append(piece)
            continue
        if subject:
            out.append(plural_verb(piece) if plural else third_person(piece))
            subject, previous_word = False, key
            continue
        own_clause = _speaker_is_subject(key, own_clause)
        # "I was thinking me and one person from IT": "... thinking themselves and ...", never "them".
        reflexive = key == "me" and own_clause and last is not None
        later = "themselves" if reflexive else _later_mention(key, last, previous_word)
        if later is not None:
            out.append(later)
            subject, plural, previous_word = later == "they" and key in {"i", "you"}, True, key
            # After "to call them" a "their" could be either person: the one asked is named again.
            last = ADDRESSEE_THEN_SPEAKER if key in _SPEAKER_AS_OBJECT else last
            continue
        template = None if voices.ours and key in _OUR_WORDS else CONTRACTIONS.get(key) or WORDS.get(key)
        if key in OTHER_PEOPLE or key == addressee_name:
            last = None  # someone else was mentioned: the next mention names its person again
        if template is None:
            out.append(piece)
            previous_word = key
            continue
        out.append(template.format(s=voices.speaker, a=voices.addressee, sp=_possessive(voices.speaker)))
        # "how can I use it": after an auxiliary the verb that follows the subject keeps its form.
        agrees = _is_subject(key, previous_word) and previous_word not in INVERTING
        subject, plural, previous_word = agrees, False, key
        last = SPEAKER if key in LATER_SELF else ADDRESSEE if key in ADDRESSEE_WORDS else last
    return "".join(out)


_OUR_WORDS = frozenset(["our", "ours"])
_SELF_SUBJECTS = frozenset(["i", "i'm", "i've", "i'll", "i'd"])


def _speaker_is_subject(key: str, so_far: bool) -> bool:
    # Whether the speaker is still the subject of the clause after `key`: "I" makes them so; a new clause,
    # an infinitive ("I asked them to call me") or another person ends it.
    if key in _SELF_SUBJECTS:
        return True
    if key in CLAUSE_STARTS or key == "to" or key in OTHER_PEOPLE:
        return False
    return so_far


_SPEAKER_AS_OBJECT = {"me": "them", "myself": "themselves"}


def _later_mention(key: str, last: str | None, previous_word: str | None) -> str | None:
    # The pronoun for a person the sentence named last, or None when the word must name them.
    if last == SPEAKER and key in LATER_SELF:
        return LATER_SELF[key]
    if last == ADDRESSEE and key == "you":
        return "they" if _is_subject(key, previous_word) else "them"
    if last in (ADDRESSEE, ADDRESSEE_THEN_SPEAKER) and key in _SPEAKER_AS_OBJECT:
        # "asks the agent to call me": the one asked cannot be the object of their own act, so "them" is
        # the speaker, already named as the subject of "asks" ("... to call them", never "... the customer").
        return _SPEAKER_AS_OBJECT[key]
    if last == ADDRESSEE:
        return LATER_ADDRESSEE.get(key)
    return None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lowered(text: str) -> str:
    # "DM us" and "IT asked" keep their capitals; "The export" after "says" does not.
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _yes_no_clause(aux: str, rest: str, voices: Voices) -> str | None:
    # "Do you have X" -> "the agent has X" (the verb takes the agreement); "Are you coming" -> "the
    # agent is coming" and "Did you get it" -> "the agent did get it" (the auxiliary stays, agreeing).
    # The clause follows "<speaker> asks whether", so the speaker's own "I" is already "they". None
    # when the subject is no pronoun ("Is this level too hard"): where its verb goes is not known.
    subject, _, tail = rest.partition(" ")
    if subject.lower() not in PRONOUN_SUBJECTS:
        return None
    if aux.lower() in {"do", "does"}:
        return _swap(rest, voices, last=SPEAKER)
    if subject.lower() == "i":
        verb = plural_verb(aux.lower())
    else:
        verb = third_person(aux.lower()) if subject.lower() == "you" else aux.lower()
    return f"{_swap(subject, voices, last=SPEAKER)} {verb} {_swap(tail, voices, last=SPEAKER)}".strip()


def _vocative_dropped(core: str, voices: Voices) -> str:
    # "Ana, I'll send a summary" said to Ana: the name she is called by is not part of what is said.
    first = voices.addressee.split()[0] if voices.addressee else ""
    if first and not voices.addressee.lower().startswith("the ") and core.startswith(f"{first},"):
        return _OPENERS.sub("", core[len(first) + 1 :].strip()).strip(" ,")
    return core


def _starts_with_full_name(text: str) -> bool:
    # "Ana Silva told me ..." keeps its capital after "says"; "The export ..." does not. Two
    # capitalised words in a row are read as a full name (first name and surname).
    words = text.split()[:2]
    return len(words) == 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)


def _question(asked: str, voices: Voices) -> str:
    """What follows "<speaker> asks" for a question ("whether the agent has the invoice")."""
    action = requested_action(asked)
    if action is not None:
        return f" {voices.addressee} to {_lowered(_swap(action, voices, last=ADDRESSEE))}"
    yes_no = _YES_NO.match(asked)
    if yes_no and not _WH.match(asked):
        clause = _yes_no_clause(yes_no[1], yes_no[2], voices)
        if clause is None:  # kept as asked, which is always grammatical
            return f": {_swap(asked, voices, last=SPEAKER)}?"
        return f" whether {clause}"
    inverted = _WH_AUX.match(asked)
    if inverted:
        wh, extra, aux, subject, rest = inverted.groups()
        clause = _yes_no_clause(aux, f"{subject} {rest}".strip(), voices) or ""
        return f" {_swap(f'{wh.lower()}{extra}', voices, last=SPEAKER)} {clause}".rstrip()
    if _WH.match(asked):
        return f" {_swap(_lowered(asked), voices, last=SPEAKER)}"
    # "Those are the only things you eat?" is a yes/no question said as a statement.
    return f" whether {_swap(_lowered(asked), voices, last=SPEAKER)}"


# "I know the rollout was rough" told as "Ana knows the rollout was rough" would assert the rollout as a
# fact the summary vouches for; a verb of knowing keeps "says" ("Ana says they know ...").
_FACTIVE_AFTER_SPEAKER = re.compile(r"\s+(?:knows|realises|realizes|understands|is aware)\b", re.IGNORECASE)


def _statement(core: str, voices: Voices) -> str:
    swapped = _swap(core, voices)
    speaker_first = swapped.lower().startswith(voices.speaker.lower())
    if speaker_first and not _FACTIVE_AFTER_SPEAKER.match(swapped, len(voices.speaker)):
        return _capitalised(swapped)
    return _capitalised(f"{voices.speaker} says {_said(core, voices)}")


def _said(core: str, voices: Voices) -> str:
    # What follows "<speaker> says" (or "confirms that"), which names the speaker first.
    swapped = _swap(core, voices, last=SPEAKER)
    # "The export..." reads "says the export..."; a name keeps its capital ("says Ana mentioned...").
    named = swapped.startswith(voices.addressee) and not voices.addressee.lower().startswith("the ")
    return swapped if named or _starts_with_full_name(swapped) else _lowered(swapped)


# "Stop calling me, email me instead": a second instruction after a comma is a second thing asked.
_COMMA = re.compile(r",\s+(?=\S)")


def _requests_joined(words: str) -> str:
    # "... to stop calling them, email them" is a comma splice; "... and to email them" is what was asked.
    for found in reversed(list(_COMMA.finditer(words))):
        if is_instruction(words, found.end()):
            return f"{words[: found.start()]} and to {words[found.end() :]}"
    return words


def _reported_act(act: SpeechAct, voices: Voices) -> str:
    speaker, addressee = voices.speaker, voices.addressee
    to_addressee = _lowered(_swap(_requests_joined(act.words), voices, last=ADDRESSEE))
    if act.kind == "ask":
        return f"{speaker} asks {addressee} to {to_addressee}"
    if act.kind == "ask_not":
        return f"{speaker} asks {addressee} not to {to_addressee}"
    if act.kind == "suggest_to":
        return f"{speaker} suggests {addressee} {to_addressee}"
    if act.kind == "suggest":
        return f"{speaker} suggests they {_lowered(_swap(act.words, voices))}"
    if act.kind == "suggest_thing":
        return f"{speaker} suggests {_lowered(_swap(act.words, voices, last=SPEAKER))}"
    if act.kind == "offer":
        return f"{speaker} offers to {_lowered(_swap(act.words, voices, last=SPEAKER))}"
    if act.kind == "question":
        asked = f"{speaker} asks{_question(act.words, voices)}"
        preamble = _OPENERS.sub("", act.preamble).strip(" ,")
        if len(preamble.split()) < 3:
            return asked
        return f"{_statement(preamble, voices)} and asks{_question(act.words, voices)}"
    return _statement(_OPENERS.sub("", act.words).strip(" ,"), voices)


def report_sentence(sentence: str, voices: Voices) -> str:
    """One sentence in reported speech; '' when nothing but a greeting or filler is left."""
    stripped = sentence.strip()
    opener = _OPENERS_BUT_PLEASE.match(stripped)
    core = _vocative_dropped(stripped[opener.end() if opener else 0 :].strip(" ,"), voices)
    core = without_fillers(without_address(core))
    if len(_OPENERS.sub("", core).split()) < 2:
        return ""
    opening = opener[0] if opener else ""
    reported = _told_news(core, voices) or _answered(opening, core, voices) or _thanked(opening, core, voices)
    if not reported:
        reported = _reported_act(_act(core), voices).rstrip(" ,;:")
    return _capitalised(reported) + ("" if reported.endswith("?") else ".")


# The words that open a sentence carry its link to what was said before: "Yes, and nobody answered"
# confirms, "No, but we paid twice" answers and contrasts, "Thanks for picking up" thanks someone. Dropped
# with the greetings, they leave "says and nobody answered" or "says for picking up".
# The answer, affirmative and link words are copilot/tools/discourse_openers.py's, which quoted items use too.
_THANKS = re.compile(r"\b(?:thanks|thank you)(?:\W+so)?\W*$", re.IGNORECASE)
_FOR = re.compile(r"^(?:(?:so |very )?much\s+)?for\s+(?=\S)", re.IGNORECASE)
# "Thanks for being direct, we will fix it": the thanks ends where a new clause with its own subject starts.
_NEW_CLAUSE = re.compile(r",\s+(?=(?:I|we|you|they|it|this|that|he|she)(?:'\w+)?\s)", re.IGNORECASE)


def _answered(opener: str, core: str, voices: Voices) -> str:
    # A statement after a yes or no and "and" / "but": "confirms that ...", "says no, but ...". '' when the
    # sentence opens otherwise, or asks or requests something (reported by its act).
    linked = AND.match(core) or BUT.match(core)
    answer = ANSWER.search(opener)
    if linked is None or answer is None:
        return ""
    rest = core[linked.end() :]
    if speech_act(rest).kind != "statement" or len(rest.split()) < 2:
        return ""
    said = _said(rest.rstrip(" ,;:"), voices).rstrip(" ,;:.")
    if AND.match(core) and AFFIRMATIVE.search(opener):
        return f"{voices.speaker} confirms that {said}"
    link = "and" if AND.match(core) else "but"
    return f"{voices.speaker} says {answer[1].lower()}, {link} {said}"


# "I should tell you that ...", "I wanted to let you know that ...": the frame only announces the news, so
# the news is what the speaker says ("... says they are leaving the company"), never "should tell ... that".
_NEWS_FRAME = re.compile(
    r"^(?:I|we)(?:'d like to|\s++(?:just\s++)?+"
    r"(?:should|must|have to|need to|wanted to|want to|would like to))"
    r"\s++(?:just\s++)?+(?:tell you|let you know)(?:\s++that\b)?+\s*+(?=\w)",
    re.IGNORECASE,
)


def _told_news(core: str, voices: Voices) -> str:
    # What follows the frame, said by the speaker; '' when the sentence has no such frame.
    framed = _NEWS_FRAME.match(AND.sub("", core))
    if framed is None:
        return ""
    news = AND.sub("", core)[framed.end() :].rstrip(" ,;:.!")
    if len(news.split()) < 2 or speech_act(news).kind != "statement":
        return ""
    return f"{voices.speaker} says {_said(news, voices)}"


def _act(core: str) -> SpeechAct:
    # A leading "and" links to nothing the summary keeps; "but" stays on a statement ("says but ...", which
    # the digest joins to the sentence before it as ", but that ..."), not on a question or a request.
    act = speech_act(AND.sub("", core))
    return act if act.kind == "statement" else speech_act(BUT.sub("", AND.sub("", core)))


def _thanked(opener: str, core: str, voices: Voices) -> str:
    # "Thanks for picking up" -> "thanks the agent for picking up"; a clause after it is said as well
    # ("..., we will fix it" -> "... and says they will fix it"). '' when the sentence thanks nobody.
    thanks = _FOR.match(core)
    if thanks is None or not _THANKS.search(opener):
        return ""
    reason, *said = _NEW_CLAUSE.split(core[thanks.end() :], maxsplit=1)
    after = said[0] if said else ""
    reason = _swap(reason.rstrip(" ,;:.!"), voices, last=ADDRESSEE)
    thanked = f"{voices.speaker} thanks {voices.addressee} for {_lowered(reason)}"
    if len(after.split()) < 2:
        return thanked
    rest = _statement(after.rstrip(" ,;:.!"), voices)
    told = rest[len(voices.speaker) :] if rest.lower().startswith(voices.speaker.lower()) else f" says {rest}"
    return f"{thanked} and{told}"


def report_turn(text: str, voices: Voices) -> list[str]:
    """Every informative sentence of an utterance in reported speech."""
    found = (report_sentence(s, voices) for s in sentences(clean_turn(text)))
    return [s for s in found if s]
