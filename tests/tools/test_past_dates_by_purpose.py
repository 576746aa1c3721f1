"""A promise whose day has passed is restated (and flagged) only in a letter about commitments; any other
letter leaves it out as stale, where the reviewer sees it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from copilot.retrieval import GroundedContext
from copilot.retrieval.context import CitedRecord
from copilot.tools.draft_types import Audience
from copilot.tools.fact_freshness import current_facts
from copilot.tools.facts import FactSentence
from copilot.tools.purpose import is_about_promises

PROMISE = "I will send the revised order form by April 25, 2026."
TODAY = date(2026, 12, 7)


def _kept(past_dates_ok: bool) -> list[str]:
    record = CitedRecord(
        1,
        "c1",
        101,
        1,
        datetime(2026, 4, 20, tzinfo=UTC),
        "email",
        "outbound",
        "Chen Wei",
        "Order form",
        PROMISE,
    )
    context = GroundedContext(account_id=1, query="", records=[record], tokens=0)
    audience = Audience(1, "Holly Gallagher", "en", "neutral", "Chen Wei")
    kept, _ = current_facts([FactSentence(1, PROMISE)], context, audience, TODAY, past_dates_ok=past_dates_ok)
    return [f.text for f in kept]


def test_a_past_promise_stays_only_in_a_letter_about_commitments() -> None:
    assert _kept(is_about_promises("Recap the open commitments on both sides")) == [PROMISE]
    assert _kept(is_about_promises("chase Holly on the data residency decision")) == []


def test_our_older_price_is_stale_once_we_priced_again() -> None:
    offer = "For the renewal we can offer the Enterprise plan at $150,000 per year."
    newer = "Our updated proposal is $141,000 per year for 300 seats."
    records = [
        CitedRecord(
            1, "c1", 101, 1, datetime(2026, 3, 2, tzinfo=UTC), "email", "outbound", "Chen Wei", "Offer", offer
        ),
        CitedRecord(
            2, "c2", 102, 1, datetime(2026, 10, 5, tzinfo=UTC), "email", "outbound", "Chen Wei", "New", newer
        ),
    ]
    context = GroundedContext(account_id=1, query="", records=records, tokens=0)
    audience = Audience(1, "Liam Garrity", "en", "neutral", "Chen Wei")
    facts = [FactSentence(1, offer), FactSentence(2, newer)]
    kept, stale = current_facts(facts, context, audience, date(2026, 10, 20))
    assert [f.text for f in kept] == [newer] and [f.text for f in stale] == [offer]


def test_our_price_is_stale_once_the_customer_asked_for_a_new_one() -> None:
    offer = "For the renewal we can offer the Enterprise plan at $150,000 per year."
    asked = "Could you send an updated quote that reflects our current number of seats?"
    records = [
        CitedRecord(
            1, "c1", 101, 1, datetime(2026, 3, 2, tzinfo=UTC), "email", "outbound", "Chen Wei", "Offer", offer
        ),
        CitedRecord(
            2, "c2", 102, 1, datetime(2026, 9, 5, tzinfo=UTC), "email", "inbound", "Liam Garrity", "Q", asked
        ),
    ]
    context = GroundedContext(account_id=1, query="", records=records, tokens=0)
    audience = Audience(1, "Liam Garrity", "en", "neutral", "Chen Wei")
    _, stale = current_facts([FactSentence(1, offer)], context, audience, date(2026, 10, 20))
    assert [f.text for f in stale] == [offer]
