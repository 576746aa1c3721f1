"""A Hypothesis state machine over the real API: several users of two teams work drafts through their
whole life (request, edit, regenerate, approve, reject, deliver) and an admin erases accounts.

Every request goes through the real ASGI app (TestClient, with its worker pool generating drafts from a
scripted model). The machine keeps its own record of each draft it created, built only from the answers
it got (a transition happens when, and only when, the server said 2xx). After every step it checks:

- no answer was a 5xx (checked on each answer as it arrives);
- nothing delivered without the approval, by a reviewer other than its requester, of that exact version;
- exactly one audit event per transition: each draft's `draft.*` trail equals the machine's record;
- each draft's stored status and version are the ones the answers announced;
- no foreign object visible: two team users' listings hold only their team's accounts and drafts, and
  a user of the other team gets 404 for the draft the step touched; an erased draft is 404 for all.

Choices lean toward what a user would do (the right person, the current version) but include the wrong
person, a stale version and the wrong state, so refusals are exercised too.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from copilot.db.models import Account, AuditEvent, Decision, Delivery, Draft, DraftStatus, Role, User
from tests.support.records import Note, seed_account
from tests.support.worlds import USERS, World

TEAMS = ("east", "west")
EVERYONE = sorted(USERS)
REQUESTERS = ["rep_east", "teammate_east", "rep_west", "admin"]
DECIDERS = ["reviewer_east", "reviewer_west", "reviewer_desk", "admin"]
EDITORS = ["rep_east", "teammate_east", "rep_west", "reviewer_east", "reviewer_west", "admin"]
WRITE_OPERATIONS = (
    "POST /v1/drafts",
    "PATCH /v1/drafts/{draft_id}",
    "POST /v1/drafts/{draft_id}/regenerate",
    "POST /v1/drafts/{draft_id}/approve",
    "POST /v1/drafts/{draft_id}/reject",
    "POST /v1/drafts/{draft_id}/deliver",
    "DELETE /v1/accounts/{account_id}",
)
GENERATION_SECONDS = 60.0


@dataclass
class Tally:
    """Requests sent and answered 2xx per operation, steps taken and invariant checks passed."""

    sent: Counter[str] = field(default_factory=Counter)
    succeeded: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    checks: int = 0

    def acceptance(self, operation: str) -> float:
        """The share of the operation's requests answered 2xx."""
        return self.succeeded[operation] / self.sent[operation] if self.sent[operation] else 0.0

    def report(self) -> str:
        """One line per write operation, then the totals."""
        lines = [
            f"  {self.sent[op]:5d} sent {self.succeeded[op]:5d} 2xx ({self.acceptance(op):4.0%})  {op}"
            for op in WRITE_OPERATIONS
        ]
        steps = sum(self.sent.values())  # every step sends exactly one write request
        common = [f"  {n:5d} x {why}" for why, n in self.refused.most_common(12)]
        return "\n".join(
            [
                *lines,
                f"  {steps} steps, {self.checks} invariant checks passed",
                "most common refusals:",
                *common,
            ]
        )


@dataclass
class TrackedDraft:
    """What the answers said about one draft: its state, version and the audit trail it must have."""

    id: int
    account_id: int
    team: str
    requester: str
    status: str
    version: int
    events: list[str]
    approved_by: str | None = None


def _text(data: st.DataObject, valid: str) -> str:
    """Mostly a sensible text; sometimes a blank one the server must refuse."""
    return data.draw(st.sampled_from([valid, valid, valid, valid, " "]))


