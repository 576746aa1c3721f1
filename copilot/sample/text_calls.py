"""Spoken lines for call transcripts: openings, topic exchanges, recaps and goodbyes (English)."""

from __future__ import annotations

# Roles: "rep" (our owner rep), "cust" (first customer speaker), "cust2" (second customer speaker,
# falls back to the first), "se" (our solutions engineer, falls back to the rep).
Line = tuple[str, str]

OPENINGS: tuple[tuple[Line, ...], ...] = (
    (("rep", "Hi {c}, thanks for making time today."), ("cust", "Of course, good to talk to you, {r}.")),
    (("rep", "Good morning {c}, can you hear me okay?"), ("cust", "Loud and clear. Morning, {r}.")),
    (("cust", "Hi {r}, sorry, I was just wrapping up another call."), ("rep", "No problem at all, {c}.")),
    (("rep", "Hey {c}, how was your week so far?"), ("cust", "Busy, but good. Quarter end is coming up.")),
)

SMALL_TALK: tuple[tuple[Line, ...], ...] = (
    (
        ("cust", "Did you make it back from the conference okay?"),
        ("rep", "Eventually, the flight was delayed."),
    ),
    (("rep", "How was the offsite?"), ("cust", "Long, but useful. Lots of talk about data, actually.")),
    (
        ("cust", "Sorry about the background noise, we're in a new office."),
        ("rep", "No worries, I can hear you fine."),
    ),
)

AGENDAS = {
    "qbr": "I'd like to go through usage for the quarter, the open support items, and then next steps.",
    "renewal": "The main topic today is the renewal, but I also want to hear how the rollout is going.",
    "support": "I know the last few weeks were rough on the data side, so I want to go through the issues.",
    "onboarding": "Today is about getting your first dashboards live and agreeing who does what.",
    "expansion": "You mentioned other teams were interested, so I thought we could talk about that.",
}

