"""API keys: random, shown once, stored as a SHA-256 hash and compared in constant time."""

from __future__ import annotations

import hmac

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from copilot.auth.key_material import KEY_PREFIX, LOOKUP_CHARS, generate_api_key, hash_api_key, lookup_prefix
from copilot.db.models import User
from copilot.errors import CopilotError

__all__ = [
    "KEY_PREFIX",
    "LOOKUP_CHARS",
    "AuthenticationError",
    "authenticate",
    "generate_api_key",
    "hash_api_key",
    "lookup_prefix",
]

# Built once: SQLAlchemy then computes its cache key once, not on every authenticated request.
_BY_PREFIX = select(User).where(User.api_key_prefix == bindparam("prefix"))


class AuthenticationError(CopilotError):
    """No key, an unknown key, or a deactivated user."""

    code = "unauthorized"
    http_status = 401


def authenticate(session: Session, key: str | None) -> User:
    """The active user holding this key, or AuthenticationError."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) < LOOKUP_CHARS + 8:
        raise AuthenticationError("missing or malformed API key; send 'Authorization: Bearer <key>'")
    presented = hash_api_key(key)
    candidates = session.scalars(_BY_PREFIX, {"prefix": lookup_prefix(key)})
    for user in candidates:
        if user.api_key_hash and hmac.compare_digest(presented, user.api_key_hash) and user.active:
            return user
    raise AuthenticationError("unknown or revoked API key")
