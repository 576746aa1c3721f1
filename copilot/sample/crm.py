"""Writes an account's meetings (calendar invites) and CRM activities (notes and tickets)."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

from copilot.sample import text_crm
from copilot.sample.catalog import SOLUTIONS_ENGINEER
from copilot.sample.facts import long_date
from copilot.sample.model import OUR_DOMAIN, Account, Activity, Meeting, Plant
from copilot.sample.plan import Skeleton, Slot
from copilot.sample.texts import fill, fillers


class CrmWriter:
    """Renders the meetings, notes and tickets of one account."""

    def __init__(
        self,
        rng: random.Random,
        account: Account,
        plants: list[Plant],
        taken: set[str],
        activity_ids: itertools.count[int],
    ) -> None:
        self.rng = rng
        self.account = account
        self.plants = plants
        self.taken = taken
        self.activity_ids = activity_ids

    def _here(self, host: str, index: int) -> list[Plant]:
        return [p for p in self.plants if p.host == host and p.slot == (index, 0)]

    def _fill(self, text: str, at: datetime) -> str:
        return fill(text, fillers(self.rng, self.account.name, at.year))

    def meetings(self, skeleton: Skeleton) -> list[Meeting]:
        """One calendar invite per planned meeting."""
        return [self._meeting(index, slot) for index, slot in enumerate(skeleton.meetings)]

    def _meeting(self, index: int, slot: Slot) -> Meeting:
        rng, account = self.rng, self.account
        start = slot.at.replace(minute=30 if slot.at.minute >= 30 else 0)
        stem = f"meetings/{start:%Y-%m-%d}-{account.slug}-{slot.topic}"
        path, n = f"{stem}.ics", 2
        while path in self.taken:
            path, n = f"{stem}-{n}.ics", n + 1
        self.taken.add(path)
        agenda = "\n".join(f"{i}. {item}" for i, item in enumerate(text_crm.MEETING_AGENDAS[slot.topic], 1))
        parts = [rng.choice(text_crm.MEETING_INTROS), "Agenda:\n" + agenda]
        here = self._here("meeting", index)
        if here:
            parts.append(" ".join(p.text for p in here))
        code = f"{rng.getrandbits(20):05x}-{rng.getrandbits(20):05x}"
        online = rng.random() < 0.7
        if online:
            parts.append(f"Join: https://meet.{OUR_DOMAIN}/{code}")
        attendees = [(c.name, c.email) for c in slot.contacts]
        if slot.topic in ("workshop", "roadmap"):
            attendees.append((SOLUTIONS_ENGINEER.name, SOLUTIONS_ENGINEER.email))
        for plant in here:
            plant.source_ref = path
        return Meeting(
            path=path,
            uid=f"{start:%Y%m%dT%H%M}-{rng.getrandbits(40):010x}@{OUR_DOMAIN}",
            account_crm_id=account.crm_id,
            start=start,
            end=start + timedelta(minutes=rng.choice((30, 45, 60))),
            summary=rng.choice(text_crm.MEETING_SUMMARIES[slot.topic]).format(company=account.name),
            description="\n\n".join(parts),
            organizer=account.owner,
            attendees=[(account.owner.name, account.owner.email), *attendees],
            location=f"https://meet.{OUR_DOMAIN}/{code}" if online else f"{account.name} office",
        )

    def activities(self, skeleton: Skeleton) -> list[Activity]:
        """Notes and tickets, in time order."""
        notes = [self._note(index, slot) for index, slot in enumerate(skeleton.notes)]
        tickets = [self._ticket(index, slot) for index, slot in enumerate(skeleton.tickets)]
        return notes + tickets

    def _activity(self, kind: str, slot: Slot, contact_id: str, subject: str, body: str) -> Activity:
        activity_id = f"A-{next(self.activity_ids)}"
        return Activity(activity_id, kind, slot.at, self.account.crm_id, contact_id, subject, body)

    def _note(self, index: int, slot: Slot) -> Activity:
        rng = self.rng
        sentences = rng.sample(text_crm.NOTE_SENTENCES[slot.topic], k=rng.randint(2, 3))
        here = self._here("note", index)
        lines = [self._fill(s, slot.at) for s in sentences] + [p.text for p in here]
        rng.shuffle(lines)
        subject = rng.choice(text_crm.NOTE_SUBJECTS[slot.topic])
        contact_id = slot.contacts[0].crm_id if rng.random() < 0.6 else ""
        note = self._activity("NOTE", slot, contact_id, subject, "\n".join(lines))
        for plant in here:
            plant.source_ref = f"crm/activities.csv#{note.activity_id}"
        return note

    def _ticket(self, index: int, slot: Slot) -> Activity:
        rng, contact = self.rng, slot.contacts[0]
        here = self._here("ticket", index)
        if here:
            subject = rng.choice(text_crm.COMPLAINT_TICKET_SUBJECTS)
            description = " ".join(p.text for p in here)
            outcome = "Next step: " + rng.choice(text_crm.COMPLAINT_TICKET_FOLLOWUPS)
            status = "Open"
        else:
            subject, description, resolution = rng.choice(text_crm.TICKETS)
            description = self._fill(description, slot.at)
            status = rng.choice(text_crm.TICKET_STATUS)
            done = status in ("Resolved", "Closed")
            outcome = "Resolution: " + resolution if done else "Next step: " + text_crm.TICKET_PENDING
        body = (
            f"Priority: P{rng.randint(1, 3)}\nStatus: {status}\nReported by: {contact.name} <{contact.email}>"
            f"\n\n{description}\n\n{outcome}"
        )
        ticket = self._activity("TICKET", slot, contact.crm_id, subject, body)
        for plant in here:
            plant.source_ref = f"crm/activities.csv#{ticket.activity_id}"
        return ticket

    def dnc_note(self, at: datetime) -> Activity:
        """The note recording a do-not-contact request."""
        contact = self.account.contacts[0]
        body = text_crm.DNC_NOTE.format(
            contact=contact.name, day=long_date(at.date(), self.account), company=self.account.name
        )
        slot = Slot(at=at + timedelta(hours=3), topic="dnc", contacts=[contact])
        return self._activity("NOTE", slot, contact.crm_id, "Do not contact", body)
