"""Reply mode: the inbound message a draft answers, the questions and requests in it, and the answer frame.

The composer asks `load_reply` for the message (which also decides whether it may be answered at
all), adds its questions to the retrieval query and the prompt, and gets from `answer_frame` the
customer-visible fact that best answers each question, so every question is addressed even when
the model skips one. The message's own language wins over the account's preference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from copilot.db.models import Interaction
from copilot.errors import InvalidInputError, NotFoundError
from copilot.ingest.audience import INTERNAL
from copilot.languages import message_language
from copilot.retrieval.context import CitedRecord
from copilot.retrieval.keyword import bm25_scores
from copilot.tools.facts import FactSentence, candidate_sentences
from copilot.tools.reply_answers import answers
from copilot.tools.reply_deadline import asked_by
from copilot.tools.reply_handover import asks_for_handover
from copilot.tools.reply_topic import subject_topic
from copilot.tools.reply_wording import LATE_REPLY_DAYS

MAX_QUESTIONS = 5
_REPLYABLE_KINDS = ("email", "chat")
# Kinds whose inbound or spoken text is the customer's own words (our call lines come apart, in `ours`).
_CUSTOMER_WORDS_KINDS = ("email", "chat", "call", "meeting")
# A period between digits is a date's or an amount's ("28.05.2027", "1.500"), not a sentence's end.
_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+(?:[.!?]+|$)")
# Requests phrased without a question mark ("Please send…", "Bitte schicken Sie…", "Merci de…").
_REQUEST = re.compile(
    r"^(?:please|pls|kindly|could you|can you|would you|we need|i need|we would like|i would like|"
    r"let me know|let us know|send (?:me|us)|bitte|könnten sie|können sie|wir brauchen|ich brauche|"
    r"merci de|pourriez-vous|pouvez-vous|nous avons besoin|por favor|podría|podrían|necesitamos|"
    r"per favore|potreste|graag|kunt u)\b",
    re.IGNORECASE,
)
# A need of the customer's side stated, not asked ("Notre service achats a besoin de quelques documents",
# "Our finance team needs the signed order form"): a request as plain as a question, so it is answered.
_NEED = re.compile(
    r"^(?:our|we|notre|nos|nous|unser\w*|wir|nuestr\w*|necesitamos|il nostro|la nostra|i nostri|le nostre|"
    r"abbiamo|noi|onze|ons|wij)\b[^,;]*?(?:\bneeds?\s+(?:a|an|the|some|your|\d)\b|\bbesoin d|\bbenötig|"
    r"\bbrauch|\bnecesit|\bbisogno d|\bnodig\b)",
    re.IGNORECASE,
)
# A wish that asks for something ("…, so a competitive offer would help.").
_WISH = re.compile(
    r"\b(?:would (?:really )?help|would be (?:helpful|useful)|wäre (?:sehr )?hilfreich|"
    r"serait (?:très )?utile|sería (?:muy )?útil|sarebbe (?:molto )?utile|zou (?:erg )?helpen)\b",
    re.IGNORECASE,
)
# A second question joined to the first ("How often does it refresh, and can we trigger one manually?").
_JOINED_QUESTION = re.compile(
    r",?\s+(?:and|und|et|y)\s+(?=(?:can|could|is|are|do|does|will|would|how|when|what|where|whether|"
    r"kann|können|gibt|ist|wie|wann|est-ce|peut-on|pouvez|quand|comment|se puede|pueden|cuándo|cómo)\b)",
    re.IGNORECASE,
)
# Closing courtesies shaped like requests ("Let me know if anything is unclear.") ask nothing.
# "Please note that…" and "Please find attached…" inform; they ask nothing.
# "Let me know what you need from our side" offers help; it asks nothing.
_COURTESY = re.compile(
    r"^(?:please )?let (?:me|us) know if (?:anything|you|there|any)\b|"
    r"^(?:please )?let (?:me|us) know (?:what|whatever|if) (?:else )?you need\b|^(?:do not|don't) hesitate\b|"
    r"^feel free\b|^please (?:note|find|be aware|see)\b|^bitte beachten sie\b|^veuillez noter\b|"
    r"^je vous rappelle\b|^vi ricordo\b|^houd er rekening\b",
    re.IGNORECASE,
)
# "Could you let me know by the end of the week?" asks for an answer to the rest of the message by a
# day (`ReplyTarget.deadline` reads the day): beside a real question it is no question of its own.
_REPLY_BY = re.compile(
    r"^(?:please |could you |can you |would you )?(?:please )?"
    r"(?:let (?:me|us) know|get back to (?:me|us)|reply|respond)\s+(?:by|before)\b[^,;]*[.?!]?$|"
    r"^(?:können|könnten) sie (?:mir|uns) bis [\w ]+ bescheid geben\W*$|"
    r"^(?:pourriez|pouvez)-vous (?:me|nous) répondre (?:d'ici|avant) [\w ]+\W*$|"
    r"^¿?(?:podría|podrían|puede|pueden) (?:responder|contestar)(?:me|nos) (?:antes del?|para el|hasta el) "
    r"[\w ]+\W*$|"
    r"^(?:potete|potreste|può) (?:risponder|far)(?:mi|ci)(?: sapere)? entro [\w ]+\W*$|"
    r"^(?:kunt|wilt) u (?:mij|ons) (?:vóór|voor|uiterlijk) [\w ]+ (?:antwoorden|laten weten)\W*$",
    re.IGNORECASE,
)
# An English question embedded in a statement: "Our data team wants to understand how often the
# connector refreshes and whether we can trigger a refresh manually."
_EMBEDDED = re.compile(
    r"\b(?:wants? to (?:understand|know)|would (?:like|love) to (?:know|understand)|(?:am|is|are) "
    r"(?:wondering|curious)|need to (?:know|understand)|(?:are |is )?ask(?:ed|ing))\s+"
    r"(?P<asked>(?:how|whether|if|when|what|which|why|where|who)\b.+?)[.!]?$|"
    # The same question told about others in the letter languages: "Plusieurs collègues demandent s'il est
    # possible …" (a French customer's question went unanswered for it, 2026-12-07), "fragen, ob …".
    r"\b(?:demande(?:nt|z)?|aimerai(?:s|ent)? savoir|voudrai(?:s|ent) savoir|fragen|fragt|möchten? wissen|"
    r"wollen wissen|preguntan?|quisiera(?:n)? saber|chiedono|chiede|vorrei sapere|vragen|vraagt|willen weten)"
    r",?\s+(?P<told>(?:s'|si|ob|se|of)\b.+?)[.!]?$",
    re.IGNORECASE,
)
_EMBEDDED_JOIN = re.compile(
    r",?\s+and\s+(?=(?:how|whether|if|when|what|which|why|where|who)\b)", re.IGNORECASE
)
# A greeting line, in the letter languages' usual forms ("Monsieur Larsen,", "Sehr geehrte Frau Schmidt,").
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|hallo|guten tag|sehr geehrte[rs]?|bonjour|monsieur|madame|hola|estimad[oa]s?|"
    r"buenos días|buongiorno|gentile|ciao|geachte|beste)\b(?=[^\n]{0,60}[,!]?\s*$)",
    re.IGNORECASE,
)


_REPLY_PREFIX = re.compile(r"^(?:(?:re|aw|antw|rv|r|sv)\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class ReplyTarget:
    """The inbound message a draft answers, with what threading and the composer need of it."""

    interaction_id: int
    subject: str
    message_id: str | None
    references: tuple[str, ...]
    language: str | None
    questions: tuple[str, ...]
    text: str
    # The day the message was sent, against which its "by Friday" is read.
    sent_on: date | None = None
    # Whether an email, call or meeting of ours followed it (`answered_by_us`): then this draft follows up.
    answered: bool = False

    def deadline(self) -> date | None:
        """The day the message asks to hear back by, if it names one."""
        return asked_by(self.text, self.sent_on) if self.sent_on is not None else None

    def waiting_since(self) -> date | None:
        """The day the message has waited for our reply since; None once we answered it (a later
        draft follows up: "sorry it took me so long to reply" would be untrue) or when it is undated."""
        return None if self.answered else self.sent_on


@dataclass(frozen=True)
class Answer:
    """One question of the inbound message and the customer-visible fact that answers it, if any."""

    question: str
    fact: FactSentence | None


def reply_subject(subject: str | None) -> str:
    """The reply's subject: "Re: <subject>", never "Re: Re: …"."""
    subject = (subject or "").strip()
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}".strip()


