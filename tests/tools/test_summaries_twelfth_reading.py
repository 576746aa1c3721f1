"""Issue 15, from a manager's twelfth reading of the sample's call summaries.

Nearly every renewal and review call opened its paragraph with our rep's agenda ("Dana says the main
topic today is the renewal, but they also want to hear how the rollout is going."), which tells the
manager nothing the call's title does not, and the 20-odd words left dropped what the customer said.
The opening weight now goes to the customer's first business turn when our side opens the business;
and a short answer to the speaker's own question is retold with the question. Calls are written here,
with generic role labels.
"""

from __future__ import annotations

import pytest

from copilot.tools.call_digest import opening_turn
from copilot.tools.call_links import answers_own_question
from copilot.tools.call_types import Utterance
from copilot.tools.small_talk import small_talk_turns
from copilot.tools.speaker_roles import RoleBook, assign_roles
from tests.tools.summary_reading import digest_of

RENEWAL_CALL = """Agent: How was your week so far?
Customer: Busy, but good. Quarter end is coming up.
Agent: The main topic today is the renewal, but I also want to hear how the rollout is going.
Agent: How has the value been this year, from your point of view?
Customer: Good overall. The weekly reporting saves the team at least a day a week.
Customer: Finance wants to lock the budget early this year, so timing matters.
Agent: Understood. I can have the paperwork ready well before the deadline.
Agent: Is anyone else involved in the decision this time?
Customer: Our new procurement lead will want to see the contract, but I make the call.
"""


def _opening(lines: list[tuple[str, str]]) -> int:
    call = [Utterance(n, speaker, text, False) for n, (speaker, text) in enumerate(lines, start=1)]
    roles = assign_roles([u.speaker for u in call], RoleBook())
    return opening_turn(call, small_talk_turns(call), roles)


def test_the_paragraph_opens_with_the_customer_not_with_our_agenda() -> None:
    summary = digest_of(RENEWAL_CALL)
    assert "main topic" not in summary
    assert summary.startswith("The customer says the weekly reporting saves the team at least a day a week.")


def test_the_opening_is_the_customer_turn_only_when_our_side_opens_the_business() -> None:
    agenda = ("Agent", "Today I'd like to go through usage for the quarter and the open tickets.")
    answer = ("Customer", "Our finance team lives in the dashboards now.")
    assert _opening([agenda, answer]) == 1
    # The customer opening, or speakers of no known side (DialogSum's numbered people): the first turn.
    assert _opening([answer, agenda]) == 0
    assert _opening([("Person1", agenda[1]), ("Person2", answer[1])]) == 0
    # Our side alone: nothing to move to.
    assert _opening([agenda, ("Agent", "Weekly active users went up twenty percent.")]) == 0


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        ("Who should be admins on our side?", "Our controller and one person from IT, I think.", True),
        ("How many seats do we need?", "About forty.", True),
        ("Can you check the export?", "It failed again last night.", False),
        (
            "Who should be admins on our side?",
            "We also want the finance team to see every report, including the ones for the regional offices.",
            False,
        ),
        ("Who should be admins on our side.", "Our controller.", False),
    ],
)
def test_a_short_sentence_after_ones_own_wh_question_is_its_answer(
    question: str, sentence: str, answers: bool
) -> None:
    assert answers_own_question(question, sentence) is answers


ONBOARDING_CALL = """Agent: Today is about getting your first dashboards live and agreeing who does what.
Support: The warehouse connection is working, I can see the tables from your staging schema.
Customer: Great, that was faster than I expected.
Agent: What does success look like for you at the end of the first month?
Customer: Every manager opens their dashboard on Monday instead of asking for a spreadsheet.
"""

EXPANSION_CALL = """Agent: You mentioned other teams were interested, so I thought we could talk about that.
Agent: We could also look at embedding a few charts in your customer portal.
Customer: Interesting. Our product team has been asking about that, actually.
Customer: Budget is the question. Can we start small and grow during the year?
Agent: Yes, we can add seats mid-term and co-term them with your current contract.
"""


def test_a_reaction_that_points_back_brings_what_it_reacts_to() -> None:
    # "that was faster than I expected" and "asking about that" were retold alone once our agenda, which
    # used to come first, gave way to the customer's turn.
    onboarding = digest_of(ONBOARDING_CALL)
    assert "The agent says the warehouse connection is working" in onboarding
    assert onboarding.index("warehouse connection") < onboarding.index("that was faster")
    expansion = digest_of(EXPANSION_CALL)
    assert expansion.index("embedding a few charts") < expansion.index("asking about that")


def test_a_wh_question_with_do_and_a_noun_subject_is_kept_as_asked() -> None:
    summary = digest_of(
        "Customer: Our rollout starts next week.\n"
        "Agent: What does success look like for you at the end of the first month?\n"
    )
    assert "asks: What does success look like for the customer at the end of the first month?" in summary
    assert "asks what does" not in summary


def test_our_open_question_brings_the_customers_answer() -> None:
    summary = digest_of(ONBOARDING_CALL)
    asked = summary.index("The agent asks: What does success look like")
    answered = summary.index("The customer says every manager opens their dashboard on Monday")
    assert asked < answered


def test_a_request_of_ours_brings_no_answer() -> None:
    # "asks the customer to send …" is owed, not answered: the next turn comes along only on its merits.
    summary = digest_of(
        "Customer: Our nightly export failed again.\n"
        "Agent: Could you send me the job ids of the failed export runs?\n"
        "Customer: Sure, one moment while I look them up.\n"
    )
    assert "asks the customer to send" in summary and "one moment" not in summary
    # The same turn asked as a question brings it (the rule, not the budget, decides).
    asked = digest_of(
        "Customer: Our nightly export failed again.\n"
        "Agent: Which job ids failed in the export runs?\n"
        "Customer: Sure, one moment while I look them up.\n"
    )
    assert "The agent asks which job ids failed" in asked and "one moment" in asked


def test_a_yes_or_no_answer_brings_the_question_it_answers() -> None:
    summary = digest_of(
        "Agent: Have you tried restarting the router?\n"
        "Customer: Yes, twice, and it still drops every hour.\n"
        "Agent: I will send a technician tomorrow morning.\n"
    )
    assert summary.startswith("The agent asks whether the customer has tried restarting the router.")
    assert "it still drops every hour" in summary
