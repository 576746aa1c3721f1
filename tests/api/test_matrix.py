"""Role x endpoint x ownership: every route answered for every kind of caller and every kind of object.

Objects belong to the east team (owner rep_east), the west team (owner rep_west), or to rep_east alone
(no team). A caller who may not see an object gets 404 whatever they asked; one who sees it but whose
role may not act gets 403; anonymous callers get 401 on every /v1 route.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Interaction, Role
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.api import EML, approved_draft, auth, build_app, quick_draft
from tests.support.records import Note, seed_account
from tests.support.worlds import World, add_user, build_world, script

CALLERS = [
    "rep_east",
    "teammate_east",
    "manager_east",
    "reviewer_east",
    "rep_west",
    "manager_west",
    "reviewer_west",
    "reviewer_desk",
    "admin",
    None,
]
SCOPES = ["east", "west", "solo"]
REP, MANAGER, REVIEWER, ADMIN = Role.REP, Role.MANAGER, Role.REVIEWER, Role.ADMIN
EVERYONE = {REP, MANAGER, REVIEWER, ADMIN}
_names = itertools.count(1)


@dataclass
class Env:
    """The shared world plus the solo account."""

    world: World
    client: TestClient

    def owner(self, scope: str) -> str:
        return "rep_west" if scope == "west" else "rep_east"

    def fresh_account(self, scope: str) -> int:
        team = None if scope == "solo" else scope
        account_id, _, _ = seed_account(
            self.world.services,
            f"M-{next(_names)}",
            "Matrix Co",
            [Note("hello")],
            owner=self.owner(scope),
            team=team,
        )
        return account_id

    def throwaway_user(self) -> int:
        return add_user(self.world.services, f"temp{next(_names)}", Role.REP)[0].id


Prepare = Callable[[Env, str], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Case:
    """One route: who may use it, what success looks like, and how to build one request."""

    method: str
    path: str
    roles: frozenset[Role]
    ok: int
    scoped: bool
    prepare: Prepare


def _draft(env: Env, scope: str) -> int:
    return quick_draft(env.world, scope, env.owner(scope))


def _account(env: Env, scope: str) -> int:
    return env.world.accounts[scope]


def _interaction(env: Env, scope: str) -> int:
    with env.world.services.sessions() as session:
        found = session.scalars(
            select(Interaction.id).where(Interaction.account_id == _account(env, scope)).limit(1)
        ).one()
    return int(found)


CALL_VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\n<v Ann Lee>We will send the quote by Friday.</v>\n"


def _unusable_model(env: Env, path: str, kwargs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    # The tools fall back to factual wording when the model's output is unusable: the route is under test.
    script(env.world.model, "{}")
    return path, kwargs


def case(method: str, path: str, roles: set[Role], ok: int, scoped: bool, prepare: Prepare) -> Case:
    return Case(method, path, frozenset(roles), ok, scoped, prepare)


CASES = [
    case("GET", "/v1/accounts", EVERYONE, 200, False, lambda e, s: ("/v1/accounts", {})),
    case(
        "GET",
        "/v1/interactions",
        EVERYONE,
        200,
        True,
        lambda e, s: (f"/v1/interactions?account_id={_account(e, s)}", {}),
    ),
    case(
        "GET",
        "/v1/interactions/{interaction_id}",
        EVERYONE,
        200,
        True,
        lambda e, s: (f"/v1/interactions/{_interaction(e, s)}", {}),
    ),
    case(
        "PUT",
        "/v1/interactions/{interaction_id}/audience",
        {REVIEWER, ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/interactions/{_interaction(e, s)}/audience", {"json": {"audience": "customer"}}),
    ),
    case(
        "GET",
        "/v1/accounts/{account_id}",
        EVERYONE,
        200,
        True,
        lambda e, s: (f"/v1/accounts/{_account(e, s)}", {}),
    ),
    case(
        "GET",
        "/v1/accounts/{account_id}/export",
        {ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/accounts/{_account(e, s)}/export", {}),
    ),
    case(
        "DELETE",
        "/v1/accounts/{account_id}",
        {ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/accounts/{e.fresh_account(s)}", {}),
    ),
    case(
        "POST",
        "/v1/drafts",
        {REP, ADMIN},
        202,
        True,
        lambda e, s: ("/v1/drafts", {"json": {"account_id": _account(e, s), "purpose": "renewal check-in"}}),
    ),
    case("GET", "/v1/drafts", EVERYONE, 200, False, lambda e, s: ("/v1/drafts", {})),
    case(
        "GET", "/v1/drafts/{draft_id}", EVERYONE, 200, True, lambda e, s: (f"/v1/drafts/{_draft(e, s)}", {})
    ),
    case(
        "PATCH",
        "/v1/drafts/{draft_id}",
        {REP, REVIEWER, ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}", {"json": {"version": 1, "body": "Edited text [1]."}}),
    ),
    case(
        "POST",
        "/v1/drafts/{draft_id}/approve",
        {REVIEWER, ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}/approve", {"json": {"version": 1}}),
    ),
    case(
        "POST",
        "/v1/drafts/{draft_id}/reject",
        {REVIEWER, ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}/reject", {"json": {"version": 1, "reason": "tone"}}),
    ),
    case(
        "POST",
        "/v1/drafts/{draft_id}/regenerate",
        {REP, REVIEWER, ADMIN},
        202,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}/regenerate", {"json": {}}),
    ),
    case(
        "POST",
        "/v1/drafts/{draft_id}/deliver",
        {REP, REVIEWER, ADMIN},
        200,
        True,
        lambda e, s: (
            f"/v1/drafts/{approved_draft(e.world, s, e.owner(s))}/deliver",
            {"json": {"channel": "eml"}},
        ),
    ),
    case(
        "GET",
        "/v1/drafts/{draft_id}/audit",
        EVERYONE,
        200,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}/audit", {}),
    ),
    case(
        "GET",
        "/v1/drafts/{draft_id}/revisions",
        EVERYONE,
        200,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}/revisions", {}),
    ),
    case(
        "GET",
        "/v1/drafts/{draft_id}/events",
        EVERYONE,
        200,
        True,
        lambda e, s: (f"/v1/drafts/{_draft(e, s)}/events", {}),
    ),
    case("GET", "/v1/review/queue", {REVIEWER, ADMIN}, 200, False, lambda e, s: ("/v1/review/queue", {})),
    case(
        "GET",
        "/v1/review/stats",
        {MANAGER, REVIEWER, ADMIN},
        200,
        False,
        lambda e, s: ("/v1/review/stats", {}),
    ),
    case("GET", "/v1/users/me", EVERYONE, 200, False, lambda e, s: ("/v1/users/me", {})),
    case("GET", "/v1/users", {ADMIN}, 200, False, lambda e, s: ("/v1/users", {})),
    case(
        "POST",
        "/v1/users",
        {ADMIN},
        201,
        False,
        lambda e, s: ("/v1/users", {"json": {"name": f"new{next(_names)}", "role": "rep", "team": "east"}}),
    ),
    case(
        "POST",
        "/v1/users/{user_id}/key",
        {ADMIN},
        200,
        False,
        lambda e, s: (f"/v1/users/{e.throwaway_user()}/key", {}),
    ),
    case(
        "DELETE",
        "/v1/users/{user_id}",
        {ADMIN},
        204,
        False,
        lambda e, s: (f"/v1/users/{e.throwaway_user()}", {}),
    ),
    case("GET", "/v1/jobs/queue", EVERYONE, 200, False, lambda e, s: ("/v1/jobs/queue", {})),
    case(
        "POST",
        "/v1/tone",
        EVERYONE,
        200,
        False,
        lambda e, s: ("/v1/tone", {"json": {"text": "Why is this STILL broken?", "direction": "inbound"}}),
    ),
    case(
        "POST",
        "/v1/tone/batch",
        EVERYONE,
        200,
        False,
        lambda e, s: (
            "/v1/tone/batch",
            {"json": {"texts": ["Why is this STILL broken?", "Thanks, all good."], "direction": "inbound"}},
        ),
    ),
    case(
        "POST",
        "/v1/ingest/{kind}",
        {REP, ADMIN},
        200,
        True,
        lambda e, s: (f"/v1/ingest/email?filename=q.eml&account_id={_account(e, s)}", {"content": EML}),
    ),
    case(
        "GET",
        "/v1/accounts/{account_id}/summary",
        EVERYONE,
        200,
        True,
        # No chat model writes the account summary: nothing to script.
        lambda e, s: (f"/v1/accounts/{_account(e, s)}/summary?refresh=true", {}),
    ),
    case(
        "POST",
        "/v1/calls",
        {REP, ADMIN},
        201,
        True,
        lambda e, s: _unusable_model(
            e,
            f"/v1/calls?account_id={_account(e, s)}&filename=call-{next(_names)}.vtt",
            {"content": CALL_VTT},
        ),
    ),
]
PUBLIC = [("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """One world for the whole matrix; no generation workers, so queued requests stay queued."""
    data_dir = tmp_path_factory.mktemp("matrix")
    services = Services(
        load_settings(data_dir=data_dir, worker_pool_size=0, rate_limit_per_minute=0),
        chat_model=FakeChatModel(),
        embeddings=HashingEmbeddings(),
    )
    services.migrate()
    world = build_world(services)
    env = Env(world, TestClient(build_app(services)))
    with env.client:
        env.world.accounts["solo"] = env.fresh_account("solo")
        yield env
    services.engine.dispose()


def visible(caller: str, scope: str) -> bool:
    """Who may see an object of this scope."""
    if caller in ("reviewer_desk", "admin"):
        return True
    if scope == "solo":
        return caller == "rep_east"
    return caller.endswith(f"_{scope}")


def expected(env: Env, item: Case, caller: str | None, scope: str) -> int:
    """The status the rules demand."""
    if caller is None:
        return 401
    if item.scoped and not visible(caller, scope):
        return 404
    if env.world.users[caller].role not in item.roles:
        return 403
    return item.ok


def test_the_matrix_covers_every_route(env: Env) -> None:
    paths = env.client.get("/openapi.json").json()["paths"]
    routes = {(method.upper(), path) for path, operations in paths.items() for method in operations}
    covered = {(c.method, c.path) for c in CASES} | set(PUBLIC)
    assert routes == covered


@pytest.mark.parametrize("item", CASES, ids=[f"{c.method} {c.path}" for c in CASES])
def test_route_answers_each_caller_and_scope(env: Env, item: Case) -> None:
    wrong = []
    for caller, scope in itertools.product(CALLERS, SCOPES if item.scoped else ["east"]):
        url, extra = item.prepare(env, scope)
        answer = env.client.request(item.method, url, headers=auth(env.world, caller), **extra)
        want = expected(env, item, caller, scope)
        if answer.status_code != want:
            wrong.append(f"{caller} on {scope}: {answer.status_code} (want {want}) {answer.text[:120]}")
        elif want >= 400:
            assert set(answer.json()) == {"error"} and set(answer.json()["error"]) == {"code", "message"}
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("caller", [c for c in CALLERS if c])
def test_lists_hold_only_visible_objects(env: Env, caller: str) -> None:
    drafts = {scope: _draft(env, scope) for scope in SCOPES}
    headers = auth(env.world, caller)
    accounts = {a["id"] for a in env.client.get("/v1/accounts?limit=500", headers=headers).json()}
    listed = {d["id"] for d in env.client.get("/v1/drafts?limit=200", headers=headers).json()}
    for scope in SCOPES:
        assert (env.world.accounts[scope] in accounts) is visible(caller, scope), scope
        assert (drafts[scope] in listed) is visible(caller, scope), scope


@pytest.mark.parametrize(("method", "path"), PUBLIC)
def test_probes_and_metrics_need_no_key(env: Env, method: str, path: str) -> None:
    assert env.client.request(method, path).status_code == 200
