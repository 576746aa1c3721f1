"""The JSON a draft row stores beside its text: citations, body citations, flags, timings, and a call
summary's structured content. Written by the tools and guards; read back through these shapes by the
API, the web pages and the CLI, so every reader sees the same documented fields.
"""

from __future__ import annotations

from pydantic import Field

from copilot.shapes import StoredShape


class Citation(StoredShape):
    """A numbered record the draft rests on: where it came from and an excerpt of it."""

    n: int
    interaction_id: int | None = None
    account_id: int | None = None
    occurred_at: str | None = Field(default=None, description="ISO 8601")
    kind: str | None = None
    direction: str | None = None
    who: str | None = None
    subject: str | None = None
    audience: str | None = Field(default=None, description="customer or internal")
    excerpt: str | None = None
    used: bool | None = Field(default=None, description="true when the text cites it")


class BodyCitation(StoredShape):
    """A span of the body (character offsets) and the citation numbers of the records it rests on."""

    start: int
    end: int
    n: list[int]


class Flag(StoredShape):
    """Something a reviewer must look at: its type, the span of the body it concerns, and why."""

    type: str = Field(description="e.g. tone, injection, unsupported_claim, internal_source, policy")
    span: list[int] | None = Field(default=None, description="[start, end] in the body, or null")
    record: int | None = Field(default=None, description="the citation number of the record concerned")
    record_span: list[int] | None = Field(default=None, description="[start, end] in that record's text")
    utterance: int | None = Field(default=None, description="the call utterance concerned")
    interaction_id: int | None = None
    detail: str | None = None


class LeftOutFact(StoredShape):
    """A fact the draft did not use."""

    n: int | None = None
    text: str | None = None


class ReplyQuestion(StoredShape):
    """A question of the message being answered, and the record that answers it (null: none)."""

    question: str
    answered_by: int | None = None


class Timings(StoredShape):
    """How the draft was made: model latency and tokens, the writing mode, wording put in by template."""

    latency_s: float | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    draft_mode: str | None = None
    writer: str | None = None
    model_error: str | None = None
    template_fields: list[str] | None = Field(default=None, description="parts written from a template")
    facts_left_out: list[LeftOutFact] | None = None
    reply_questions: list[ReplyQuestion] | None = None


class SummarySentence(StoredShape):
    """One sentence of an extractive summary and the utterance it came from."""

    text: str
    utterance: int | None = None


class WrittenSummary(StoredShape):
    """The call summary's text, who wrote it (model or extractive) and the utterances it rests on."""

    text: str
    utterances: list[int] = Field(default_factory=list)
    writer: str | None = None
    sentences: list[SummarySentence] | None = None


class SpeakerSide(StoredShape):
    """A speaker of the call and the side they spoke for."""

    speaker: str
    side: str
    reason: str | None = None


class Speakers(StoredShape):
    """Each speaker's side, and the speakers whose side is unknown."""

    speakers: list[SpeakerSide] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)


class CallItem(StoredShape):
    """An action item, decision or risk of a call, citing the utterances it comes from."""

    text: str
    utterances: list[int] = Field(default_factory=list)
    owner: str | None = None
    due_date: str | None = None
    due_text: str | None = None
    kind: str | None = None


class CustomerSentiment(StoredShape):
    """The customer's mood on the call and the utterances it was read from."""

    label: str
    negative_score: float | None = None
    tone_labels: list[str] | None = None
    utterances: list[int] = Field(default_factory=list)
    read_from: list[str] = Field(default_factory=list)


class Utterance(StoredShape):
    """One numbered turn of the call."""

    n: int
    speaker: str
    side: str | None = None
    text: str


class CallContent(StoredShape):
    """A call summary's structured content (empty for an email draft)."""

    interaction_id: int | None = None
    summary: WrittenSummary | None = None
    speakers: Speakers | None = None
    action_items: list[CallItem] | None = None
    decisions: list[CallItem] | None = None
    customer_sentiment: CustomerSentiment | None = None
    risks: list[CallItem] | None = None
    utterances: list[Utterance] | None = None
