"""The verified-key cache: what it serves, for how long, and how revocation empties it."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from copilot.auth import AuthenticationError, authenticate, create_user, deactivate_user, rotate_key
from copilot.auth.cache import KeyCache, authenticate_cached
from copilot.auth.user_records import update_user_row
from copilot.container import Services
from copilot.db.engine import write_transaction
from copilot.db.models import Role, User


class Clock:
    """A settable monotonic clock."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _user_with_key(services: Services, name: str = "rita") -> tuple[int, str]:
    with services.sessions() as session, session.begin():
        user, key = create_user(session, name=name, role=Role.REVIEWER, team="east")
    return user.id, key


def test_a_verified_key_is_served_from_memory_until_its_time_is_up(services: Services) -> None:
    clock = Clock()
    cache = KeyCache(5.0, clock=clock)
    user_id, key = _user_with_key(services)
    first = authenticate_cached(services.sessions, key, cache)
    # Revoked behind the cache's back (as another process would): still served within the TTL ...
    with services.sessions() as session, session.begin():
        session.execute(update(User).where(User.id == user_id).values(active=False))
    again = authenticate_cached(services.sessions, key, cache)
    assert (again.id, again.name, again.role, again.team) == (user_id, "rita", Role.REVIEWER, "east")
    assert again is not first  # each request gets its own object
    # ... and refused once it is over.
    clock.now += 5.0
    with pytest.raises(AuthenticationError):
        authenticate_cached(services.sessions, key, cache)


@pytest.mark.parametrize("revoke", ["deactivate", "rotate"])
def test_revoking_through_the_domain_forgets_the_key_at_once(services: Services, revoke: str) -> None:
    cache = KeyCache(300.0)
    user_id, key = _user_with_key(services)
    authenticate_cached(services.sessions, key, cache)
    with services.sessions() as session, session.begin():
        user = session.get_one(User, user_id)
        if revoke == "deactivate":
            deactivate_user(session, user=user)
        else:
            rotate_key(session, user=user)
    with pytest.raises(AuthenticationError):
        authenticate_cached(services.sessions, key, cache)


def test_unknown_keys_are_never_cached_and_a_zero_ttl_turns_the_cache_off(services: Services) -> None:
    cache = KeyCache(300.0)
    bad = "cpk_not-a-real-key-at-all-000000"
    with pytest.raises(AuthenticationError):
        authenticate_cached(services.sessions, bad, cache)
    assert cache.get(bad) is None
    off = KeyCache(0.0)
    _, key = _user_with_key(services)
    authenticate_cached(services.sessions, key, off)
    assert off.get(key) is None


def test_a_lookup_that_raced_a_revocation_does_not_cache_the_row_it_read(services: Services) -> None:
    cache = KeyCache(300.0)
    user_id, key = _user_with_key(services)
    with services.sessions() as session:
        seen = cache.revision  # the lookup starts ...
        read = authenticate(session, key)  # ... reads the still-active row ...
    cache.forget_user(user_id)  # ... the revocation commits and forgets ...
    cache.put(key, read, seen_revision=seen)  # ... and the lookup finishes.
    assert cache.get(key) is None


def test_a_user_update_on_a_plain_connection_forgets_the_user_now_and_after_the_commit(
    services: Services,
) -> None:
    cache = KeyCache(300.0)
    user_id, key = _user_with_key(services)
    authenticate_cached(services.sessions, key, cache)
    with write_transaction(services.engine) as connection:
        update_user_row(connection, user_id=user_id, changes={"team": "west"})
        assert cache.get(key) is None  # at once ...
        cache.put(key, authenticate_cached(services.sessions, key, KeyCache(0.0)))  # a request re-caches
    assert cache.get(key) is None  # ... and again once the change is committed
    assert authenticate_cached(services.sessions, key, cache).team == "west"
