"""`copilot demo` ends with the pages' address and working keys for a reviewer and the account's rep."""

from __future__ import annotations

import re

import pytest

from copilot.auth import AuthenticationError, authenticate
from copilot.auth.policy import can_see_account
from copilot.cli.setup import _print_sign_in
from copilot.container import Services
from copilot.db.models import Account, Role

KEY = re.compile(r"^\s+(reviewer|rep) \(([^,)]+)[^:]*: (\S+)$", re.MULTILINE)


def _sign_in_lines(services: Services, account_id: int, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    _print_sign_in(services, account_id, host="127.0.0.1", port=8123, serving=True)
    printed = capsys.readouterr().out
    assert "Open http://127.0.0.1:8123/ and sign in with a key:" in printed
    return {role: key for role, _name, key in KEY.findall(printed)}


def test_demo_prints_keys_that_sign_in_as_a_reviewer_and_the_accounts_rep(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    with services.sessions() as session, session.begin():
        account = Account(name="Demo Account", owner="alice", team="east")
        session.add(account)
        session.flush()
        account_id = account.id
    keys = _sign_in_lines(services, account_id, capsys)
    assert set(keys) == {"reviewer", "rep"}
    with services.sessions() as session:
        reviewer, rep = authenticate(session, keys["reviewer"]), authenticate(session, keys["rep"])
        assert (reviewer.role, rep.role, rep.name) == (Role.REVIEWER, Role.REP, "alice")
        account = session.get_one(Account, account_id)
        assert can_see_account(reviewer, account) and can_see_account(rep, account)
    # A second demo run issues new keys for the same users; the old ones stop working.
    again = _sign_in_lines(services, account_id, capsys)
    with services.sessions() as session:
        assert authenticate(session, again["rep"]).name == "alice"
        with pytest.raises(AuthenticationError):
            authenticate(session, keys["rep"])
