"""Who a letter is to and from: the contact a purpose names or who was on the call, and the audience the
letter is written for (language, formality, signer, the thread's own salutation)."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Account, Contact, Draft
from copilot.tools.draft_types import Audience
from copilot.tools.recap import latest_call
from copilot.tools.salutation import thread_salutation
from copilot.tools.signoff import sign_off


def contact_named_in(purpose: str, account: Account) -> Contact | None:
    """The one contact of the account the rep's purpose names by first or full name, if exactly one."""
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", purpose)}
    # An opted-out contact the purpose names is still the one meant: the policy check then refuses the
    # draft by name, rather than writing the letter to someone else unasked.
    named = [c for c in account.contacts if c.name and c.name.split()[0].casefold() in words]
    return named[0] if len(named) == 1 else None


def on_the_call(session: Session, services: Services, account: Account) -> Contact | None:
    """The first contact of the account who spoke on its latest call and may be written to, if any."""
    call = latest_call(session, account.id, services.settings.our_domains)
    if call is None:
        return None
    spoke = [u.speaker.casefold() for u in call.utterances if u.customer]
    reachable = [c for c in account.contacts if c.name and not c.opted_out]
    return next((c for name in spoke for c in reachable if c.name.casefold() == name), None)


def letter_audience(session: Session, draft: Draft, company: str, written_in: str | None = None) -> Audience:
    """Who the letter is to and from; `written_in`, the language of the message a reply answers or of the
    call a recap retells, wins over the contact's and the account's preference."""
    account = session.get_one(Account, draft.account_id)
    contact = session.get(Contact, draft.contact_id) if draft.contact_id else None
    preferred = (contact.language if contact and contact.language else None) or account.language or "en"
    language = written_in or preferred
    signer = sign_off(session, draft, account, company, language)
    name = contact.name if contact else f"{account.name} team"
    formality = account.formality or "neutral"
    customers = frozenset(c.name for c in account.contacts if c.name)
    salutation = thread_salutation(session, contact, language)
    return Audience(
        account.id,
        name,
        language,
        formality,
        signer.name,
        customers,
        signer.signature,
        company,
        salutation,
        preferred_language=preferred,
    )
