"""The account_summary tool: a manager's cited view of one account, cached until new interactions arrive.

Sections (open issues, commitments by us and by them, risks) are verbatim sentences from focused
retrievals; the sentiment trend is computed per month by the tone flagger. The model writes only a
short overview and next best actions from a handful of fenced sentences; junk is replaced by
deterministic wording, and every action must rest on a cited sentence.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Account, AccountSummary, Interaction
from copilot.db.types import utcnow
from copilot.errors import ModelError, NotFoundError
from copilot.guards.fencing import fence_facts
from copilot.llm.retry import RetryPolicy
from copilot.prompting import load_prompt
from copilot.retrieval import Retriever
from copilot.tools.account_sections import SECTIONS, CitationMap, section_items, sentiment_trend
from copilot.tools.modelcall import audited_call

MAX_ACTIONS = 4
MAX_ACTION_WORDS = 25
MAX_OVERVIEW_WORDS = 60
_ECHO = re.compile(r"\b(FACTS?|JSON|next_actions|overview field|data only)\b|<<|>>", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{4,}")


class AccountSummaryOutput(BaseModel):
    """What the model writes. No length limits: llama.cpp grammars would not compile."""

    overview: str
    next_actions: list[str]


def watermark(session: Session, account_id: int) -> tuple[int, datetime | None]:
    """How many interactions the account has and when the latest of them changed."""
    count, latest = session.execute(
        select(func.count(Interaction.id), func.max(Interaction.updated_at)).where(
            Interaction.account_id == account_id
        )
    ).one()
    return int(count), latest


def account_summary(services: Services, account_id: int, *, refresh: bool = False) -> dict[str, Any]:
    """The account's summary: from the cache when its watermark still matches, else freshly built."""
    with services.sessions() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFoundError(f"account {account_id} not found")
        mark = watermark(session, account_id)
        cached = session.scalar(select(AccountSummary).where(AccountSummary.account_id == account_id))
        if cached is not None and not refresh and (cached.watermark_count, cached.watermark_at) == mark:
            return _public(cached, account, cached=True)
        facts = _account_facts(account)
    content, model, version = _build(services, account_id, facts)
    with services.sessions() as session, session.begin():
        account = session.get_one(Account, account_id)
        row = session.scalar(select(AccountSummary).where(AccountSummary.account_id == account_id))
        if row is None:
            row = AccountSummary(account_id=account_id)
            session.add(row)
        row.content, row.model, row.prompt_version = content, model, version
        row.watermark_count, row.watermark_at = mark
        row.created_at = utcnow()
        session.flush()
        return _public(row, account, cached=False)


def _account_facts(account: Account) -> dict[str, Any]:
    return {
        "name": account.name,
        "industry": account.industry,
        "owner": account.owner,
        "renewal_date": account.renewal_date.isoformat() if account.renewal_date else None,
    }


def _public(row: AccountSummary, account: Account, *, cached: bool) -> dict[str, Any]:
    return {
        "account_id": account.id,
        "account_name": account.name,
        "cached": cached,
        "model": row.model,
        "prompt_version": row.prompt_version,
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "watermark": {
            "interactions": row.watermark_count,
            "latest_update": row.watermark_at.isoformat() if row.watermark_at else None,
        },
        **row.content,
    }


