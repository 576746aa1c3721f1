"""A short-lived, per-process cache of verified API keys, so a read does not look its caller up each time.

Only keys that authenticated are cached (an unknown key always reaches the database, behind the rate
limit). Rotating a key or deactivating a user forgets that user in every cache of this process, at
once and again after the commit; another process (a second uvicorn worker, the CLI) notices within
`ttl_seconds` (COPILOT_AUTH_CACHE_SECONDS; 0 turns the cache off).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session, make_transient_to_detached

from copilot.auth.key_caches import CACHES, forget_user_in_this_process
from copilot.auth.keys import authenticate, hash_api_key
from copilot.db.models import Role, User

_FORGET_AFTER_COMMIT = "copilot.auth.forget_user_ids"


@dataclass(frozen=True)
class VerifiedUser:
    """The columns of an authenticated user that requests read; never the key's hash."""

    id: int
    name: str
    role: Role
    team: str | None
    api_key_prefix: str | None
    created_at: datetime | None
    display_name: str | None = None
    signature: str | None = None
    # How CRM exports name the user as an account owner (policy.owns reads them on every request).
    email: str | None = None
    crm_owner_id: str | None = None

    @classmethod
    def of(cls, user: User) -> VerifiedUser:
        """A snapshot of a user just loaded from the database."""
        return cls(
            user.id,
            user.name,
            user.role,
            user.team,
            user.api_key_prefix,
            user.created_at,
            user.display_name,
            user.signature,
            user.email,
            user.crm_owner_id,
        )

    def as_user(self) -> User:
        """A fresh detached User per request, so concurrent requests never share a mutable object."""
        user = User(
            id=self.id,
            name=self.name,
            role=self.role,
            team=self.team,
            api_key_prefix=self.api_key_prefix,
            active=True,
            created_at=self.created_at,
            display_name=self.display_name,
            signature=self.signature,
            email=self.email,
            crm_owner_id=self.crm_owner_id,
        )
        make_transient_to_detached(user)
        return user


class KeyCache:
    """Key hash -> verified user, each entry good for `ttl_seconds`; bounded in size."""

    MAX_ENTRIES = 10_000

    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: dict[str, tuple[float, VerifiedUser]] = {}
        self._lock = threading.Lock()
        # Bumped by every forget: a lookup that read the database before a revocation must not cache
        # the row it read after that revocation's forget ran.
        self.revision = 0
        CACHES.add(self)

    def get(self, key: str) -> User | None:
        """The user this key authenticated as less than `ttl_seconds` ago, else None."""
        if self.ttl_seconds <= 0:
            return None
        digest = hash_api_key(key)
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._entries[digest]
                return None
        return entry[1].as_user()

    def put(self, key: str, user: User, *, seen_revision: int | None = None) -> None:
        """Remember that `key` authenticated as `user`, unless a user was forgotten since the lookup
        began (`seen_revision`, read before it): that row may be revoked already."""
        if self.ttl_seconds <= 0:
            return
        now = self._clock()
        with self._lock:
            if seen_revision is not None and seen_revision != self.revision:
                return
            if len(self._entries) >= self.MAX_ENTRIES:
                self._drop_expired(now)
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()  # only ever costs lookups, never correctness
            self._entries[hash_api_key(key)] = (now + self.ttl_seconds, VerifiedUser.of(user))

    def forget_user(self, user_id: int) -> None:
        """Drop every key of this user (their key was rotated or they were deactivated)."""
        with self._lock:
            self.revision += 1
            for digest in [d for d, (_, u) in self._entries.items() if u.id == user_id]:
                del self._entries[digest]

    def _drop_expired(self, now: float) -> None:
        for digest in [d for d, (expires, _) in self._entries.items() if expires <= now]:
            del self._entries[digest]


def forget_user_everywhere(session: Session, user_id: int) -> None:
    """Forget the user in this process's caches now and again once `session` commits.

    Now, so this process stops answering from the cache at once; after the commit too, because a
    request between the two could have cached the old, still committed, row again.
    """
    forget_user_in_this_process(user_id)
    session.info.setdefault(_FORGET_AFTER_COMMIT, set()).add(user_id)


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    for user_id in session.info.pop(_FORGET_AFTER_COMMIT, ()):
        forget_user_in_this_process(user_id)


@event.listens_for(Session, "after_rollback")
def _nothing_to_forget(session: Session) -> None:
    session.info.pop(_FORGET_AFTER_COMMIT, None)


def authenticate_cached(sessions: Callable[[], Session], key: str | None, cache: KeyCache) -> User:
    """The active user holding this key: from the cache, else from a short session of its own."""
    if key:
        cached = cache.get(key)
        if cached is not None:
            return cached
    revision = cache.revision
    with sessions() as session:
        user = authenticate(session, key)
    if key:
        cache.put(key, user, seen_revision=revision)
    return user
