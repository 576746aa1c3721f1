"""The draft_email tool: a grounded letter for one account, its evidence beside it, held for review.

Two modes (COPILOT_DRAFT_MODE): compact for the embedded 135M model (short parts under a JSON
grammar, facts restated for the reader one by one; `draft_compact`) and full for a capable model
(the whole letter citing records inline, markers moved into body citations; `draft_full`). Both
are checked by the grounding verifier and the on-purpose check, with one regeneration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Account, Contact, Draft, DraftKind
from copilot.errors import CopilotError, NotFoundError
from copilot.evidence import cited_numbers
from copilot.guards.contact_policy import check_may_contact
from copilot.guards.injection import detect_injection
from copilot.retrieval import GroundedContext, Retriever
from copilot.retrieval.questions import purpose_intent
from copilot.tools.apology_check import apology_flags
from copilot.tools.customer_facts import (
    attribute_our_lines,
    split_by_audience,
)
from copilot.tools.draft_checks import learned_detector_input
from copilot.tools.draft_compact import (
    DRAFT_MAX_TOKENS,
    CompactInput,
    EmailDraftOutput,
    compact_attempt,
    letter_facts,
    purpose_feedback,
    replace_off_purpose,
)
from copilot.tools.draft_full import FullInput, full_attempt, open_with_purpose
from copilot.tools.draft_recipient import contact_named_in, letter_audience, on_the_call
from copilot.tools.draft_types import Attempt, Audience
from copilot.tools.empty_letter import empty_letter_flags
from copilot.tools.fact_freshness import current_facts, past_date_flags
from copilot.tools.facts import FactSentence, embedding_similarity, select_facts
from copilot.tools.purpose import (
    asks_for_call_recap,
    is_about_promises,
    off_purpose_feedback,
    opening_apologises,
    opening_without_sending,
    subject_without_sending,
)
from copilot.tools.purpose_requests import (
    open_request,
    who_asked,
    with_request_flag,
    without_the_reworked_price,
)
from copilot.tools.recap import (
    language_flags,
    old_call_flags,
    past_due_flags,
    recap_language,
)
from copilot.tools.recap_job import RecapJob, recap_job
from copilot.tools.rephrase import Rephrased
from copilot.tools.reply import ReplyTarget, check_replyable, load_reply, reply_purpose
from copilot.tools.reply_followup import followup_flags
from copilot.tools.reply_letter import UNCITED, reply_answers, reply_lines, reports_a_problem_only
from copilot.workflow import complete_generation, fail_generation, open_draft

__all__ = ["DRAFT_MAX_TOKENS", "EmailDraftOutput", "EmailRequest", "generate_email", "request_email"]

# Candidates for the letter's facts: more than it states, since a fact whose rewrite fails is left out.
FACT_CANDIDATES = 6
# A further look per extra fact type the purpose names: its best few records, in a small budget.
RELATED_TOP_K = 2
RELATED_BUDGET = 400


@dataclass(frozen=True)
class EmailRequest:
    """A rep's request for an email draft."""

    account_id: int
    purpose: str
    contact_id: int | None = None
    instructions: str | None = None
    requested_by_id: int | None = None
    reply_to_interaction_id: int | None = None


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
            purpose = purpose or reply_purpose(answered.subject, answered.text)
            if request.contact_id is None and answered.contact_id is not None:
                # A reply goes to whoever wrote the message, unless the rep chose a contact.
                contact = session.get(Contact, answered.contact_id) or contact
        elif request.contact_id is None and (named := contact_named_in(purpose, account)) is not None:
            # "chase Holly on the residency decision" is for Holly, not for the account's first contact.
            contact = named
        elif request.contact_id is None and asks_for_call_recap(purpose):
            # A recap goes to someone who was on the call, unless the rep chose a contact.
            contact = on_the_call(session, services, account) or contact
        elif request.contact_id is None:
            # A letter that takes up a customer's open request goes to whoever asked.
            contact = who_asked(session, account.id, purpose, datetime.now(UTC).date()) or contact
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


def _reply_target(services: Services, draft: Draft) -> ReplyTarget | None:
    if draft.reply_to_interaction_id is None:
        return None
    with services.sessions() as session:
        return load_reply(session, account_id=draft.account_id, interaction_id=draft.reply_to_interaction_id)


