"""The draft_email tool: a grounded, cited email for one account, held for review.

Structure wins quality with a small model: retrieval picks the account's records, the facts
worth repeating are quoted verbatim with their citation numbers, the model writes only the
short free parts under a JSON schema, and the frame (greeting, sign-off) follows the customer's
language and formality.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pydantic import BaseModel
from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Account, Contact, Draft, DraftKind
from copilot.errors import CopilotError, ModelOutputError, NotFoundError
from copilot.guards.contact_policy import check_may_contact
from copilot.guards.fencing import fence_facts
from copilot.guards.injection import detect_injection
from copilot.llm.factory import StructuredResult
from copilot.llm.retry import RetryPolicy
from copilot.prompting import load_prompt
from copilot.retrieval import GroundedContext, Retriever
from copilot.tools.customer_facts import (
    AudienceSplit,
    attribute_our_lines,
    split_by_audience,
    without_interaction,
)
from copilot.tools.draft_checks import DraftChecks, check_draft, learned_detector_input
from copilot.tools.draft_gate import gate_fields
from copilot.tools.facts import FactSentence, select_facts
from copilot.tools.modelcall import audited_call
from copilot.tools.phrasing import frame_for, greeting
from copilot.tools.reply import (
    ReplyTarget,
    answer_frame,
    check_replyable,
    load_reply,
    reply_instructions,
    reply_purpose,
)
from copilot.tools.signoff import sign_off
from copilot.workflow import complete_generation, fail_generation, open_draft

_CITATION = re.compile(r"\[(\d{1,2})\]")
# Subject, opening and next step fit easily; a small cap stops a small model's rambling early.
DRAFT_MAX_TOKENS = 180
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
}


class EmailDraftOutput(BaseModel):
    """The free parts the model writes. No length limits in the schema: llama.cpp expands them
    into grammars too large to compile; the output token cap bounds the length instead."""

    subject: str
    opening: str
    next_step: str


@dataclass(frozen=True)
class EmailRequest:
    """A rep's request for an email draft."""

    account_id: int
    purpose: str
    contact_id: int | None = None
    instructions: str | None = None
    requested_by_id: int | None = None
    reply_to_interaction_id: int | None = None


@dataclass(frozen=True)
class Audience:
    """Who the email is for and how to address them, and who signs it."""

    account_id: int
    contact_name: str
    language: str
    formality: str
    sender: str
    signature: str | None = None
    company: str = ""


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


def request_email(
    services: Services, request: EmailRequest, *, on_open: Callable[[Session, Draft], object] | None = None
) -> Draft:
    """Check contact policy, then open a `generating` draft; generation happens in generate_email.

    `on_open` runs in the same transaction, so the caller's work (queueing the job) and the draft
    are committed together or not at all.
    """
    with services.sessions() as session, session.begin():
        account, contact = _load_parties(session, request)
        purpose = request.purpose.strip()
        if request.reply_to_interaction_id is not None:
            answered = check_replyable(
                session, account_id=account.id, interaction_id=request.reply_to_interaction_id
            )
            purpose = purpose or reply_purpose(answered.subject)
            if request.contact_id is None and answered.contact_id is not None:
                # A reply goes to whoever wrote the message, unless the rep chose a contact.
                contact = session.get(Contact, answered.contact_id) or contact
        check_may_contact(account, contact)
        draft = open_draft(
            session,
            kind=DraftKind.EMAIL,
            account_id=account.id,
            contact_id=contact.id if contact else None,
            purpose=purpose,
            instructions=request.instructions,
            requested_by_id=request.requested_by_id,
        )
        draft.reply_to_interaction_id = request.reply_to_interaction_id
        if on_open is not None:
            on_open(session, draft)
        return draft


def _audience(session: Session, draft: Draft, company: str) -> Audience:
    account = session.get_one(Account, draft.account_id)
    contact = session.get(Contact, draft.contact_id) if draft.contact_id else None
    language = (contact.language if contact and contact.language else None) or account.language or "en"
    signer = sign_off(session, draft, account, company)
    name = contact.name if contact else f"{account.name} team"
    formality = account.formality or "neutral"
    return Audience(account.id, name, language, formality, signer.name, signer.signature, company)


def _reply_target(services: Services, draft: Draft) -> ReplyTarget | None:
    if draft.reply_to_interaction_id is None:
        return None
    with services.sessions() as session:
        return load_reply(session, account_id=draft.account_id, interaction_id=draft.reply_to_interaction_id)


