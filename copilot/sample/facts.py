"""Chooses each account's planted facts, the interaction that states each one, and its exact sentence."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from copilot.sample import fact_pools as pools
from copilot.sample.model import Account, Plant
from copilot.sample.plan import Skeleton

HOSTS_EN: dict[str, tuple[str, ...]] = {
    "renewal_date": ("email_in", "email_out", "note"),
    "price": ("email_out", "meeting", "note"),
    "promised_feature": ("email_out", "call", "meeting"),
    "complaint": ("email_in", "call", "ticket"),
    "commitment_us": ("email_out", "call", "meeting", "note"),
    "commitment_them": ("email_in", "call", "note"),
}
# Non-English accounts: emails are in their language, so only the translated templates go there.
HOSTS_INTL: dict[str, tuple[str, ...]] = {
    "renewal_date": ("email_in",),
    "price": ("email_out",),
    "promised_feature": ("call", "meeting"),
    "complaint": ("ticket", "call"),
    "commitment_us": ("call", "meeting", "note"),
    "commitment_them": ("call", "note"),
}
HOST_SOURCE = {
    "email_in": "email",
    "email_out": "email",
    "eml_latin1": "email",
    "call": "call",
    "meeting": "meeting",
    "note": "note",
    "ticket": "ticket",
}
# Topics of threads, calls and meetings where a fact of each type fits naturally; others are a fallback.
FITTING_TOPICS: dict[str, frozenset[str]] = {
    "renewal_date": frozenset({"renewal"}),
    "price": frozenset({"renewal", "billing"}),
    "promised_feature": frozenset(
        {"feature_request", "followup", "dashboards", "roadmap", "expansion", "qbr"}
    ),
    "complaint": frozenset({"connectors", "dashboards", "usage", "support", "qbr"}),
    "commitment_us": frozenset({"followup", "onboarding", "security", "renewal", "training", "workshop"}),
    "commitment_them": frozenset({"followup", "onboarding", "security", "renewal", "billing"}),
}
LATIN1_ACCOUNT_INDEX = 4
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SYMBOLS = {"USD": "$", "EUR": "EUR ", "GBP": "GBP "}
INTL_MONEY = {"de": ("{n} EUR pro Jahr", "."), "fr": ("{n} EUR par an", " "), "es": ("{n} EUR al año", ".")}


def long_date(day: date, account: Account, *, english: bool = False) -> str:
    """A date the way people at this account write it (in English text when `english`)."""
    if english or account.language == "en":
        month = MONTHS_EN[day.month - 1]
        return f"{day.day} {month} {day.year}" if account.team == "emea" else f"{month} {day.day}, {day.year}"
    if account.language == "de":
        return day.strftime("%d.%m.%Y")
    # French and Spanish both write day/month/year.
    return day.strftime("%d/%m/%Y")


def money(amount: int, account: Account) -> str:
    """A yearly price in the account's currency and language, e.g. `$36,500 per year`."""
    if account.language in INTL_MONEY:
        pattern, separator = INTL_MONEY[account.language]
        return pattern.format(n=f"{amount:,}".replace(",", separator))
    return f"{SYMBOLS[account.currency]}{amount:,} per year"


class FactPlanner:
    """Hands out book-wide unique fact values and numbers facts in a stable order."""

    def __init__(self, rng: random.Random, accounts: list[Account]) -> None:
        count = len(accounts)
        self.features = dict(
            zip((a.crm_id for a in accounts), rng.sample(pools.FEATURES, count), strict=True)
        )
        self.complaints = dict(
            zip((a.crm_id for a in accounts), rng.sample(pools.COMPLAINTS, count), strict=True)
        )
        amounts = [k * 500 for k in rng.sample(range(30, 380), count)]
        self.amounts = dict(zip((a.crm_id for a in accounts), amounts, strict=True))
        self.used_commitments: set[tuple[str, date]] = set()
        self.next_id = 1

    def plants_for(
        self, rng: random.Random, account: Account, index: int, skeleton: Skeleton, taken: list[Plant]
    ) -> list[Plant]:
        """Plant one fact of each type (two commitments) into this account's planned interactions.

        `taken` holds plants already placed (injections); facts never share their message.
        """
        hosts = HOSTS_EN if account.language == "en" else HOSTS_INTL
        reserved: set[tuple[str, int, int]] = {(p.host, *p.slot) for p in taken}
        used = set(reserved)
        plants = []
        for fact_type, host_choices in hosts.items():
            host = rng.choice(host_choices)
            if fact_type == "complaint" and index == LATIN1_ACCOUNT_INDEX:
                host = "eml_latin1"
            plant = Plant(
                key=self._new_id(), kind=fact_type, account_crm_id=account.crm_id, host=host, side="us"
            )
            _place(rng, plant, skeleton, (used, reserved), FITTING_TOPICS[fact_type])
            self._fill(rng, plant, account, skeleton)
            plants.append(plant)
        return plants

    def _new_id(self) -> str:
        fact_id = f"F-{self.next_id:03d}"
        self.next_id += 1
        return fact_id

    def _fill(self, rng: random.Random, plant: Plant, account: Account, skeleton: Skeleton) -> None:
        assert plant.at is not None
        english = plant.host not in ("email_in", "email_out", "eml_latin1")
        values: dict[str, str] = {"company": account.name, "seats": str(account.seats)}
        contact = _host_contact(plant, skeleton, account)
        values["contact"] = contact
        if plant.kind == "renewal_date":
            plant.value = account.renewal_date.isoformat()
            values["date"] = long_date(account.renewal_date, account, english=english)
        elif plant.kind == "price":
            plant.value = values["price"] = money(self.amounts[account.crm_id], account)
        elif plant.kind == "promised_feature":
            plant.value = values["feature"] = self.features[account.crm_id]
            target = plant.at.date() + timedelta(days=rng.randint(60, 150))
            values["month"] = f"{MONTHS_EN[target.month - 1]} {target.year}"
        elif plant.kind == "complaint":
            german = plant.host == "eml_latin1"
            plant.value = pools.GERMAN_COMPLAINTS[0] if german else self.complaints[account.crm_id]
            plant.side = "them"
            values["complaint"] = plant.value
        else:
            self._fill_commitment(rng, plant, account, contact, values, english)
        plant.text = _template(rng, plant, account).format(**values)
        plant.source = HOST_SOURCE[plant.host]
        fields = {"company": account.name, "owner": plant.owner}
        plant.question = pools.QUESTIONS[plant.kind].format(**fields)

    def _fill_commitment(
        self,
        rng: random.Random,
        plant: Plant,
        account: Account,
        contact: str,
        values: dict[str, str],
        english: bool,
    ) -> None:
        assert plant.at is not None
        ours = plant.kind == "commitment_us"
        plant.side = "us" if ours else "them"
        plant.owner = account.owner.name if ours else contact
        plant.action = rng.choice(pools.OUR_ACTIONS if ours else pools.THEIR_ACTIONS)
        due = plant.at.date() + timedelta(days=rng.randint(5, 35))
        while (plant.action, due) in self.used_commitments:
            due += timedelta(days=1)
        plant.due = due
        due_text = long_date(due, account, english=english)
        plant.value = f"{plant.action} by {due_text}"
        self.used_commitments.add((plant.action, due))
        values.update(action=plant.action, due=due_text, owner=plant.owner)
        plant.kind = "commitment"
        plant.extra["side"] = plant.side


