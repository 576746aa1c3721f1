"""Phrases for meeting invites, CRM notes and support tickets (English, written by our staff)."""

from __future__ import annotations

MEETING_SUMMARIES = {
    "qbr": ("Quarterly business review: {company} / Northwind Analytics", "{company} QBR"),
    "renewal": ("Renewal discussion: {company}", "{company} / Northwind: contract renewal"),
    "workshop": ("Dashboard workshop with {company}", "Hands-on session: {company} reporting"),
    "roadmap": ("Roadmap preview for {company}", "Northwind product roadmap briefing ({company})"),
}

MEETING_AGENDAS = {
    "qbr": (
        "Usage and adoption since the last review",
        "Open support items",
        "Priorities for next quarter",
        "Executive sponsor check-in",
    ),
    "renewal": ("Value delivered this year", "Seat count and plan options", "Contract timeline", "Questions"),
    "workshop": ("Data sources and refresh", "Build the first dashboard together", "Sharing and permissions"),
    "roadmap": ("Recent releases", "Upcoming features", "Your requests and priorities", "Beta programme"),
}

MEETING_INTROS = (
    "Hi all, sending the invite for our session as discussed.",
    "Looking forward to seeing everyone. Agenda below.",
    "As agreed on our last call, here is the invite for the next meeting.",
)

NOTE_SUBJECTS = {
    "health": ("Account health check", "Health score review"),
    "prep": ("Call prep", "Prep for next review"),
    "risk": ("Renewal risk", "Churn risk flagged"),
    "expansion": ("Expansion opportunity", "Upsell idea"),
    "handoff": ("Internal handoff notes", "Coverage while on leave"),
}

NOTE_SENTENCES = {
    "health": (
        "Usage is stable at around {n} weekly active users.",
        "The executive sponsor is engaged and attended the last review.",
        "Two open tickets, neither of them critical.",
        "Adoption is strongest in {dept}; other teams lag behind.",
        "No signs of churn risk at the moment.",
    ),
    "prep": (
        "Goal for the next call: agree on the rollout plan for {dept}.",
        "Bring usage numbers for the last quarter.",
        "Ask about budget timing for next year.",
        "Check that the open ticket is resolved before the call.",
    ),
    "risk": (
        "Our champion left the company last month, so we need a new sponsor.",
        "They are evaluating a competitor for the {dept} team.",
        "Budget cuts were announced internally, according to our contact.",
        "Sentiment dropped after the last outage.",
    ),
    "expansion": (
        "The {dept} team asked about a workspace of their own.",
        "Potential for {n} additional seats next quarter.",
        "Embedded analytics could fit their customer portal.",
        "Their CFO mentioned a new business unit that needs reporting.",
    ),
    "handoff": (
        "Covering for the owner during two weeks of leave; nothing urgent is pending.",
        "The primary contact prefers short emails and hates long decks.",
        "Procurement is slow, so start any paperwork early.",
        "Keep the solutions engineer in the loop on anything technical.",
    ),
}

TICKETS = (
    (
        "Dashboard loading slowly",
        "The main dashboard takes a long time to load for several users in the {dept} team.",
        "Added an aggregate table and enabled caching; load time is back under five seconds.",
    ),
    (
        "Sync job failed",
        "The nightly {source} sync failed with a timeout and the dashboards showed stale data.",
        "Increased the timeout and re-ran the sync; data is current again.",
    ),
    (
        "SSO login error",
        "Users see an error after signing in through the identity provider.",
        "The certificate on the customer side had expired; confirmed working after renewal.",
    ),
    (
        "Export missing columns",
        "A CSV export from the {dept} report is missing two calculated columns.",
        "Known issue with hidden fields; workaround shared and fix scheduled for the next release.",
    ),
    (
        "User cannot access workspace",
        "A new analyst gets a permission error when opening the shared workspace.",
        "The user had been added to the wrong group; moved to the analysts group.",
    ),
    (
        "Wrong totals in report",
        "The monthly totals in one report do not match the source system.",
        "A filter excluded refunds; corrected the metric definition with the customer.",
    ),
    (
        "Alert emails not received",
        "Threshold alerts stopped arriving for the {dept} managers.",
        "Their mail gateway blocked our sender address; customer IT added it to the allow list.",
    ),
    (
        "API returns 429 errors",
        "Their integration receives rate-limit responses during the morning batch.",
        "Explained the limits and suggested batching requests; no further errors reported.",
    ),
)

TICKET_STATUS = ("Resolved", "Resolved", "Closed", "Open", "Waiting on customer")
TICKET_PENDING = "support is investigating and has asked the customer for two recent examples."
COMPLAINT_TICKET_SUBJECTS = ("Escalation: customer complaint", "Complaint escalated by account team")
COMPLAINT_TICKET_FOLLOWUPS = (
    "Escalated to the engineering lead; the account owner will update the customer.",
    "Root cause analysis requested; customer expects an answer this week.",
)

DNC_NOTE = (
    "{contact} asked on {day} that nobody at {company} be contacted for sales or marketing. All contract "
    "questions go through their procurement portal. Do not call or email anyone there."
)
