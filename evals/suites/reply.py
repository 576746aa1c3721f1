"""reply: drafts in reply mode address each question of the customer's message, in its language, threaded.

Each case is an inbound, customer-visible email of the loaded sample with at least one question or
request (one per account, every account by default). `reply_judge` decides per question whether the
reply answers it with a supported, cited fact or defers it explicitly with a time to come back by; a
reply that ignores a question fails it. Also scored: the reply's language, its subject keeping the
thread ("Re: …"), and never quoting the message back.

`reply_cases` and `score_reply` are separate so the drafting suite can fold the figures into its own
report; `run` is the stand-alone suite.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Draft, Interaction
from copilot.errors import CopilotError
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from evals.language import detect_language
from evals.suites.reply_judge import Verdict, asked, judge, quotes_message
from evals.types import EvalContext, Metric, SuiteResult, ratio

# Every account's latest inbound question by default: the sample has about a dozen accounts.
DEFAULT_CASES = 100


@dataclass(frozen=True)
class ReplyCase:
    """One inbound message to answer and the questions the judge found in it."""

    account_id: int
    interaction_id: int
    questions: tuple[str, ...]
    language: str | None
    message: str


def reply_cases(services: Services, limit: int) -> list[ReplyCase]:
    """Inbound customer emails with a question, at most one (the latest) per account, in a stable order."""
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
        questions = asked(text)
        if account_id in seen or not questions:
            continue
        seen.add(account_id)
        cases.append(ReplyCase(account_id, interaction_id, tuple(questions), detect_language(text), text))
        if len(cases) == limit:
            break
    return cases


def _record_texts(services: Services, draft: Draft, message_id: int) -> dict[int, str]:
    """Citation number -> full text of each cited record, without the message replied to."""
    numbers = {int(c["interaction_id"]): int(c["n"]) for c in draft.citations or []}
    numbers.pop(message_id, None)
    if not numbers:
        return {}
    with services.sessions() as session:
        rows = session.execute(
            select(Interaction.id, Interaction.text).where(Interaction.id.in_(list(numbers)))
        ).all()
    return {numbers[row.id]: row.text for row in rows}


def score_reply(
    case: ReplyCase, draft: Draft, tally: Counter[str], record_texts: dict[int, str]
) -> list[Verdict]:
    """Add one reply's checks: each question addressed, language kept, thread kept, no quote back."""
    body = draft.body or ""
    verdicts = judge(list(case.questions), body, list(draft.body_citations or []), record_texts)
    tally["replies"] += 1
    tally["questions"] += len(verdicts)
    for verdict in verdicts:
        tally[verdict.outcome] += 1
    tally["all_addressed"] += all(v.outcome != "ignored" for v in verdicts)
    tally["quotes_message"] += quotes_message(body, case.message)
    if case.language:
        tally["with_language"] += 1
        tally["language_kept"] += (detect_language(body) or draft.language) == case.language
    tally["threaded"] += (draft.subject or "").lower().startswith(("re:", "aw:", "re :"))
    return verdicts


def reply_metrics(tally: Counter[str]) -> list[Metric]:
    """The reply figures of a tally."""
    n, asked_n = tally["replies"], tally["questions"]
    addressed = tally["answered"] + tally["deferred"]
    return [
        Metric(
            "reply_answers", ratio(tally["all_addressed"], n), 1.0, "goal 1.0: every question addressed", n=n
        ),
        Metric("reply_questions_addressed", ratio(addressed, asked_n), 1.0, "goal 1.0", n=asked_n),
        Metric(
            "reply_questions_answered_from_records", ratio(tally["answered"], asked_n), None, "", n=asked_n
        ),
        Metric("reply_questions_deferred", ratio(tally["deferred"], asked_n), None, "", n=asked_n),
        Metric(
            "reply_quotes_message",
            ratio(tally["quotes_message"], n),
            0.0,
            "must be 0",
            higher_is_better=False,
            n=n,
        ),
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
    """Reply to the latest inbound question of every account and judge each question's handling."""
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
        verdicts = score_reply(case, draft, tally, _record_texts(ctx.services, draft, case.interaction_id))
        result.details.setdefault("examples", []).append(
            {
                "interaction_id": case.interaction_id,
                "message": case.message,
                "verdicts": [{"question": v.question, "outcome": v.outcome} for v in verdicts],
                "subject": draft.subject,
                "body": draft.body,
            }
        )
    for metric in reply_metrics(tally):
        result.add(metric)
    return result
