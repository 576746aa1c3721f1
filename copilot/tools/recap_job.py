"""The recap letter's job: the call it retells among the letter's records, its agreed items as the
letter's lines (each citing the call's chunk that holds the turn), and our subject and opening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from copilot.container import Services
from copilot.db.models import Draft
from copilot.retrieval import GroundedContext, Retriever
from copilot.retrieval.context import CitedRecord
from copilot.tools.draft_compact import CompactInput
from copilot.tools.draft_types import Audience
from copilot.tools.purpose import asks_for_call_recap
from copilot.tools.recap import RecapLine, latest_call, recap_lines, recap_opening, recap_subject
from copilot.tools.rephrase import Rephrased


@dataclass(frozen=True)
class RecapJob:
    """The context with the call among its records, the letter's job, its lines, and the call's day."""

    context: GroundedContext
    job: CompactInput
    lines: list[RecapLine]
    held_on: date


def recap_job(
    services: Services, draft: Draft, audience: Audience, context: GroundedContext
) -> RecapJob | None:
    """For a purpose asking to recap a call, in an English letter: the context with the account's latest
    call among its records, and the letter's job. None when there is no call with agreed items to
    recap, or the letter is in another language: the ordinary letter is written then."""
    if audience.language[:2].lower() != "en" or not asks_for_call_recap(draft.purpose or ""):
        return None
    with services.sessions() as session:
        call = latest_call(session, draft.account_id, services.settings.our_domains)
    if call is None:
        return None
    today = datetime.now(UTC).date()
    lines = recap_lines(call, audience, today)
    if not lines:
        return None
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    context = context.merged_with(retriever.interaction_records(draft.account_id, call.interaction_id))
    chunks = [r for r in context.records if r.interaction_id == call.interaction_id]
    if not chunks:
        return None  # the call is not indexed yet: nothing to cite
    spoken = {u.n: u.text for u in call.utterances}
    facts = [
        Rephrased(_chunk_saying(chunks, spoken[line.utterance]), line.text, spoken[line.utterance])
        for line in lines
    ]
    ours = (
        ("subject", recap_subject(call, today)),
        ("opening", recap_opening(call, today, audience.contact_name)),
    )
    job = CompactInput(draft, audience, context, facts, ours=ours, listed=True)
    return RecapJob(context, job, lines, call.occurred_at.date())


def _chunk_saying(chunks: list[CitedRecord], said: str) -> int:
    """The citation number of the call's chunk that holds a turn, else of its first chunk."""
    return next((c.n for c in chunks if said in c.text), chunks[0].n)
