"""Reported speech a manager reads: pronouns swapped and verbs agreeing with the third person."""

from __future__ import annotations

import pytest

from copilot.tools.call_items import action_sentence
from copilot.tools.reported_speech import Voices, clean_turn, report_sentence
from copilot.tools.verb_agreement import is_verbless, third_person

VOICES = Voices("the customer", "the agent")


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        ("I need a refund for the broken laptop.", "The customer needs a refund for the broken laptop."),
        ("I just want the option to tip.", "The customer just wants the option to tip."),
        ("I ask you to fix this.", "The customer asks the agent to fix this."),
        ("I'll send you the quote by Friday.", "The customer will send the agent the quote by Friday."),
        ("I tried that twice.", "The customer tried that twice."),
        ("I can send the numbers.", "The customer can send the numbers."),
        ("What do you need from me?", "The customer asks what the agent needs from them."),
        ("How long do I need to wait?", "The customer asks how long they need to wait."),
        ("Do you have the invoice?", "The customer asks whether the agent has the invoice."),
        ("Are you coming to the review?", "The customer asks whether the agent is coming to the review."),
        (
            "Did you make it back from the conference okay?",
            "The customer asks whether the agent did make it back from the conference okay.",
        ),
    ],
)
def test_verbs_agree_with_the_reported_speaker(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


def test_third_person_forms() -> None:
    assert [
        third_person(v) for v in ("ask", "fix", "try", "go", "need", "am", "asked", "can", "running")
    ] == [
        "asks",
        "fixes",
        "tries",
        "goes",
        "needs",
        "is",
        "asked",
        "can",
        "running",
    ]


def test_a_past_form_ending_in_eed_takes_no_agreement_but_need_does() -> None:
    voices = Voices("Bob Kowalski", "Rachel Morrison")
    assert report_sentence("I agreed to send the rollout plan.", voices) == (
        "Bob Kowalski agreed to send the rollout plan."
    )
    assert [third_person(v) for v in ("guaranteed", "freed", "need", "proceed")] == [
        "guaranteed",
        "freed",
        "needs",
        "proceeds",
    ]


def test_an_action_is_read_from_its_promise_clause() -> None:
    turn = "Great question. I'll take that one, I will correct the seat count by November 28, 2025."
    assert action_sentence(turn) == "I will correct the seat count by November 28, 2025."
    assert action_sentence("Sorry about that. Can you send me the numbers?") == "Can you send me the numbers?"


def test_a_dated_i_can_is_listed_as_the_promise_it_is_and_an_undated_one_is_not() -> None:
    dated = "Yes, I can circulate an agenda for the next session by December 3, 2025."
    assert action_sentence(dated) == "I will circulate an agenda for the next session by December 3, 2025."
    ship = "We can ship the fix by March 3, 2026."
    assert action_sentence(ship) == "We will ship the fix by March 3, 2026."
    assert action_sentence("I can see the issue on my side.") == "I can see the issue on my side."


def test_the_speakers_second_mention_of_themselves_reads_they_and_their() -> None:
    voices = Voices("Rachel Morrison", "Bob Kowalski")
    said = "What I really need is a heads-up when something breaks, before my users notice."
    assert report_sentence(said, voices) == (
        "Rachel Morrison says what they really need is a heads-up when something breaks, "
        "before their users notice."
    )


def test_the_pronoun_never_guesses_a_gender_and_roles_get_it_too() -> None:
    # "they" for a role as for a name; a threat reads "or they cancel", the verb agreeing.
    assert report_sentence("This must be fixed by Friday or I cancel.", VOICES) == (
        "The customer says this must be fixed by Friday or they cancel."
    )
    assert report_sentence("This must be fixed by Friday or I'll cancel.", VOICES) == (
        "The customer says this must be fixed by Friday or they will cancel."
    )


def test_after_asks_the_agent_to_a_they_would_be_the_agent_so_the_customer_is_named() -> None:
    # "asks the agent to fix this or they cancel" reads as the agent cancelling.
    assert report_sentence("Please fix this by Friday or I cancel.", VOICES) == (
        "The customer asks the agent to fix this by Friday or the customer cancels."
    )


def test_the_person_asked_is_they_afterwards_never_named_twice() -> None:
    voices = Voices("Bob Kowalski", "Leah Nakamura")
    assert report_sentence("Leah, please send your usage report before you leave.", voices) == (
        "Bob Kowalski asks Leah Nakamura to send their usage report before they leave."
    )
    assert report_sentence("I'll send you the quote so you can review it.", VOICES) == (
        "The customer will send the agent the quote so they can review it."
    )


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        (
            "I was told I am next and I was promised a call.",
            "The customer was told they are next and they were promised a call.",
        ),
        ("This is the third time I ask.", "The customer says this is the third time they ask."),
        ("I think I have the numbers.", "The customer thinks they have the numbers."),
        ("Am I too late?", "The customer asks whether they are too late."),
    ],
)
def test_they_takes_the_plural_verb(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


def test_other_peoples_names_are_untouched_and_break_the_pronoun() -> None:
    # After someone else is mentioned, "they" could mean either, so the speaker is named again;
    # the other person's name and pronouns are left exactly as said.
    voices = Voices("Rachel Morrison", "Bob Kowalski")
    assert report_sentence("Leah Nakamura told me that you have my report.", voices) == (
        "Rachel Morrison says Leah Nakamura told them that Bob Kowalski has Rachel Morrison's report."
    )
    assert report_sentence("She said I can keep my seats.", voices) == (
        "Rachel Morrison says she said Rachel Morrison can keep their seats."
    )


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        ("Keep walking for two blocks.", "The customer asks the agent to keep walking for two blocks."),
        ("Please don't share your password.", "The customer asks the agent not to share their password."),
        ("Don't worry about the invoice.", "The customer asks the agent not to worry about the invoice."),
        (
            "Could you please DM us your order number",
            "The customer asks the agent to DM them the agent's order number.",
        ),
        (
            "Let me check the order status for you.",
            "The customer offers to check the order status for the agent.",
        ),
        (
            "Let me know when it first happened.",
            "The customer asks the agent to let them know when it first happened.",
        ),
        (
            "Let's go over the contract on Friday.",
            "The customer suggests they go over the contract on Friday.",
        ),
        ("Why don't we just make it a pilot?", "The customer suggests they just make it a pilot."),
        ("Why don't you try the annual plan?", "The customer suggests the agent try the annual plan."),
        ("Would you like to order now?", "The customer asks whether the agent would like to order now."),
    ],
)
def test_requests_offers_and_suggestions_get_their_reporting_verb(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        (
            "That's sad, but have you gone to the movies recently?",
            "The customer asks whether the agent has gone to the movies recently.",
        ),
        (
            "I mean, do you have any special interests out of your job?",
            "The customer asks whether the agent has any special interests out of their job.",
        ),
        (
            "One thing leadership asked: can we see which dashboards nobody opens?",
            "The customer asks whether they can see which dashboards nobody opens.",
        ),
        (
            "The renewal is due in March, so can you send the quote this week?",
            "The customer says the renewal is due in March and asks the agent to send the quote this week.",
        ),
        ("It is hard to quit, isn't it?", "The customer says it is hard to quit."),
        ("We can still make the deadline, right?", "The customer says they can still make the deadline."),
        (
            "What size plan were you thinking of?",
            "The customer asks what size plan the agent was thinking of.",
        ),
        ("What reports do you use now?", "The customer asks what reports the agent uses now."),
        (
            "Do you know how can I use the internet in my room?",
            "The customer asks whether the agent knows how can the customer use the internet in their room.",
        ),
        (
            "Can I have a look at that camera, please?",
            "The customer asks whether they can have a look at that camera.",
        ),
        (
            "Those are the only seats you need?",
            "The customer asks whether those are the only seats the agent need.",
        ),
        (
            "Does the new team get its own admin?",
            "The customer asks: Does the new team get its own admin?",
        ),
    ],
)
def test_questions_are_asked_as_the_question_they_are(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        (
            "Adam, could you show me the report?",
            "The customer asks the agent to show them the report.",
        ),
        ("Keep us posted, Dave.", "The customer asks the agent to keep them posted."),
        ("Honey, I think you should renew.", "The customer thinks the agent should renew."),
        (
            "Hi Iain, without your date of birth we cannot log it.",
            "The customer says without the agent's date of birth they cannot log it.",
        ),
        ("We fly to Calgary, Canada.", "The customer says they fly to Calgary, Canada."),
        (
            "Please check your inbox, Leah, and don't rerun the export.",
            "The customer asks the agent to check their inbox, and not to rerun the export.",
        ),
        ("We met in Paris, France, last year.", "The customer says they met in Paris, France, last year."),
        ("However, the export failed twice.", "The customer says however, the export failed twice."),
        ("Perfect, we want to clean up first.", "The customer says they want to clean up first."),
        ("Good news: the export works.", "The customer says good news: the export works."),
    ],
)
def test_names_and_terms_of_address_are_not_retold_as_content(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


def test_a_sentence_that_opens_with_we_or_they_still_names_who_said_it() -> None:
    agent = Voices("the agent", "the customer")
    assert report_sentence("We don't have any information on future updates.", agent) == (
        "The agent says they don't have any information on future updates."
    )
    assert report_sentence("They are called UFOs, so not everybody can see them.", agent) == (
        "The agent says they are called UFOs, so not everybody can see them."
    )


def test_html_escapes_of_chat_exports_read_as_the_characters() -> None:
    assert clean_turn("Your app &amp; website &gt; anything else") == "Your app & website > anything else"


def test_an_action_item_after_a_done_step_lists_only_what_is_owed() -> None:
    turn = "I have escalated both to engineering as P1 and will call you tomorrow at 10 with an update."
    assert action_sentence(turn) == "I will call you tomorrow at 10 with an update."
    assert action_sentence("Sure, we checked the logs and are going to patch it by Monday.") == (
        "We are going to patch it by Monday."
    )


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        ("I know the last few weeks were rough.", "The agent says they know the last few weeks were rough."),
        ("I realise the invoice was wrong.", "The agent says they realise the invoice was wrong."),
        ("I will send the form by Friday.", "The agent will send the form by Friday."),
    ],
)
def test_a_speakers_knowledge_is_reported_as_said_not_vouched_for(said: str, reported: str) -> None:
    # "The agent knows the weeks were rough" would state the claim as the summary's own fact.
    assert report_sentence(said, Voices("the agent", "the customer")) == reported


