"""Compact drafting, for the embedded 135M model: short parts under a JSON grammar, facts rephrased.

The model writes only the subject, an opening sentence and a next step. The facts the letter
states are record sentences restated for the reader in our voice by `rephrase` (each rewrite must
keep every factual span of its source, or the fact is left out). Greeting and sign-off follow the
customer's language and formality. The letter carries no markers: each fact sentence's record
number goes into the body citations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel

from copilot.container import Services
from copilot.db.models import Draft
from copilot.errors import ModelOutputError
from copilot.evidence import BodyCitation, move_markers
from copilot.guards.fencing import fence_facts
from copilot.languages import NAMES, frame_for, greeting
from copilot.llm.factory import StructuredResult
from copilot.llm.retry import RetryPolicy
from copilot.prompting import load_prompt
from copilot.retrieval import GroundedContext
from copilot.retrieval.context import CitedRecord
from copilot.tools.draft_checks import check_draft
from copilot.tools.draft_gate import fallback, gate_fields
from copilot.tools.draft_types import Attempt, Audience, ComposedBody
from copilot.tools.facts import FactSentence
from copilot.tools.modelcall import audited_call
from copilot.tools.purpose import is_on_purpose, off_purpose_feedback, purpose_references
from copilot.tools.rephrase import (
    Rephrased,
    Side,
    in_signer_voice,
    rephrase_checked,
    without_repeated_lead,
)
from copilot.tools.reply import ReplyTarget, model_instructions
from copilot.tools.reply_handover import send_flags
from copilot.tools.reply_wording import deferral_flags
from copilot.tools.told_by import author_if_not_reader, folded_name, told_by

# Subject, opening and next step fit easily; a small cap stops a small model's rambling early.
DRAFT_MAX_TOKENS = 180
LETTER_FACTS = 3


class EmailDraftOutput(BaseModel):
    """The free parts the model writes. No length limits in the schema: llama.cpp expands them
    into grammars too large to compile; the output token cap bounds the length instead."""

    subject: str
    opening: str
    next_step: str


def fact_side(record: CitedRecord, speaker: str, audience: Audience) -> Side:
    """Whose words a fact sentence is: the customer's, ours, or unknown (then only neutral facts pass)."""
    if speaker == "us":
        return "ours"  # our own side's line on a call (customer_facts.attribute_our_lines)
    if speaker:
        who = folded_name(speaker)
        customers = [folded_name(name) for name in audience.customer_names]
        if any(who == name or who in name.split() for name in customers):
            return "customer"
        return "ours" if who == folded_name(audience.sender) else "unknown"
    if record.kind == "email" and record.direction in ("inbound", "outbound"):
        return "customer" if record.direction == "inbound" else "ours"
    return "ours" if record.kind in ("note", "meeting") else "unknown"


def letter_facts(
    facts: list[FactSentence], context: GroundedContext, audience: Audience
) -> tuple[list[Rephrased], list[FactSentence]]:
    """Up to LETTER_FACTS facts restated for the reader, and the facts left out because no rewrite held."""
    records = {r.n: r for r in context.records}
    kept: list[Rephrased] = []
    left_out: list[FactSentence] = []
    for fact in facts:
        side = fact_side(records[fact.n], fact.speaker, audience)
        text = rephrase_checked(fact.text, side, audience.language)
        author = author_if_not_reader(records[fact.n], fact.speaker, audience.contact_name)
        if text is not None and side == "customer" and author:
            text = told_by(text, fact.text, author, audience.language)
        if text is not None:
            text = in_signer_voice(text, audience.sender, audience.language)
        if text is None:
            left_out.append(fact)
        elif len(kept) < LETTER_FACTS and text not in {k.text for k in kept}:
            kept.append(Rephrased(fact.n, text, fact.text))
    varied = without_repeated_lead([k.text for k in kept], audience.language)
    return [Rephrased(k.n, text, k.source) for k, text in zip(kept, varied, strict=True)], left_out


@dataclass(frozen=True)
class CompactInput:
    """Everything one compact generation needs besides the services."""

    draft: Draft
    audience: Audience
    context: GroundedContext
    facts: list[Rephrased]
    reply: ReplyTarget | None = None
    # A reply's deferral sentences among `facts` (our promises, resting on no record), flagged for checking.
    deferrals: tuple[str, ...] = ()
    # Its promises to send what the customer asked for (also among `facts`, also ours), flagged likewise.
    sends: tuple[str, ...] = ()
    # Fields we write ourselves in place of the model's (a recap's subject and opening name the call).
    ours: tuple[tuple[str, str], ...] = ()
    # The facts are a list (a recap's agreed items), one to a line.
    listed: bool = False


def compact_attempt(services: Services, job: CompactInput, feedback: str | None) -> Attempt:
    """One model call for the short parts, composed into a letter and checked."""
    prompt = load_prompt("draft_email")
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
        # Unusable output is not fatal: the stand-in wording is used, and the reviewer is told.
        output, error = EmailDraftOutput(subject="", opening="", next_step=""), str(exc)
    fields = {"subject": output.subject, "opening": output.opening, "next_step": output.next_step}
    return _checked(services, job, fields, stored, timings, error)


def _checked(
    services: Services,
    job: CompactInput,
    raw_fields: dict[str, str],
    stored: dict[str, object],
    timings: dict[str, object],
    error: str | None,
) -> Attempt:
    body = compose_letter(
        raw_fields,
        job.audience,
        job.facts,
        job.draft.purpose,
        len(job.context.records),
        dict(job.ours),
        listed=job.listed,
        asked=job.reply.questions if job.reply is not None else (),
    )
    if job.reply is not None:
        # A reply keeps the thread's subject ("Re: …") whatever the model proposed.
        body = replace(body, subject=job.reply.subject)
    checks = check_draft(services, body, job.context, job.audience)
    checks.flags += deferral_flags(body, list(job.deferrals)) + send_flags(body, list(job.sends))
    if error:
        checks.flags.insert(0, _output_flag(error))
    timings["template_fields"] = body.replaced
    off = "opening" not in body.replaced and not _on_purpose(services, body, job)
    return Attempt(body, checks, stored, timings, error, off_purpose=off, parts=raw_fields)