def reply_purpose(subject: str | None, message: str = "") -> str:
    """The purpose of a reply whose rep gave none, naming the subject as a sentence names a topic
    ("about the data sync issue"); `message`, the customer's text, shows which words are ordinary."""
    topic = subject_topic(_REPLY_PREFIX.sub("", (subject or "").strip()), message)
    return f"Answer the customer's message about {topic}" if topic else "Answer the customer's message"


def check_replyable(session: Session, *, account_id: int, interaction_id: int) -> Interaction:
    """The interaction a reply may answer: this account's, from the customer, customer-visible.

    Another account's interaction is "not found", like any foreign object.
    """
    row = session.get(Interaction, interaction_id)
    if row is None or row.account_id != account_id:
        raise NotFoundError(f"interaction {interaction_id} not found in account {account_id}")
    where = f"reply_to_interaction_id: interaction {interaction_id}"
    if row.audience == INTERNAL:
        raise InvalidInputError(
            f"{where} is an internal record ({row.kind}); only a customer's message is answered"
        )
    if row.kind not in _REPLYABLE_KINDS:
        raise InvalidInputError(f"{where} is a {row.kind}; a reply answers an email or chat message")
    if row.direction in ("outbound", "internal"):
        raise InvalidInputError(f"{where} is our own {row.direction} message; a reply answers the customer's")
    return row


