"""The registry of this process's API-key caches, so a change to a user can forget them everywhere.

Apart from copilot.auth.cache (the caches themselves, which hand out ORM users) so that the ORM-free
user writes of copilot.auth.user_records can forget a user without loading SQLAlchemy's ORM.
"""

from __future__ import annotations

import weakref
from typing import Protocol


class ForgetsUsers(Protocol):
    """A cache that can drop every entry of one user."""

    def forget_user(self, user_id: int) -> None: ...


# Every cache of this process (one per app); weak, so an app that is gone takes its cache along.
CACHES: weakref.WeakSet[ForgetsUsers] = weakref.WeakSet()


def forget_user_in_this_process(user_id: int) -> None:
    """Drop the user from every key cache of this process."""
    for cache in list(CACHES):
        cache.forget_user(user_id)
