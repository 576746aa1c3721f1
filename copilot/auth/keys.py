"""API keys: random, shown once, stored as a SHA-256 hash and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from copilot.db.models import User
from copilot.errors import CopilotError

KEY_PREFIX = "cpk_"
# The lookup prefix is stored in clear so a key's row is found without scanning every hash.
LOOKUP_CHARS = 12
# Built once: SQLAlchemy then computes its cache key once, not on every authenticated request.
_BY_PREFIX = select(User).where(User.api_key_prefix == bindparam("prefix"))


class AuthenticationError(CopilotError):
    """No key, an unknown key, or a deactivated user."""

    code = "unauthorized"
    http_status = 401


def generate_api_key() -> str:
    """A new key with 256 bits of randomness."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """The stored form of a key (a plain SHA-256 is enough for a 256-bit random secret)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def lookup_prefix(key: str) -> str:
    """The part of a key kept in clear to find its row (and to show which key a user holds)."""
    return key[:LOOKUP_CHARS]


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