def _on_purpose(services: Services, body: ComposedBody, job: CompactInput) -> bool:
    # The opening alone: a stand-in subject repeats the purpose and would vouch for any opening.
    written = body.text[body.model_spans[0][0] : body.model_spans[0][1]]
    references = purpose_references(job.draft.purpose, job.audience.language)
    facts = [f.text for f in job.facts]
    return is_on_purpose(services.sentence_model, written, job.draft.purpose, references, facts)


def purpose_feedback(job: CompactInput) -> str:
    """The feedback for a regeneration whose first opening missed the purpose."""
    return off_purpose_feedback(job.draft.purpose)


def replace_off_purpose(services: Services, job: CompactInput, attempt: Attempt) -> Attempt:
    """The attempt with its off-purpose subject and opening replaced by the stand-in wording, said so."""
    fields = {**attempt.parts, "subject": "", "opening": ""}
    repaired = _checked(services, job, fields, attempt.stored, dict(attempt.timings), attempt.error)
    start, end = repaired.body.model_spans[0]
    repaired.checks.flags.insert(
        0,
        {
            "type": "off_purpose",
            "span": [start, end],
            "detail": "the model's subject and opening did not address the purpose after one regeneration; "
            "standard wording was used",
        },
    )
    return repaired


def _call_model(
    services: Services, job: CompactInput, feedback: str | None
) -> StructuredResult[EmailDraftOutput]:
    draft, audience = job.draft, job.audience
    instructions = model_instructions(draft.instructions, job.reply, feedback)
    ours = (*job.deferrals, *job.sends)
    return audited_call(
        sessions=services.sessions,
        model=services.chat_model,
        prompt=load_prompt("draft_email"),
        variables={
            "our_company": audience.company or "our company",
            "language_name": NAMES.get(audience.language, audience.language),
            "formality": audience.formality,
            # A reply's deferrals and sends are our own promises, not record facts: shown to the small
            # model they were copied into its opening and next step, so the letter said them three times.
            "facts": fence_facts([(f.n, f.text) for f in job.facts if f.text not in ours]),
            "contact_first": audience.contact_name.split()[0],
            "purpose": draft.purpose,
            "instructions": instructions,
        },
        schema=EmailDraftOutput,
        account_id=draft.account_id,
        draft_id=draft.id,
        retrieved_ids=job.context.interaction_ids,
        max_tokens=min(services.settings.llm_max_output_tokens, DRAFT_MAX_TOKENS),
        mask_pii=services.settings.llm_provider != "embedded",
        retry=RetryPolicy.from_settings(services.settings),
    )


def _model_part(text: str, at: int, available: int) -> tuple[str, list[BodyCitation]]:
    """A field the model wrote, without any [n] it added; its markers become citations at offset `at`."""
    clean, found = move_markers(text, available)
    return clean.strip(), [{"start": c["start"] + at, "end": c["end"] + at, "n": c["n"]} for c in found]


def compose_letter(
    fields: dict[str, str],
    audience: Audience,
    facts: list[Rephrased],
    purpose: str,
    available: int = 0,
    ours: dict[str, str] | None = None,
    *,
    listed: bool = False,
    asked: Sequence[str] = (),
) -> ComposedBody:
    """Greeting, the model's opening, the restated facts, the next step and the sign-off; no markers.

    `ours` are fields we write in place of the model's: used as given, and counted as stand-in wording;
    `listed` puts each fact on a line of its own."""
    frame = frame_for(audience.language, audience.formality)
    kept, replaced = gate_fields(fields, frame, audience.language, purpose, [f.text for f in facts], asked)
    if ours:
        kept.update(ours)
        replaced = [*replaced, *(name for name in ours if name not in replaced)]
    text = f"{audience.greeting_line(greeting(frame, audience.contact_name))}\n\n"
    opening, citations = _model_part(kept["opening"], len(text), available)
    spans = [(len(text), len(text) + len(opening))]
    text += f"{opening}\n\n"
    for i, fact in enumerate(facts):
        # Listed facts (a recap's agreed items) stand one to a line, after a dash.
        text += "- " if listed else ""
        start = len(text)
        between = "\n" if listed else " "
        text += fact.text + (between if i < len(facts) - 1 else "\n\n")
        if fact.n > 0:  # 0: our own sentence on no record (a reply's deferral), so nothing to cite
            citations.append({"start": start, "end": start + len(fact.text), "n": [fact.n]})
    next_step, found = _model_part(kept["next_step"], len(text), available)
    citations += found
    spans.append((len(text), len(text) + len(next_step)))
    text += f"{next_step}\n\n{audience.sign_off_lines(frame.closing)}"
    subject = move_markers(kept["subject"], available)[0].strip()
    if not subject:
        subject, replaced = fallback("subject", frame, audience.language, purpose), [*replaced, "subject"]
    stand_ins = [span for span, name in zip(spans, ("opening", "next_step"), strict=True) if name in replaced]
    return ComposedBody(text, subject, spans, replaced, citations, stand_in_spans=stand_ins)


def _output_flag(error: str) -> dict[str, object]:
    return {
        "type": "model_output",
        "span": None,
        "detail": f"the model's output was unusable, so standard wording was used ({error[:200]})",
    }
