"""The summarize_call tool: a call transcript becomes a cited summary draft, held for approval.

The transcript is ingested as an interaction first. Action items (owner, due date), decisions and
risks are read from the numbered utterances by rules (copilot/tools/call_items.py); sentiment comes
from the tone flagger; the model writes only the short summary, which is checked against the
utterances and replaced by a plain factual one when it is junk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from connectors.common import file_source_id
from copilot.container import Services
from copilot.db.models import Account, Draft, DraftKind, Interaction
from copilot.errors import CopilotError, InvalidInputError, ModelError, NotFoundError
from copilot.guards.grounding import SourceText, verify
from copilot.guards.injection import detect_injection
from copilot.ingest.grant import IngestGrant
from copilot.ingest.service import ingest_location
from copilot.llm.retry import RetryPolicy
from copilot.llm.tokens import count_tokens
from copilot.prompting import load_prompt
from copilot.tools.call_items import CallItem, Utterance, action_items, decisions, risks
from copilot.tools.modelcall import audited_call
from copilot.tools.sentiment import assess
from copilot.workflow import complete_generation, fail_generation, open_draft

PROMPT_TOKEN_BUDGET = 900
MAX_SUMMARY_WORDS = 70
_ECHO = re.compile(r"\b(UTTERANCES?|JSON|summary field|data only|schema)\b|<<|>>", re.IGNORECASE)
# Utterances must not be able to open or close a fence of their own.
_FENCE = re.compile(r"<<|>>")
_WORD = re.compile(r"[^\W\d_]{4,}")


class CallSummaryOutput(BaseModel):
    """The only free text the model writes. No length limits: llama.cpp grammars would not compile."""

    summary: str


@dataclass(frozen=True)
class CallRecord:
    """The ingested call as the tool sees it."""

    interaction_id: int
    account_id: int
    subject: str
    occurred_at: Any
    utterances: list[Utterance]


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InvalidInputError(f"{path.name}: no such transcript file")
    if not path.read_bytes().strip():
        raise InvalidInputError(f"{path.name}: the transcript is empty")


def _is_customer(speaker: str, contacts: set[str], owner: str) -> bool:
    words = set(speaker.lower().split())
    if contacts:
        return speaker.lower() in contacts or bool(words & {c.split()[0] for c in contacts if c})
    return owner not in words


def ingest_call(services: Services, path: Path, account_id: int) -> CallRecord:
    """Ingest the transcript into the account and return its numbered utterances."""
    _check_file(path)
    with services.sessions() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFoundError(f"account {account_id} not found")
        contacts = {c.name.lower() for c in account.contacts}
        owner = (account.owner or "").lower()
    # A call only ever adds to its own account's record, whoever submits it.
    grant = IngestGrant.interactions_of([account_id])
    report = ingest_location(services, "transcript", path, account_id=account_id, grant=grant)
    if report.failed:
        raise InvalidInputError(f"{path.name}: {report.failed[0]['error']}")
    with services.sessions() as session:
        row = session.scalar(
            select(Interaction).where(
                Interaction.account_id == account_id,
                Interaction.source == "transcript",
                Interaction.source_id == file_source_id(path),
            )
        )
        if row is None:
            raise InvalidInputError(f"{path.name}: the transcript was not stored for account {account_id}")
        turns = (row.extra or {}).get("utterances") or []
        utterances = [
            Utterance(n, str(t.get("speaker") or "Unknown"), str(t.get("text") or "").strip(), False)
            for n, t in enumerate(turns, start=1)
            if str(t.get("text") or "").strip()
        ]
        if not utterances:
            raise InvalidInputError(f"{path.name}: the transcript has no utterances")
        utterances = [
            Utterance(u.n, u.speaker, u.text, _is_customer(u.speaker, contacts, owner)) for u in utterances
        ]
        return CallRecord(row.id, account_id, row.subject or path.stem, row.occurred_at, utterances)


def fence_utterances(utterances: list[Utterance], budget: int = PROMPT_TOKEN_BUDGET) -> str:
    """Numbered utterances between data markers, cut to the token budget; instruction-like turns withheld."""
    lines: list[str] = []
    used = 0
    for u in utterances:
        text = "[withheld: instruction-like content]" if detect_injection(u.text) else u.text
        line = f"<<U{u.n}>> {u.speaker}: {_FENCE.sub('', text)}"
        cost = count_tokens(line)
        if used + cost > budget and lines:
            break
        lines.append(line)
        used += cost
    return "\n".join(lines)


def summarize_call(
    services: Services, path: str | Path, *, account_id: int, requested_by_id: int | None = None
) -> Draft:
    """Ingest a transcript and hold a cited call-summary draft for approval (pending_review)."""
    call = ingest_call(services, Path(path), account_id)
    with services.sessions() as session, session.begin():
        draft = open_draft(
            session,
            kind=DraftKind.CALL_SUMMARY,
            account_id=account_id,
            contact_id=None,
            purpose=f"summarize call: {call.subject}",
            instructions=None,
            requested_by_id=requested_by_id,
        )
    try:
        summary, meta = _model_summary(services, draft.id, call)
        return _store(services, draft.id, call, summary, meta)
    except CopilotError as exc:
        with services.sessions() as session, session.begin():
            fail_generation(session, session.get_one(Draft, draft.id), str(exc))
        raise


def _model_summary(services: Services, draft_id: int, call: CallRecord) -> tuple[str, dict[str, Any]]:
    # The model writes only the summary sentence; when its output is unusable (cut off, not JSON) the
    # rule-extracted items still make a useful draft, so the summary falls back and the reviewer is told.
    try:
        output, meta = _call_model(services, draft_id, call)
    except ModelError as exc:
        prompt = load_prompt("summarize_call")
        meta = {
            "model": getattr(services.chat_model, "model_name", None),
            "prompt_name": prompt.name,
            "prompt_version": prompt.version,
            "timings": {"model_error": str(exc)[:300]},
        }
        return "", meta
    return output.summary, meta


def _call_model(
    services: Services, draft_id: int, call: CallRecord
) -> tuple[CallSummaryOutput, dict[str, Any]]:
    prompt = load_prompt("summarize_call")
    result = audited_call(
        sessions=services.sessions,
        model=services.chat_model,
        prompt=prompt,
        variables={"utterances": fence_utterances(call.utterances), "title": call.subject},
        schema=CallSummaryOutput,
        account_id=call.account_id,
        draft_id=draft_id,
        retrieved_ids=[call.interaction_id],
        max_tokens=min(services.settings.llm_max_output_tokens, 160),
        mask_pii=services.settings.llm_provider != "embedded",
        retry=RetryPolicy.from_settings(services.settings),
    )
    meta = {
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


def summary_is_junk(text: str, title: str = "") -> bool:
    """True when the summary is empty, echoes the prompt or the call title, or rambles past the word limit."""
    stripped = text.strip()
    too_long = len(stripped.split()) > MAX_SUMMARY_WORDS
    # The small model likes to hand back the call title (often a file name) as the summary.
    own_words = {w.lower() for w in _WORD.findall(stripped)} - {w.lower() for w in _WORD.findall(title)}
    return not _WORD.search(stripped) or bool(_ECHO.search(stripped)) or too_long or len(own_words) < 3


def supporting_utterances(sentence: str, utterances: list[Utterance], limit: int = 3) -> list[int]:
    """Utterances sharing the most content words with a sentence (at least two), best first."""
    words = {w.lower() for w in _WORD.findall(sentence)}
    scored = []
    for u in utterances:
        overlap = len(words & {w.lower() for w in _WORD.findall(u.text)})
        if overlap >= 2:
            scored.append((-overlap, u.n))
    return [n for _, n in sorted(scored)[:limit]]


def fallback_summary(call: CallRecord, actions: list[CallItem], agreed: list[CallItem]) -> str:
    """A plain factual summary when the model's is unusable."""
    customers = sorted({u.speaker for u in call.utterances if u.customer})
    who = ", ".join(customers) or "the customer"
    return (
        f"Call '{call.subject}' with {who}: {len(actions)} action item(s) and "
        f"{len(agreed)} decision(s) were recorded."
    )


