"""The summarize_call tool: a stored call becomes a cited summary draft, held for approval.

The tool never ingests: its callers (CLI, API, evals) store the transcript first and pass the
interaction. Speakers are sorted into the customer's side and ours (copilot/tools/speaker_roles.py);
action items (who owes what to whom by when), decisions and risks are read from the numbered
utterances by rules (copilot/tools/call_items.py); sentiment reads the customer's turns. The summary
paragraph is extractive by default (salient sentences in reported speech, copilot/tools/call_digest.py);
with `call_summary_writer=model` (or "auto" and a remote model) the chat model writes it, and a junk or
unusable answer is replaced by the extractive one and the reviewer told.
"""

from __future__ import annotations

from typing import Any

from copilot.container import Services
from copilot.db.models import Draft, DraftKind, DraftStatus, Interaction
from copilot.errors import ConflictError, CopilotError, ModelError, NotFoundError
from copilot.guards.junk import summary_is_junk
from copilot.prompting import load_prompt
from copilot.tools.call_digest import DIGEST_NAME, DIGEST_VERSION
from copilot.tools.call_model import call_model
from copilot.tools.call_record import CallRecord, load_call
from copilot.tools.call_render import build_structured, flags_for, render_body
from copilot.workflow import complete_generation, fail_generation, open_draft

__all__ = ["generate_call_summary", "request_call_summary", "summarize_call", "summary_is_junk"]


def request_call_summary(
    services: Services, interaction_id: int, *, requested_by_id: int | None = None
) -> Draft:
    """Open a call-summary draft (generating) for a stored call; the generator fills it."""
    with services.sessions() as session, session.begin():
        row = session.get(Interaction, interaction_id)
        if row is None:
            raise NotFoundError(f"interaction {interaction_id} not found")
        draft = open_draft(
            session,
            kind=DraftKind.CALL_SUMMARY,
            account_id=row.account_id,
            contact_id=row.contact_id,
            purpose=f"summarize call: {row.subject or row.id}",
            instructions=None,
            requested_by_id=requested_by_id,
        )
        # The call the draft summarises; regeneration reads it from here.
        draft.structured = {"interaction_id": row.id}
    return draft


def summarize_call(services: Services, interaction_id: int, *, requested_by_id: int | None = None) -> Draft:
    """Summarise a stored call into a cited draft held for approval (pending_review)."""
    with services.sessions() as session:
        # A call with no utterances is refused before any draft exists, with the reason.
        load_call(session, interaction_id, services.settings.our_domains)
    draft = request_call_summary(services, interaction_id, requested_by_id=requested_by_id)
    return generate_call_summary(services, draft.id)


def _call_of(services: Services, draft_id: int) -> CallRecord:
    with services.sessions() as session:
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise NotFoundError(f"draft {draft_id} not found")
        if draft.status is not DraftStatus.GENERATING:
            raise ConflictError(f"draft {draft_id} is {draft.status.value}, not generating")
        interaction_id = (draft.structured or {}).get("interaction_id")
        if not isinstance(interaction_id, int):
            raise NotFoundError(f"draft {draft_id}: the call it summarises is not recorded")
        return load_call(session, interaction_id, services.settings.our_domains)


def generate_call_summary(services: Services, draft_id: int) -> Draft:
    """Fill a generating call-summary draft from its stored call (the registered generator)."""
    try:
        call = _call_of(services, draft_id)
        summary, meta = _written_summary(services, draft_id, call)
        return _store(services, draft_id, call, summary, meta)
    except CopilotError as exc:
        with services.sessions() as session, session.begin():
            draft = session.get(Draft, draft_id)
            if draft is not None and draft.status is DraftStatus.GENERATING:
                fail_generation(session, draft, str(exc))
        raise


def model_writes_summary(services: Services) -> bool:
    """Whether the chat model writes the paragraph (else the extractive digest does, with no model call)."""
    writer = services.settings.call_summary_writer
    return writer == "model" or (writer == "auto" and services.settings.llm_provider != "embedded")


def _written_summary(services: Services, draft_id: int, call: CallRecord) -> tuple[str, dict[str, Any]]:
    if not model_writes_summary(services):
        meta = {"model": DIGEST_NAME, "prompt_name": DIGEST_NAME, "prompt_version": DIGEST_VERSION}
        return "", {**meta, "timings": {"writer": "extractive"}}
    # The model writes only the paragraph; when its output is unusable (cut off, not JSON) the extractive
    # summary and the rule-extracted items still make a useful draft, and the reviewer is told.
    try:
        return call_model(services, draft_id, call)
    except ModelError as exc:
        prompt = load_prompt("summarize_call")
        failed: dict[str, Any] = {
            "model": getattr(services.chat_model, "model_name", None),
            "prompt_name": prompt.name,
            "prompt_version": prompt.version,
        }
        return "", {**failed, "timings": {"model_error": str(exc)[:300]}}


def _store(services: Services, draft_id: int, call: CallRecord, summary: str, meta: dict[str, Any]) -> Draft:
    structured, replaced = build_structured(
        call, summary, services.sentence_model, services.sentence_labeller
    )
    body, span = render_body(structured)
    flags = flags_for(call, body, span, model_wrote=bool(summary) and not replaced)
    if "model_error" in meta["timings"]:
        detail = (
            f"the model's summary was unusable, the extractive one was used: {meta['timings']['model_error']}"
        )
        flags.append({"type": "model_output", "span": list(span), "detail": detail})
    # The model was asked but its paragraph was not used: the reviewer sees which field is not the model's.
    asked = "writer" not in meta["timings"]
    fell_back = asked and (replaced or not summary)
    meta["timings"] = {**meta["timings"], "template_fields": ["summary"] if fell_back else []}
    with services.sessions() as session, session.begin():
        draft = session.get_one(Draft, draft_id)
        row = session.get_one(Interaction, call.interaction_id)
        citation = {
            "n": 1,
            "interaction_id": row.id,
            "account_id": row.account_id,
            "occurred_at": row.occurred_at.isoformat(),
            "kind": row.kind,
            "direction": row.direction,
            "who": ", ".join(sorted({u.speaker for u in call.utterances}))[:120],
            "subject": row.subject,
            "excerpt": row.text[:600],
            "used": True,
        }
        complete_generation(
            session,
            draft,
            subject=f"Call summary: {call.subject}",
            body=body,
            citations=[citation],
            flags=flags,
            structured=structured,
            **meta,
        )
    return draft