def _facts(services: Services, context: GroundedContext, query: str, defenses: bool) -> list[FactSentence]:
    """Candidate fact sentences for the purpose: customer-visible text (on calls the customer's lines)
    and our own value-carrying call lines, tagged as ours; a sentence that tries to instruct the model
    never counts."""
    split = split_by_audience(services.sessions, context.records)
    similarity = embedding_similarity(services.sentence_model)
    chosen = select_facts(split.customer + split.ours, query, limit=FACT_CANDIDATES, similarity=similarity)
    candidates = attribute_our_lines(split, chosen)
    records = {r.n: r for r in context.records}
    return [
        f
        for f in dict.fromkeys(candidates)
        if not (
            defenses
            and detect_injection(f.text, learned_detector_input(records[f.n], services.injection_embeddings))
        )
    ]


def generate_email(services: Services, draft_id: int, *, defenses: bool = True) -> Draft:
    """Retrieve, write in the configured mode, check and hold; `defenses=False` (evals only) skips the
    fact filter."""
    with services.sessions() as session:
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise NotFoundError(f"draft {draft_id} not found")
    mode = services.settings.resolved_draft_mode
    try:
        reply = _reply_target(services, draft)
        with services.sessions() as session:
            company = services.settings.company_name
            written_in = (
                reply.language if reply else recap_language(session, draft, services.settings.our_domains)
            )
            audience = letter_audience(session, draft, company, written_in)
        context = _retrieve(services, draft, reply)
        if mode == "full":
            attempt = _write_full(services, FullInput(draft, audience, context, reply))
        elif reply is not None:
            attempt = _write_compact_reply(
                services, CompactInput(draft, audience, context, [], reply), defenses
            )
        elif (recap := recap_job(services, draft, audience, context)) is not None:
            context = recap.context
            attempt = _write_compact_recap(services, recap)
        else:
            facts = _facts(services, context, context.query, defenses)
            attempt = _write_compact(services, CompactInput(draft, audience, context, []), facts)
            attempt.checks.flags += empty_letter_flags(attempt)
    except CopilotError as exc:
        with services.sessions() as session, session.begin():
            fail_generation(session, session.get_one(Draft, draft_id), str(exc))
        raise
    attempt.timings["draft_mode"] = mode
    return _store(services, draft_id, attempt, context, audience)


def _retrieve(services: Services, draft: Draft, reply: ReplyTarget | None) -> GroundedContext:
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    asked = " ".join(reply.questions) if reply else ""
    # The purpose's topic ("the renewal"), not its action ("follow up on"), says which records matter.
    intent = purpose_intent(draft.purpose)
    query = f"{intent.topic} {draft.instructions or ''} {asked}".strip()
    settings = services.settings
    context = retriever.retrieve(
        draft.account_id, query, top_k=settings.retrieval_top_k, token_budget=settings.retrieval_token_budget
    )
    for kind in intent.kinds[1:]:
        # Each further fact type the purpose names (a renewal's price) gets its own look, so records of
        # the first type cannot crowd it out.
        more = retriever.retrieve(
            draft.account_id, f"{intent.topic} {kind}", top_k=RELATED_TOP_K, token_budget=RELATED_BUDGET
        )
        context = context.merged_with(more)
    return context


def _write_compact(services: Services, job: CompactInput, facts: list[FactSentence]) -> Attempt:
    # Our own words from months ago would read as news ("I have asked our support team to look…").
    today = datetime.now(UTC).date()
    past_ok = is_about_promises(job.draft.purpose or "")
    facts, stale = current_facts(facts, job.context, job.audience, today, past_dates_ok=past_ok)
    chosen, left_out = letter_facts(facts, job.context, job.audience)
    with services.sessions() as session:
        asked = open_request(session, job.draft, job.audience.language, today)
    if asked is not None:
        chosen = without_the_reworked_price(chosen, asked)
        # Our promise to send what they asked for stands after the facts; it rests on no record of ours.
        chosen = [*chosen, Rephrased(UNCITED, asked.promise, asked.request)]
    purpose, language = job.draft.purpose or "", job.audience.language
    about = opening_without_sending(purpose, language) if asked else None
    titled = subject_without_sending(purpose, language) if asked else None
    ours = (("subject", titled), ("opening", about)) if about and titled else job.ours
    job = replace(job, facts=chosen, sends=(asked.promise,) if asked else (), ours=ours)
    attempt = write_checked(
        lambda feedback: compact_attempt(services, job, feedback),
        purpose_feedback(job),
        lambda kept: replace_off_purpose(services, job, kept),
    )
    # Facts whose rewrite did not keep every factual span are left out, and the reviewer sees which.
    attempt.timings["facts_left_out"] = [{"n": f.n, "text": f.text} for f in left_out]
    attempt.timings["facts_stale"] = [{"n": f.n, "text": f.text} for f in stale]
    # A restated promise whose day has passed stays (it is what a commitments letter is about), flagged.
    cited = [f for f in chosen if f.n != UNCITED]
    attempt.checks.flags += past_date_flags(attempt.body, cited, job.context, today, job.audience.language)
    attempt.checks.flags[:0] = apology_flags(services.sessions, job.draft, today)
    if asked is not None:
        attempt.checks.flags = with_request_flag(attempt.checks.flags, attempt.body, asked)
        attempt.timings["open_request"] = {"interaction_id": asked.interaction_id, "text": asked.request}
    return attempt


