"""Full drafting, for a capable model behind an OpenAI-compatible server: the model writes the letter.

The model writes the subject and everything between greeting and sign-off in the customer's
language and formality, citing the numbered records inline as `[n]`. The markers (and any record
dates in parentheses) are moved out of the text into body citations; each cited sentence is then
checked against the records it cites, uncited text against all retrieved records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pydantic import BaseModel

from copilot.container import Services
from copilot.db.models import Draft
from copilot.errors import ModelOutputError
from copilot.evidence import BodyCitation, move_markers
from copilot.guards.fencing import fence_records
from copilot.guards.junk import field_is_junk
from copilot.languages import NAMES, frame_for, greeting
from copilot.llm.factory import StructuredResult
from copilot.llm.retry import RetryPolicy
from copilot.prompting import load_prompt
from copilot.retrieval import GroundedContext
from copilot.tools.customer_facts import split_by_audience
from copilot.tools.draft_checks import check_draft, cited_grounding
from copilot.tools.draft_types import Attempt, Audience, ComposedBody
from copilot.tools.modelcall import audited_call
from copilot.tools.purpose import is_on_purpose, opening_for, purpose_references, subject_for
from copilot.tools.reply import ReplyTarget, model_instructions

# A whole letter: room for a few paragraphs in any of the supported languages.
FULL_MAX_TOKENS = 700
_GREETING_LINE = re.compile(
    r"^(?:dear|hi|hello|hey|good (?:morning|afternoon)|guten tag|hallo|sehr geehrte\w*|liebe\w*|bonjour|"
    r"salut|cher|chère|madame|monsieur|hola|estimad\w*|buenos días)\b[^\n]{0,60}[,:!]?\s*$",
    re.IGNORECASE,
)
_CLOSING_LINE = re.compile(
    r"^(?:best|kind|warm)?\s*(?:regards|wishes)"
    r"|^(?:best|cheers|thanks|thank you|sincerely|yours)\b[^\n]{0,30}$"
    r"|^(?:mit freundlichen grüßen|viele grüße|beste grüße|cordialement|bien cordialement|bien à vous|"
    r"je vous prie|à bientôt|saludos|atentamente|un saludo)",
    re.IGNORECASE,
)


class EmailFullOutput(BaseModel):
    """The subject and the letter's text between greeting and sign-off, with inline [n] citations."""

    subject: str
    body: str


@dataclass(frozen=True)
class FullInput:
    """Everything one full-mode generation needs besides the services."""

    draft: Draft
    audience: Audience
    context: GroundedContext
    reply: ReplyTarget | None = None


def strip_frame(text: str) -> str:
    """The letter's content without a greeting line or sign-off the model wrote anyway."""
    lines = text.strip().splitlines()
    if lines and _GREETING_LINE.match(lines[0].strip()):
        lines = lines[1:]
    for i in range(len(lines) - 1, max(len(lines) - 5, -1), -1):
        if _CLOSING_LINE.match(lines[i].strip()):
            lines = lines[:i]
            break
    return "\n".join(lines).strip()


def compose_full(output: EmailFullOutput, audience: Audience, purpose: str, available: int) -> ComposedBody:
    """Greeting, the model's letter without markers, our closing and sender; citations beside the text."""
    frame = frame_for(audience.language, audience.formality)
    content, citations = move_markers(strip_frame(output.body), available)
    subject, _ = move_markers(output.subject.strip(), available)
    replaced = []
    if field_is_junk("subject", subject):
        subject, replaced = subject_for(purpose, audience.language), ["subject"]
    if not content.strip():
        content, replaced = opening_for(purpose, audience.language), [*replaced, "body"]
    head = f"{audience.greeting_line(greeting(frame, audience.contact_name))}\n\n"
    text = f"{head}{content}\n\n{audience.sign_off_lines(frame.closing)}"
    shifted: list[BodyCitation] = [
        {"start": c["start"] + len(head), "end": c["end"] + len(head), "n": c["n"]} for c in citations
    ]
    return ComposedBody(text, subject, [(len(head), len(head) + len(content))], replaced, shifted)


