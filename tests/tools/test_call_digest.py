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


def test_a_reply_that_points_back_brings_what_it_points_at() -> None:
    # "Yes, that one is still open" tells a manager nothing without the ticket it answers.
    said = [
        ("Agent", "Hi, thanks for making time today."),
        ("Customer", "Of course, good to talk to you."),
        (
            "Agent",
            "I know the last few weeks were rough on the data side, so I want to go through the issues.",
        ),
        ("Agent", "I also saw a ticket about missing rows in one of the reports."),
        ("Customer", "Yes, that one is still open as far as I know."),
        ("Support", "It's fixed in the next release, which goes out in two weeks."),
        ("Agent", "How did the last support interaction feel from your side?"),
        ("Customer", "The people were helpful, but we had to explain the issue three times."),
        ("Agent", "That's useful feedback, I'll share it with the support lead."),
        ("Customer", "What I really need is a heads-up when something breaks, before my users notice."),
        ("Agent", "Fair point. We can subscribe your admins to incident notifications."),
        ("Customer", "We also saw some dashboards time out in the afternoon."),
        ("Support", "That lines up with heavy queries on your warehouse. A cached extract would help."),
        ("Customer", "I can forward the notes to the team leads by May 13, 2026."),
        ("Agent", "Great, thanks everyone."),
    ]
    call = [Utterance(n, s, t, s == "Customer") for n, (s, t) in enumerate(said, start=1)]
    summary = digest_text(digest(call, assign_roles([u.speaker for u in call], RoleBook())))
    assert "that one is still open" in summary
    assert "a ticket about missing rows in one of the reports" in summary


def test_a_fragment_of_a_turn_follows_after_a_comma_never_after_and_that() -> None:
    # "and that" needs a clause: "says where are they against target this month and that every single
    # Monday" read as garbled (2026-12-06).
    said = [
        DigestSentence("Omar Abernathy says where they are against target this month.", 9),
        DigestSentence("Omar Abernathy says every single Monday.", 9),
        DigestSentence("Julien Fontaine says pretty well.", 10),
        DigestSentence("Julien Fontaine says she already set up the groups for the regional teams.", 10),
        DigestSentence("Emil Larsen says either works.", 11),
        DigestSentence("Emil Larsen says most customers start shared and split later.", 11),
    ]
    assert [s.text for s in joined(said)] == [
        "Omar Abernathy says where they are against target this month, every single Monday.",
        "Julien Fontaine says pretty well, and she already set up the groups for the regional teams.",
        "Emil Larsen says either works and that most customers start shared and split later.",
    ]


def test_the_customers_answer_to_which_question_reads_as_a_manager_retells_it() -> None:
    said = [
        ("Dana Okafor", "For the first dashboard, which question do people ask you most often?"),
        ("Omar Abernathy", "Honestly, where are we against target this month. Every single Monday."),
        ("Priya Nair", "That's a perfect first dashboard. We can build it live next session."),
    ]
    call = [Utterance(n, s, t, s == "Omar Abernathy") for n, (s, t) in enumerate(said, start=1)]
    book = RoleBook(
        contact_names=frozenset({"omar abernathy"}), our_names=frozenset({"dana okafor", "priya nair"})
    )
    summary = digest_text(digest(call, assign_roles([u.speaker for u in call], book)))
    assert (
        "Dana Okafor asks, for the first dashboard, which question people ask Omar Abernathy most often. "
        "Omar Abernathy says where they are against target this month, every single Monday." in summary
    )
