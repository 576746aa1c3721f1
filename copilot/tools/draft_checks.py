"""Everything a draft is checked for before a reviewer sees it, gathered as flags with spans.

Flags never drop content: the reviewer sees the draft with each doubtful span marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Draft
from copilot.guards.contact_policy import fatigue
from copilot.guards.grounding import Claim, GroundingReport, SourceText, verify
from copilot.guards.injection import check_output, detect_injection
from copilot.guards.internal_source import InternalRecord, internal_source_flags
from copilot.index.embedder import Embedder
from copilot.retrieval import GroundedContext
from copilot.retrieval.context import CitedRecord
from copilot.tools.flag_tone import flag_tone

if TYPE_CHECKING:
    from copilot.tools.draft_types import Audience, ComposedBody

Flag = dict[str, Any]
# The chunk header ("[note internal 2026-11-02 | subject]") dates the record; it is no value of the note.
_HEADER = re.compile(r"^\[[^\]\n]*\]\s*")


@dataclass
class DraftChecks:
    """The flags of one composed draft, and feedback for one regeneration when claims are unsupported."""

    flags: list[Flag] = field(default_factory=list)
    feedback: str = ""
    unsupported_count: int = 0

    @staticmethod
    def policy_flags(session: Session, services: Services, draft: Draft) -> list[Flag]:
        """Contact-policy flags that depend on the record at storing time (message fatigue)."""
        found = fatigue(
            session,
            draft.account_id,
            draft.contact_id,
            max_messages=services.settings.fatigue_max_messages,
            window_days=services.settings.fatigue_window_days,
        )
        return [found.as_flag()] if found else []


def learned_detector_input(record: CitedRecord, embeddings: Embedder | None) -> Embedder | None:
    """The embeddings for the learned injection detector if it reads this record, else None (rules only).

    It reads emails from outside, the channel it was trained and measured on; our own notes and
    outbound mail are full of legitimate instructions to people ("keep the engineer in the loop"),
    and call transcripts read like the small talk it confuses with injected tasks.
    """
    if record.kind == "email" and record.direction not in ("outbound", "internal"):
        return embeddings
    return None


def record_injection_flags(context: GroundedContext, embeddings: Embedder | None = None) -> list[Flag]:
    """Instruction-like content inside the retrieved records, flagged with the record it sits in.

    With `embeddings`, inbound email sentences are also scored by the learned detector.
    """
    flags: list[Flag] = []
    for record in context.records:
        for finding in detect_injection(record.text, learned_detector_input(record, embeddings)):
            flags.append(
                {
                    "type": "injection",
                    "span": None,
                    "record": record.n,
                    "record_span": [finding.start, finding.end],
                    "detail": f"record [{record.n}] contains {finding.category}: {finding.detail}",
                }
            )
    return flags


def audience_flags(text: str, context: GroundedContext, names: list[str], language: str) -> list[Flag]:
    """`internal_source` flags: values in the text that only the context's internal records support."""
    customer = [
        SourceText(r.n, r.text, r.occurred_at, r.kind, r.who)
        for r in context.records
        if r.audience != "internal"
    ]
    internal = [
        InternalRecord(r.n, r.interaction_id, r.kind, r.occurred_at, _HEADER.sub("", r.text, count=1))
        for r in context.records
        if r.audience == "internal"
    ]
    return internal_source_flags(text, customer, internal, allowed_names=names, language=language)


def _in_model_text(span: object, model_spans: list[tuple[int, int]]) -> bool:
    # Only what the model wrote can hold an invented claim; the frame and verbatim quotes are ours.
    if not isinstance(span, list) or len(span) != 2:
        return True
    return any(span[0] < end and start < span[1] for start, end in model_spans)


def sources_of(context: GroundedContext) -> list[SourceText]:
    """The retrieved records as the grounding verifier reads them."""
    return [SourceText(r.n, r.text, r.occurred_at, r.kind, r.who, r.audience) for r in context.records]


def allowed_names(audience: Audience) -> list[str]:
    """Names a draft may always use: the recipient, the sender, our company."""
    return [audience.contact_name, audience.sender, *([audience.company] if audience.company else [])]


def cited_grounding(body: ComposedBody, context: GroundedContext, audience: Audience) -> GroundingReport:
    """Each cited span checked against only the records it cites; uncited text against all records."""
    sources = sources_of(context)
    names = allowed_names(audience)
    supported: list[Claim] = []
    unsupported: list[Claim] = []
    covered: list[tuple[int, int]] = []
    for citation in body.body_citations:
        start, end = citation["start"], citation["end"]
        cited = [s for s in sources if s.n in citation["n"]]
        report = verify(body.text[start:end], cited, allowed_names=names, language=audience.language)
        supported += [_shifted(c, start) for c in report.supported]
        unsupported += [_shifted(c, start) for c in report.unsupported]
        covered.append((start, end))
    rest = verify(body.text, sources, allowed_names=names, language=audience.language)
    for claim in rest.supported + rest.unsupported:
        if not any(s <= claim.start and claim.end <= e for s, e in covered):
            (supported if claim in rest.supported else unsupported).append(claim)
    return GroundingReport(supported, sorted(unsupported, key=lambda c: c.start))


def _shifted(claim: Claim, offset: int) -> Claim:
    return replace(claim, start=claim.start + offset, end=claim.end + offset)


def check_draft(
    services: Services,
    body: ComposedBody,
    context: GroundedContext,
    audience: Audience,
    *,
    grounding: GroundingReport | None = None,
) -> DraftChecks:
    """Grounding (all records, or `grounding` as given), injection (records and output), internal-only
    values, outbound tone."""
    names = allowed_names(audience)
    if grounding is None:
        grounding = verify(body.text, sources_of(context), allowed_names=names, language=audience.language)
    unsupported = [c for c in grounding.unsupported if _in_model_text([c.start, c.end], body.model_spans)]
    grounding = GroundingReport(grounding.supported, unsupported)
    flags: list[Flag] = list(grounding.as_flags())
    flags += [f.as_flag() for f in check_output(body.text, [r.text for r in context.records])]
    flags += record_injection_flags(context, services.injection_embeddings)
    flags += audience_flags(body.text, context, names, audience.language)
    tone = flag_tone(body.text, "outbound", services.sentence_model).as_flags()
    # Our stand-in wording took the place of what the model wrote: its tone is ours, fixed and reviewed.
    written = [span for span in body.model_spans if span not in body.stand_in_spans]
    flags += [f for f in tone if _in_model_text(f.get("span"), written)]
    return DraftChecks(flags=flags, feedback=grounding.feedback(), unsupported_count=len(unsupported))