def _write_compact_reply(services: Services, job: CompactInput, defenses: bool) -> Attempt:
    """A compact reply: one sentence per question, our answer from the records or an honest deferral."""
    assert job.reply is not None
    answers = reply_answers(services, job.context, job.reply, defenses=defenses)
    today = datetime.now(UTC).date()
    reply = job.reply
    problem = not answers and reports_a_problem_only(services, reply)
    apologised = opening_apologises(job.draft.purpose or "")
    lines = reply_lines(
        answers,
        job.context,
        job.audience,
        today,
        reply.deadline(),
        reply.waiting_since(),
        problem,
        apologised,
    )
    job = replace(job, facts=lines.lines, deferrals=tuple(lines.deferrals), sends=tuple(lines.sends))
    attempt = write_checked(
        lambda feedback: compact_attempt(services, job, feedback),
        purpose_feedback(job),
        lambda kept: replace_off_purpose(services, job, kept),
    )
    if reply.answered:
        attempt.checks.flags[:0] = followup_flags(services.sessions, reply.interaction_id)
    attempt.timings["reply_questions"] = [
        {"question": a.question, "answered_by": a.fact.n if a.fact else None} for a in answers
    ]
    return attempt


def _write_compact_recap(services: Services, recap: RecapJob) -> Attempt:
    """A compact recap: our subject and opening, the call's agreed items, the model's next step."""
    job, today = recap.job, datetime.now(UTC).date()
    attempt = write_checked(
        lambda feedback: compact_attempt(services, job, feedback),
        purpose_feedback(job),
        lambda kept: replace_off_purpose(services, job, kept),
    )
    attempt.checks.flags += past_due_flags(attempt.body.text, recap.lines, today)
    attempt.checks.flags += language_flags(job.audience) + old_call_flags(recap.held_on, today)
    cited = {r.n: r.interaction_id for r in job.context.records}
    attempt.timings["recap_call"] = cited[job.facts[0].n]
    return attempt


def _write_full(services: Services, job: FullInput) -> Attempt:
    return write_checked(
        lambda feedback: full_attempt(services, job, feedback),
        off_purpose_feedback(job.draft.purpose),
        lambda kept: open_with_purpose(services, job, kept),
    )


def write_checked(
    attempt: Callable[[str | None], Attempt], purpose_note: str, repair: Callable[[Attempt], Attempt]
) -> Attempt:
    """One checked generation; one regeneration with the checker's feedback (unsupported claims,
    off-purpose text); then `repair` whatever is still off purpose."""
    first = attempt(None)
    feedback = "\n".join(x for x in (first.checks.feedback, purpose_note if first.off_purpose else "") if x)
    if first.error or not feedback:
        return first
    retry = attempt(feedback)
    regenerated = {"regenerated": True, "first_attempt_unsupported": first.checks.unsupported_count}
    better = retry.error is None and retry.checks.unsupported_count <= first.checks.unsupported_count
    if better and (first.off_purpose or not retry.off_purpose):
        retry.timings.update(regenerated)
        chosen = retry
    else:
        first.timings.update(regenerated, retry_kept=False)
        chosen = first
    return repair(chosen) if chosen.off_purpose else chosen


def _store(
    services: Services, draft_id: int, attempt: Attempt, context: GroundedContext, audience: Audience
) -> Draft:
    used = cited_numbers(attempt.body.body_citations)
    citations = [{**r.as_citation(), "used": r.n in used} for r in context.records]
    with services.sessions() as session, session.begin():
        draft = session.get_one(Draft, draft_id)
        flags = attempt.checks.flags + attempt.checks.policy_flags(session, services, draft)
        complete_generation(
            session,
            draft,
            subject=attempt.body.subject,
            body=attempt.body.text,
            body_citations=attempt.body.body_citations,
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
