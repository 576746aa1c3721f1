"""The extractive call digest as a manager reads it: one turn's statements name its speaker once."""

from __future__ import annotations

from copilot.tools.call_digest import DigestSentence, digest, digest_text, joined
from copilot.tools.call_types import Utterance
from copilot.tools.speaker_roles import RoleBook, assign_roles

SUPPORT_CALL = [
    (
        "Customer",
        "Our invoice export has failed every night since Monday and nobody answered my two tickets.",
    ),
    ("Agent", "Sorry about that. Can you send me the ticket numbers so I can escalate?"),
    (
        "Customer",
        "48213 and 48240. If this is not fixed by Friday we will cancel and move to another vendor.",
    ),
    ("Agent", "I have escalated both to engineering as P1."),
    ("Customer", "Why don't you just call me when it is fixed?"),
    (
        "Agent",
        "Sure. Let me check the engineering queue first. We'll call you tomorrow at 10 with an update.",
    ),
    ("Customer", "Ok, talk to you tomorrow."),
]


def test_two_statements_of_one_turn_name_the_speaker_once() -> None:
    said = [
        DigestSentence("The customer says the export failed.", 1),
        DigestSentence("The agent says the currency table was stale.", 2),
        DigestSentence("The agent says but engineering fixes the table by Friday.", 2),
        DigestSentence("The agent says the rerun starts on Monday.", 2),
    ]
    assert [s.text for s in joined(said)] == [
        "The customer says the export failed.",
        "The agent says the currency table was stale, but that engineering fixes the table by Friday "
        "and that the rerun starts on Monday.",
    ]


def test_sentences_of_different_turns_or_acts_stay_apart() -> None:
    said = [
        DigestSentence("The agent says the currency table was stale.", 2),
        DigestSentence("The agent says the rerun starts on Monday.", 4),
        DigestSentence("The agent asks whether the customer saw the rerun.", 4),
    ]
    assert joined(said) == said


def test_what_our_side_promised_is_kept_over_an_ask_already_answered_on_the_call() -> None:
    call = [Utterance(n, s, t, s == "Customer") for n, (s, t) in enumerate(SUPPORT_CALL, start=1)]
    summary = digest_text(digest(call, assign_roles([u.speaker for u in call], RoleBook())))
    assert "The agent says they will call the customer tomorrow at 10 with an update." in summary
    assert "ticket numbers" not in summary
    assert "they will cancel and move to another vendor" in summary