class DraftLifecycle(RuleBasedStateMachine):
    """Rules are API calls by a chosen user; the world and client are shared by every run."""

    world: ClassVar[World]
    client: ClassVar[TestClient]
    tally: ClassVar[Tally]

    def __init__(self) -> None:
        super().__init__()
        self.drafts: dict[int, TrackedDraft] = {}
        self.erased: set[int] = set()
        self.touched: TrackedDraft | None = None
        self.probe_turn = 0

    # -- requests -----------------------------------------------------------------------------------

    def call(self, operation: str, method: str, url: str, user: str, **kwargs: Any) -> Response:
        """Send one request as `user`, count it, and fail at once on a 5xx."""
        answer = self.client.request(method, url, headers=self.headers(user), **kwargs)
        self.tally.sent[operation] += 1
        if 200 <= answer.status_code < 300:
            self.tally.succeeded[operation] += 1
        else:
            self.tally.refused[f"{answer.status_code} {operation}: {refusal(answer)}"] += 1
        assert answer.status_code < 500, f"{method} {url} as {user}: {answer.status_code} {answer.text}"
        return answer

    def wait_for_generation(self, draft: TrackedDraft) -> None:
        """Poll until the worker finished the version; record the transition it made."""
        deadline = time.monotonic() + GENERATION_SECONDS
        while True:
            answer = self.client.get(f"/v1/drafts/{draft.id}", headers=self.headers("admin"))
            status = answer.json()["status"]
            if status != "generating":
                break
            assert time.monotonic() < deadline, f"draft {draft.id} still generating"
            time.sleep(0.02)
        draft.status = status
        draft.events.append(f"draft.{status}")

    def headers(self, user: str) -> dict[str, str]:
        """The user's Authorization header."""
        return {"Authorization": f"Bearer {self.world.keys[user]}"}

    def accounts_of(self, team: str) -> list[int]:
        """The team's accounts as stored now."""
        with self.world.services.sessions() as session:
            return list(session.scalars(select(Account.id).where(Account.team == team)))

    def pick_draft(self, data: st.DataObject, *likely: str) -> TrackedDraft:
        """A draft, most often one in a state where the operation makes sense."""
        live = [d for d in self.drafts.values() if d.id not in self.erased]
        fitting = [d for d in live if d.status in likely] or live
        return data.draw(st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), st.sampled_from(live)))

    def pick_user(self, data: st.DataObject, likely: list[str], team: str) -> str:
        """A user, most often one of `likely` who can see the team's accounts."""
        fitting = [u for u in likely if USERS[u][1] in (team, None)]
        return data.draw(
            st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), st.sampled_from(EVERYONE))
        )

    def live_in(self, *statuses: str) -> bool:
        """Some draft of this run still exists in one of these states."""
        return any(d.id not in self.erased and d.status in statuses for d in self.drafts.values())

    # -- rules --------------------------------------------------------------------------------------

    @rule(data=st.data())
    def request_draft(self, data: st.DataObject) -> None:
        """A rep (or anyone) asks for a draft on an account of a team."""
        team = data.draw(st.sampled_from(TEAMS))
        account_id = data.draw(st.sampled_from(self.accounts_of(team)))
        user = self.pick_user(data, REQUESTERS, team)
        body = {"account_id": account_id, "purpose": _text(data, "renewal follow-up")}
        answer = self.call("POST /v1/drafts", "POST", "/v1/drafts", user, json=body)
        if answer.status_code == 202:
            draft = TrackedDraft(
                answer.json()["id"], account_id, team, user, "generating", 1, ["draft.requested"]
            )
            self.drafts[draft.id] = draft
            self.touched = draft
            self.wait_for_generation(draft)

    @precondition(lambda self: self.live_in("pending_review"))
    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        """Someone edits a version of a draft."""
        draft = self.pick_draft(data, "pending_review")
        user = self.pick_user(data, EDITORS, draft.team)
        version = data.draw(st.sampled_from([draft.version, draft.version, draft.version + 1]))
        # A new text each time (the version is in it): an edit that changes nothing is refused.
        text = f"Dear buyer, shall we meet next week about the renewal? (edit of version {draft.version})"
        body = {"version": version, "body": _text(data, text)}
        answer = self.call("PATCH /v1/drafts/{draft_id}", "PATCH", f"/v1/drafts/{draft.id}", user, json=body)
        self.touched = draft
        if answer.status_code == 200:
            draft.version += 1
            draft.events.append("draft.edited")

    @precondition(lambda self: self.live_in("pending_review", "rejected", "failed"))
    @rule(data=st.data())
    def regenerate(self, data: st.DataObject) -> None:
        """Someone asks for a new version, sometimes with instructions."""
        draft = self.pick_draft(data, "pending_review", "rejected", "failed")
        user = self.pick_user(data, EDITORS, draft.team)
        instructions = data.draw(st.sampled_from([None, "Shorter, please."]))
        url = f"/v1/drafts/{draft.id}/regenerate"
        answer = self.call(
            "POST /v1/drafts/{draft_id}/regenerate", "POST", url, user, json={"instructions": instructions}
        )
        self.touched = draft
        if answer.status_code == 202:
            draft.version += 1
            draft.status, draft.approved_by = "generating", None
            draft.events.append("draft.generating")
            self.wait_for_generation(draft)

    @precondition(lambda self: self.live_in("pending_review"))
    @rule(data=st.data())
    def approve(self, data: st.DataObject) -> None:
        """A reviewer (or anyone) approves a version."""
        draft = self.pick_draft(data, "pending_review")
        user = self.pick_user(data, DECIDERS, draft.team)
        version = data.draw(st.sampled_from([draft.version, draft.version, draft.version + 1]))
        url = f"/v1/drafts/{draft.id}/approve"
        answer = self.call("POST /v1/drafts/{draft_id}/approve", "POST", url, user, json={"version": version})
        self.touched = draft
        if answer.status_code == 200:
            draft.status, draft.approved_by = "approved", user
            draft.events.append("draft.approved")

    @precondition(lambda self: self.live_in("pending_review"))
    @rule(data=st.data())
    def reject(self, data: st.DataObject) -> None:
        """A reviewer (or anyone) rejects a version, with a reason."""
        draft = self.pick_draft(data, "pending_review")
        user = self.pick_user(data, DECIDERS, draft.team)
        body = {"version": draft.version, "reason": _text(data, "Too vague about the date.")}
        url = f"/v1/drafts/{draft.id}/reject"
        answer = self.call("POST /v1/drafts/{draft_id}/reject", "POST", url, user, json=body)
        self.touched = draft
        if answer.status_code == 200:
            draft.status = "rejected"
            draft.events.append("draft.rejected")

    @precondition(lambda self: self.live_in("approved"))
    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        """Someone exports a draft as .eml; only an approved version by another reviewer may leave."""
        draft = self.pick_draft(data, "approved")
        user = self.pick_user(data, EDITORS, draft.team)
        url = f"/v1/drafts/{draft.id}/deliver"
        answer = self.call("POST /v1/drafts/{draft_id}/deliver", "POST", url, user, json={"channel": "eml"})
        self.touched = draft
        if answer.status_code == 200 and not answer.json()["repeated"]:
            assert draft.status == "approved" and draft.approved_by not in (None, draft.requester), draft
            draft.status = "exported"
            draft.events.append("draft.exported")

    def has_many_drafts(self) -> bool:
        """Enough drafts that an erasure leaves some to work on (it removes about half)."""
        return len(set(self.drafts) - self.erased) >= 4

    @precondition(has_many_drafts)
    @rule(data=st.data())
    def erase(self, data: st.DataObject) -> None:
        """The admin (or anyone) erases an account; a fresh one takes its place in its team."""
        team = data.draw(st.sampled_from(TEAMS))
        account_id = data.draw(st.sampled_from(self.accounts_of(team)))
        user = data.draw(st.one_of(st.just("admin"), st.sampled_from(EVERYONE)))
        answer = self.call("DELETE /v1/accounts/{account_id}", "DELETE", f"/v1/accounts/{account_id}", user)
        if answer.status_code == 200:
            self.erased |= {d.id for d in self.drafts.values() if d.account_id == account_id}
            self.touched = None
            replace_account(self.world, team)

    # -- invariants ---------------------------------------------------------------------------------

    @invariant()
    def nothing_leaves_without_another_reviewers_approval(self) -> None:
        """Every sent or exported draft carries a decider's approval of its version, not the requester's."""
        with self.world.services.sessions() as session:
            delivered = session.scalars(
                select(Draft).where(Draft.status.in_([DraftStatus.SENT, DraftStatus.EXPORTED]))
            )
            for draft in delivered:
                approver = session.get(User, draft.approved_by_id) if draft.approved_by_id else None
                assert approver is not None and approver.role in (Role.REVIEWER, Role.ADMIN), draft.id
                assert approver.id != draft.requested_by_id and draft.approved_version == draft.version
                decision = session.scalar(
                    select(Decision.id).where(
                        Decision.draft_id == draft.id,
                        Decision.version == draft.version,
                        Decision.reviewer_id == approver.id,
                        Decision.outcome == "approved",
                    )
                )
                delivery = session.scalar(select(Delivery).where(Delivery.draft_id == draft.id))
                assert decision is not None and delivery is not None and delivery.version == draft.version
        self.tally.checks += 1

    @invariant()
    def one_audit_event_per_transition(self) -> None:
        """Each draft's `draft.*` audit trail, status and version are exactly what the answers said."""
        with self.world.services.sessions() as session:
            for tracked in self.drafts.values():
                if tracked.id in self.erased:
                    continue
                trail = session.scalars(
                    select(AuditEvent.event)
                    .where(AuditEvent.draft_id == tracked.id, AuditEvent.event.startswith("draft."))
                    .order_by(AuditEvent.id)
                )
                assert list(trail) == tracked.events, tracked
                stored = session.get_one(Draft, tracked.id)
                assert (stored.status.value, stored.version) == (tracked.status, tracked.version), tracked
        self.tally.checks += 1

    @invariant()
    def no_foreign_object_visible(self) -> None:
        """Two team users (a different pair each step) see only their team's accounts and drafts."""
        self.probe_turn += 1
        with self.world.services.sessions() as session:
            team_of = dict(session.execute(select(Account.id, Account.team)).tuples().all())
        for team in TEAMS:
            members = [u for u, (_, t) in USERS.items() if t == team]
            user = members[self.probe_turn % len(members)]
            accounts = self.client.get("/v1/accounts?limit=500", headers=self.headers(user)).json()
            drafts = self.client.get("/v1/drafts?limit=200", headers=self.headers(user)).json()
            assert {team_of[a["id"]] for a in accounts} <= {team}, (user, accounts)
            assert {team_of[d["account_id"]] for d in drafts} <= {team}, (user, drafts)
        if self.touched is not None:
            stranger = "rep_west" if self.touched.team == "east" else "rep_east"
            answer = self.client.get(f"/v1/drafts/{self.touched.id}", headers=self.headers(stranger))
            assert answer.status_code == 404, (stranger, self.touched)
        self.tally.checks += 1

    @invariant()
    def erased_drafts_are_gone(self) -> None:
        """A draft of an erased account is 404 even for the admin."""
        for draft_id in self.erased:
            answer = self.client.get(f"/v1/drafts/{draft_id}", headers=self.headers("admin"))
            assert answer.status_code == 404, draft_id
        self.tally.checks += 1


def refusal(answer: Response) -> str:
    """The refusal's message with its ids blanked, so like refusals count together."""
    try:
        message = str(answer.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        message = answer.text
    return re.sub(r"\d+", "N", message)[:90]


def replace_account(world: World, team: str) -> int:
    """A new account for the team, owned by its rep, with one note (set-up, not an operation under test)."""
    notes = [Note("Our renewal on 2027-03-31 is at EUR 48,000 per year.", subject="Renewal")]
    account_id, _, _ = seed_account(
        world.services,
        f"{team.upper()}-{time.monotonic_ns()}",
        f"{team.title()} Corp",
        notes,
        contact=(f"{team} buyer", f"buyer@{team}.example"),
        owner=f"rep_{team}",
        team=team,
    )
    return account_id
