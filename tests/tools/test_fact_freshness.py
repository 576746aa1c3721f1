"""A letter does not restate our own months-old words as news; the customer's words and our dated
promises still ahead keep. And a restated sentence drops the openers that only tied it to its message."""

from __future__ import annotations

from datetime import UTC, date, datetime

from copilot.retrieval.context import CitedRecord, GroundedContext
from copilot.tools.draft_types import Audience, ComposedBody
from copilot.tools.fact_freshness import current_facts, passed_dates, past_date_flags, still_current
from copilot.tools.facts import FactSentence
from copilot.tools.rephrase import Rephrased, rephrase

TODAY = date(2026, 12, 6)
AUDIENCE = Audience(1, "Fiona Patel", "en", "neutral", "Alice Turner", frozenset({"Fiona Patel"}))


def _record(n: int, when: date, direction: str) -> CitedRecord:
    at = datetime(when.year, when.month, when.day, tzinfo=UTC)
    return CitedRecord(n, f"c{n}", 100 + n, 1, at, "email", direction, "Alice Turner", "Sync", "text")


def test_our_old_action_is_left_out_and_the_customers_old_words_keep() -> None:
    records = [
        _record(1, date(2026, 1, 6), "outbound"),  # eleven months old, ours
        _record(2, date(2026, 1, 8), "inbound"),  # as old, the customer's
        _record(3, date(2026, 11, 20), "outbound"),  # ours, two weeks old
    ]
    facts = [
        FactSentence(1, "I have asked our support team to look at the Salesforce sync."),
        FactSentence(2, "The mobile app logs our field managers out every few hours."),
        FactSentence(3, "I have asked our support team to look at the mobile app logouts."),
    ]
    kept, stale = current_facts(facts, GroundedContext(1, "support", records, 0), AUDIENCE, TODAY)
    assert [f.n for f in kept] == [2, 3]
    assert [f.n for f in stale] == [1]


def test_old_words_keep_while_a_date_they_name_is_ahead_or_while_they_state_a_standing_offer() -> None:
    long_ago = date(2026, 3, 1)

    def current(sentence: str, said_on: date = long_ago, ours: bool = True) -> bool:
        return still_current(sentence, said_on, TODAY, "en", ours)

    assert current("Usage analytics ships to your workspace in January 2027.")
    assert current("The fix goes out on December 18, 2026.")
    assert current("I got approval to hold your price at $30,500 per year for 75 seats.")
    # A sentence that names dates is judged by them: kept, its gone days flagged (below).
    assert current("A retention policy editor is scheduled for your team in June 2026.")
    assert not current("We are looking into the sync.")
    assert not current("I've asked our support team to look at the Salesforce sync.")
    assert current("We are looking into the sync.", said_on=date(2026, 11, 1))
    assert not current("We are currently investigating the sync.")
    assert not current("Our team is looking into the sync.")
    # Time said relative to its day has moved on ("our next release" of January is not December's).
    assert not current("Our next release includes several improvements to filters.")
    assert not current("I will be in Berlin next week.", ours=False)
    assert current("Our next release includes several improvements to filters.", said_on=date(2026, 11, 20))
    # The customer's own old words keep, unless every date they name has passed.
    assert current("We are moving our reporting to the new warehouse.", ours=False)


def test_a_restated_sentence_drops_its_by_the_way() -> None:
    said = "By the way, the operations team asked me to pass on their thanks for the quick help."
    assert rephrase(said, "customer", "en") == (
        "You told us that the operations team asked you to pass on their thanks for the quick help."
    )
    assert rephrase("Also, our finance team needs the invoice split by department.", "customer", "en") == (
        "You told us that your finance team needs the invoice split by department."
    )


