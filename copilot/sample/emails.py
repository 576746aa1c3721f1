"""Writes an account's email threads: bodies with greetings, quotes and signatures, and threading headers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from copilot.sample import text_en
from copilot.sample.catalog import SOLUTIONS_ENGINEER
from copilot.sample.model import OUR_COMPANY, OUR_DOMAIN, Account, Contact, Mail, Plant
from copilot.sample.plan import Skeleton, ThreadPlan
from copilot.sample.texts import TextPack, fill, fillers, pack_for


@dataclass
class Person:
    """Whoever writes or receives a message, with what a greeting and a signature need."""

    first: str
    last: str
    gender: str
    email: str
    title: str
    phone: str
    company: str

    @property
    def name(self) -> str:
        """Full display name."""
        return f"{self.first} {self.last}"


def person_of(who: Contact | Account, account: Account) -> Person:
    """A customer contact, or the account's owner rep when given the account."""
    if isinstance(who, Account):
        rep = who.owner
        return Person(rep.first, rep.last, rep.gender, rep.email, rep.title, rep.phone, OUR_COMPANY)
    return Person(who.first, who.last, who.gender, who.email, who.title, who.phone, account.name)


def message_id(rng: random.Random, at: datetime, domain: str) -> str:
    """A stable, unique-looking Message-ID in angle brackets."""
    return f"<{at:%Y%m%d%H%M%S}.{rng.getrandbits(48):012x}@{domain}>"


def quote_header(at: datetime, sender: Person) -> str:
    """The attribution line above a quoted message."""
    return f"On {at.day} {at:%b %Y} at {at:%H:%M}, {sender.name} <{sender.email}> wrote:"


def signature(person: Person, rng: random.Random) -> str:
    """A signature block after the conventional `-- ` delimiter line."""
    if person.company == OUR_COMPANY:
        return f"-- \n{person.name}\n{person.title} | {OUR_COMPANY}\n{person.phone} | {person.email}"
    layout = rng.choice(("{name}\n{title}, {company}\n{phone}", "{name}\n{title}\n{company}\nTel. {phone}"))
    return "-- \n" + layout.format(
        name=person.name, title=person.title, company=person.company, phone=person.phone
    )


def greeting(rng: random.Random, pack: TextPack, formality: str, to: Person) -> str:
    """Salutation for the recipient in the sender's language and register."""
    template = rng.choice(pack.greetings[formality])
    honorific = pack.honorifics[to.gender]
    male = to.gender == "m"
    return template.format(
        first=to.first, last=to.last, honorific=honorific, r="r" if male else "", o="o" if male else "a"
    )


