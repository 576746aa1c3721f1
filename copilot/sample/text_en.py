"""English email phrases: greetings, openers, closings and ten thread topics."""

from __future__ import annotations

from copilot.sample.texts import TextPack, Topic

_TOPICS = {
    "onboarding": Topic(
        subjects=("Onboarding plan for {company}", "Kick-off and next steps", "Getting your admins set up"),
        inbound=(
            "We finally got the green light internally to start the rollout. Our {dept} team would like to "
            "go first, and I expect around {n} people to log in during the first two weeks.",
            "A few of our analysts could not find the invitation email, so they have not set up their "
            "accounts yet. Could you resend the invitations or tell me where to look in the admin console?",
            "Our IT team asked which IP ranges your platform uses, because they need to open the firewall "
            "for the warehouse connection. Is there a document you can share with them?",
            "The kick-off was useful, thank you. People liked the sample dashboards, but they would like to "
            "see one built on our own data before they commit more time to it.",
        ),
        outbound=(
            "Welcome aboard! The first step is to connect your data warehouse, which usually takes less than "
            "an hour with someone from IT. After that we can build the first {dept} dashboard together.",
            "I have resent the invitations to everyone on the list you shared. They come from our "
            "notifications address, so it is worth checking the spam folder if they do not show up.",
            "Our onboarding usually runs over four weeks: connection, first dashboards, admin training, then "
            "a review. I suggest we hold the first working session on {weekday} so your team can start "
            "early.",
            "Our solutions engineer Priya will join the next session to help with the warehouse connection. "
            "She will bring a short list of questions for your IT team about network access.",
        ),
    ),
    "dashboards": Topic(
        subjects=(
            "Question about the {dept} dashboards",
            "Dashboard feedback",
            "Filters on the {dept} dashboard",
        ),
        inbound=(
            "The {dept} team has been using the new dashboards for a few weeks now. The main request is to "
            "filter by region and product line at the same time, which they currently do in spreadsheets.",
            "Several people asked whether we can schedule a dashboard snapshot to go out every Monday at "
            "8am. At the moment someone exports it by hand and emails it around.",
            "One of our managers noticed that the totals on the summary page do not match the detail view. "
            "The difference is small, about {n} units, but it makes people nervous before a board meeting.",
            "Could you send a short guide on sharing dashboards with people outside the {dept} team? We want "
            "to give read-only access to a couple of regional leads.",
        ),
        outbound=(
            "Combining the region and product filters is possible today: open the filter panel, add both "
            "fields and switch the logic to AND. I am happy to walk your team through it in fifteen minutes.",
            "Scheduled snapshots are part of your plan. You can set them up under Share, then Schedule, and "
            "pick a weekday, a time and a list of recipients.",
            "Thanks for flagging the mismatch. It is usually caused by a filter that applies to the detail "
            "view only. Could you send me a screenshot of both views so our team can confirm?",
            "For read-only sharing, the simplest option is the Viewer role, which does not use a paid seat. "
            "I have written up the steps in a short guide and can send it over today.",
        ),
    ),
    "renewal": Topic(
        subjects=("Renewal planning for {year}", "Your upcoming renewal", "Renewal paperwork"),
        inbound=(
            "Our finance team has started planning next year's budget and asked me to confirm the renewal "
            "terms early. Could you send an updated quote that reflects our current number of seats?",
            "Before we renew, we would like to understand what changes in the new pricing tiers. We mostly "
            "use dashboards and two connectors, so we want to avoid paying for features we do not need.",
            "Procurement needs a few documents for the renewal, including your latest security certificate "
            "and the standard contract. Who on your side can help with that?",
            "We are reviewing all our software contracts this quarter. To be transparent, we are also "
            "looking at two other vendors, so a competitive offer would help.",
        ),
        outbound=(
            "As your renewal is coming up, I would like to set aside time to review how the platform is "
            "being used and what you need for the next year. Would a thirty-minute call work?",
            "I have prepared a renewal proposal based on your current usage. It includes the same connectors "
            "and adds premium support, which several of your admins asked about.",
            "Our legal team has sent the standard order form to procurement. If your team needs changes to "
            "the payment terms, please flag them early so we can avoid delays.",
            "I understand you are comparing options, and I appreciate the openness. Let me share a summary "
            "of what your team has built on the platform so far, which might help the internal discussion.",
        ),
    ),
    "billing": Topic(
        subjects=("Invoice question", "Question about invoice {inv}", "Billing contact update"),
        inbound=(
            "I am looking at invoice {inv} and the number of seats seems higher than what we agreed. Could "
            "you check it and send a corrected version if needed?",
            "Our accounts payable team moved to a new system, so please send future invoices to a different "
            "mailbox. I will share the address as soon as IT has set it up.",
            "Can we switch from quarterly to annual invoicing? It would simplify things for our finance "
            "team, who currently chase four approvals a year.",
            "We received a payment reminder for an invoice we already paid on the {day}th. Could you check "
            "with your finance team and let me know?",
        ),
        outbound=(
            "Thanks for flagging this. I checked with our billing team and they are reviewing invoice {inv} "
            "now. I will get back to you as soon as I have an answer.",
            "Annual invoicing is possible from the next billing period. I have asked billing to prepare the "
            "change and they will confirm the new schedule in writing.",
            "Apologies for the payment reminder, it crossed with your payment. Our finance team has "
            "confirmed that the invoice is settled, so you can safely ignore the reminder.",
            "I have updated the billing contact in our system. The next invoice will go to the new address, "
            "and I will double-check that it arrives.",
        ),
    ),
    "security": Topic(
        subjects=("Security review", "SSO setup", "Security questionnaire"),
        inbound=(
            "Our security team is running its annual vendor review and sent over a questionnaire with about "
            "{n} questions. Could you help us fill it in by the end of the month?",
            "We want to switch everyone to single sign-on before the next audit. Which identity providers do "
            "you support, and is there a setup guide?",
            "Can you confirm where our data is stored and which sub-processors have access to it? Our data "
            "protection officer asked for this in writing.",
            "One of our admins noticed a login from an unusual location in the audit log. It was probably a "
            "colleague travelling, but could you confirm there was no incident on your side?",
        ),
        outbound=(
            "Happy to help with the questionnaire. Most answers are already in our trust centre, and I will "
            "ask our security team to complete the remaining questions directly.",
            "We support single sign-on with Okta, Azure AD and Google. The setup usually takes an afternoon, "
            "and Priya from our team can join the session to help your admin.",
            "Your workspace is hosted in our primary region and the list of sub-processors is published in "
            "our trust centre. I can also send a signed statement if your data protection officer needs one.",
            "I checked with our security team and there was no incident on our side. The login came through "
            "your single sign-on, so your identity provider logs should show who it was.",
        ),
    ),
    "connectors": Topic(
        subjects=("Data sync issue", "Connector setup for {source}", "Sync delays on {source}"),
        inbound=(
            "The {source} sync has been slower than usual this week. The dashboards update around lunchtime "
            "instead of first thing in the morning, which is a problem for our daily stand-up.",
            "We are adding {source} as a new data source. Do you have a recommended setup, and should we "
            "create a dedicated service account for it?",
            "Some records from {source} seem to be missing in the dashboards. I counted about {n} rows that "
            "exist in the source but do not show up on your side.",
            "Our data team wants to understand how often the {source} connector refreshes and whether we can "
            "trigger a refresh manually after a big import.",
        ),
        outbound=(
            "I have asked our support team to look at the {source} sync. They will check the job history and "
            "come back to you with a first assessment by tomorrow.",
            "For {source} we recommend a dedicated service account with read-only access. I will send the "
            "setup guide, which also covers the permissions your admin needs to grant.",
            "The {source} connector refreshes every six hours by default. Admins can start a manual refresh "
            "from the data source page, which is handy after a large import.",
            "Thanks for the detailed report on the missing rows. Our engineers found that the records were "
            "filtered by an old sync rule, and they are adjusting it now.",
        ),
    ),
    "training": Topic(
        subjects=("Training for new users", "Admin training session", "Workshop for the {dept} team"),
        inbound=(
            "We have {n} new people joining the {dept} team next month. Could you run a short introduction "
            "to the platform for them, ideally in their first week?",
            "Our power users would like a more advanced session on calculated fields and custom metrics. Is "
            "that something you offer as part of our plan?",
            "Would it be possible to record the next training session? Half of the team works in a different "
            "time zone and cannot join live.",
            "Thanks for the workshop last week. The feedback was good, and people asked for a follow-up on "
            "building their own reports.",
        ),
        outbound=(
            "We would be glad to run an introduction for the new joiners. Our standard session takes an hour "
            "and covers navigation, filters and sharing.",
            "An advanced session on calculated fields is a good idea. I can bring one of our analysts, and "
            "we can use your own data so the examples feel familiar.",
            "We can record the session and share the video afterwards. I will also send the slides so people "
            "can follow along at their own pace.",
            "Glad the workshop was useful. For the follow-up, I suggest a hands-on session where everyone "
            "builds one report they actually need.",
        ),
    ),
    "usage": Topic(
        subjects=("Quarterly usage review", "Usage report for {quarter}", "Adoption across your teams"),
        inbound=(
            "Could you send us a usage report for the last quarter? Leadership wants to see which teams "
            "actually use the dashboards before we expand.",
            "I noticed that only a few people in {dept} log in regularly. Do you have ideas on how to "
            "improve adoption there without forcing anyone?",
            "We are preparing an internal review of our analytics tools and would like to include some "
            "numbers on active users and the most-viewed dashboards.",
            "Our CFO asked how our usage compares to similar companies. Do you have any benchmarks you can "
            "share with us?",
        ),
        outbound=(
            "I have pulled the usage numbers for {quarter}. Weekly active users grew steadily, and the "
            "{dept} dashboards are now among the most viewed in your workspace.",
            "Adoption usually improves when each team has one dashboard that answers its main daily "
            "question. I would suggest starting with {dept} and building that together.",
            "Happy to help with the internal review. I will put together active users, most-viewed "
            "dashboards and refresh statistics in one short document.",
            "We can share anonymised benchmarks from companies of a similar size. Your usage is above the "
            "median, especially for scheduled reports.",
        ),
    ),
    "feature_request": Topic(
        subjects=("Feature request", "Roadmap question", "Request from our {dept} team"),
        inbound=(
            "Our {dept} team keeps asking whether they can add comments directly to charts. Is anything like "
            "that on your roadmap?",
            "We would love an export to PowerPoint that keeps the layout. Building the monthly board pack by "
            "hand takes one of our analysts a full day.",
            "Is there a way to get alerts when a metric changes suddenly? Right now someone has to watch the "
            "dashboard every morning.",
            "We are interested in embedding a few charts in our internal portal. Is that possible with our "
            "current plan, or would we need an add-on?",
        ),
        outbound=(
            "Thanks for passing on the request. I have logged it with our product team and linked it to your "
            "account, so you will hear from us when there is progress.",
            "Our product team is already exploring this, and I can share more details on the next roadmap "
            "call once the design is settled.",
            "Embedding is available as an add-on. I can set up a short demo with Priya so your developers "
            "can see what is involved.",
            "Alerts on sudden changes are possible today with threshold rules. I will send a short example "
            "that you can copy for your own metrics.",
        ),
    ),
    "followup": Topic(
        subjects=("Follow-up from our meeting", "Notes from {weekday}", "Next steps after our call"),
        inbound=(
            "Thanks for taking the time to meet on {weekday}. I have shared the notes with our leadership "
            "team and they asked for a short summary of the proposed next steps.",
            "Following up on our meeting: we discussed the timeline internally and would prefer to start in "
            "the next quarter rather than this one.",
            "Good meeting yesterday. Could you send over the slides you presented so I can share them with "
            "the {dept} team?",
            "I wanted to confirm the open points from our call so that nothing falls through the cracks on "
            "our side.",
        ),
        outbound=(
            "Thank you for the productive meeting on {weekday}. I have put a summary of what we agreed into "
            "our shared notes, so everyone is on the same page.",
            "As promised, I am sending the slides from our meeting. The section on data connectors should "
            "answer the questions your IT team raised.",
            "Following up on our call: I have shared your feedback with our product team, and they would "
            "like to speak to one of your analysts.",
            "It was good to see everyone on {weekday}. I have booked a follow-up in four weeks to check "
            "progress on the open points.",
        ),
    ),
}

