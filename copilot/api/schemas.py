"""Request bodies (closed: an unknown field is a 422 naming it), the error shape and OpenAPI helpers; the
response models live beside the queries that fill them (copilot/drafts.py, copilot/records.py, ...)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from copilot.auth.users import EMAIL_RULE, OWNER_ID_RULE, schema_pattern
from copilot.channels import Channel
from copilot.db.models import Draft, Role
from copilot.workflow import has_line_break

# The largest value an id (or version, or offset) column holds on PostgreSQL (INTEGER); a bigger number
# answers 422 naming the field instead of overflowing the database driver into a 500.
MAX_INT = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_INT)]
IdPath = Annotated[int, Path(ge=1, le=MAX_INT)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_INT)]
RequiredIdQuery = Annotated[int, Query(ge=1, le=MAX_INT)]
Offset = Annotated[int, Query(ge=0, le=MAX_INT)]


# Text the domain strips must hold one character str.strip() keeps; its whitespace is spelled out so
# every regex dialect (the schema's readers, pydantic's) agrees on what "blank" is.
SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = f"[^{SPACES}]"
# A display name is one line once stripped (copilot.auth.users): line feeds only in the white space
# around it. Matches the same strings in Python's and pydantic's regex dialects (no \s, and a final
# newline, which Python's "$" admits, is white space either way).
ONE_LINE_STRIPPED = rf"^[{SPACES}]*[^\n]*[{SPACES}]*$"


# A subject is one line (copilot.workflow.LINE_BREAKS), stated in the schema as well.
ONE_LINE = r"^[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*$"


def one_line(value: str) -> str:
    """Refuse a subject with a line break, naming the problem."""
    if has_line_break(value):
        raise ValueError("must be one line: CR, LF and other line breaks are not allowed in a subject")
    return value


Subject = Annotated[
    str, Field(max_length=300, json_schema_extra={"pattern": ONE_LINE}), AfterValidator(one_line)
]


class Closed(BaseModel):
    """No extra fields: status, approver, owner or requester can never ride along in a body."""

    model_config = ConfigDict(extra="forbid")


class DraftCreate(Closed):
    """Ask for an email draft; it is generated asynchronously.

    With `reply_to_interaction_id` the draft answers that inbound message (threaded on delivery);
    the purpose may then be left out.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["purpose"], "properties": {"purpose": {"type": "string"}}},
                {
                    "required": ["reply_to_interaction_id"],
                    "properties": {"reply_to_interaction_id": {"type": "integer"}},
                },
            ]
        },
    )

    account_id: Id
    purpose: str | None = Field(default=None, min_length=3, max_length=2000, pattern=NOT_BLANK)
    contact_id: Id | None = None
    instructions: str | None = Field(default=None, max_length=2000)
    reply_to_interaction_id: Id | None = None

    @model_validator(mode="after")
    def _has_purpose(self) -> DraftCreate:
        if self.purpose is None and self.reply_to_interaction_id is None:
            raise ValueError("purpose: give a purpose, or reply_to_interaction_id to answer a message")
        return self


class DraftEdit(Closed):
    """A new subject and/or body for the version named by `version`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["subject"], "properties": {"subject": {"type": "string"}}},
                {"required": ["body"], "properties": {"body": {"type": "string"}}},
            ]
        },
    )

    version: Id
    subject: Subject | None = None
    body: str | None = Field(default=None, max_length=20000, pattern=NOT_BLANK)

    @model_validator(mode="after")
    def _changes_something(self) -> DraftEdit:
        if self.subject is None and self.body is None:
            raise ValueError("subject/body: give a new subject, a new body, or both")
        return self


class DraftApprove(Closed):
    """Approve `version`; with subject/body, approve the reviewer's edit of it."""

    version: Id
    reason: str | None = Field(default=None, max_length=2000)
    subject: Subject | None = None
    body: str | None = Field(default=None, max_length=20000, pattern=NOT_BLANK)


class DraftReject(Closed):
    """Reject `version`, saying why."""

    version: Id
    reason: str = Field(min_length=1, max_length=2000, pattern=NOT_BLANK)


class DraftRegenerate(Closed):
    """Generate a new version, optionally with new instructions."""

    instructions: str | None = Field(default=None, max_length=2000)


class DraftDeliver(Closed):
    """Send by SMTP, export as .eml, or (call summaries) write back to the account's record."""

    channel: Channel


class UserCreate(Closed):
    """A new user; the response carries their API key once."""

    name: str = Field(min_length=1, max_length=120, pattern=NOT_BLANK)
    role: Role
    team: str | None = Field(default=None, max_length=60)
    email: str | None = Field(default=None, max_length=254, pattern=schema_pattern(EMAIL_RULE))
    crm_owner_id: str | None = Field(default=None, max_length=120, pattern=schema_pattern(OWNER_ID_RULE))
    display_name: str | None = Field(default=None, max_length=200, pattern=ONE_LINE_STRIPPED)
    signature: str | None = Field(default=None, max_length=1000)


class AudienceChange(Closed):
    """A reviewer's decision on who an interaction is for, and why."""

    audience: Literal["customer", "internal"]
    reason: str | None = Field(default=None, max_length=2000)


class ToneRequest(Closed):
    """A text to label, and whether it comes from the customer or from us."""

    text: str = Field(min_length=1, max_length=20000, pattern=NOT_BLANK)
    direction: Literal["inbound", "outbound"]


TONE_BATCH_MAX = 64


class ToneBatchRequest(Closed):
    """Several texts of one direction, labelled in one embedding pass (the body limit still applies)."""

    texts: list[Annotated[str, Field(min_length=1, max_length=20000, pattern=NOT_BLANK)]] = Field(
        min_length=1, max_length=TONE_BATCH_MAX
    )
    direction: Literal["inbound", "outbound"]


class ErrorDetail(BaseModel):
    """What went wrong: a stable code for programs and a message naming the problem for people."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """The one error shape of every non-2xx answer: {"error": {"code": ..., "message": ...}}."""

    error: ErrorDetail


ERROR_DESCRIPTIONS = {
    400: "Malformed request: a body that cannot be parsed, or a Content-Length that is not a number",
    401: "Missing, unknown or revoked API key",
    403: "The caller's role may not do this",
    404: "No such object, or one the caller may not see",
    409: "Conflicts with the current state (stale version, wrong status, contact policy, name taken)",
    413: "Request body over the size limit",
    422: "Invalid input; the message names the field",
    429: "Rate limit exceeded; retry after the `Retry-After` seconds",
    502: "The chat model failed or answered outside the schema",
    503: "The database is busy or unreachable; retry after the `Retry-After` seconds",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries declaring these error statuses, all in the one error shape."""
    return {status: {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[status]} for status in statuses}


# What any authenticated request can meet, whatever it asks: no key, a rate limit, a busy database.
AUTHENTICATED = (400, 401, 422, 429, 503)


# Uploads are read raw (`await request.body()`), so FastAPI cannot infer them; declared for clients.
RAW_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


# What a review-queue row shows; a listing of 50 full drafts was ~110 KB and most of the read's cost.
QUEUE_COLUMNS = (
    Draft.id,
    Draft.kind,
    Draft.status,
    Draft.version,
    Draft.account_id,
    Draft.contact_id,
    Draft.purpose,
    Draft.subject,
    Draft.language,
    Draft.flags,
    Draft.requested_by_id,
    Draft.created_at,
    Draft.updated_at,
)