def generate_email(services: Services, draft_id: int, *, defenses: bool = True) -> Draft:
    """Retrieve, prompt, compose, check and hold; `defenses=False` (evals only) skips the fact filter."""
    with services.sessions() as session:
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise NotFoundError(f"draft {draft_id} not found")
        audience = _audience(session, draft, services.settings.company_name)
    try:
        reply = _reply_target(services, draft)
    except CopilotError as exc:
        with services.sessions() as session, session.begin():
            fail_generation(session, session.get_one(Draft, draft_id), str(exc))
        raise
    if reply is not None and reply.language:
        audience = replace(audience, language=reply.language)
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    query = f"{draft.purpose} {draft.instructions or ''} {' '.join(reply.questions) if reply else ''}".strip()
    context = retriever.retrieve(
        draft.account_id,
        query,
        top_k=services.settings.retrieval_top_k,
        token_budget=services.settings.retrieval_token_budget,
    )
    # Only customer-visible records, and on calls only the customer's lines, are offered as facts.
    split = split_by_audience(services.sessions, context.records)
    if reply is not None:
        # The customer's own message is what we answer, never a fact to repeat back to them.
        split = without_interaction(split, reply.interaction_id)
    candidates = _reply_facts(reply, split) + _facts(split, query)
    # A sentence that tries to instruct the model is never quoted back into a draft.
    records = {r.n: r for r in context.records}
    facts = [
        f
        for f in dict.fromkeys(candidates)
        if not (
            defenses
            and detect_injection(f.text, learned_detector_input(records[f.n], services.injection_embeddings))
        )
    ][:3]
    try:
        attempt = _write(services, draft, audience, context, facts, reply)
    except CopilotError as exc:
        with services.sessions() as session, session.begin():
            fail_generation(session, session.get_one(Draft, draft_id), str(exc))
        raise
    return _store(services, draft_id, attempt, context, audience)


def _facts(split: AudienceSplit, query: str) -> list[FactSentence]:
    """The facts for the purpose, from customer-visible text and our own value-carrying call lines."""
    return attribute_our_lines(split, select_facts(split.customer + split.ours, query, limit=4))


def _reply_facts(reply: ReplyTarget | None, split: AudienceSplit) -> list[FactSentence]:
    """The fact answering each question of the message replied to, first, so no question goes unanswered."""
    if reply is None:
        return []
    answers = answer_frame(reply, split.customer + split.ours)
    return attribute_our_lines(split, [a.fact for a in answers if a.fact is not None])


@dataclass
class Attempt:
    """One generation: the composed body, its checks, and what is stored about the model call."""

    body: ComposedBody
    checks: DraftChecks
    stored: dict[str, object]
    timings: dict[str, object]
    error: str | None = None


def _write(
    services: Services,
    draft: Draft,
    audience: Audience,
    context: GroundedContext,
    facts: list[FactSentence],
    reply: ReplyTarget | None = None,
) -> Attempt:
    """One checked generation, and one regeneration with the checker's feedback on unsupported claims."""
    first = _attempt(services, draft, audience, context, facts, feedback=None, reply=reply)
    if first.error or not first.checks.feedback:
        return first
    retry = _attempt(services, draft, audience, context, facts, feedback=first.checks.feedback, reply=reply)
    regenerated = {"regenerated": True, "first_attempt_unsupported": first.checks.unsupported_count}
    if retry.error is None and retry.checks.unsupported_count <= first.checks.unsupported_count:
        retry.timings.update(regenerated)
        return retry
    first.timings.update(regenerated, retry_kept=False)
    return first


def _attempt(
    services: Services,
    draft: Draft,
    audience: Audience,
    context: GroundedContext,
    facts: list[FactSentence],
    feedback: str | None,
    reply: ReplyTarget | None = None,
) -> Attempt:
    prompt = load_prompt("draft_email")
    stored: dict[str, object] = {"prompt_name": prompt.name, "prompt_version": prompt.version}
    timings: dict[str, object] = {}
    error: str | None = None
    try:
        result = _call_model(services, draft, audience, facts, context, feedback, reply)
        output = result.parsed
        stored["model"] = result.model
        timings.update(
            latency_s=round(result.latency_s, 3),
            tokens_in=result.prompt_tokens,
            tokens_out=result.completion_tokens,
        )
    except ModelOutputError as exc:
        # Unusable output is not fatal: the frame's wording stands in, and the reviewer is told.
        output, error = EmailDraftOutput(subject="", opening="", next_step=""), str(exc)
    body = compose_body(output, audience, facts, context, draft.purpose)
    if reply is not None:
        # A reply keeps the thread's subject ("Re: …") whatever the model proposed.
        body = replace(body, subject=reply.subject)
    checks = check_draft(services, body, context, audience)
    if error:
        checks.flags.insert(0, _output_flag(error))
    timings["template_fields"] = body.replaced
    return Attempt(body, checks, stored, timings, error)


