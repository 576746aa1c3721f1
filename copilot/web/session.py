"""Signed session cookies and CSRF tokens for the web pages (HMAC-SHA256, no server-side state).

The cookie carries the user id and a fingerprint of the user's key hash, never the key: rotating or
revoking a key ends every browser session made with it, as it ends API access.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from copilot.db.models import User

COOKIE = "copilot_session"
LOGIN_COOKIE = "copilot_login_csrf"
MAX_AGE_SECONDS = 12 * 3600
SECRET_FILE = "web-session.key"


@lru_cache(maxsize=8)
def load_secret(data_dir: Path) -> bytes:
    """The signing secret kept in the data dir (created once, mode 0600), shared by every worker."""
    path = Path(data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _sign(secret: bytes, payload: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(secret, payload, hashlib.sha256).digest()).decode().rstrip("=")


def key_fingerprint(user: User) -> str:
    """A short digest of the user's current key hash (changes when the key is rotated or revoked)."""
    return hashlib.sha256((user.api_key_hash or "revoked").encode()).hexdigest()[:24]


@dataclass(frozen=True)
class WebSession:
    """What a valid session cookie says: who, with which key, since when, and its CSRF nonce."""

    user_id: int
    fingerprint: str
    issued_at: int
    nonce: str

    def csrf_token(self, secret: bytes) -> str:
        """The token every form of this session must carry."""
        return _sign(secret, f"csrf:{self.nonce}".encode())


def new_session(user: User) -> WebSession:
    """A fresh session for a user who just presented a valid key."""
    return WebSession(user.id, key_fingerprint(user), int(time.time()), secrets.token_urlsafe(16))


def encode_session(secret: bytes, session: WebSession) -> str:
    """The cookie value: base64 JSON payload, a dot, its signature."""
    data = {"u": session.user_id, "f": session.fingerprint, "t": session.issued_at, "n": session.nonce}
    payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    return f"{payload}.{_sign(secret, payload.encode())}"


def decode_session(secret: bytes, value: str | None, *, now: float | None = None) -> WebSession | None:
    """The session in a cookie, or None when it is missing, tampered with, malformed or expired."""
    if not value or value.count(".") != 1:
        return None
    payload, signature = value.split(".")
    if not hmac.compare_digest(signature, _sign(secret, payload.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        session = WebSession(int(data["u"]), str(data["f"]), int(data["t"]), str(data["n"]))
    except (ValueError, KeyError, TypeError):
        return None
    if (now if now is not None else time.time()) - session.issued_at > MAX_AGE_SECONDS:
        return None
    return session


def tokens_match(expected: str, presented: str | None) -> bool:
    """Constant-time comparison of a CSRF token."""
    return bool(presented) and hmac.compare_digest(expected.encode(), (presented or "").encode())
