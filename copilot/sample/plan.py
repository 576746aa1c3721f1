"""Lays out when each account's interactions happen, before any text is written."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from copilot.sample.model import Account, Contact
from copilot.sample.texts import pack_for

TEAM_OFFSETS = {"east": -5, "west": -8, "emea": 1}
CALL_TOPICS = ("qbr", "renewal", "support", "onboarding", "expansion")
MEETING_TOPICS = ("qbr", "renewal", "workshop", "roadmap")
NOTE_TOPICS = ("health", "prep", "risk", "expansion", "handoff")
# Do-not-contact accounts went quiet this long before `now`: their request ended our outreach.
DNC_QUIET_DAYS = 45


@dataclass
class Slot:
    """A planned non-email interaction: when, with whom, about what."""

    at: datetime
    topic: str
    contacts: list[Contact]
    fmt: str = ""


@dataclass
class ThreadPlan:
    """A planned email thread: message times and directions (True = from the customer)."""

    topic: str
    contact: Contact
    times: list[datetime]
    inbound: list[bool]


@dataclass
class Skeleton:
    """Every planned interaction of one account."""

    threads: list[ThreadPlan] = field(default_factory=list)
    calls: list[Slot] = field(default_factory=list)
    meetings: list[Slot] = field(default_factory=list)
    notes: list[Slot] = field(default_factory=list)
    tickets: list[Slot] = field(default_factory=list)


class Clock:
    """Picks business-hour moments in an account's time zone within the history window."""

    def __init__(self, rng: random.Random, team: str, start: datetime, end: datetime) -> None:
        self.rng = rng
        self.tz = timezone(timedelta(hours=TEAM_OFFSETS[team]))
        self.start = start.astimezone(self.tz)
        self.end = end.astimezone(self.tz)

    def moment(self, lo: datetime | None = None, hi: datetime | None = None) -> datetime:
        """A weekday moment between 08:00 and 18:00 local, within [lo, hi]."""
        lo = (lo or self.start).astimezone(self.tz)
        hi = (hi or self.end).astimezone(self.tz)
        span = max(int((hi - lo).total_seconds()), 3600)
        for _ in range(50):
            candidate = lo + timedelta(seconds=self.rng.randrange(span))
            candidate = candidate.replace(
                hour=self.rng.randint(8, 17), minute=self.rng.randrange(60), second=0
            )
            if candidate.weekday() < 5 and lo <= candidate <= hi:
                return candidate
        return lo.replace(second=0, microsecond=0)

    def after(self, previous: datetime, max_hours: int) -> datetime | None:
        """A reply moment 1..max_hours after `previous`, or None past the window's end."""
        candidate = previous + timedelta(minutes=self.rng.randint(45, max_hours * 60))
        while candidate.weekday() >= 5 or not 7 <= candidate.hour <= 19:
            candidate += timedelta(hours=3)
        return candidate if candidate <= self.end else None


def plan_account(rng: random.Random, account: Account, now: datetime, months: int) -> Skeleton:
    """Plan one account's threads, calls, meetings, notes and tickets over `months` before `now`."""
    end = now - timedelta(days=DNC_QUIET_DAYS if account.do_not_contact else 0, hours=1)
    clock = Clock(rng, account.team, now - timedelta(days=round(months * 30.4)), end)
    scale = months / 12
    skeleton = Skeleton()
    base_threads = 6 if account.channel == "email" else 4
    count = max(3, round(base_threads * scale) + rng.randint(-1, 1))
    # One thread per stretch of the window, so the relationship runs through the whole history.
    stretch = (clock.end - timedelta(days=10) - clock.start) / count
    for index in range(count):
        lo = clock.start + stretch * index
        start = clock.moment(lo=lo, hi=lo + stretch)
        skeleton.threads.append(_thread(rng, clock, account, start, min_messages=2 if index < 2 else 1))
    _ensure_inbound_tail(rng, clock, skeleton)
    skeleton.threads.sort(key=lambda thread: thread.times[0])
    _assign_topics(rng, account, skeleton.threads)
    base_calls = 4 if account.channel == "phone" else 3
    skeleton.calls = _slots(
        rng, clock, account, max(1, round(base_calls * scale)) + rng.randint(0, 1), CALL_TOPICS
    )
    for slot in skeleton.calls:
        slot.fmt = "txt" if rng.random() < 0.25 else "vtt"
    skeleton.meetings = _slots(
        rng, clock, account, max(1, round(1.5 * scale)) + rng.randint(0, 1), MEETING_TOPICS
    )
    skeleton.notes = _slots(rng, clock, account, max(2, round(3 * scale)) + rng.randint(0, 1), NOTE_TOPICS)
    skeleton.tickets = _slots(rng, clock, account, max(1, round(2 * scale)) + rng.randint(0, 1), ("ticket",))
    return skeleton


def _pick_contact(rng: random.Random, account: Account) -> Contact:
    # The primary contact carries most of the relationship.
    weights = [3] + [1] * (len(account.contacts) - 1)
    return rng.choices(account.contacts, weights=weights)[0]


def _thread(
    rng: random.Random, clock: Clock, account: Account, first: datetime, min_messages: int
) -> ThreadPlan:
    size = max(min_messages, rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 4, 3, 1))[0])
    times = [first]
    inbound = [rng.random() < 0.5]
    while len(times) < size:
        nxt = clock.after(times[-1], 72)
        if nxt is None:
            break
        times.append(nxt)
        # Mostly alternating; sometimes the same side nudges again.
        inbound.append(inbound[-1] if rng.random() < 0.1 else not inbound[-1])
    if len(times) < min_messages:
        times.append(times[-1] + timedelta(hours=2))
        inbound.append(not inbound[-1])
    if min_messages >= 2 and (all(inbound) or not any(inbound)):
        inbound[-1] = not inbound[0]
    return ThreadPlan(topic="", contact=_pick_contact(rng, account), times=times, inbound=inbound)


def _assign_topics(rng: random.Random, account: Account, threads: list[ThreadPlan]) -> None:
    topics = list(pack_for(account.language).topics)
    rng.shuffle(topics)
    for index, thread in enumerate(threads):
        thread.topic = topics[index % len(topics)]
    # Renewal talk clusters at the end of the history, as the renewal date comes closer.
    threads[-1].topic = "renewal"


def _ensure_inbound_tail(rng: random.Random, clock: Clock, skeleton: Skeleton) -> None:
    # An injection must be able to sit in a message nobody replied to (no quoted copies).
    if any(thread.inbound[-1] for thread in skeleton.threads):
        return
    thread = rng.choice(skeleton.threads)
    nxt = clock.after(thread.times[-1], 48) or thread.times[-1] + timedelta(minutes=30)
    thread.times.append(nxt)
    thread.inbound.append(True)


def _slots(
    rng: random.Random, clock: Clock, account: Account, count: int, topics: tuple[str, ...]
) -> list[Slot]:
    slots = []
    for _ in range(count):
        people = rng.sample(account.contacts, rng.randint(1, min(2, len(account.contacts))))
        slots.append(Slot(at=clock.moment(), topic=rng.choice(topics), contacts=people))
    return sorted(slots, key=lambda slot: slot.at)