def _template(rng: random.Random, plant: Plant, account: Account) -> str:
    kind = "commitment_" + plant.side if plant.kind == "commitment" else plant.kind
    intl = pools.INTL_TEMPLATES.get((account.language, kind, plant.host))
    return rng.choice(intl or pools.EN_TEMPLATES[(kind, plant.host)])


def _candidates(host: str, skeleton: Skeleton) -> list[tuple[tuple[int, int], datetime, str]]:
    if host in ("email_in", "email_out"):
        inbound = host == "email_in"
        return [
            ((ti, mi), at, thread.topic)
            for ti, thread in enumerate(skeleton.threads)
            for mi, at in enumerate(thread.times)
            if thread.inbound[mi] == inbound
        ]
    if host == "eml_latin1":
        return [((0, 0), skeleton.threads[0].times[0] + timedelta(days=1, hours=2), "")]
    slots = {"call": skeleton.calls, "meeting": skeleton.meetings, "note": skeleton.notes}
    return [((i, 0), slot.at, slot.topic) for i, slot in enumerate(slots.get(host, skeleton.tickets))]


def _place(
    rng: random.Random,
    plant: Plant,
    skeleton: Skeleton,
    used_and_reserved: tuple[set[tuple[str, int, int]], set[tuple[str, int, int]]],
    fitting: frozenset[str],
) -> None:
    used, reserved = used_and_reserved
    options = [
        option for option in _candidates(plant.host, skeleton) if (plant.host, *option[0]) not in reserved
    ]
    # Prefer an interaction that carries no other fact yet; share one only when the account is small.
    fresh = [option for option in options if (plant.host, *option[0]) not in used] or options
    slot, at, _ = rng.choice([option for option in fresh if option[2] in fitting] or fresh)
    used.add((plant.host, *slot))
    plant.slot, plant.at = slot, at


def _host_contact(plant: Plant, skeleton: Skeleton, account: Account) -> str:
    """The customer person present at the host interaction (owner of their commitments)."""
    ti, _ = plant.slot
    if plant.host in ("email_in", "email_out"):
        return skeleton.threads[ti].contact.name
    slots = {"call": skeleton.calls, "meeting": skeleton.meetings, "note": skeleton.notes}
    chosen = slots.get(plant.host, skeleton.tickets)
    if plant.host != "eml_latin1" and chosen[ti].contacts:
        return chosen[ti].contacts[0].name
    return account.contacts[0].name


def injection_plant(rng: random.Random, account: Account, skeleton: Skeleton, number: int) -> Plant:
    """An inbound message, never replied to, that tries to instruct the model."""
    tails = [(ti, len(t.times) - 1) for ti, t in enumerate(skeleton.threads) if t.inbound[-1]]
    ti, mi = rng.choice(tails)
    return Plant(
        key=f"I-{number:02d}",
        kind="injection",
        account_crm_id=account.crm_id,
        host="email_in",
        side="them",
        text=pools.INJECTIONS[(number - 1) % len(pools.INJECTIONS)],
        slot=(ti, mi),
        at=skeleton.threads[ti].times[mi],
        source="email",
        extra={"contact_crm_id": skeleton.threads[ti].contact.crm_id},
    )