def _build(services: Services, account_id: int, facts: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    retriever = Retriever(services.sessions, services.embeddings, services.vector_index)
    citations = CitationMap()
    sections = {s.key: section_items(retriever, account_id, s, citations) for s in SECTIONS}
    with services.sessions() as session:
        trend = sentiment_trend(session, account_id, services.sentence_model, citations)
        count = watermark(session, account_id)[0]
    prompt = load_prompt("account_summary")
    shown = [(item["citations"][0], item["text"]) for items in sections.values() for item in items][:6]
    timings: dict[str, Any] = {}
    try:
        result = audited_call(
            sessions=services.sessions,
            model=services.chat_model,
            prompt=prompt,
            variables={
                "account": facts["name"],
                "facts": fence_facts(shown),
                "our_company": services.settings.company_name or "our company",
            },
            schema=AccountSummaryOutput,
            account_id=account_id,
            draft_id=None,
            retrieved_ids=[c["interaction_id"] for c in citations.entries],
            max_tokens=min(services.settings.llm_max_output_tokens, 160),
            mask_pii=services.settings.llm_provider != "embedded",
            retry=RetryPolicy.from_settings(services.settings),
        )
        written, model = result.parsed, result.model
        timings = {"latency_s": round(result.latency_s, 3), "tokens_out": result.completion_tokens}
    except ModelError as exc:
        # Unusable model output (cut off, not JSON): the cited sections still stand; say what is missing.
        written = AccountSummaryOutput(overview="", next_actions=[])
        model = str(getattr(services.chat_model, "model_name", "unknown"))
        timings = {"model_error": str(exc)[:300]}
    overview, replaced = _overview(written.overview, facts, count, sections, shown)
    content = {
        "overview": overview,
        **sections,
        "sentiment_trend": trend,
        "next_best_actions": next_actions(written.next_actions, shown, sections),
        "citations": citations.entries,
        "replaced_fields": replaced,
        "timings": timings,
    }
    return content, model, prompt.version


def _is_junk(text: str, max_words: int) -> bool:
    stripped = text.strip()
    return not _WORD.search(stripped) or bool(_ECHO.search(stripped)) or len(stripped.split()) > max_words


def _words(text: str) -> set[str]:
    # A crude stem (no plural s) so "exports" meets "export".
    return {w.lower().removesuffix("s") for w in _WORD.findall(text)}


def cited_by_overlap(text: str, shown: list[tuple[int, str]]) -> list[int]:
    """Citation numbers of the shown sentences sharing at least two content words with `text`."""
    words = _words(text)
    found = [n for n, sentence in shown if len(words & _words(sentence)) >= 2]
    return sorted(set(found))


def _overview(
    text: str,
    facts: dict[str, Any],
    count: int,
    sections: dict[str, list[dict[str, Any]]],
    shown: list[tuple[int, str]],
) -> tuple[dict[str, Any], list[str]]:
    if not _is_junk(text, MAX_OVERVIEW_WORDS):
        return {"text": text.strip(), "citations": cited_by_overlap(text, shown)}, []
    parts = [f"{facts['name']}" + (f" ({facts['industry']})" if facts.get("industry") else "")]
    if facts.get("owner"):
        parts.append(f"owned by {facts['owner']}")
    if facts.get("renewal_date"):
        parts.append(f"renewal {facts['renewal_date']}")
    lead = ", ".join(parts)
    text = f"{lead}: {count} interaction(s) on record, {len(sections['open_issues'])} open issue(s) found."
    return {"text": text, "citations": []}, ["overview"]


def next_actions(
    proposed: list[str], shown: list[tuple[int, str]], sections: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The model's actions that rest on a cited sentence, topped up with actions derived from the sections."""
    actions: list[dict[str, Any]] = []
    for text in proposed:
        cited = cited_by_overlap(text, shown)
        if cited and not _is_junk(text, MAX_ACTION_WORDS):
            actions.append({"text": text.strip(), "citations": cited, "source": "model"})
    derived = [("Resolve the open issue", i) for i in sections["open_issues"]]
    derived += [("Deliver on our commitment", i) for i in sections["commitments_by_us"]]
    derived += [("Follow up on their commitment", i) for i in sections["commitments_by_them"]]
    for lead, item in derived:
        if len(actions) >= MAX_ACTIONS:
            break
        if any(set(a["citations"]) & set(item["citations"]) for a in actions):
            continue
        text = f'{lead}: "{item["text"]}"'
        actions.append({"text": text, "citations": item["citations"], "source": "rules"})
    return actions[:MAX_ACTIONS]
