"""The documented shape of an account summary, as `copilot.tools.account_summary` builds and caches it.

The summary's content is stored on its cache row as built, so its parts are stored shapes: every
field a reader may rely on is declared, and what the builder wrote comes back as written.
"""

from __future__ import annotations

from pydantic import Field

from copilot.draft_content import Citation
from copilot.shapes import StoredShape


class SummaryItem(StoredShape):
    """An open issue, commitment or risk: the sentence, the records it cites and when it was said."""

    text: str
    citations: list[int] = Field(description="numbers of the summary's `citations`")
    date: str | None = Field(default=None, description="ISO 8601 date")
    side: str | None = Field(default=None, description="who said it: customer or us")
    score: float | None = Field(default=None, description="the sentence classifier's confidence")
    speaker: str | None = None
    ticket_priority: str | None = None
    awaiting_reply_since: str | None = Field(
        default=None, description="open issues: the day of the customer's message we have not answered"
    )
    left_open_by_reply_of: str | None = Field(
        default=None, description="open issues: the day of our reply in its thread that did not take it up"
    )
    due_date: str | None = Field(default=None, description="commitments: ISO 8601 date, or null")
    overdue: bool | None = Field(default=None, description="commitments: past their due date")
    kind: str | None = Field(
        default=None,
        description=(
            "risks: churn_threat, do_not_contact, escalation, complaint, missed_deadline, budget_cut, "
            "champion_leaving, ownership_change, procurement_delay, sentiment_drop or warning_sign"
        ),
    )
    kind_label: str | None = Field(default=None, description="risks: the kind as a manager reads it")
    also: list[str] | None = Field(
        default=None, description="risks: the record's other risk sentences (one risk per record)"
    )
    record_kind: str | None = Field(
        default=None, description="the cited record's kind (email, call, ticket...)"
    )
    subject: str | None = Field(default=None, description="tickets: the ticket's subject")
    ticket_state: str | None = Field(
        default=None, description="tickets: open, or waiting on the customer (then no escalation risk)"
    )
    waiting_for: str | None = Field(
        default=None, description="tickets waiting on the customer: what support asked them for, if said"
    )
    leaver: str | None = Field(
        default=None, description="champion leaving: who leaves, by name, when the record names them"
    )
    successor: str | None = Field(default=None, description="champion leaving: who takes over, if said")
    leaving_when: str | None = Field(default=None, description="champion leaving: when, as said")
    already_left: bool | None = Field(
        default=None, description="champion leaving: true when the words say they have already gone"
    )
    paperwork_sent: str | None = Field(
        default=None,
        description="procurement delay: ISO 8601 date of our later mail saying the renewal's papers went out",
    )


class NarrativeSentence(StoredShape):
    """One sentence of the overview and the records it cites."""

    text: str
    citations: list[int] = Field(default_factory=list)


class Overview(StoredShape):
    """A 2-4 sentence narrative built from the cited items."""

    text: str
    citations: list[int] = Field(default_factory=list)
    sentences: list[NarrativeSentence] | None = None


class TrendMonth(StoredShape):
    """One month of the customer's sentiment: how many of their items read negative, cited."""

    month: str = Field(description="YYYY-MM")
    customer_items: int
    negative: int
    negative_share: float | None
    label: str = Field(description="negative, mixed, calm or no contact")
    citations: list[int] | None = None
    negative_resolved: int = Field(0, description="of the negative items, tickets since resolved or closed")


class SentimentTrend(StoredShape):
    """The customer's sentiment month by month, and its direction."""

    months: list[TrendMonth]
    direction: str = Field(
        description="improving, worsening or stable (the latest month against the average of the earlier "
        "ones), or insufficient data"
    )
    source: str


class ActionTarget(StoredShape):
    """The summary item an action is about."""

    section: str
    index: int


class NextAction(StoredShape):
    """A next best action on one open item."""

    text: str
    citations: list[int] = Field(default_factory=list)
    item: ActionTarget | None = None


class Watermark(StoredShape):
    """What the summary was built from: how many interactions, and the latest change among them."""

    interactions: int
    latest_update: str | None = Field(description="ISO 8601")


class SummaryTimings(StoredShape):
    """How long building the summary took."""

    build_s: float | None = None


class ContactPolicy(StoredShape):
    """Who on the account may be contacted, from the CRM's flags, with the customer's request if on record."""

    do_not_contact: bool
    opted_out: list[str] = Field(default_factory=list, description="contacts who opted out, by name")
    text: str
    citations: list[int] = Field(default_factory=list)


class AccountSummaryPublic(StoredShape):
    """A manager's cited view of one account: open issues, commitments, risks, sentiment, next actions."""

    account_id: int
    account_name: str
    cached: bool = Field(description="true when answered from the cache")
    model: str | None
    prompt_version: str | None = Field(description="the sentence classifier's version")
    created_at: str | None = Field(description="ISO 8601")
    watermark: Watermark
    format: int | None = Field(default=None, description="the content's shape version")
    overview: Overview | None = None
    contact_policy: ContactPolicy | None = Field(
        default=None, description="null when everyone on the account may be contacted"
    )
    open_issues: list[SummaryItem] = Field(default_factory=list)
    commitments_by_us: list[SummaryItem] = Field(default_factory=list)
    commitments_by_them: list[SummaryItem] = Field(default_factory=list)
    risks: list[SummaryItem] = Field(default_factory=list)
    sentiment_trend: SentimentTrend | None = None
    next_best_actions: list[NextAction] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    sentences_classified: dict[str, int] = Field(default_factory=dict, description="sentences read, by class")
    timings: SummaryTimings | None = None