EN = TextPack(
    greetings={
        "formal": ("Dear {honorific} {last},", "Dear {first} {last},"),
        "neutral": ("Hello {first},", "Hi {first},", "Good morning {first},"),
        "casual": ("Hi {first},", "Hey {first},", "Hi {first}!"),
    },
    honorifics={"f": "Ms.", "m": "Mr."},
    openers={
        "first_in": (
            "I hope you are doing well.",
            "I have a question for you.",
            "I hope your week is off to a good start.",
            "Reaching out about something that came up on our side.",
        ),
        "first_out": (
            "I hope your week is going well.",
            "I wanted to follow up on our last conversation.",
            "Quick note from my side.",
            "I hope all is well at {company}.",
        ),
        "reply_in": (
            "Thanks for your reply.",
            "Thanks, that helps.",
            "Sorry for the delay in getting back to you.",
        ),
        "reply_out": (
            "Thanks for getting back to me so quickly.",
            "Thanks for the update, that is helpful.",
            "Apologies for the slow reply, it has been a busy week.",
        ),
    },
    closings={
        "in": (
            "Could you let me know by the end of the week?",
            "Looking forward to your thoughts.",
            "Let me know what you need from our side.",
            "Thanks in advance for your help.",
        ),
        "out": (
            "Let me know if {weekday} afternoon works for a short call.",
            "Happy to jump on a call if that is easier.",
            "Just reply here if anything is unclear.",
            "I will keep you posted on progress.",
        ),
    },
    generic={
        "in": (
            "On a separate note, our team is moving offices at the end of the month, so responses might be a "
            "bit slower for a few days.",
            "I am out of the office on {weekday} but will check email in the evening.",
            "We also had our quarterly planning this week, and analytics came up several times as a priority "
            "for next year.",
            "By the way, the {dept} team asked me to pass on their thanks for the quick help last month.",
        ),
        "out": (
            "On another topic, we are hosting a customer webinar on dashboard design next month, and your "
            "team would be very welcome.",
            "I will be travelling on {weekday}, but I can still take a call in the morning if something "
            "urgent comes up.",
            "Also, our next release includes several improvements to filters, which your {dept} team asked "
            "about earlier this year.",
            "Please let me know if anyone else on your side should be included in these updates.",
        ),
    },
    signoffs={
        "formal": ("Kind regards,", "Best regards,", "Yours sincerely,"),
        "neutral": ("Best regards,", "Thanks,", "Best,"),
        "casual": ("Cheers,", "Thanks!", "Talk soon,"),
    },
    topics=_TOPICS,
)

DNC_REQUEST = (
    "Please remove everyone at {company} from your sales and marketing outreach, effective immediately. "
    "Our legal team has asked that all communication about our contract goes through the procurement portal "
    "from now on. Do not call or email our staff about renewals, upgrades or new products. We will reach out "
    "if we need anything. Thank you for respecting this request."
)