def test_a_request_with_many_commas_is_joined_in_one_pass() -> None:
    # Looking for a second instruction after each comma split the whole rest of the turn at every one of
    # them (quadratic: hours at this length); the time bound is pytest-timeout's, not a measurement.
    said = "Please stop calling me, email me" + ", a b" * 300_000 + "."
    reported = report_sentence(said, Voices("The customer", "the agent"))
    assert reported.startswith("The customer asks the agent to stop calling them and to email them, a b, a b")
    assert reported.count(", a b") == 300_000


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        # A question told as the answer to one ("which question do people ask you?"), without its mark.
        (
            "Honestly, where are we against target this month.",
            "Omar Abernathy says where they are against target this month.",
        ),
        (
            "Why would we pay more for the same seats.",
            "Omar Abernathy says why they would pay more for the same seats.",
        ),
        ("What do you need from us.", "Omar Abernathy says what Dana Okafor needs from them."),
        # A statement that opens with a wh-clause is no question: its words stay in their order.
        ("What happened is we lost the data.", "Omar Abernathy says what happened is they lost the data."),
        ("What matters is it works on Monday.", "Omar Abernathy says what matters is it works on Monday."),
    ],
)
def test_a_question_said_without_its_mark_is_retold_in_a_clauses_order(said: str, reported: str) -> None:
    # Opening a reply to the other side's question, it is what the speaker tells.
    assert report_sentence(said, Voices("Omar Abernathy", "Dana Okafor"), answering=True) == reported


