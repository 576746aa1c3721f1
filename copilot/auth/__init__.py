"""Who is calling (hashed API keys) and what they may see and do (roles, teams, ownership).

The names below load their module on first use (PEP 562), so importing one ORM-free submodule, such as
copilot.auth.visibility for the CLI, does not load the ORM-based ones through this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copilot.auth.keys import AuthenticationError, authenticate, generate_api_key, hash_api_key
    from copilot.auth.policy import (
        Action,
        can_see_account,
        ensure_allowed,
        ensure_visible_account,
        visible_accounts_clause,
    )
    from copilot.auth.users import create_user, deactivate_user, get_user_by_name, list_users, rotate_key

_HOMES = {
    "AuthenticationError": "copilot.auth.keys",
    "authenticate": "copilot.auth.keys",
    "generate_api_key": "copilot.auth.keys",
    "hash_api_key": "copilot.auth.keys",
    "Action": "copilot.auth.policy",
    "can_see_account": "copilot.auth.policy",
    "ensure_allowed": "copilot.auth.policy",
    "ensure_visible_account": "copilot.auth.policy",
    "visible_accounts_clause": "copilot.auth.policy",
    "create_user": "copilot.auth.users",
    "deactivate_user": "copilot.auth.users",
    "get_user_by_name": "copilot.auth.users",
    "list_users": "copilot.auth.users",
    "rotate_key": "copilot.auth.users",
}

__all__ = [
    "Action",
    "AuthenticationError",
    "authenticate",
    "can_see_account",
    "create_user",
    "deactivate_user",
    "ensure_allowed",
    "ensure_visible_account",
    "generate_api_key",
    "get_user_by_name",
    "hash_api_key",
    "list_users",
    "rotate_key",
    "visible_accounts_clause",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