def build_structured(call: CallRecord, summary: str, embeddings: Any) -> tuple[dict[str, Any], bool]:
    """The structured result (every item citing utterances) and whether the model's summary was replaced."""
    actions = action_items(call.utterances, call.occurred_at.date())
    agreed = decisions(call.utterances)
    replaced = summary_is_junk(summary, call.subject)
    text = fallback_summary(call, actions, agreed) if replaced else summary.strip()
    customer = [u for u in call.utterances if u.customer]
    mood = assess([u.text for u in customer], embeddings)
    structured = {
        "interaction_id": call.interaction_id,
        "summary": {"text": text, "utterances": supporting_utterances(text, call.utterances)},
        "action_items": [item.as_json() for item in actions],
        "decisions": [item.as_json() for item in agreed],
        "customer_sentiment": {
            "label": mood.label,
            "negative_score": mood.negative_score,
            "tone_labels": mood.labels,
            "utterances": [customer[i].n for i in mood.evidence],
        },
        "risks": [item.as_json() for item in risks(call.utterances)],
        "utterances": [{"n": u.n, "speaker": u.speaker, "text": u.text} for u in call.utterances],
    }
    return structured, replaced


def _cites(numbers: list[int]) -> str:
    return "".join(f"[u{n}]" for n in numbers)