def test_a_question_said_without_its_mark_and_answering_nothing_is_asked() -> None:
    # Chat customers leave the mark out: "says how long will it take to switch" read as garbled.
    voices = Voices("The customer", "the agent")
    assert report_sentence("How long will it take to switch my plan", voices) == (
        "The customer asks how long it will take to switch their plan."
    )
    assert report_sentence("What happened is we lost the data.", voices) == (
        "The customer says what happened is they lost the data."
    )
    assert report_sentence("What do you say we take a break and try again later.", voices) == (
        "The customer suggests they take a break and try again later."
    )


@pytest.mark.parametrize(
    ("asked", "reported"),
    [
        # After a plural subject "do" only carries the question; the verb keeps its form.
        (
            "For the first dashboard, which question do people ask you most often?",
            "Dana Okafor asks, for the first dashboard, which question people ask Omar Abernathy most often.",
        ),
        ("How do most teams handle the rollout?", "Dana Okafor asks how most teams handle the rollout."),
        # "is" + a noun phrase + an "-ing" verb: the auxiliary goes after the noun phrase.
        (
            "How is the new admin settling in on your side?",
            "Dana Okafor asks how the new admin is settling in on Omar Abernathy's side.",
        ),
        (
            "Why are the exports failing during the close?",
            "Dana Okafor asks why the exports are failing during the close.",
        ),
        # "does" leaves the verb to agree, and where that verb is is not known: asked as said.
        (
            "What does success look like for you?",
            "Dana Okafor asks: What does success look like for Omar Abernathy?",
        ),
    ],
)
def test_a_question_with_a_noun_subject_is_retold_in_a_clauses_order_where_it_can_be(
    asked: str, reported: str
) -> None:
    assert report_sentence(asked, Voices("Dana Okafor", "Omar Abernathy", ours=True)) == reported


@pytest.mark.parametrize(
    ("clause", "verbless"),
    [
        ("every single Monday", True),
        ("pretty well", True),
        ("probably their VP", True),
        ("around forty, most of them weekly", True),
        ("two more seats", True),
        ("where they are against target this month", False),
        ("either works", False),
        ("the team loves it", False),
        ("people stopped asking for spreadsheets", False),
        ("budget got cut", False),
        ("some people like playing basketball", False),
        ("every single morning", True),
        ("that's great news", False),
        ("the finance team basically lives in the dashboards now", False),
        # Longer than a fragment: a clause whose verb no sign shows is still taken for a clause.
        ("the nine regional managers and the two finance leads from the central team", False),
    ],
)
def test_a_clause_without_a_verb_is_told_apart_from_one_with_a_verb(clause: str, verbless: bool) -> None:
    assert is_verbless(clause) is verbless
