"""A customer known on the call only by a role label ("Customer:") who gave their name ("Malik here.").

A manager reads "The customer (Malik) is leaving …", not an anonymous role. Only a name the speaker gave
themselves, and only one: two names under one label could be two people. The call paragraph names such a
speaker where it first retells them; the champion-leaving risk names who is leaving.
"""

from __future__ import annotations

from dataclasses import replace

from copilot.tools.call_types import DigestSentence, Utterance
from copilot.tools.champion_handover import introduced_name
from copilot.tools.speaker_roles import Side, SpeakerRoles

_LEAD = "The customer "


def introduced_name_of(speaker: str, utterances: list[Utterance]) -> str:
    """The one name a speaker gives themselves on the call ("Malik here."), '' when none or two."""
    names = {introduced_name([u.text]) for u in utterances if u.speaker == speaker} - {""}
    return names.pop() if len(names) == 1 else ""


def named_customer(text: str, speaker: str, utterances: list[Utterance], roles: SpeakerRoles) -> str:
    """`text` ("The customer is leaving …") with the role-labelled speaker's own name beside the role."""
    if not text.startswith(_LEAD):
        return text
    name = introduced_name_of(speaker, utterances) if roles.placed_by_role(speaker) else ""
    return f"{_LEAD}({name}) {text[len(_LEAD) :]}" if name else text


def with_introduced_names(
    sentences: list[DigestSentence], utterances: list[Utterance], roles: SpeakerRoles
) -> list[DigestSentence]:
    """The paragraph with each such customer named where it first retells them."""
    speaker_of = {u.n: u.speaker for u in utterances}
    named: set[str] = set()
    out = []
    for sentence in sentences:
        speaker = speaker_of.get(sentence.utterance, "")
        if speaker not in named and sentence.text.startswith(_LEAD) and _role_placed_customer(speaker, roles):
            named.add(speaker)
            sentence = replace(sentence, text=named_customer(sentence.text, speaker, utterances, roles))
        out.append(sentence)
    return out


def _role_placed_customer(speaker: str, roles: SpeakerRoles) -> bool:
    return roles.side(speaker) is Side.CUSTOMER and roles.placed_by_role(speaker)