def test_a_day_that_has_passed_is_named_for_the_reviewer_and_flagged_on_its_line() -> None:
    long_ago = date(2026, 3, 1)

    def gone(sentence: str, said_on: date = long_ago) -> list[str]:
        return passed_dates(sentence, said_on, TODAY, "en")

    assert gone("A retention policy editor is scheduled for your team in June 2026.") == ["2026-06-??"]
    assert gone("Usage analytics ships to your workspace in January 2027.") == []
    # A day without a year is the first such day after it was said; a quarter lasts to its last month.
    assert gone("Your onboarding session is scheduled for 30 October.") == ["????-10-30"]
    assert gone("Your onboarding session is scheduled for 30 December.", date(2026, 9, 1)) == []
    assert gone("The migration window is Q4 2026.", date(2026, 6, 1)) == []
    assert gone("The migration window is Q3 2026.", date(2026, 6, 1)) != []
    assert gone("We are looking into the sync.") == []

    source = "A retention policy editor is scheduled for your team in June 2026."
    line = "To recap, a retention policy editor is scheduled for your team in June 2026."
    body = ComposedBody(f"Hello Fiona,\n\n{line}\n\nBest,\nAlice", "Roadmap", [], [])
    context = GroundedContext(1, "roadmap", [_record(1, long_ago, "outbound")], 0)
    flags = past_date_flags(body, [Rephrased(1, line, source)], context, TODAY, "en")
    start = body.text.index(line)
    assert [(f["type"], f["span"]) for f in flags] == [("past_date", [start, start + len(line)])]
    assert str(flags[0]["detail"]).startswith("names June 2026, which has passed")


def test_old_words_in_other_letter_languages_are_judged_as_english_ones_are() -> None:
    # A Spanish letter restated our February "billing is reviewing the invoice" and September's "next
    # month we hold a webinar" as current (a customer's reading, 2026-12-06).
    said, today = date(2026, 2, 2), date(2026, 12, 6)
    stale = [
        ("Nuestro equipo de facturación está revisando la factura INV-25925.", "es", True),
        ("El mes que viene organizamos un seminario web sobre diseño de paneles.", "es", True),
        ("Wir prüfen gerade die Rechnung für Januar.", "de", True),
        ("La prochaine version corrigera le filtre.", "fr", True),
    ]
    kept = [
        ("Podemos mantener el precio actual de 30.500 EUR al año.", "es", True),
        ("Le contrat couvre 120 utilisateurs.", "fr", True),
        ("Estamos revisando sus precios de la competencia.", "es", False),  # the customer's words keep
    ]
    assert [still_current(s, said, today, lang, ours) for s, lang, ours in stale] == [False] * 4
    assert [still_current(s, said, today, lang, ours) for s, lang, ours in kept] == [True] * 3
    assert still_current(stale[0][0], date(2026, 11, 30), today, "es", True)  # said last week: current


def _ticket(n: int, status: str) -> CitedRecord:
    text = (
        f"Priority: P2\nStatus: {status}\nReported by: Leah Nakamura <leah@bw.example>\n\n"
        "The nightly Salesforce sync failed with a timeout and the dashboards showed stale data.\n\n"
        "Resolution: Increased the sync timeout; data is current again."
    )
    at = datetime(2026, 11, 30, tzinfo=UTC)
    return CitedRecord(n, f"c{n}", 100 + n, 1, at, "ticket", "unknown", "ticket", "Sync", text)


def test_a_resolved_tickets_report_is_stale_however_recent_and_its_resolution_keeps() -> None:
    # A customer's reading (2026-12-07): "To recap, … the dashboards showed stale data" restated a problem
    # fixed months before as if it were still open.
    report = "The nightly Salesforce sync failed with a timeout and the dashboards showed stale data."
    facts = [
        FactSentence(1, report),
        FactSentence(1, "Increased the sync timeout; data is current again."),
        FactSentence(2, report),
    ]
    context = GroundedContext(1, "sync", [_ticket(1, "Resolved"), _ticket(2, "Open")], 0)
    kept, stale = current_facts(facts, context, AUDIENCE, TODAY)
    assert [(f.n, f.text[:9]) for f in kept] == [(1, "Increased"), (2, "The night")]
    assert [(f.n, f.text[:9]) for f in stale] == [(1, "The night")]