class ThreadWriter:
    """Renders all threads of one account in its preferred language."""

    def __init__(self, rng: random.Random, account: Account, plants: list[Plant]) -> None:
        self.rng = rng
        self.account = account
        self.pack = pack_for(account.language)
        self.plants = plants
        self.values: dict[str, str] = {}

    def render(self, skeleton: Skeleton) -> list[Mail]:
        """All messages of all planned threads, in thread order."""
        mails: list[Mail] = []
        for ti, thread in enumerate(skeleton.threads):
            mails.extend(self._thread(ti, thread))
        return mails

    def _thread(self, ti: int, thread: ThreadPlan) -> list[Mail]:
        topic = self.pack.topics[thread.topic]
        self.values = fillers(self.rng, self.account.name, thread.times[0].year + 1)
        subject = fill(self.rng.choice(topic.subjects), self.values)
        used: set[str] = set()
        mails: list[Mail] = []
        quotable, previous_sender = "", None
        for mi, (at, inbound) in enumerate(zip(thread.times, thread.inbound, strict=True)):
            here = [p for p in self.plants if p.host.startswith("email_") and p.slot == (ti, mi)]
            own = self._own_text(thread, mi, inbound, used, here)
            sender, recipient = self._parties(thread.contact, inbound)
            body = own + "\n\n" + signature(sender, self.rng) if self.rng.random() < 0.8 else own
            parent = mails[-1] if mails else None
            if parent is not None and previous_sender is not None:
                quoted = "\n".join(f"> {line}" if line else ">" for line in quotable.split("\n"))
                block = quote_header(parent.sent_at, previous_sender) + "\n" + quoted
                body += "\n\n" + block
                own += "\n\n" + block
            mail = self._mail(
                at, inbound, sender, recipient, subject if parent is None else self._re(subject), body
            )
            if parent is not None:
                mail.in_reply_to = parent.message_id
                mail.references = [*parent.references, parent.message_id]
            for plant in here:
                plant.source_ref = f"{self.account.mbox_path}#{mail.message_id}"
            quotable, previous_sender = own, sender
            mails.append(mail)
        return mails

    def _re(self, subject: str) -> str:
        return self.pack.reply_prefix + subject

    def _parties(self, contact: Contact, inbound: bool) -> tuple[Person, Person]:
        customer = person_of(contact, self.account)
        rep = person_of(self.account, self.account)
        return (customer, rep) if inbound else (rep, customer)

    def _own_text(self, thread: ThreadPlan, mi: int, inbound: bool, used: set[str], here: list[Plant]) -> str:
        rng, pack, side = self.rng, self.pack, "in" if inbound else "out"
        sender, recipient = self._parties(thread.contact, inbound)
        topic = pack.topics[thread.topic]
        pool = topic.inbound if inbound else topic.outbound
        fresh = [p for p in pool if p not in used] or list(pool)
        paragraph = rng.choice(fresh)
        used.add(paragraph)
        opener = rng.choice(pack.openers[("first_" if mi == 0 else "reply_") + side])
        parts = [greeting(rng, pack, self.account.formality, recipient), opener + " " + paragraph]
        facts = [p.text for p in here if p.kind != "injection"]
        if facts:
            parts.append(" ".join(facts))
        if not facts or rng.random() < 0.4:
            parts.insert(2 if rng.random() < 0.5 else len(parts), rng.choice(pack.generic[side]))
        parts.append(rng.choice(pack.closings[side]))
        parts.extend(p.text for p in here if p.kind == "injection")
        parts.append(rng.choice(pack.signoffs[self.account.formality]) + "\n" + sender.first)
        text = "\n\n".join(parts)
        return fill(text, self.values)

    def _mail(self, at: datetime, inbound: bool, sender: Person, to: Person, subject: str, body: str) -> Mail:
        domain = self.account.domain if inbound else OUR_DOMAIN
        cc: list[tuple[str, str]] = []
        others = [c for c in self.account.contacts if c.email != (sender.email if inbound else to.email)]
        if others and self.rng.random() < 0.2:
            extra = self.rng.choice(others)
            cc.append((extra.name, extra.email))
        if not inbound and self.rng.random() < 0.1:
            cc.append((SOLUTIONS_ENGINEER.name, SOLUTIONS_ENGINEER.email))
        return Mail(
            message_id=message_id(self.rng, at, domain),
            sender=(sender.name, sender.email),
            to=[(to.name, to.email)],
            cc=cc,
            sent_at=at,
            subject=subject,
            body=body,
            inbound=inbound,
        )


def dnc_request(rng: random.Random, account: Account, at: datetime) -> Mail:
    """The customer's message asking us to stop all outreach (do-not-contact accounts only)."""
    contact = account.contacts[0]
    sender = person_of(contact, account)
    rep = person_of(account, account)
    body = (
        f"{greeting(rng, text_en.EN, 'formal', rep)}\n\n{text_en.DNC_REQUEST.format(company=account.name)}"
        f"\n\nRegards,\n{contact.first}\n\n{signature(sender, rng)}"
    )
    sent = at + timedelta(hours=2)
    return Mail(
        message_id=message_id(rng, sent, account.domain),
        sender=(sender.name, sender.email),
        to=[(rep.name, rep.email)],
        cc=[],
        sent_at=sent,
        subject="Please stop contacting us",
        body=body,
    )
