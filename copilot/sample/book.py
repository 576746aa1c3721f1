"""Builds the book of business: accounts, their preferences and contacts, from a seeded RNG."""

from __future__ import annotations

import random
from datetime import date, timedelta

from copilot.sample import catalog
from copilot.sample.model import Account, Contact

FORMALITIES = ("formal", "neutral", "casual")
FORMALITY_BY_LANGUAGE = {"de": "formal", "fr": "formal", "es": "neutral"}
OPTED_OUT_TARGET = 5


def build_book(rng: random.Random, count: int, today: date) -> list[Account]:
    """Create `count` accounts (the special rows first) with 2-4 contacts each."""
    renewals = sorted(rng.sample(range(21, 400), count))
    rng.shuffle(renewals)
    used_names: set[tuple[str, str]] = {(first, last) for _, _, (first, last, _) in catalog.SHARED_NAME_PAIRS}
    shared = _shared_names(count)
    accounts: list[Account] = []
    for index, company in enumerate(catalog.COMPANIES[:count]):
        account = _account(rng, index, company, today + timedelta(days=renewals[index]))
        _add_contacts(rng, account, company, shared.get(index), used_names)
        accounts.append(account)
    _opt_out_some(rng, accounts)
    return accounts


def _shared_names(count: int) -> dict[int, tuple[str, str, str]]:
    shared: dict[int, tuple[str, str, str]] = {}
    for left, right, person in catalog.SHARED_NAME_PAIRS:
        right_index = right % count
        if left < count and right_index != left:
            shared[left] = person
            shared[right_index] = person
    return shared


def _account(rng: random.Random, index: int, company: catalog.Company, renewal: date) -> Account:
    team = catalog.team_of(company.country)
    language = catalog.language_of(company.country)
    formality = FORMALITY_BY_LANGUAGE.get(language) or rng.choices(FORMALITIES, weights=(3, 5, 3))[0]
    # Index 2 always prefers the phone so every book has a phone-first account.
    channel = "phone" if index == 2 else rng.choices(("email", "phone"), weights=(3, 1))[0]
    return Account(
        crm_id=f"C-{1001 + index}",
        name=company.name,
        slug=catalog.slugify(company.name),
        domain=company.domain,
        industry=company.industry,
        team=team,
        owner=rng.choice(catalog.reps_of(team)),
        language=language,
        formality=formality,
        channel=channel,
        currency=catalog.currency_of(company.country),
        do_not_contact=index == catalog.DO_NOT_CONTACT_INDEX,
        renewal_date=renewal,
        seats=rng.randrange(25, 400, 5),
    )


def _add_contacts(
    rng: random.Random,
    account: Account,
    company: catalog.Company,
    shared: tuple[str, str, str] | None,
    used_names: set[tuple[str, str]],
) -> None:
    females, males, lasts = catalog.NAMES_BY_LANGUAGE[account.language]
    pattern = rng.choice(("{first}.{last}", "{first}.{last}", "{f}{last}", "{first}_{last}"))
    titles = rng.sample(catalog.TITLES, 4)
    people: list[tuple[str, str, str]] = []
    for _ in range(rng.randint(2, 4)):
        gender = rng.choice("fm")
        first = rng.choice(females if gender == "f" else males)
        last = rng.choice(lasts)
        while (first, last) in used_names:
            last = rng.choice(lasts + catalog.EN_LAST)
        used_names.add((first, last))
        people.append((first, last, gender))
    if shared is not None:
        # Never the primary contact, so the confusable person sits at position 1.
        people[1] = shared
    base = int(account.crm_id[2:]) - 1001
    for position, (first, last, gender) in enumerate(people):
        local = pattern.format(
            first=catalog.ascii_fold(first), last=catalog.ascii_fold(last), f=catalog.ascii_fold(first)[0]
        )
        account.contacts.append(
            Contact(
                crm_id=f"P-{2001 + base * 4 + position}",
                first=first,
                last=last,
                gender=gender,
                email=f"{local}@{account.domain}",
                title=titles[position],
                language=account.language,
                phone=f"{catalog.PHONE_PREFIX[company.country]}{rng.randrange(10, 99)}",
            )
        )


def _opt_out_some(rng: random.Random, accounts: list[Account]) -> None:
    # Only secondary contacts opt out, so every account keeps a reachable primary contact.
    candidates = [c for a in accounts if not a.do_not_contact for c in a.contacts[1:]]
    for contact in rng.sample(candidates, min(OPTED_OUT_TARGET, len(candidates))):
        contact.opted_out = True
