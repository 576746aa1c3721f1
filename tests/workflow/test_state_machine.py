"""Model-based test of the lifecycle: random sequences of requests, edits, regenerations, decisions, sends and
erasures by different users. Each step's outcome (success or which error) must match a simple model, no
send ever happens without an approval of the sent version by a reviewer other than the requester, and
every transition leaves exactly one audit event."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from copilot.auth.policy import PERMISSIONS, Action
from copilot.db.models import AuditEvent, Decision, Draft, DraftStatus, Revision, Role, User
from copilot.delivery import deliver
from copilot.errors import ConflictError, CopilotError, ModelError, NotFoundError, PermissionDeniedError
from copilot.privacy import erase_account
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.workflow import approve_draft, edit_draft, reject_draft, start_regeneration
from tests.support.records import Note, seed_account
from tests.support.smtp_server import Mailbox, smtp_server, smtp_settings
from tests.support.worlds import World, reply, script, unreachable

S = DraftStatus
ACTORS = [
    "rep_east",
    "teammate_east",
    "manager_east",
    "reviewer_east",
    "reviewer_desk",
    "reviewer_west",
    "admin",
]
REQUESTERS = ["rep_east", "teammate_east", "reviewer_east", "admin"]
# Weighted towards the callers and choices that succeed, so long runs reach sends often enough.
DECIDERS = [
    "reviewer_east",
    "reviewer_desk",
    "admin",
    "reviewer_east",
    "reviewer_desk",
    "rep_east",
    "manager_east",
    "reviewer_west",
]
MOSTLY_NOT = st.sampled_from([False, False, False, True])
_crm_ids = itertools.count(1)
# Which outcomes the random runs reached, so the test can prove it did not pass vacuously.
OUTCOMES: Counter[str] = Counter()


@dataclass
class Expected:
    """What the model believes about one draft."""

    draft_id: int
    account_id: int
    requester: str
    status: DraftStatus
    version: int
    events: int
    erased: bool = False
    # Who edited the content since its latest generation: they may not approve it (four eyes).
    editors: set[str] = field(default_factory=set)


class ReviewMachine(RuleBasedStateMachine):
    """Drives the workflow and delivery code through random sequences of actions."""

    drafts = Bundle("drafts")

    def __init__(self, world: World, mailbox: Mailbox) -> None:
        super().__init__()
        self.world, self.mailbox = world, mailbox
        self.expected: dict[int, Expected] = {}
        self.mail_seen_before = len(mailbox.messages)  # the server outlives one example; count only ours

    def _user(self, name: str) -> User:
        return self.world.users[name]

    def _generate(self, draft: Expected, fails: bool) -> None:
        script(self.world.model, unreachable() if fails else reply(body=f"Version {draft.version} text [1]."))
        try:
            generate_email(self.world.services, draft.draft_id)
        except ModelError:
            assert fails
        draft.status, draft.events = (S.FAILED if fails else S.PENDING_REVIEW), draft.events + 1

    def _expect(
        self, draft: Expected, actor: str, action: Action, allowed_from: set[DraftStatus]
    ) -> type | None:
        """The error the code must raise, in the code's own order of checks (None = success)."""
        user = self._user(actor)
        if draft.erased or (user.team == "west"):
            return NotFoundError
        if action not in PERMISSIONS[user.role]:
            return PermissionDeniedError
        if action is Action.DECIDE and self.world.users[draft.requester].id == user.id:
            return PermissionDeniedError
        return None if draft.status in allowed_from else ConflictError

    def _attempt(self, expected_error: type | None, call: object) -> bool:
        try:
            call()  # type: ignore[operator]
        except CopilotError as exc:
            assert expected_error is not None and isinstance(exc, expected_error), f"unexpected {exc!r}"
            return False
        assert expected_error is None, f"expected {expected_error.__name__}, got success"
        return True

    @rule(target=drafts, requester=st.sampled_from(REQUESTERS), fails=MOSTLY_NOT)
    def create(self, requester: str, fails: bool) -> int:
        services = self.world.services
        account_id, _, _ = seed_account(
            services,
            f"SM-{next(_crm_ids)}",
            "Machine Co",
            [Note("Renewal due in March at EUR 9,000.")],
            contact=("Mia Buyer", "mia@machine.example"),
            owner="rep_east",
            team="east",
        )
        request = EmailRequest(account_id, "renewal follow-up", requested_by_id=self._user(requester).id)
        draft = Expected(request_email(services, request).id, account_id, requester, S.GENERATING, 1, 1)
        self._generate(draft, fails)
        self.expected[draft.draft_id] = draft
        return draft.draft_id

    @rule(draft_id=drafts, actor=st.sampled_from(ACTORS), stale=MOSTLY_NOT)
    def edit(self, draft_id: int, actor: str, stale: bool) -> None:
        draft = self.expected[draft_id]
        base = draft.version - 1 if stale else draft.version
        error = self._expect(draft, actor, Action.EDIT_DRAFT, {S.PENDING_REVIEW}) or (
            ConflictError if stale else None
        )
        with self.world.services.sessions() as session, session.begin():
            done = self._attempt(
                error,
                lambda: edit_draft(
                    session,
                    draft_id=draft_id,
                    editor=self._user(actor),
                    base_version=base,
                    subject=None,
                    body=f"Edited by {actor} from v{base} [1].",
                ),
            )
        if done:
            draft.version, draft.events = draft.version + 1, draft.events + 1
            draft.editors.add(actor)

    @rule(draft_id=drafts, actor=st.sampled_from(ACTORS), fails=MOSTLY_NOT)
    def regenerate(self, draft_id: int, actor: str, fails: bool) -> None:
        draft = self.expected[draft_id]
        error = self._expect(draft, actor, Action.REGENERATE, {S.PENDING_REVIEW, S.REJECTED, S.FAILED})
        with self.world.services.sessions() as session, session.begin():
            done = self._attempt(
                error, lambda: start_regeneration(session, draft_id=draft_id, actor=self._user(actor))
            )
        if done:
            draft.status, draft.version, draft.events = S.GENERATING, draft.version + 1, draft.events + 1
            draft.editors = set()
            self._generate(draft, fails)

    @rule(draft_id=drafts, actor=st.sampled_from(DECIDERS), stale=MOSTLY_NOT, edits=st.booleans())
    def approve(self, draft_id: int, actor: str, stale: bool, edits: bool) -> None:
        draft = self.expected[draft_id]
        version = draft.version - 1 if stale else draft.version
        error = (
            self._expect(draft, actor, Action.DECIDE, {S.PENDING_REVIEW})
            or (ConflictError if stale else None)
            or (PermissionDeniedError if edits or actor in draft.editors else None)
        )
        body = f"Approved text by {actor} of v{version} [1]." if edits else None
        with self.world.services.sessions() as session, session.begin():
            done = self._attempt(
                error,
                lambda: approve_draft(
                    session, draft_id=draft_id, reviewer=self._user(actor), version=version, body=body
                ),
            )
        OUTCOMES[f"approve: {'ok' if done else error.__name__ if error else '?'}"] += 1
        if done:
            draft.status, draft.version, draft.events = (
                S.APPROVED,
                draft.version + int(edits),
                draft.events + 1,
            )

    @rule(draft_id=drafts, actor=st.sampled_from(DECIDERS), stale=MOSTLY_NOT)
    def reject(self, draft_id: int, actor: str, stale: bool) -> None:
        draft = self.expected[draft_id]
        version = draft.version - 1 if stale else draft.version
        error = self._expect(draft, actor, Action.DECIDE, {S.PENDING_REVIEW}) or (
            ConflictError if stale else None
        )
        with self.world.services.sessions() as session, session.begin():
            done = self._attempt(
                error,
                lambda: reject_draft(
                    session, draft_id=draft_id, reviewer=self._user(actor), version=version, reason="not yet"
                ),
            )
        if done:
            draft.status, draft.events = S.REJECTED, draft.events + 1

    @rule(draft_id=drafts, actor=st.sampled_from(ACTORS), channel=st.sampled_from(["smtp", "eml"]))
    def send(self, draft_id: int, actor: str, channel: str) -> None:
        draft = self.expected[draft_id]
        error = self._expect(draft, actor, Action.DELIVER, {S.APPROVED, S.SENT, S.EXPORTED})
        left_before = draft.status in (S.SENT, S.EXPORTED)
        outcome: list[object] = []
        done = self._attempt(
            error,
            lambda: outcome.append(
                deliver(self.world.services, draft_id=draft_id, channel=channel, actor=self._user(actor))
            ),
        )
        OUTCOMES[f"send: {'delivered' if done and not left_before else 'repeat' if done else 'refused'}"] += 1
        if done and not left_before:
            draft.status, draft.events = (S.SENT if channel == "smtp" else S.EXPORTED), draft.events + 1
            self._check_sent(draft_id)

    @rule(draft_id=drafts, really=st.sampled_from([False] * 4 + [True]))
    def erase(self, draft_id: int, really: bool) -> None:
        draft = self.expected[draft_id]
        if draft.erased or not really:
            return
        erase_account(self.world.services, account_id=draft.account_id, actor_id=self._user("admin").id)
        draft.erased = True

    def _check_sent(self, draft_id: int) -> None:
        with self.world.services.sessions() as session:
            row = session.get_one(Draft, draft_id)
            approver = session.get_one(User, row.approved_by_id)
            decision = session.scalars(
                select(Decision).where(Decision.draft_id == draft_id, Decision.outcome == "approved")
            ).one()
            approved_text = session.scalars(
                select(Revision.body).where(Revision.draft_id == draft_id, Revision.version == row.version)
            ).one()
        assert approver.role in (Role.REVIEWER, Role.ADMIN) and approver.id != row.requested_by_id
        assert decision.version == row.version == row.approved_version and decision.reviewer_id == approver.id
        assert approved_text == row.body
        if row.status is S.SENT:
            received = self.mailbox.with_id(row.delivery_ref or "")
            sent_text = received[0].get_payload(decode=True).decode().replace("\r\n", "\n")
            assert len(received) == 1 and approved_text in sent_text

    @invariant()
    def every_transition_has_exactly_one_audit_event(self) -> None:
        if not self.expected:
            return
        with self.world.services.sessions() as session:
            query = (
                select(AuditEvent.draft_id, func.count())
                .where(AuditEvent.draft_id.in_(self.expected), AuditEvent.event.like("draft.%"))
                .group_by(AuditEvent.draft_id)
            )
            counts = dict(session.execute(query).tuples().all())
            statuses = dict(
                session.execute(select(Draft.id, Draft.status).where(Draft.id.in_(self.expected)))
                .tuples()
                .all()
            )
        for draft_id, draft in self.expected.items():
            assert counts.get(draft_id, 0) == draft.events, f"draft {draft_id}"
            assert statuses.get(draft_id) == (None if draft.erased else draft.status)

    @invariant()
    def no_message_without_a_sent_draft(self) -> None:
        ids = Counter(m["Message-ID"] for m in self.mailbox.messages[self.mail_seen_before :])
        assert all(n == 1 for n in ids.values())
        sent = [d for d in self.expected.values() if d.status is S.SENT]
        assert len(ids) == len(sent)


@pytest.mark.server
def test_no_send_without_a_different_reviewers_approval_of_that_version(world: World) -> None:
    with smtp_server() as (mailbox, port):
        world.services.settings = smtp_settings(world.services.settings, port)
        run_state_machine_as_test(
            lambda: ReviewMachine(world, mailbox),
            settings=settings(
                max_examples=15,
                stateful_step_count=35,
                deadline=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    reached = {k for k, n in OUTCOMES.items() if n}
    assert {"send: delivered", "send: refused", "approve: ok", "approve: ConflictError"} <= reached
    assert "approve: PermissionDeniedError" in reached
