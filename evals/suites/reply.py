"""reply: drafts in reply mode answer the customer's inbound question, in its language, without internal text.

Each case is an inbound, customer-visible email of the loaded sample with at least one question. The
reply is judged by the asked-about entity (the question's most specific words) appearing in the
reply's body (the customer's own message is never quoted into it, so the words must come from the
answer), by the reply's language, and by its subject keeping the thread ("Re: …").

`reply_cases` and `score_reply` are separate so the drafting suite can fold the figure into its own
report; `run` is the stand-alone suite.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Draft, Interaction
from copilot.errors import CopilotError
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.tools.reply import message_language, questions_in
from evals.language import detect_language
from evals.types import EvalContext, Metric, SuiteResult, ratio

DEFAULT_CASES = 6
# Words that ask rather than name what is asked about (en/de/fr/es).
_ASKING = frozenset(
    " ".join(
        (
            "could would should please share send confirm check tell there where which when what about",
            "their these those your yours have update updated provide possible anyone someone",
            "können könnten bitte schicken senden bestätigen pourriez pouvez envoyer confirmer merci",
            "podría podrían enviar confirmar favor",
        )
    ).split(" ")
)
_WORD = re.compile(r"[^\W\d_][\w'-]+")


@dataclass(frozen=True)
class ReplyCase:
    """One inbound message to answer and what it asks about."""

    account_id: int
    interaction_id: int
    question: str
    entity: tuple[str, ...]
    language: str | None


def asked_entity(question: str) -> tuple[str, ...]:
    """The question's most specific words: its longest two content words, lower-cased."""
    words = [w.lower() for w in _WORD.findall(question)]
    content = [w for w in dict.fromkeys(words) if len(w) >= 5 and w not in _ASKING]
    return tuple(sorted(content, key=len, reverse=True)[:2])


def reply_cases(services: Services, limit: int) -> list[ReplyCase]:
    """Inbound customer emails with a question, at most one per account, in a stable order."""
    with services.sessions() as session:
        rows = session.execute(
            select(Interaction.id, Interaction.account_id, Interaction.text)
            .where(
                Interaction.kind == "email",
                Interaction.direction == "inbound",
                Interaction.audience == "customer",
            )
            .order_by(Interaction.account_id, Interaction.occurred_at.desc())
        ).all()
    cases: list[ReplyCase] = []
    seen: set[int] = set()
    for interaction_id, account_id, text in rows:
        asked = questions_in(text)
        if account_id in seen or not asked or not asked_entity(asked[0]):
            continue
        seen.add(account_id)
        cases.append(
            ReplyCase(account_id, interaction_id, asked[0], asked_entity(asked[0]), message_language(text))
        )
        if len(cases) == limit:
            break
    return cases


def score_reply(case: ReplyCase, draft: Draft, tally: Counter[str]) -> None:
    """Add one reply's checks: entity answered, language kept, thread kept."""
    body = (draft.body or "").lower()
    tally["replies"] += 1
    # A stem match ("connector" answers "connectors"), so inflection is not counted as a miss.
    tally["entity_answered"] += all(word[:6] in body for word in case.entity)
    if case.language:
        tally["with_language"] += 1
        tally["language_kept"] += (detect_language(draft.body or "") or draft.language) == case.language
    tally["threaded"] += (draft.subject or "").lower().startswith(("re:", "aw:"))


def reply_metrics(tally: Counter[str]) -> list[Metric]:
    """The reply figures of a tally."""
    n = tally["replies"]
    return [
        Metric("reply_answers_asked_entity", ratio(tally["entity_answered"], n), 1.0, "goal 1.0", n=n),
        Metric(
            "reply_language_kept",
            ratio(tally["language_kept"], tally["with_language"]),
            1.0,
            "goal 1.0",
            n=tally["with_language"],
        ),
        Metric("reply_threaded_subject", ratio(tally["threaded"], n), 1.0, "must be 1", n=n),
    ]


def run(ctx: EvalContext) -> SuiteResult:
    """Reply to one inbound question per account and score the replies."""
    cases = reply_cases(ctx.services, ctx.limit or DEFAULT_CASES)
    result = SuiteResult("reply", details={"cases": len(cases)})
    tally: Counter[str] = Counter()
    for case in ctx.track("reply", cases, len(cases)):
        request = EmailRequest(case.account_id, "", reply_to_interaction_id=case.interaction_id)
        try:
            draft = generate_email(ctx.services, request_email(ctx.services, request).id)
        except CopilotError as exc:
            result.errors.append(f"interaction {case.interaction_id}: {type(exc).__name__}: {exc}")
            continue
        score_reply(case, draft, tally)
        result.details.setdefault("examples", []).append(
            {"question": case.question, "entity": case.entity, "subject": draft.subject, "body": draft.body}
        )
    for metric in reply_metrics(tally):
        result.add(metric)
    return result