def full_attempt(services: Services, job: FullInput, feedback: str | None) -> Attempt:
    """One whole-letter generation, its markers moved out, every factual span checked."""
    prompt = load_prompt("draft_email_full")
    stored: dict[str, object] = {"prompt_name": prompt.name, "prompt_version": prompt.version}
    timings: dict[str, object] = {}
    error: str | None = None
    try:
        result = _call_model(services, job, feedback)
        output = result.parsed
        stored["model"] = result.model
        timings.update(
            latency_s=round(result.latency_s, 3),
            tokens_in=result.prompt_tokens,
            tokens_out=result.completion_tokens,
        )
    except ModelOutputError as exc:
        output, error = EmailFullOutput(subject="", body=""), str(exc)
    body = compose_full(output, job.audience, job.draft.purpose, len(job.context.records))
    if job.reply is not None:
        body = replace(body, subject=job.reply.subject)
    grounding = cited_grounding(body, job.context, job.audience)
    checks = check_draft(services, body, job.context, job.audience, grounding=grounding)
    if error:
        checks.flags.insert(
            0, {"type": "model_output", "span": None, "detail": f"unusable output: {error[:200]}"}
        )
    timings["template_fields"] = body.replaced
    return Attempt(body, checks, stored, timings, error, off_purpose=not _on_purpose(services, body, job))


def _first_paragraph(body: ComposedBody) -> tuple[int, int]:
    start, end = body.model_spans[0]
    cut = body.text.find("\n\n", start, end)
    return start, cut if cut >= 0 else end


def _on_purpose(services: Services, body: ComposedBody, job: FullInput) -> bool:
    start, end = _first_paragraph(body)
    written = f"{body.subject}. {body.text[start:end]}"
    references = purpose_references(job.draft.purpose, job.audience.language)
    return is_on_purpose(services.sentence_model, written, job.draft.purpose, references)


def with_purpose_opening(body: ComposedBody, purpose: str, language: str) -> ComposedBody:
    """The letter with the stand-in subject and a first paragraph that states the purpose; the model's
    text follows unchanged, its citations shifted with it."""
    start = body.model_spans[0][0]
    opening = opening_for(purpose, language)
    shift = len(opening) + 2
    text = f"{body.text[:start]}{opening}\n\n{body.text[start:]}"
    citations: list[BodyCitation] = [
        {"start": c["start"] + shift, "end": c["end"] + shift, "n": c["n"]} for c in body.body_citations
    ]
    spans = [(start, start + len(opening)), *((a + shift, b + shift) for a, b in body.model_spans)]
    replaced = [*body.replaced, *(f for f in ("subject", "opening") if f not in body.replaced)]
    stand_ins = [spans[0], *((a + shift, b + shift) for a, b in body.stand_in_spans)]
    return ComposedBody(
        text, subject_for(purpose, language), spans, replaced, citations, stand_in_spans=stand_ins
    )


def open_with_purpose(services: Services, job: FullInput, attempt: Attempt) -> Attempt:
    """After one regeneration, an off-purpose letter gets a subject and opening that state the purpose
    (stand-in wording), keeps the model's text for the reviewer, is checked again and is flagged."""
    body = with_purpose_opening(attempt.body, job.draft.purpose, job.audience.language)
    grounding = cited_grounding(body, job.context, job.audience)
    checks = check_draft(services, body, job.context, job.audience, grounding=grounding)
    start, end = _first_paragraph(body)
    checks.flags.insert(
        0,
        {
            "type": "off_purpose",
            "span": [start, end],
            "detail": "the model's letter did not address the purpose after one regeneration; a subject "
            "and opening stating the purpose were put before it",
        },
    )
    timings = {**attempt.timings, "template_fields": body.replaced}
    return replace(attempt, body=body, checks=checks, timings=timings, off_purpose=False)


def _call_model(
    services: Services, job: FullInput, feedback: str | None
) -> StructuredResult[EmailFullOutput]:
    draft, audience = job.draft, job.audience
    instructions = model_instructions(draft.instructions, job.reply, feedback)
    return audited_call(
        sessions=services.sessions,
        model=services.chat_model,
        prompt=load_prompt("draft_email_full"),
        variables={
            "our_company": job.audience.company or "our company",
            "language_name": NAMES.get(audience.language, audience.language),
            "formality": audience.formality,
            "records": fence_records(split_by_audience(services.sessions, job.context.records).customer),
            "contact_name": audience.contact_name,
            "purpose": draft.purpose,
            "instructions": instructions,
        },
        schema=EmailFullOutput,
        account_id=draft.account_id,
        draft_id=draft.id,
        retrieved_ids=job.context.interaction_ids,
        max_tokens=min(services.settings.llm_max_output_tokens, FULL_MAX_TOKENS),
        mask_pii=services.settings.llm_provider != "embedded",
        retry=RetryPolicy.from_settings(services.settings),
    )