def questions_in(text: str) -> list[str]:
    """The questions and requests of a message, in order (at most MAX_QUESTIONS); a request for an
    answer by a day counts only when the message asks nothing else."""
    found = _asked(text)
    kept = [q for q in found if not _REPLY_BY.match(q)]
    return (kept or found)[:MAX_QUESTIONS]


def every_ask(text: str) -> list[str]:
    """Every question and request of a message, a request for an answer by a day included, for the
    reviewer (`questions_in` leaves that one out when the message asks anything else)."""
    return _asked(text)


def opening_words(text: str) -> str:
    """The message's lines after its greeting, quoted lines left out, on one line."""
    lines = [line.strip() for line in text.splitlines()]
    kept = [line for line in lines if line and not line.startswith(">") and not _GREETING.match(line)]
    return " ".join(kept)


def _asked(text: str) -> list[str]:
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(">") or _GREETING.match(line):
            continue
        for match in _SENTENCE.finditer(line):
            sentence = match.group(0).strip()
            if len(sentence) < 8:
                continue
            if _COURTESY.match(sentence):
                continue
            if sentence.endswith("?"):
                found.extend(_split_joined(sentence))
            elif embedded := _EMBEDDED.search(sentence):
                asked = embedded["asked"] or embedded["told"]
                found.extend(p.strip() for p in _EMBEDDED_JOIN.split(asked) if p.strip())
            elif _REQUEST.match(sentence) or _NEED.match(sentence) or _WISH.search(sentence):
                found.append(sentence)
            elif asks_for_handover(sentence):
                # "Procurement needs … your security certificate": a need stated by a team, not "we".
                found.append(sentence)
            if len(found) > MAX_QUESTIONS:
                return found
    return found


def _split_joined(question: str) -> list[str]:
    """A question holding two ("…, and can we…?") as two questions, each ending in "?"."""
    parts = [p.strip() for p in _JOINED_QUESTION.split(question) if p.strip()]
    if len(parts) == 1:
        return parts
    parts = [p.rstrip(" ,?") + "?" for p in parts]
    return [p[:1].upper() + p[1:] for p in parts]


def _thread_ids(row: Interaction) -> tuple[str | None, tuple[str, ...]]:
    """The message's own Message-ID (emails keep it as source id) and the References of a reply to it."""
    message_id = row.source_id if row.source_id.startswith("<") else None
    ids = (row.thread_id, message_id)
    references = tuple(dict.fromkeys(r for r in ids if r and r.startswith("<")))
    return message_id, references


def thread_headers(session: Session, *, account_id: int, interaction_id: int | None) -> dict[str, str]:
    """In-Reply-To and References of a reply to this interaction; {} without a Message-ID (or row)."""
    row = session.get(Interaction, interaction_id) if interaction_id is not None else None
    if row is None or row.account_id != account_id:
        return {}
    message_id, references = _thread_ids(row)
    if message_id is None:
        return {}
    return {"In-Reply-To": message_id, "References": " ".join(references)}


