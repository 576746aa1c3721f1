"""What one ingest run may change, decided by who asked for it and checked for every item it stores.

Account and contact rows decide who sees what (owner, team) and who may be written to (do-not-contact,
opt-out), so only an admin's CRM import (or the operator's CLI) may create or change them. A rep's
upload may add or update interactions, and only in the account it targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class IngestGrant:
    """What an ingest run may write: CRM rows or not, and interactions of which accounts (None: any)."""

    crm_rows: bool = True
    accounts: frozenset[int] | None = None

    @classmethod
    def interactions_of(cls, account_ids: Iterable[int]) -> IngestGrant:
        """A grant for interactions of these accounts only (a rep's upload)."""
        return cls(crm_rows=False, accounts=frozenset(account_ids))

    def crm_row_refusal(self, what: str) -> str | None:
        """Why an account or contact row may not be written by this run, or None when it may."""
        if self.crm_rows:
            return None
        return (
            f"{what}: accounts and contacts are created or changed only by an admin's CRM import; not applied"
        )

    def account_refusal(self, account_id: int) -> str | None:
        """Why this run may not write interactions of the account, or None when it may."""
        if self.accounts is None or account_id in self.accounts:
            return None
        return "the item belongs to an account this upload may not change; not applied"
