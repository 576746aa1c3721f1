"""The draft_email tool: a grounded, cited email for one account, held for review."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Account, Contact, Draft, DraftKind
from copilot.errors import CopilotError, NotFoundError
from copilot.guards.contact_policy import check_may_contact, fatigue
from copilot.guards.fencing import fence_records
from copilot.prompting import load_prompt
from copilot.retrieval import GroundedContext, Retriever
from copilot.tools.modelcall import audited_call
from copilot.workflow import complete_generation, fail_generation, open_draft

_CITATION = re.compile(r"\[(\d{1,2})\]")


class EmailDraftOutput(BaseModel):
    """What the model must return for an email draft."""

    subject: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    citations: list[int] = Field(default_factory=list, max_length=12)


@dataclass(frozen=True)
class EmailRequest:
    """A rep's request for an email draft."""

    account_id: int
    purpose: str
    contact_id: int | None = None
    instructions: str | None = None
    requested_by_id: int | None = None


def _load_parties(session: Session, request: EmailRequest) -> tuple[Account, Contact | None]:
    account = session.get(Account, request.account_id)
    if account is None:
        raise NotFoundError(f"account {request.account_id} not found")
    contact = None
    if request.contact_id is not None:
        contact = session.get(Contact, request.contact_id)
        if contact is None or contact.account_id != account.id:
            raise NotFoundError(f"contact {request.contact_id} not found in account {account.id}")
    elif account.contacts:
        contact = next((c for c in account.contacts if not c.opted_out), account.contacts[0])
    return account, contact


def cited_numbers(output: EmailDraftOutput, available: int) -> list[int]:
    """Citation numbers the model used (in the body or its list) that name a supplied record."""
    used = {int(n) for n in _CITATION.findall(output.body)} | set(output.citations)
    return sorted(n for n in used if 1 <= n <= available)


def request_email(services: Services, request: EmailRequest) -> Draft:
    """Check contact policy, then open a `generating` draft; generation happens in generate_email."""
    with services.sessions() as session, session.begin():
        account, contact = _load_parties(session, request)
        check_may_contact(account, contact)
        return open_draft(
            session,
            kind=DraftKind.EMAIL,
            account_id=account.id,
            contact_id=contact.id if contact else None,
            purpose=request.purpose,
            instructions=request.instructions,
            requested_by_id=request.requested_by_id,
        )


def generate_email(services: Services, draft_id: int) -> Draft:
    """Retrieve, prompt, verify and hold: moves the draft to pending_review, or failed with a reason."""
    with services.sessions() as session:
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise NotFoundError(f"draft {draft_id} not found")
        account = session.get_one(Account, draft.account_id)
        contact = session.get(Contact, draft.contact_id) if draft.contact_id else None
        language = (contact.language if contact and contact.language else None) or account.language
        formality = account.formality
        contact_name = contact.name if contact else "team"
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    context = retriever.retrieve(
        draft.account_id,
        f"{draft.purpose} {draft.instructions or ''}",
        top_k=services.settings.retrieval_top_k,
        token_budget=services.settings.retrieval_token_budget,
    )
    try:
        output = _call_model(services, draft, context, language, formality, contact_name)
    except CopilotError as exc:
        with services.sessions() as session, session.begin():
            fail_generation(session, session.get_one(Draft, draft_id), str(exc))
        raise
    return _store(services, draft_id, output, context, language, formality)


def _call_model(
    services: Services, draft: Draft, context: GroundedContext, language: str, formality: str, contact_name: str
) -> tuple[EmailDraftOutput, dict[str, object]]:
    prompt = load_prompt("draft_email")
    result = audited_call(
        sessions=services.sessions,
        model=services.chat_model,
        prompt=prompt,
        variables={
            "our_company": "Northwind Analytics",
            "language": language,
            "formality": formality,
            "records": fence_records(context.records),
            "contact_name": contact_name,
            "purpose": draft.purpose,
            "instructions": f"Extra instructions from the rep: {draft.instructions}" if draft.instructions else "",
        },
        schema=EmailDraftOutput,
        account_id=draft.account_id,
        draft_id=draft.id,
        retrieved_ids=context.interaction_ids,
        max_tokens=services.settings.llm_max_output_tokens,
    )
    meta: dict[str, object] = {
        "model": result.model,
        "prompt_name": prompt.name,
        "prompt_version": prompt.version,
        "timings": {
            "latency_s": round(result.latency_s, 3),
            "tokens_in": result.prompt_tokens,
            "tokens_out": result.completion_tokens,
        },
    }
    return result.parsed, meta


def _store(
    services: Services,
    draft_id: int,
    generated: tuple[EmailDraftOutput, dict[str, object]],
    context: GroundedContext,
    language: str,
    formality: str,
) -> Draft:
    output, meta = generated
    used = set(cited_numbers(output, len(context.records)))
    citations = [{**r.as_citation(), "used": r.n in used} for r in context.records]
    with services.sessions() as session, session.begin():
        draft = session.get_one(Draft, draft_id)
        flags = []
        policy = fatigue(
            session,
            draft.account_id,
            draft.contact_id,
            max_messages=services.settings.fatigue_max_messages,
            window_days=services.settings.fatigue_window_days,
        )
        if policy is not None:
            flags.append(policy.as_flag())
        complete_generation(
            session,
            draft,
            subject=output.subject,
            body=output.body,
            citations=citations,
            flags=flags,
            language=language,
            formality=formality,
            **meta,
        )
    return draft