EXCHANGES: dict[str, tuple[tuple[Line, ...], ...]] = {
    "qbr": (
        (
            ("cust", "One thing leadership asked: can we see which dashboards nobody opens anymore?"),
            ("rep", "Yes, the usage report has a stale content view. I'll show you where it is."),
            ("cust", "Perfect, we want to clean up before adding new ones."),
        ),
        (
            ("rep", "How is the new admin settling in on your side?"),
            ("cust2", "Pretty well. She already set up the groups for the regional teams."),
            ("rep", "Great, that makes permissions a lot easier to manage."),
        ),
        (
            ("rep", "Weekly active users went up about twenty percent since the last review."),
            ("cust", "That matches what I see. The finance team basically lives in the dashboards now."),
            ("rep", "Great. Operations is still a bit behind, though."),
        ),
        (
            ("cust", "The scheduled reports are the big win for us, people stopped asking for spreadsheets."),
            ("rep", "Good to hear. How many schedules are you running now?"),
            ("cust", "Around forty, most of them weekly."),
        ),
        (
            ("rep", "We had two support tickets this quarter, both closed within a day."),
            ("cust", "Yes, those were handled well, no complaints there."),
        ),
    ),
    "renewal": (
        (
            ("rep", "How has the value been this year, from your point of view?"),
            ("cust", "Good overall. The weekly reporting saves the team at least a day a week."),
            ("cust2", "And the executives finally look at the same numbers, which helps."),
        ),
        (
            ("cust", "Would a two-year term change anything on the commercial side?"),
            ("rep", "It usually does. Let me check what flexibility I have and come back to you."),
        ),
        (
            ("cust", "Finance wants to lock the budget early this year, so timing matters."),
            ("rep", "Understood. I can have the paperwork ready well before the deadline."),
        ),
        (
            ("cust", "We might drop a few seats in marketing and add some in operations."),
            ("rep", "That's easy to adjust. The total is what counts for the tier."),
            ("cust", "Good, I'll get the exact numbers from the team leads."),
        ),
        (
            ("rep", "Is anyone else involved in the decision this time?"),
            ("cust", "Our new procurement lead will want to see the contract, but I make the call."),
        ),
    ),
    "support": (
        (
            ("cust2", "We also saw some dashboards time out in the afternoon."),
            ("se", "That lines up with heavy queries on your warehouse. A cached extract would help."),
            ("cust2", "Okay, as long as the numbers stay fresh enough for the ops team."),
        ),
        (
            ("rep", "How did the last support interaction feel from your side?"),
            ("cust", "The people were helpful, but we had to explain the issue three times."),
            ("rep", "That's useful feedback, I'll share it with the support lead."),
        ),
        (
            ("cust", "The sync delays hit us twice during month-end close, which was painful."),
            ("se", "We traced that to a lock on the warehouse side during your batch jobs."),
            ("cust", "So it's on our end?"),
            ("se", "Partly. We can move the sync window to avoid the overlap."),
        ),
        (
            ("rep", "I also saw a ticket about missing rows in one of the reports."),
            ("cust", "Yes, that one is still open as far as I know."),
            ("se", "It's fixed in the next release, which goes out in two weeks."),
        ),
        (
            ("cust", "What I really need is a heads-up when something breaks, before my users notice."),
            ("rep", "Fair point. We can subscribe your admins to incident notifications."),
        ),
    ),
    "onboarding": (
        (
            ("cust2", "Can we restrict the finance dashboards to the finance group only?"),
            ("se", "Yes, folder permissions handle that. I'll set up the groups with you."),
        ),
        (
            ("rep", "What does success look like for you at the end of the first month?"),
            ("cust", "Every manager opens their dashboard on Monday instead of asking for a spreadsheet."),
            ("rep", "That's a clear goal. Let's track it in the usage report."),
        ),
        (
            ("se", "The warehouse connection is working, I can see the tables from your staging schema."),
            ("cust", "Great, that was faster than I expected."),
        ),
        (
            ("cust", "Who should be admins on our side? I was thinking me and one person from IT."),
            ("rep", "Two admins is a good start. You can add more later without extra cost."),
        ),
        (
            ("rep", "For the first dashboard, which question do people ask you most often?"),
            ("cust", "Honestly, where are we against target this month. Every single Monday."),
            ("se", "That's a perfect first dashboard. We can build it live next session."),
        ),
    ),
    "expansion": (
        (
            ("cust2", "Would the new team get their own admin, or share ours?"),
            ("rep", "Either works. Most customers start shared and split later."),
        ),
        (
            ("rep", "Who would sponsor the rollout in the sales team?"),
            ("cust", "Probably their VP. I can set up a short intro once the budget is clearer."),
        ),
        (
            ("cust", "The sales team saw our dashboards and now they want their own workspace."),
            ("rep", "That's great news. How many people would that be?"),
            ("cust", "Maybe thirty to start with, more if it works out."),
        ),
        (
            ("rep", "We could also look at embedding a few charts in your customer portal."),
            ("cust", "Interesting. Our product team has been asking about that, actually."),
        ),
        (
            ("cust", "Budget is the question. Can we start small and grow during the year?"),
            ("rep", "Yes, we can add seats mid-term and co-term them with your current contract."),
        ),
    ),
}

COMPLAINT_REPLIES = (
    "I'm sorry, that's not acceptable, and I'll take it straight to our engineering lead.",
    "Thanks for being direct about it. I'll escalate this today and come back with a plan.",
    "That's fair criticism. Let me dig into what happened and make sure it doesn't repeat.",
)

FEATURE_ASKS = (
    "Any update on the roadmap item we talked about last time?",
    "Where do we stand with the feature our team asked for?",
    "Is there any news from your product team on our request?",
)

RECAP_INTROS = (
    "Let me quickly recap the action items before we drop.",
    "Okay, so to wrap up, here's who does what.",
    "Before we go, let's confirm the next steps.",
)

CLOSINGS: tuple[tuple[Line, ...], ...] = (
    (("cust", "Sounds good. Thanks, {r}."), ("rep", "Thank you, {c}. Talk soon.")),
    (("rep", "Great, thanks everyone."), ("cust", "Thanks, have a good rest of the day.")),
    (("cust", "Perfect, that's all from me."), ("rep", "Thanks {c}, I'll send a short summary by email.")),
)

# Small follow-ups that are never planted facts, so they cannot collide with another account's fact.
MINOR_ACTIONS_US = (
    "send the call notes",
    "share the recording of this call",
    "check the sync logs from last week",
    "loop in our solutions engineer",
    "circulate an agenda for the next session",
)
MINOR_ACTIONS_THEM = (
    "check with IT about the firewall rules",
    "forward the notes to the team leads",
    "find a slot with our CFO",
    "ask the analysts for their top three questions",
    "look at the usage numbers with my manager",
)
MINOR_DATED = ("I'll {action} by {due}.", "I can {action} by {due}.")
MINOR_UNDATED = ("I'll {action}, no firm date yet.", "I'll {action}, but I can't promise a date yet.")
