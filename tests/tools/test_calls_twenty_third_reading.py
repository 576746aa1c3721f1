"""A manager's reading of six calls of their own, 2026-12-07: the reaction to the opening chat headed a
summary and hid the champion leaving; our promise typed into the customer's line was filed as theirs;
"Liam, I'll run a training for you" was owed to whoever spoke last; a decision was listed again as an
item; calendar chatter became items; a German call lost four of its five dated promises, its pointing
decision and its risk."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from copilot.container import Services
from copilot.tools.call_decisions import decisions
from copilot.tools.call_items import action_items, is_chatter
from copilot.tools.call_record import CallRecord, split_embedded_turns
from copilot.tools.call_render import build_structured
from copilot.tools.call_risks import risk_kind
from copilot.tools.call_types import Utterance
from copilot.tools.small_talk import without_chat_reactions
from copilot.tools.speaker_roles import assign_roles, role_book

OURS, CHAMPION, SUCCESSOR = "Chen Wei", "Leah Reyes", "Liam Garrity"
CALL_DAY = date(2026, 12, 7)


def _utterances(turns: list[tuple[str, str]], ours: set[str]) -> list[Utterance]:
    return [Utterance(n, who, text, who not in ours) for n, (who, text) in enumerate(turns, start=1)]


def _structured(services: Services, turns: list[tuple[str, str]]) -> dict[str, Any]:
    book = role_book(
        contacts=[(CHAMPION, None), (SUCCESSOR, None)], account_domain=None, our_people=[OURS], our_domains=[]
    )
    roles = assign_roles([who for who, _ in turns], book)
    said = without_chat_reactions(_utterances(turns, {OURS}))
    call = CallRecord(1, 1, "handover", datetime(2026, 12, 7, 15, tzinfo=UTC), said, roles)
    structured, _ = build_structured(call, "", services.sentence_model)
    return structured


HANDOVER = [
    (OURS, "Hi Leah, hi Liam. Happy Monday! Did you catch the game last night?"),
    (CHAMPION, "I did, painful ending. Anyway, I have some news. I'm leaving Pinecrest, and my last day is "
     "December 31st."),
    (OURS, "Congratulations, and I'm sorry to see you go."),
    (CHAMPION, "Thank you. Liam will take over as platform owner and main contact for you from January 1st. "
     "That's decided."),
    (OURS, "Understood. I'll set up an intro call between you and our VP of Sales before Christmas."),
    (OURS, "Let's find a time next week for the three of us."),
    (SUCCESSOR, "Sounds good, I'll check my calendar."),
]  # fmt: skip


def test_the_reaction_to_the_chat_is_left_out_and_the_champion_leaving_leads(services: Services) -> None:
    structured = _structured(services, HANDOVER)
    told = " ".join(s["text"] for s in structured["summary"]["sentences"])
    assert "painful" not in told and told.startswith("Leah Reyes is leaving Pinecrest")
    assert [r["kind"] for r in structured["risks"]] == ["champion_leaving"]
    assert structured["customer_sentiment"]["label"] != "negative"


def test_a_decision_is_no_item_and_calendar_chatter_owes_nothing(services: Services) -> None:
    structured = _structured(services, HANDOVER)
    assert [d["utterances"] for d in structured["decisions"]] == [[4]]
    items = [i["utterances"] for i in structured["action_items"]]
    assert items == [[5]]
    # A check of the calendar with someone named is still owed.
    assert not is_chatter("I'll check my calendar with our IT team by Tuesday.")
    assert is_chatter("We'll speak at 2pm.")


def test_our_answer_typed_into_the_customers_line_is_ours() -> None:
    turns = [
        (
            SUCCESSOR,
            "Chen, can you send me the renewal quote by Friday? Chen: Yes, I'll have it to you by Friday.",
        ),
        (OURS, "Anything else?"),
    ]
    assert split_embedded_turns(turns) == [
        (SUCCESSOR, "Chen, can you send me the renewal quote by Friday?"),
        (OURS, "Yes, I'll have it to you by Friday."),
        (OURS, "Anything else?"),
    ]
    # A label of nobody on the call, or a time, is no turn of its own.
    kept = [(OURS, "The agenda reads: Note: pricing. Then at 10:30 we start.")]
    assert split_embedded_turns(kept) == kept


def test_a_promise_that_opens_by_naming_its_listener_is_owed_to_them() -> None:
    turns = [
        (CHAMPION, "Before I go I'll write a handover document by December 18th."),
        (
            "Sam Ortiz",
            "Liam, I'll run a two-hour admin training session for you by Wednesday, December 16th.",
        ),
        (SUCCESSOR, "Great."),
    ]
    said = [Utterance(n, who, text, who != "Sam Ortiz") for n, (who, text) in enumerate(turns, start=1)]
    training = [i for i in action_items(said, CALL_DAY) if i.owner == "Sam Ortiz"]
    assert [i.extra["owed_to"] for i in training] == [SUCCESSOR]


GERMAN = [
    ("Emil Hartmann", "Dann steigen wir ein: Heute geht es um die SAP-Anbindung."),
    ("Ute Vogel", "Der Betriebsrat hat zugestimmt, wenn alle Daten in Frankfurt bleiben. Das ist bei uns so "
     "beschlossen."),
    ("Ute Vogel", "Die Zugangsdaten für das Testsystem schicke ich Ihnen bis Mittwoch, den 9. Dezember."),
    ("Anna Schmidt", "Die Liste der Buchungskreise kommt von mir, spätestens bis zum 15. Dezember."),
    ("Emil Hartmann", "Dann richte ich die Testanbindung bis zum 18. Dezember ein."),
    ("Emil Hartmann", "Ich melde mich am 8. Januar mit einem aktualisierten Projektplan bei Ihnen."),
    ("Anna Schmidt", "Wenn die Testanbindung nicht vor Weihnachten steht, verschiebt sich der Go-live "
     "wahrscheinlich auf März."),
]  # fmt: skip


def test_german_promises_with_the_verb_first_are_items_with_their_days() -> None:
    said = _utterances(GERMAN, {"Emil Hartmann"})
    due = {i.utterances[0]: i.due.on.isoformat() for i in action_items(said, CALL_DAY) if i.due}
    assert due == {3: "2026-12-09", 4: "2026-12-15", 5: "2026-12-18", 6: "2027-01-08"}


def test_a_german_pointing_decision_tells_what_it_points_at_and_a_foretold_slip_is_a_warning() -> None:
    said = _utterances(GERMAN, {"Emil Hartmann"})
    assert [d.text for d in decisions(said)] == [
        "Der Betriebsrat hat zugestimmt, wenn alle Daten in Frankfurt bleiben."
    ]
    assert (risk_kind(GERMAN[-1][1]) or ("",))[0] == "warning_sign"


def test_a_chat_agents_promises_for_their_team_and_a_named_colleague_are_items() -> None:
    """A contact-centre chat listed only the customer's task."""
    turns = [
        ("Customer", "Our invoice export to NetSuite has failed three nights in a row."),
        ("Agent", "I've opened ticket 77120 and escalated it to our integrations team. They will email you "
         "the steps to renew the token by 5pm today."),
        ("Customer", "Can you tell me our renewal date?"),
        ("Agent", "It's December 29th. Your account manager, Bob, will contact you about the renewal this "
         "week."),
    ]  # fmt: skip
    said = [Utterance(n, who, text, who == "Customer") for n, (who, text) in enumerate(turns, start=1)]
    owners = {
        i.utterances[0]: (i.owner, i.due.on.isoformat() if i.due else None)
        for i in action_items(said, CALL_DAY)
    }
    assert owners == {2: ("our integrations team", "2026-12-07"), 4: ("Bob", "2026-12-11")}


