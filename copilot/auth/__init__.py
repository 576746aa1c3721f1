"""Who is calling (hashed API keys) and what they may see and do (roles, teams, ownership)."""

from copilot.auth.keys import AuthenticationError, authenticate, generate_api_key, hash_api_key
from copilot.auth.policy import (
    Action,
    can_see_account,
    ensure_allowed,
    ensure_visible_account,
    visible_accounts_clause,
)
from copilot.auth.users import create_user, deactivate_user, get_user_by_name, list_users, rotate_key

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
