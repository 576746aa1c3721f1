"""Issue 15, from a manager's fourteenth reading of call summaries and account pages (2026-12-07).

A German customer who said "Wenn das bis Mittwoch 17 Uhr nicht behoben ist, zahlen wir die Rechnung
nicht." had no risk on the summary: payment withheld as a lever was in no language's risk words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from copilot.db.models import Interaction
from copilot.tools.account_awaiting import unanswered_requests
from copilot.tools.call_decisions import decisions
from copilot.tools.call_items import action_items
from copilot.tools.call_risks import risk_kind
from tests.tools.summary_reading import transcript

DAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    "sentence",
    [
        "Wenn das bis Mittwoch 17 Uhr nicht behoben ist, zahlen wir die Rechnung nicht.",
        "Fix it by Friday or we won't pay the invoice.",
        "Until this works we will withhold payment.",
        "Si ce n'est pas corrigé, nous ne paierons pas la facture.",
        "Si no se arregla, no vamos a pagar la factura.",
    ],
)
def test_withholding_payment_is_an_escalation_in_every_language(sentence: str) -> None:
    found = risk_kind(sentence)
    assert found is not None and found[0] == "escalation"


@pytest.mark.parametrize(
    "sentence",
    [
        "We paid the invoice yesterday.",
        "Die Rechnung haben wir gestern bezahlt.",
        "We won't pay more than last year, so keep the price flat.",
    ],
)
def test_paying_or_haggling_is_no_payment_threat(sentence: str) -> None:
    assert risk_kind(sentence) is None


# Calls: what the fourteenth reading's seven transcripts got wrong, sentence by sentence.


def test_a_no_that_opens_a_noun_phrase_is_kept() -> None:
    from copilot.tools.reported_speech import Voices, report_sentence

    voices = Voices("Aaron Thornton", "Alice Turner")
    said = report_sentence("No multi-year commitment at this point.", voices)
    assert said == "Aaron Thornton says no multi-year commitment at this point."
    assert report_sentence("No, we want to see the pilot first.", voices) == (
        "Aaron Thornton says they want to see the pilot first."
    )


def test_a_frame_with_its_reason_is_no_news() -> None:
    from copilot.tools.reported_speech import Voices, report_sentence

    said = "I'll be direct, Alice, because I only have twenty minutes."
    assert report_sentence(said, Voices("Fiona Patel", "Alice Turner")) == ""


def test_taking_a_plan_back_is_no_item_and_staying_on_it_is_a_decision() -> None:
    call = transcript(
        "Customer: On the renewal, we had said we'd move to annual invoicing from January.\n"
        "Agent: Yes, that's what I noted.\n"
        "Customer: Actually, let's not. Keep it quarterly.\n"
        "Agent: Understood, we stay on quarterly invoicing.\n"
    )
    assert not any("not" in item.text.lower() for item in action_items(call, DAY))
    assert [d.text for d in decisions(call)] == ["Understood, we stay on quarterly invoicing."]


def test_a_bare_thats_decided_tells_what_was_decided() -> None:
    call = transcript(
        "Agent: One option is to reduce seats to match the 310 active users.\n"
        "Customer: Then we go down to 320 seats. That's decided.\n"
    )
    assert [d.text for d in decisions(call)] == ["we go down to 320 seats."]


def test_a_german_ordinal_day_ends_no_sentence() -> None:
    from copilot.tools.turn_text import sentences

    said = "Wenn die Rechnung nicht bis Freitag, den 11. Dezember, bei uns ist, eskaliere ich das."
    assert sentences(said) == [said]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("My knees are still complaining.", None),
        ("The users keep complaining about the export.", "escalation"),
        ("And we have a Looker demo scheduled for next Tuesday.", "churn_threat"),
        ("Their quote came in well below yours.", "churn_threat"),
        ("We have a team demo next week.", None),
        ("Unser Budget für Software wird im nächsten Jahr um 15 Prozent gekürzt.", "budget_cut"),
    ],
)
def test_risk_words_of_the_fourteenth_reading(sentence: str, kind: str | None) -> None:
    found = risk_kind(sentence)
    assert (found[0] if found else None) == kind


def test_a_pronoun_takes_the_object_of_the_same_verb_or_what_was_asked_for() -> None:
    from copilot.tools.promises import resolve_object

    leave = resolve_object(
        "Understood, we'll leave it out.", "I want the product to work. Leave premium support out."
    )
    assert leave == "Understood, we'll leave premium support out."
    asked = "I need the final proposal by Wednesday 5pm. After that, the board pack is locked."
    assert resolve_object("I will get you it by Wednesday 5pm.", asked) == (
        "I will get you the final proposal by Wednesday 5pm."
    )


def test_a_date_that_names_a_thing_is_no_due_date() -> None:
    from copilot.tools.call_dates import due_date

    base = date(2026, 12, 7)
    assert due_date("I'll send you the remittance for the October 22 payment.", base) is None
    found = due_date("Validate the December 29 export and sign off by January 6.", base)
    assert found is not None and found.on == date(2027, 1, 6)


def test_a_german_dated_promise_is_an_item_and_a_german_decision_is_recorded() -> None:
    call = transcript(
        "Agent: Ich schicke Ihnen die korrigierte Rechnung spätestens bis Freitag, den 11. Dezember.\n"
        "Kunde: Wir haben entschieden, bei 110 Nutzern zu bleiben, aber ohne das Premium-Support-Paket.\n"
        "Kunde: Es werden 140 Nutzer berechnet, vereinbart waren 110.\n"
    )
    (item,) = action_items(call, DAY)
    assert "korrigierte Rechnung" in item.text and item.due is not None and item.due.on == date(2026, 12, 11)
    assert [d.utterances for d in decisions(call)] == [[2]]


# Pages: a request our reply in its thread left open, and one the customer moved on from.

ASKED = (
    "Procurement needs a few documents for the renewal, including your security certificate. Who can help?"
)


def _email(n: int, day: int, direction: str, text: str) -> Interaction:
    when = datetime(2026, 9, day, 10, 0, tzinfo=UTC)
    return Interaction(
        id=n, account_id=1, kind="email", direction=direction, occurred_at=when, text=text, thread_id="<t1>"
    )


def test_a_request_the_customer_moved_on_from_in_its_thread_waits_no_more() -> None:
    rows = {
        1: _email(1, 10, "inbound", ASKED),
        2: _email(2, 11, "outbound", "Our legal team has sent the standard order form to procurement."),
        3: _email(3, 12, "inbound", "Thanks for your reply. We will sign next week."),
    }
    assert unanswered_requests(rows, datetime(2026, 1, 1, tzinfo=UTC)) == []
    # Asked again, the request waits in their latest message, once.
    again = {**rows, 3: _email(3, 12, "inbound", "Thanks. We still need the security certificate, please.")}
    ((message, asks),) = unanswered_requests(again, datetime(2026, 1, 1, tzinfo=UTC))
    assert message.id == 3 and "security certificate" in asks[0]


def test_the_page_names_our_reply_that_left_a_request_open() -> None:
    from copilot.tools.account_actions import next_best_actions

    issue = {
        "text": ASKED,
        "citations": [1],
        "date": "2026-09-10",
        "speaker": "Bianca Sullivan",
        "side": "customer",
        "awaiting_reply_since": "2026-09-10",
        "left_open_by_reply_of": "2026-09-11",
    }
    sections = {"risks": [], "open_issues": [issue], "commitments_by_us": [], "commitments_by_them": []}
    (step,) = next_best_actions(sections, "Tidewater Foods", None, date(2026, 12, 7))
    assert step["text"].startswith(
        "Answer Bianca Sullivan's request of 2026-09-10, which our reply of 2026-09-11"
    )


def test_a_denied_move_is_no_warning_sign() -> None:
    from copilot.tools.call_complaints import _denies_a_risk

    assert _denies_a_risk("We're not evaluating anyone. We're staying with you.")
    assert not _denies_a_risk("We are evaluating two other tools this quarter.")


def test_the_page_tells_our_last_price_and_a_later_ask_for_a_new_one() -> None:
    from copilot.tools.account_items import CitationMap
    from copilot.tools.account_price import price_on_record

    quoted = "Dear Bianca,\nThe updated quote puts your renewal at $113,000 per year for 70 seats.\nBest, Bob"
    rows = {
        1: _email(1, 10, "outbound", quoted),
        2: _email(2, 11, "outbound", "We spent $5,000 on the offsite, it was great."),  # no pricing word
        3: _email(3, 12, "inbound", "Could you send an updated quote that reflects our current seats?"),
    }
    price = price_on_record(rows, CitationMap(), date(2026, 12, 7))
    assert price == {
        "text": "The updated quote puts your renewal at $113,000 per year for 70 seats.",
        "date": "2026-09-10",
        "citations": [1],
        "new_quote_asked": "2026-09-12",
    }
    # Thirteen months on, the price is still the one on record, told with its date; at eighteen, none is.
    assert price_on_record(rows, CitationMap(), date(2027, 10, 10)) is not None
    assert price_on_record(rows, CitationMap(), date(2028, 3, 10)) is None


def test_before_christmas_is_a_due_date() -> None:
    from copilot.tools.call_dates import due_date

    found = due_date("I'll get something on her calendar before Christmas.", DAY)
    assert found is not None and found.on == date(2026, 12, 24)
    late = due_date("We will sign before the end of the year.", date(2026, 12, 31))
    assert late is not None and late.on == date(2026, 12, 31)


def test_an_item_handed_to_a_colleague_is_owed_to_them() -> None:
    call = transcript(
        "Customer: The payment of October 22 is not on our account.\n"
        "Bob Kowalski: Priya, can you check whether the payment landed on a different invoice?\n"
        "Priya Nair: Yes, I'll check with finance and report back to Bob by tomorrow noon.\n"
    )
    owed = [(i.owner, i.extra.get("owed_to")) for i in action_items(call, DAY) if i.utterances == [3]]
    assert owed == [("Priya Nair", "Bob Kowalski")]


def test_the_do_not_contact_step_names_the_channel_their_request_gives() -> None:
    from copilot.tools.account_contact_policy import first_action, named_channel

    said = (
        "Please remove everyone from your outreach. "
        "All communication about our contract goes through the procurement portal from now on."
    )
    assert named_channel(said) == "the procurement portal"
    assert named_channel("Please use procurement@summit.example only.") == "procurement@summit.example"
    assert named_channel("Please stop calling me.") is None
    policy = {
        "do_not_contact": True,
        "citations": [5],
        "request": {"date": "2026-09-17", "channel": "the procurement portal"},
    }
    step = first_action(policy, "Summit Ridge Outdoor")
    assert step is not None and step["text"].endswith(
        "goes only through the procurement portal, as their request of 2026-09-17 says"
    )


# A Spanish call of the second reading: its dates, risks, items and decision had been lost.

SPANISH = (
    "Cliente: ¿Qué tal el viaje a Valencia?\n"
    "Agente: Hoy mismo escalo el ticket 48213 y le envío un informe de estado antes de las 17:00.\n"
    "Cliente: Si el conector no funciona antes del martes 15 de diciembre, no firmamos la ampliación.\n"
    "Cliente: No, al final serán 15 usuarios, no 25. Lo decidimos ayer con la dirección.\n"
    "Agente: Le preparo una oferta nueva para 15 usuarios antes del viernes 18 de diciembre.\n"
    "Cliente: No la vamos a pagar hasta que nos expliquen ese aumento.\n"
    "Agente: Le llamo el lunes por la mañana.\n"
)


def test_a_spanish_call_keeps_its_dates_items_risks_and_decision() -> None:
    call = transcript(SPANISH, frozenset({"Cliente"}))
    dated = {i.utterances[0]: i.due.on if i.due else None for i in action_items(call, DAY)}
    assert dated == {2: DAY, 5: date(2026, 12, 18), 7: date(2026, 12, 14)}  # never the customer's threat
    assert [d.text for d in decisions(call)] == ["No, al final serán 15 usuarios, no 25."]
    kinds = [(risk_kind(u.text) or ("", ""))[0] for u in call if u.customer]
    assert kinds == ["", "churn_threat", "", "escalation"]


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("Yo le mando mañana los registros de error.", date(2026, 12, 8)),
        ("Ich schicke Ihnen die Rechnung bis Freitag, den 18. Dezember.", date(2026, 12, 18)),
        ("Je vous envoie le devis avant le 15 décembre.", date(2026, 12, 15)),
    ],
)
def test_dates_in_the_calls_other_languages(said: str, due: date) -> None:
    from copilot.tools.call_dates import due_date

    found = due_date(said, DAY)
    assert found is not None and found.on == due


def test_asking_about_the_trip_is_small_talk_in_spanish_too() -> None:
    from copilot.tools.small_talk import is_small_talk_sentence

    assert is_small_talk_sentence("Antes de empezar, ¿qué tal el viaje a Valencia?")
    assert not is_small_talk_sentence("El conector con SAP lleva caído desde el 30 de noviembre.")


def test_withholding_a_signature_is_a_threat_to_leave() -> None:
    found = risk_kind("If it is not fixed by Tuesday, we won't sign the expansion.")
    assert found is not None and found[0] == "churn_threat"
    assert risk_kind("We will sign the contract on Friday.") is None


def test_an_action_never_sends_the_rep_to_a_contact_who_opted_out() -> None:
    from copilot.tools.account_contact_policy import spare_opted_out

    action = {
        "text": "Answer Lauren Gallagher's complaint and tell Lauren Gallagher who owns it: "
        "“Lauren Gallagher wrote …”",
        "citations": [5],
        "item": None,
    }
    (spared,) = spare_opted_out([action], ["Lauren Gallagher"], "Crescent Bay Seafood")
    assert spared["text"] == (
        "Answer Crescent Bay Seafood's complaint and tell another contact at Crescent Bay Seafood (Lauren "
        "Gallagher opted out) who owns it: “Lauren Gallagher wrote …”"
    )


def test_a_spanish_greeting_by_first_names_and_its_thanks_are_small_talk() -> None:
    from copilot.tools.small_talk import is_small_talk_sentence

    assert is_small_talk_sentence("Buenos días, Carmen, Inés.")
    assert is_small_talk_sentence("Gracias por su tiempo.")
    assert not is_small_talk_sentence("Buenos días, el conector no funciona.")


def test_a_number_proposed_and_agreed_is_a_decision_with_what_it_counts() -> None:
    call = transcript(
        "Agent: Great. Then the renewal stays at 200 seats.\n"
        "Customer: Actually, wait. Liam's team is moving in February. Make it 180.\n"
        "Buyer: Agreed, 180 seats.\n",
        frozenset({"Customer", "Buyer"}),
    )
    (decided,) = [d for d in decisions(call) if d.extra.get("accepted_by")]
    assert (decided.text, decided.utterances, decided.extra["accepted_by"]) == (
        "Make it 180 seats.",
        [2, 3],
        "Buyer",
    )


def test_a_message_from_a_contact_who_opted_out_is_answered_through_another() -> None:
    # "Answer Willow & Finch Home's message of 2026-09-14" left the rep to reply to Bianca Park, who had
    # opted out (a manager's reading, 2026-12-07).
    from copilot.tools.account_contact_policy import spare_opted_out

    action = {
        "text": "Answer Bianca Park's message of 2026-09-14, still without a reply: “Procurement needs …”"
    }
    (spared,) = spare_opted_out([action], ["Bianca Park"], "Willow & Finch Home")
    assert spared["text"] == (
        "Answer Willow & Finch Home's message of 2026-09-14, still without a reply (from Bianca Park, who "
        "opted out: answer another contact at Willow & Finch Home): “Procurement needs …”"
    )


def test_a_later_message_asking_something_else_leaves_the_request_open() -> None:
    # Willow & Finch asked for an updated quote; our reply offered a summary of their usage; their next
    # message asked for documents. The quote was still owed, 29 days before the renewal (2026-12-07).
    quote = "Could you send an updated quote that reflects our current number of seats?"
    rows = {
        1: _email(1, 7, "inbound", f"Hello Dana,\n\n{quote}"),
        2: _email(2, 10, "outbound", "Let me share a summary of what your team has built on the platform."),
        3: _email(3, 14, "inbound", f"Hi Dana,\n\nSorry for the delay. {ASKED}"),
    }
    found = {
        message.id: asks for message, asks in unanswered_requests(rows, datetime(2026, 1, 1, tzinfo=UTC))
    }
    assert found[1] == [quote] and 3 in found
