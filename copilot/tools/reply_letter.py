"""A compact reply's middle: one sentence per question, the answer from our records, a promise to send
what the customer asked for (`reply_handover`), or an honest deferral.

An answer is a record sentence that passed `reply_answers.answers`, restated in our voice with the
same factual-span check as any letter fact, and cited. A question with no such sentence gets a
deferral naming the day we will come back; it rests on no record (citation number 0, which the
composer leaves uncited) and is flagged for the reviewer as our commitment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from copilot.container import Services
from copilot.guards.injection import detect_injection
from copilot.retrieval import GroundedContext
from copilot.tools.account_issues import reports_a_problem
from copilot.tools.account_sentences import CUSTOMER
from copilot.tools.customer_facts import attribute_our_lines, split_by_audience, without_interaction
from copilot.tools.draft_checks import learned_detector_input
from copilot.tools.draft_compact import fact_side
from copilot.tools.draft_types import Audience
from copilot.tools.rephrase import Rephrased, rephrase_checked
from copilot.tools.reply import Answer, ReplyTarget, answer_frame, answer_sources
from copilot.tools.reply_handover import (
    asks_for_handover,
    asks_who_helps_with_that,
    handed_over,
    joined_things,
    notes_how_to_make_it,
    send_promise,
)
from copilot.tools.reply_wording import (
    answer_sentence,
    come_back_day,
    deferral,
    late_apology,
    problem_acknowledged,
    question_reference,
)
from copilot.tools.sentence_classes import classify_sentences
from copilot.tools.turn_text import sentences

# The citation number of a sentence that rests on no record: the composer cites it to nothing.
UNCITED = 0


@dataclass(frozen=True)
class ReplyLines:
    """The reply's sentences in question order, and those of them that are our own promises: to come
    back with an answer (deferrals) or to send what was asked for (sends)."""

    lines: list[Rephrased]
    deferrals: list[str]
    sends: list[str] = field(default_factory=list)


def reply_lines(
    answers: list[Answer],
    context: GroundedContext,
    audience: Audience,
    today: date,
    asked_by: date | None = None,
    waiting_since: date | None = None,
    problem: bool = False,
    apologised: bool = False,
) -> ReplyLines:
    """One sentence per question: the restated answer (cited), or a deferral when none holds, by the
    customer's own deadline (`asked_by`) when that is sooner than two working days; first an apology
    when the message has waited for our first reply (since `waiting_since`) a week or more. A message
    that asks nothing but reports a problem (`problem`) gets an apology and the day we come back, a
    deferral too; it says sorry unless the opening has (`apologised`)."""
    records = {r.n: r for r in context.records}
    language = audience.language
    day = come_back_day(today, language, asked_by)
    unanswered = [a.question for a in answers if a.fact is None]
    handover = _handover(unanswered, language, day)
    questions = [a for a in answers if a.fact is not None or a.question not in handover.covers]
    late = late_apology(waiting_since, today, language)
    lines: list[Rephrased] = [Rephrased(UNCITED, late, "")] if late else []
    deferrals: list[str] = []
    for i, answer in enumerate(questions):
        if answer.fact is None and answer.question == handover.at:
            lines.append(Rephrased(UNCITED, handover.promise, answer.question))
            continue
        reference = question_reference(answer.question, i, len(questions), language)
        restated = None
        if answer.fact is not None:
            side = fact_side(records[answer.fact.n], answer.fact.speaker, audience)
            restated = rephrase_checked(answer.fact.text, side, language)
        if answer.fact is not None and restated is not None:
            text = answer_sentence(restated)
            # One sentence may answer two questions ("…every 30 minutes, and you can trigger one manually").
            if text not in {line.text for line in lines}:
                lines.append(Rephrased(answer.fact.n, text, answer.fact.text))
            continue
        text = deferral(reference, day, language, first=not deferrals)
        deferrals.append(text)
        lines.append(Rephrased(UNCITED, text, answer.question))
    if not answers and problem:
        sorry = problem_acknowledged(day, language, apologised=apologised)
        deferrals.append(sorry)
        lines.append(Rephrased(UNCITED, sorry, ""))
    return ReplyLines(lines, deferrals, [handover.promise] if handover.at else [])


def reports_a_problem_only(services: Services, reply: ReplyTarget) -> bool:
    """Whether a message reports a problem: a sentence of it the trained classifier reads as an issue
    (English), or that names a problem in its own language's words."""
    said = [s for line in reply.text.splitlines() for s in sentences(line) if not _GREETING_LINE.match(s)]
    if not said:
        return False
    classes = classify_sentences(
        said, services.sentence_model, services.sentence_labeller, [CUSTOMER] * len(said)
    )
    return any(reports_a_problem(s, c) for s, c in zip(said, classes, strict=True))


# "Hello Bob," and "Best regards," open and close a message; they report nothing.
_GREETING_LINE = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon)|best|kind|thanks)\b[^.!?]*,$", re.I
)


@dataclass(frozen=True)
class _Handover:
    """One promise to send everything the message asked us to hand over, made where the first such
    request stands (`at`), and the questions it answers (`covers`): the requests, and a following
    "Who on your side can help with that?"."""

    at: str | None = None
    promise: str = ""
    covers: frozenset[str] = frozenset()


def _handover(unanswered: list[str], language: str, day: str) -> _Handover:
    requests = [q for q in unanswered if asks_for_handover(q)]
    if not requests:
        return _Handover()
    after = unanswered[unanswered.index(requests[0]) + 1 :]
    who = [q for q in after[:1] if asks_who_helps_with_that(q)]
    # A note on how to make what was asked for, right after the last request, is kept by the promise.
    last = unanswered.index(requests[-1]) + 1
    notes = [q for q in unanswered[last : last + 1] if notes_how_to_make_it(q)]
    things = joined_things([handed_over(q, language) for q in requests], language)
    promise = send_promise(things, day, language, who_asked=bool(who), noted=bool(notes))
    # The promise stands at the first request; the others it names are answered by it.
    return _Handover(requests[0], promise, frozenset(requests[1:] + who + notes))


def reply_answers(
    services: Services, context: GroundedContext, reply: ReplyTarget, *, defenses: bool = True
) -> list[Answer]:
    """Each question of the message with the sentence of ours that answers it, or None.

    Only what we may state to the customer is searched (`answer_sources`); an answer sentence that
    tries to instruct the model is no answer.
    """
    split = without_interaction(split_by_audience(services.sessions, context.records), reply.interaction_id)
    found = answer_frame(reply, answer_sources(split.customer, reply) + split.ours)
    records = {r.n: r for r in context.records}
    checked: list[Answer] = []
    for answer in found:
        fact = answer.fact
        if fact is not None:
            fact = attribute_our_lines(split, [fact])[0]
            detector = learned_detector_input(records[fact.n], services.injection_embeddings)
            if defenses and detect_injection(fact.text, detector):
                fact = None
        checked.append(Answer(answer.question, fact))
    return checked