def load_reply(session: Session, *, account_id: int, interaction_id: int) -> ReplyTarget:
    """The checked reply target with its questions, language and threading ids."""
    row = check_replyable(session, account_id=account_id, interaction_id=interaction_id)
    message_id, references = _thread_ids(row)
    return ReplyTarget(
        interaction_id=row.id,
        subject=reply_subject(row.subject),
        message_id=message_id,
        references=references,
        language=message_language(row.text),
        questions=tuple(questions_in(row.text)),
        text=row.text,
        sent_on=row.occurred_at.date() if row.occurred_at else None,
        answered=answered_by_us(session, row),
    )


# Our contact after their message: any outbound record, and calls and meetings (both sides take part).
_BOTH_SIDES = frozenset({"call", "meeting"})


def answers_message(record: Interaction, message: Interaction) -> bool:
    """Whether `record`, of the same account, is our contact after the customer's `message`."""
    ours = record.direction == "outbound" or record.kind in _BOTH_SIDES
    return ours and record.occurred_at > message.occurred_at


def answered_by_us(session: Session, message: Interaction) -> bool:
    """Whether an email, call or meeting of ours followed the customer's message (`answers_message`,
    asked of the database: an account may hold thousands of later records)."""
    ours = or_(Interaction.direction == "outbound", Interaction.kind.in_(_BOTH_SIDES))
    later = select(Interaction.id).where(
        Interaction.account_id == message.account_id, Interaction.occurred_at > message.occurred_at, ours
    )
    return session.scalar(select(exists(later))) is True


def answer_sources(records: list[CitedRecord], target: ReplyTarget) -> list[CitedRecord]:
    """Customer-visible records that may answer the customer: what we said to them, never their own words.

    Our outbound mail and shared records (tickets, documents) pass; the message replied to and any other
    message or call text of theirs do not (our own call lines come separately, `AudienceSplit.ours`).
    """
    return [
        r
        for r in records
        if r.interaction_id != target.interaction_id
        and (r.direction == "outbound" or r.kind not in _CUSTOMER_WORDS_KINDS)
    ]


def answer_frame(target: ReplyTarget, records: list[CitedRecord]) -> list[Answer]:
    """For each question, the best sentence of `records` that really answers it (`answers`), or None.

    Pass only records whose sentences we may state to the customer (`answer_sources`).
    """
    language = target.language or "en"
    candidates = [(r.n, s) for r in records for s in candidate_sentences(r)]
    found: list[Answer] = []
    for question in target.questions:
        fitting = [(n, s) for n, s in candidates if answers(question, s, language)]
        if not fitting:
            found.append(Answer(question, None))
            continue
        scores = bm25_scores(question, [s for _, s in fitting])
        n, sentence = fitting[max(range(len(fitting)), key=lambda i: scores[i])]
        found.append(Answer(question, FactSentence(n, sentence)))
    return found


def model_instructions(rep_instructions: str | None, reply: ReplyTarget | None, feedback: str | None) -> str:
    """The prompt's instruction lines, shared by both drafting modes: the rep's, the reply's, the checks'."""
    lines = [f"Extra instructions from the rep: {rep_instructions}" if rep_instructions else ""]
    lines += [reply_instructions(reply) if reply is not None else "", feedback or ""]
    return "\n".join(line for line in lines if line).strip()


def reply_instructions(target: ReplyTarget, today: date | None = None) -> str:
    """The prompt lines telling the model which message it answers, what was asked, and how to defer;
    for a message that has waited a week or more, to apologise for the slow reply first."""
    today = today or datetime.now(UTC).date()
    since = target.waiting_since()
    waited = (today - since).days if since else 0
    late = (
        f"The customer wrote {waited} days ago: apologise briefly for the slow reply before answering.\n"
        if waited >= LATE_REPLY_DAYS
        else ""
    )
    if not target.questions:
        return late + "This email replies to the customer's message: acknowledge it and answer what it asks."
    asked = "\n".join(f"- {q}" for q in target.questions)
    return (
        f"{late}This email replies to the customer's message. Answer each of their questions or requests:\n"
        f"{asked}\n"
        "Answer a question only with what the records state. When no record answers it, say plainly that "
        "you do not have that to hand and will come back to them; never invent an answer."
    )