def _call_model(
    services: Services,
    draft: Draft,
    audience: Audience,
    facts: list[FactSentence],
    context: GroundedContext,
    feedback: str | None,
    reply: ReplyTarget | None = None,
) -> StructuredResult[EmailDraftOutput]:
    instructions = f"Extra instructions from the rep: {draft.instructions}" if draft.instructions else ""
    if reply is not None:
        instructions = f"{instructions}\n{reply_instructions(reply)}".strip()
    if feedback:
        instructions = f"{instructions}\n{feedback}".strip()
    return audited_call(
        sessions=services.sessions,
        model=services.chat_model,
        prompt=load_prompt("draft_email"),
        variables={
            "our_company": audience.company or "our company",
            "language_name": LANGUAGE_NAMES.get(audience.language, audience.language),
            "formality": audience.formality,
            "facts": fence_facts([(f.n, f.text) for f in facts]),
            "contact_first": audience.contact_name.split()[0],
            "purpose": draft.purpose,
            "instructions": instructions,
        },
        schema=EmailDraftOutput,
        account_id=draft.account_id,
        draft_id=draft.id,
        retrieved_ids=context.interaction_ids,
        max_tokens=min(services.settings.llm_max_output_tokens, DRAFT_MAX_TOKENS),
        mask_pii=services.settings.llm_provider != "embedded",
        retry=RetryPolicy.from_settings(services.settings),
    )


@dataclass(frozen=True)
class ComposedBody:
    """A composed email body and the spans of it the model wrote (the rest is frame or verbatim quotes)."""

    text: str
    subject: str
    model_spans: list[tuple[int, int]]
    replaced: list[str]


def compose_body(
    output: EmailDraftOutput,
    audience: Audience,
    facts: list[FactSentence],
    context: GroundedContext,
    purpose: str,
) -> ComposedBody:
    """Greeting, the model's opening, the quoted facts with citations, the next step, and the sign-off."""
    frame = frame_for(audience.language, audience.formality)
    fields, replaced = gate_fields(
        {"subject": output.subject, "opening": output.opening, "next_step": output.next_step},
        frame,
        audience.language,
        purpose,
    )
    dates = {r.n: r.occurred_at.date().isoformat() for r in context.records}
    text = f"{greeting(frame, audience.contact_name)}\n\n"
    opening = fields["opening"]
    spans = [(len(text), len(text) + len(opening))]
    text += f"{opening}\n\n"
    if facts:
        quotes = "\n".join(f'- "{f.text}" ({dates.get(f.n, "")}) [{f.n}]' for f in facts)
        text += f"{frame.facts_lead}\n{quotes}\n\n"
    next_step = fields["next_step"]
    spans.append((len(text), len(text) + len(next_step)))
    text += f"{next_step}\n\n{frame.closing}\n{audience.sender}"
    if audience.signature:
        text += f"\n{audience.signature.strip()}"
    return ComposedBody(text, fields["subject"], spans, replaced)


def _output_flag(error: str) -> dict[str, object]:
    return {
        "type": "model_output",
        "span": None,
        "detail": f"the model's output was unusable, so template wording was used ({error[:200]})",
    }


def cited_numbers(body: str, available: int) -> set[int]:
    """Citation numbers in the body that name a supplied record."""
    return {n for n in (int(m) for m in _CITATION.findall(body)) if 1 <= n <= available}


def _store(
    services: Services, draft_id: int, attempt: Attempt, context: GroundedContext, audience: Audience
) -> Draft:
    used = cited_numbers(attempt.body.text, len(context.records))
    citations = [{**r.as_citation(), "used": r.n in used} for r in context.records]
    with services.sessions() as session, session.begin():
        draft = session.get_one(Draft, draft_id)
        flags = attempt.checks.flags + attempt.checks.policy_flags(session, services, draft)
        complete_generation(
            session,
            draft,
            subject=attempt.body.subject,
            body=attempt.body.text,
            citations=citations,
            flags=flags,
            language=audience.language,
            formality=audience.formality,
            model=attempt.stored.get("model"),
            prompt_name=attempt.stored["prompt_name"],
            prompt_version=attempt.stored["prompt_version"],
            timings=attempt.timings,
        )
    return draft
