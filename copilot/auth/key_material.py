"""API keys as values: random, shown once, stored as a SHA-256 hash with a short prefix kept in clear.

Apart from copilot.auth.keys (which looks keys up through the ORM) so that `copilot users add` can
make a key without loading SQLAlchemy's ORM.
"""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "cpk_"
# The lookup prefix is stored in clear so a key's row is found without scanning every hash.
LOOKUP_CHARS = 12


def generate_api_key() -> str:
    """A new key with 256 bits of randomness."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """The stored form of a key (a plain SHA-256 is enough for a 256-bit random secret)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def lookup_prefix(key: str) -> str:
    """The part of a key kept in clear to find its row (and to show which key a user holds)."""
    return key[:LOOKUP_CHARS]
