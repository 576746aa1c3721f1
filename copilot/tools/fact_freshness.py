"""Which past sentences a letter may still restate as current.

A letter restates record sentences in the present. Said months ago, some of them tell the customer
something that is no longer so: our own status reports ("I have asked our support team to look at the
Salesforce sync.", eleven months old, read as news) and time said relative to its day ("our next release",
"earlier this year"). A sentence whose every named date has passed ("is scheduled for your team in June
2026") is kept but flagged `past_date` for the reviewer: a commitments recap is about exactly those. Prices,
offers and standing facts keep ("I got approval to hold your price at $30,500 per year…"), as does any
sentence that names a date still ahead, and everything said recently; a resolved ticket's report never.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from copilot.guards.spans import extract_claims
from copilot.retrieval.context import CitedRecord, GroundedContext
from copilot.tools.draft_compact import fact_side
from copilot.tools.draft_types import Audience, ComposedBody
from copilot.tools.facts import FactSentence
from copilot.tools.rephrase import Rephrased

# How long a record's words read as current whatever they say: a status line or a dated plan is about a
# month's news.
CURRENT_FOR = timedelta(days=45)
# Our own work reported in the present perfect or progressive ("I have asked", "we're looking into",
# "We've escalated"): true when it was said, not necessarily months later. English only.
_OUR_WORK_IN_PROGRESS = re.compile(
    r"^(?:I|we|our team|our engineers|our support team)(?:'ve|'m|'re|'s| have| has| am| are| is)\s+"
    r"(?:(?:already|also|just|now|still|currently|actively)\s+)?"
    r"[a-z]+(?:ed|en|ing|ght)\b",
    re.IGNORECASE,
)


# Time said relative to the day it was said ("our next release", "earlier this year", "next week"): months
# later it points at another time, so the sentence no longer says what it said. English only.
_RELATIVE_TIME = re.compile(
    r"\b(?:(?:next|this|last|coming|upcoming)\s+(?:week|month|quarter|year|release|sprint|version|update|"
    r"monday|tuesday|wednesday|thursday|friday)|earlier this (?:week|month|quarter|year)|"
    r"tomorrow|yesterday|today|tonight|in (?:a|two|three|a few) (?:days|weeks)|later this (?:week|month)|"
    r"(?:our|the) (?:last|next) (?:call|meeting|review|session))\b",
    re.IGNORECASE,
)


# The same in the other letter languages ("El mes que viene organizamos un seminario", "Nuestro equipo de
# facturación está revisando la factura", "nächste Woche", "nous sommes en train de"): a Spanish letter
# restated three of our own emails of February to September as current (a customer's reading, 2026-12-06).
_RELATIVE_TIME_IN = {
    "de": re.compile(
        r"\b(?:nächste[nrsm]?|kommende[nrsm]?|diese[nrsm]? (?:Woche|Monat)|letzte[nrsm]? (?:Woche|Monat))\b|"
        r"\b(?:morgen|gestern|heute|übermorgen)\b|\bin (?:ein paar|zwei|drei) (?:Tagen|Wochen)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\bprochaine?s?\b|\b(?:cette|ce) (?:semaine|mois)\b|\b(?:demain|hier|aujourd'hui|ce soir)\b|"
        r"\b(?:la semaine|le mois) dernière?\b|\bdans (?:quelques|deux|trois) (?:jours|semaines)\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\bpróxim[oa]s?\b|\bque viene\b|\b(?:esta|este) (?:semana|mes)\b|\b(?:ayer|hoy|esta noche)\b|"
        r"\bmañana\b(?! por| en la)|\b(?:semana|mes) pasad[oa]\b|\ben (?:unos|dos|tres) (?:días|semanas)\b",
        re.IGNORECASE,
    ),
}
_OUR_WORK_IN_PROGRESS_IN = {
    "de": re.compile(
        r"^(?:wir|ich|unser (?:Team|Support|Billing)\w*)\s+\w+(?:en|e|t)\s+(?:\w+\s+)?"
        r"(?:gerade|derzeit|noch)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"^(?:nous|je|notre équipe(?: \w+){0,2})\s+(?:sommes|suis|est) en train de\b", re.IGNORECASE
    ),
    "es": re.compile(
        r"^(?:(?:nuestro|el) equipo(?: de \w+)?|nosotros|yo)?\s*(?:est(?:á|amos|oy))\s+\w+(?:ando|iendo)\b",
        re.IGNORECASE,
    ),
}


def _dates_named(sentence: str, language: str) -> list[str]:
    """The ISO dates a sentence names ("2027-01-??" for a month alone)."""
    return [c.normalized for c in extract_claims(sentence, [], language) if c.kind == "date"]


def _still_ahead(iso: str, said_on: date, today: date) -> bool:
    # A span of months ("Q4 2026": "2026-10-??|2026-11-??|2026-12-??") lasts until its last one.
    last = iso.split("|")[-1]
    if last.startswith("????"):
        # "30 October" without a year: the first such day on or after the day it was said.
        month_day = last[4:]
        year = said_on.year if f"{said_on.year}{month_day}" >= said_on.isoformat() else said_on.year + 1
        last = f"{year}{month_day}"
    # A month alone ("2027-01-??") is ahead until that month is over; compare the known part only.
    known = last.split("-??", 1)[0]
    return known >= today.isoformat()[: len(known)]


def passed_dates(sentence: str, said_on: date, today: date, language: str) -> list[str]:
    """The dates a sentence names when every one of them has passed by `today` ("ships in May 2026" read in
    December), else []: the letter may still restate it (a promise whose day has passed is what a
    commitments recap is about), but the reviewer must see that the day is gone."""
    dates = _dates_named(sentence, language)
    return [] if any(_still_ahead(iso, said_on, today) for iso in dates) else dates


def still_current(sentence: str, said_on: date, today: date, language: str, ours: bool) -> bool:
    """True when a sentence said on `said_on` (by our side when `ours`) may be restated on `today`; a
    sentence that names dates is judged by them (`passed_dates` flags the gone ones), not left out."""
    if today - said_on <= CURRENT_FOR or _dates_named(sentence, language):
        return True
    code = language[:2].lower()
    relative = _RELATIVE_TIME if code == "en" else _RELATIVE_TIME_IN.get(code)
    in_progress = _OUR_WORK_IN_PROGRESS if code == "en" else _OUR_WORK_IN_PROGRESS_IN.get(code)
    if relative is None or in_progress is None:
        return True  # a language without these words: kept, as before
    if relative.search(sentence):
        return False
    return not (ours and in_progress.match(sentence.strip()))


def current_facts(
    facts: list[FactSentence],
    context: GroundedContext,
    audience: Audience,
    today: date,
    *,
    past_dates_ok: bool = True,
) -> tuple[list[FactSentence], list[FactSentence]]:
    """The facts a letter may restate, and the stale ones it leaves out (for the reviewer to see).

    `past_dates_ok` False (a letter not about commitments): a fact whose every date has passed is stale
    too. "I will send the revised order form by April 25, 2026" in a December letter chasing a decision
    read as a promise still to come, flagged or not (a customer's reading, 2026-12-07)."""
    records = {r.n: r for r in context.records}
    kept: list[FactSentence] = []
    stale: list[FactSentence] = []
    for fact in facts:
        record = records[fact.n]
        said_on = record.occurred_at.date()
        ours = fact_side(record, fact.speaker, audience) == "ours"
        current = still_current(fact.text, said_on, today, audience.language, ours)
        if current and not past_dates_ok:
            current = not passed_dates(fact.text, said_on, today, audience.language)
        if current and ours and _names_a_price(fact.text):
            current = not _priced_again_later(record, context)
        if current and _a_resolved_tickets_report(record, fact.text):
            current = False
        (kept if current else stale).append(fact)
    return kept, stale


# A ticket closed since: its report ("The nightly Salesforce sync failed with a timeout and the dashboards
# showed stale data.") restated in a letter months later reads as a problem still open (a customer's reading,
# 2026-12-07); only its resolution line still holds.
_CLOSED_TICKET = re.compile(r"^\s*Status:\s*(?:resolved|closed|done|fixed)\b", re.IGNORECASE | re.MULTILINE)
_RESOLUTION_LINE = re.compile(r"^\s*Resolution:", re.IGNORECASE)


def _a_resolved_tickets_report(record: CitedRecord, sentence: str) -> bool:
    if record.kind != "ticket" or not _CLOSED_TICKET.search(record.text):
        return False
    line = next((ln for ln in record.text.splitlines() if sentence.strip()[:40] in ln), "")
    return not _RESOLUTION_LINE.match(line)


def _names_a_price(text: str) -> bool:
    return any(claim.kind == "money" for claim in extract_claims(text))


# The customer asking for a new price: "Could you send an updated quote that reflects our current seats?"
_ASKS_FOR_A_NEW_PRICE = re.compile(
    r"\b(?:updated|new|revised|fresh|current)\s+(?:quote|proposal|offer|pricing|price)\b|"
    r"\b(?:aktualisierte[sn]?|neue[sn]?)\s+(?:Angebot|Preis)|\b(?:nouvelle|nouveau)\s+(?:offre|devis|proposition)|"
    r"\b(?:nueva|actualizada)\s+(?:propuesta|oferta|cotizaci[oó]n)|\bpropuesta actualizada\b",
    re.IGNORECASE,
)


def asks_for_a_new_price(text: str) -> bool:
    """Whether the customer's words ask for a new price ("Could you send an updated quote …?")."""
    return _ASKS_FOR_A_NEW_PRICE.search(text) is not None


def _priced_again_later(record: CitedRecord, context: GroundedContext) -> bool:
    # Our offer of March is no offer once we sent another, or once the customer asked for a new one: "To
    # recap, renewal proposed at GBP 180,000" from a July invite read as current after the September
    # proposal, and a January price after "an updated proposal reflecting current user numbers" (two
    # customers' readings, 2026-12-07).
    later = [other for other in context.records if other.occurred_at > record.occurred_at]
    return any(
        (other.direction == "outbound" and other.audience == "customer" and _names_a_price(other.text))
        or (other.direction == "inbound" and _ASKS_FOR_A_NEW_PRICE.search(other.text) is not None)
        for other in later
    )


def past_date_flags(
    body: ComposedBody, facts: list[Rephrased], context: GroundedContext, today: date, language: str
) -> list[dict[str, object]]:
    """A `past_date` flag on each restated fact whose every named date has passed."""
    said_on = {r.n: r.occurred_at.date() for r in context.records}
    flags: list[dict[str, object]] = []
    for fact in facts:
        gone = passed_dates(fact.source, said_on[fact.n], today, language)
        start = body.text.find(fact.text)
        if gone and start >= 0:
            named = ", ".join(_readable(iso) for iso in gone)
            detail = (
                f"names {named}, which has passed: check it happened (or say it is late) before sending, "
                "rather than restating it as still to come"
            )
            flags.append({"type": "past_date", "span": [start, start + len(fact.text)], "detail": detail})
    return flags


def _readable(iso: str) -> str:
    """A normalized date as a reviewer reads it: "30 October 2026", "May 2026", "30 October", "Q3 2026"
    as its months ("July to September 2026")."""
    first, last = iso.split("|")[0], iso.split("|")[-1]
    if first != last:
        return f"{_readable(first).split()[0]} to {_readable(last)}"
    year, month, day = iso.split("-")
    words = [] if day == "??" else [str(int(day))]
    words.append(calendar.month_name[int(month)] if month != "??" else "")
    words += [] if year == "????" else [year]
    return " ".join(w for w in words if w)