def _item_line(item: dict[str, Any]) -> str:
    extras = []
    if item.get("owner"):
        extras.append(f"owner: {item['owner']}")
    if item.get("due_date"):
        extras.append(f"due: {item['due_date']}")
    tail = f" ({'; '.join(extras)})" if extras else ""
    return f"- {item['text']}{tail} {_cites(item['utterances'])}"


def render_body(structured: dict[str, Any]) -> tuple[str, tuple[int, int]]:
    """The reviewer-facing text, and the span of the summary sentence inside it."""
    summary = structured["summary"]
    text = "Summary: "
    span = (len(text), len(text) + len(summary["text"]))
    text += f"{summary['text']} {_cites(summary['utterances'])}".rstrip() + "\n"
    sections = [("Action items", "action_items"), ("Decisions", "decisions"), ("Risks", "risks")]
    for title, key in sections:
        lines = [_item_line(item) for item in structured[key]] or ["- none recorded"]
        text += f"\n{title}:\n" + "\n".join(lines) + "\n"
    mood = structured["customer_sentiment"]
    text += f"\nCustomer sentiment: {mood['label']} {_cites(mood['utterances'])}".rstrip()
    return text, span


def _flags(call: CallRecord, body: str, span: tuple[int, int], replaced: bool) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    if not replaced:
        sources = [SourceText(u.n, u.text, call.occurred_at, "call", u.speaker) for u in call.utterances]
        speakers = sorted({u.speaker for u in call.utterances})
        report = verify(body[span[0] : span[1]], sources, allowed_names=speakers, now=call.occurred_at)
        for flag, claim in zip(report.as_flags(), report.unsupported, strict=True):
            flags.append({**flag, "span": [claim.start + span[0], claim.end + span[0]]})
    for u in call.utterances:
        for finding in detect_injection(u.text):
            detail = f"utterance [u{u.n}] contains {finding.category}: {finding.detail}"
            flags.append({"type": "injection", "span": None, "utterance": u.n, "detail": detail})
    return flags


def _store(services: Services, draft_id: int, call: CallRecord, summary: str, meta: dict[str, Any]) -> Draft:
    structured, replaced = build_structured(call, summary, services.sentence_model)
    body, span = render_body(structured)
    flags = _flags(call, body, span, replaced)
    if "model_error" in meta["timings"]:
        detail = f"the model's summary was unusable, a factual one was used: {meta['timings']['model_error']}"
        flags.append({"type": "model_output", "span": list(span), "detail": detail})
    meta["timings"] = {**meta["timings"], "template_fields": ["summary"] if replaced else []}
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
