"""Speaker sides on a call: generic role labels, brand handles, contacts, our people and domains."""

from __future__ import annotations

import pytest

from copilot.tools.speaker_roles import RoleBook, Side, assign_roles, role_book

EMPTY = RoleBook()


@pytest.mark.parametrize(
    ("customer", "ours"),
    [
        ("Customer", "Agent"),
        ("Client", "Support"),
        ("Caller", "Rep"),
        ("User", "Advisor"),
        ("Guest", "Support Agent"),
        ("CUSTOMER", "Customer Service"),
        ("customer 2", "@AppleSupport"),
        ("Client", "@AskAmex"),
    ],
)
def test_generic_labels_put_each_speaker_on_a_side(customer: str, ours: str) -> None:
    roles = assign_roles([customer, ours, customer], EMPTY)
    assert roles.side(customer) is Side.CUSTOMER
    assert roles.side(ours) is Side.OURS
    assert roles.unknown == []


def test_contacts_owner_team_and_domains_decide_named_speakers() -> None:
    book = role_book(
        contacts=[("Greta Brandt", "greta@acme.example")],
        account_domain="acme.example",
        our_people=["alice.moreau", "Tom Weber"],
        our_domains=["northwind.example"],
    )
    speakers = ["Greta", "Tom Weber", "Jo <jo@acme.example>", "Sam <sam@northwind.example>", "Person3"]
    roles = assign_roles(speakers, book)
    assert [roles.side(s) for s in speakers] == [
        Side.CUSTOMER,
        Side.OURS,
        Side.CUSTOMER,
        Side.OURS,
        Side.UNKNOWN,
    ]
    assert roles.unknown == ["Person3"]
    assert roles.as_json()["unknown"] == ["Person3"]


def test_the_other_party_of_a_two_party_call_takes_the_other_side() -> None:
    roles = assign_roles(["Customer", "Dana"], EMPTY)
    assert roles.side("Dana") is Side.OURS and "two-party" in roles.reasons["Dana"]


def test_unplaced_speakers_stay_unknown() -> None:
    roles = assign_roles(["Person1", "Person2"], EMPTY)
    assert roles.unknown == ["Person1", "Person2"]
