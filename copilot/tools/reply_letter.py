"""A compact reply's middle: one sentence per question, the answer from our records or an honest deferral.

An answer is a record sentence that passed `reply_answers.answers`, restated in our voice with the
same factual-span check as any letter fact, and cited. A question with no such sentence gets a
deferral naming the day we will come back; it rests on no record (citation number 0, which the
composer leaves uncited) and is flagged for the reviewer as our commitment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from copilot.container import Services
from copilot.guards.injection import detect_injection
from copilot.retrieval import GroundedContext
from copilot.tools.customer_facts import attribute_our_lines, split_by_audience, without_interaction
from copilot.tools.draft_checks import learned_detector_input
from copilot.tools.draft_compact import fact_side
from copilot.tools.draft_types import Audience
from copilot.tools.rephrase import Rephrased, rephrase_checked
from copilot.tools.reply import Answer, ReplyTarget, answer_frame, answer_sources
from copilot.tools.reply_wording import answer_sentence, come_back_day, deferral, question_reference

# The citation number of a sentence that rests on no record: the composer cites it to nothing.
UNCITED = 0


@dataclass(frozen=True)
class ReplyLines:
    """The reply's sentences in question order, and those of them that are our deferral promises."""

    lines: list[Rephrased]
    deferrals: list[str]


def reply_lines(
    answers: list[Answer],
    context: GroundedContext,
    audience: Audience,
    today: date,
    asked_by: date | None = None,
) -> ReplyLines:
    """One sentence per question: the restated answer (cited), or a deferral when none holds, by the
    customer's own deadline (`asked_by`) when that is sooner than two working days."""
    records = {r.n: r for r in context.records}
    language = audience.language
    day = come_back_day(today, language, asked_by)
    lines: list[Rephrased] = []
    deferrals: list[str] = []
    for i, answer in enumerate(answers):
        reference = question_reference(answer.question, i, len(answers), language)
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
    return ReplyLines(lines, deferrals)


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