def test_finding_a_time_with_someone_else_is_still_owed() -> None:
    assert is_chatter("Let's find a time next week for the three of us.")
    assert not is_chatter("I'll find a slot with our CFO by Friday.")


FRENCH = [
    ("Thierry Mercier", "Je vais être franc : nous ne sommes pas satisfaits."),
    ("Emil Hartmann", "Je vous envoie la proposition de renouvellement d'ici le 18 décembre."),
    ("Thierry Mercier", "Je présenterai votre proposition à notre comité de direction le 14 janvier et je "
     "vous donnerai notre réponse au plus tard le 15 janvier."),
    ("Priya Shah", "Dès réception, j'organise une session de diagnostic avant le 16 décembre."),
]  # fmt: skip


def test_french_future_and_present_promises_are_items_due_on_their_deadline() -> None:
    said = _utterances(FRENCH, {"Emil Hartmann", "Priya Shah"})
    due = {i.utterances[0]: i.due.on.isoformat() for i in action_items(said, CALL_DAY) if i.due}
    # "Je vais être franc" promises nothing; the answer is due on the 15th, not the meeting's 14th.
    assert due == {2: "2026-12-18", 3: "2027-01-15", 4: "2026-12-16"}
    assert risk_kind(FRENCH[0][1]) is not None  # "pas satisfaits" names the trouble


def test_a_concern_flagged_in_so_many_words_is_a_warning_sign_told_by_what_follows() -> None:
    from copilot.tools.call_risk_items import risks

    turns = [
        ("Joanna Riordan", "One thing to flag: our billing team is in an audit until mid-January."),
        ("Anna Schmidt", "I do see one risk, though. Our SAP team is busy in January. The go-live may slip."),
        ("Joanna Riordan", "The risk is low, and the plan looks good."),
    ]
    found = risks(_utterances(turns, set()))
    assert [(r.utterances, r.extra["kind"]) for r in found] == [([1], "warning_sign"), ([2], "warning_sign")]
    assert found[1].text == "Our SAP team is busy in January. The go-live may slip."


def test_an_ask_told_not_asked_is_due_on_the_day_its_answer_names() -> None:
    turns = [
        ("Fiona Patel", "Sarah, please send Alice the active usage report so she can size the quote."),
        ("Sarah Huang", "Will do, by Wednesday, December 9th."),
        ("Fiona Patel", "If the sign-off slips past January 15th, we risk a lapse in service."),
    ]
    said = _utterances(turns, set())
    (item,) = action_items(said, CALL_DAY)
    assert (item.owner, item.due.on.isoformat() if item.due else None) == ("Sarah Huang", "2026-12-09")
    assert (risk_kind(turns[2][1]) or ("",))[0] == "warning_sign"


def test_both_is_named_by_the_two_things_just_asked_for() -> None:
    turns = [
        (
            SUCCESSOR,
            "Chen, can you send me the renewal quote and the last six months of usage data by Friday?",
        ),
        (OURS, "Yes, absolutely, I'll have both to you by Friday."),
    ]
    said = _utterances(turns, {OURS})
    (item,) = [i for i in action_items(said, CALL_DAY) if i.owner == OURS]
    assert item.extra["resolved"] == (
        "I'll have the renewal quote and the last six months of usage data to you by Friday."
    )
