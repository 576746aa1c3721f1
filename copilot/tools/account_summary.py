"""The account_summary tool: a manager's cited view of one account, cached until new interactions arrive.

Every sentence of the account's records is attributed to a side (`account_sentences`) and labelled
issue / commitment / risk / other by the trained sentence classifier; the sections, the monthly
sentiment trend over the customer's own words, a 2-4 sentence narrative and next best actions are
all built from those cited sentences. No chat model writes any part of it, so nothing in it can be
an echo of a prompt or schema.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Account, AccountSummary, Interaction
from copilot.db.types import utcnow
from copilot.errors import NotFoundError
from copilot.tools.account_contact_policy import contact_policy, policy_key
from copilot.tools.account_issues import records_reporting_problems
from copilot.tools.account_items import CitationMap, SectionInputs, label_sentences
from copilot.tools.account_narrative import narrative, next_best_actions
from copilot.tools.account_price import price_on_record
from copilot.tools.account_sections import build_sections, customer_pieces
from copilot.tools.account_sentences import account_contacts, account_rows, record_sentences
from copilot.tools.account_trend import sentiment_trend
from copilot.tools.call_record import account_role_book, owner_name
from copilot.tools.sentence_classes import MODEL_PATH
from copilot.tools.sentence_tuned import MODEL_PATH as TUNED_MODEL_PATH

# Bumped when the stored content changes shape, so a cached summary of the older shape is rebuilt.
CONTENT_FORMAT = 20
MODEL_NAME = "sentence-classifier (all-MiniLM-L6-v2 fine-tuned, linear head; frozen-vector MLP fallback)"


@lru_cache(maxsize=1)
def classifier_version() -> str:
    """A short digest of the committed classifier files, stored as the summary's version."""
    digest = hashlib.sha256(MODEL_PATH.read_bytes())
    if TUNED_MODEL_PATH.is_file():
        digest.update(TUNED_MODEL_PATH.read_bytes())
    return "cls-" + digest.hexdigest()[:12]


def watermark(session: Session, account_id: int) -> tuple[int, datetime | None]:
    """How many interactions the account has and when the latest of them changed."""
    count, latest = session.execute(
        select(func.count(Interaction.id), func.max(Interaction.updated_at)).where(
            Interaction.account_id == account_id
        )
    ).one()
    return int(count), latest


def _is_current(cached: AccountSummary | None, mark: tuple[int, datetime | None], account: Account) -> bool:
    # A page says what is overdue and how many days the renewal is away, so one built on another day is
    # stale even when no record changed; one built before the account or a contact was marked not to be
    # contacted would still suggest calling them.
    return (
        cached is not None
        and policy_key(cached.content.get("contact_policy") if cached.content else None)
        == policy_key(contact_policy(account, {"risks": []}))
        and cached.created_at is not None
        and cached.created_at.date() == utcnow().date()
        and (cached.watermark_count, cached.watermark_at) == mark
        and (cached.content or {}).get("format") == CONTENT_FORMAT
        and cached.prompt_version == classifier_version()
    )


def account_summary(services: Services, account_id: int, *, refresh: bool = False) -> dict[str, Any]:
    """The account's summary: from the cache when its watermark still matches, else freshly built."""
    with services.sessions() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFoundError(f"account {account_id} not found")
        mark = watermark(session, account_id)
        cached = session.scalar(select(AccountSummary).where(AccountSummary.account_id == account_id))
        if not refresh and _is_current(cached, mark, account):
            assert cached is not None
            return _public(cached, account, cached=True)
        content = _build(services, session, account)
    with services.sessions() as session, session.begin():
        account = session.get_one(Account, account_id)
        row = session.scalar(select(AccountSummary).where(AccountSummary.account_id == account_id))
        if row is None:
            row = AccountSummary(account_id=account_id)
            session.add(row)
        row.content, row.model, row.prompt_version = content, MODEL_NAME, classifier_version()
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


def _build(services: Services, session: Session, account: Account) -> dict[str, Any]:
    started = time.perf_counter()
    rows = account_rows(session, account.id)
    contacts = account_contacts(account)
    our_domains = services.settings.our_domains
    owner = owner_name(session, account, our_domains) or ""
    book = account_role_book(session, account, our_domains, owner_display=owner)
    sentences = [s for row in rows for s in record_sentences(row, book)]
    labelled = label_sentences(sentences, services.sentence_model, services.sentence_labeller)
    citations = CitationMap()
    inputs = SectionInputs(
        labelled,
        {r.id: r for r in rows},
        contacts,
        account.owner or "",
        utcnow().date(),
        account.name,
        owner,
    )
    sections = build_sections(inputs, citations)
    closed = frozenset(s.interaction_id for s in sentences if s.ticket_priority and not s.ticket_open)
    problems = records_reporting_problems(labelled)
    pieces = customer_pieces(sentences)
    trend = sentiment_trend(rows, pieces, services.sentence_model, citations, closed, problems)
    facts = _account_facts(account)
    policy = contact_policy(account, sections, {e["n"]: e["excerpt"] for e in citations.entries})
    facts["contact_policy"] = policy
    facts["today"] = inputs.today.isoformat()
    facts["last_record"] = max(r.occurred_at for r in rows).date().isoformat() if rows else None
    facts["price"] = price_on_record({r.id: r for r in rows}, citations, inputs.today)
    counts: dict[str, int] = {}
    for item in labelled:
        counts[item.label.label] = counts.get(item.label.label, 0) + 1
    return {
        "format": CONTENT_FORMAT,
        "overview": narrative(facts, sections, trend, len(rows)),
        **sections,
        "sentiment_trend": trend,
        "contact_policy": policy,
        "next_best_actions": next_best_actions(
            sections, account.name, facts["renewal_date"], inputs.today, policy
        ),
        "citations": citations.entries,
        "sentences_classified": counts,
        "timings": {"build_s": round(time.perf_counter() - started, 3)},
    }
