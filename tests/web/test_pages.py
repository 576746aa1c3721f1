"""The pages over HTTP: sign-in, CSRF, role rules identical to the API's, escaping, security headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from copilot.auth import rotate_key
from copilot.db.models import Draft, DraftStatus, Interaction, User
from copilot.web.session import COOKIE
from tests.support.api import auth
from tests.support.records import Note, seed_account
from tests.support.worlds import World
from tests.web.support import HOSTILE, csrf_of, hostile_account, seeded_draft, sign_in


def test_sign_in_sets_a_strict_http_only_cookie_and_lands_by_role(client: TestClient, world: World) -> None:
    page = client.get("/web/login")
    token = csrf_of(page.text)
    response = client.post(
        "/web/login", data={"api_key": world.keys["reviewer_desk"], "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/web/queue"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert world.keys["reviewer_desk"] not in cookie


def test_the_root_address_leads_to_sign_in_then_to_the_role_page(client: TestClient, world: World) -> None:
    first = client.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/web"
    signed_out = client.get("/")
    assert signed_out.status_code == 200 and str(signed_out.url).endswith("/web/login")
    assert 'name="api_key"' in signed_out.text
    sign_in(client, world.keys["reviewer_desk"])
    assert str(client.get("/").url).endswith("/web/queue")


def test_bad_key_and_missing_login_token_are_refused(client: TestClient, world: World) -> None:
    token = csrf_of(client.get("/web/login").text)
    wrong = client.post("/web/login", data={"api_key": "cpk_" + "x" * 40, "csrf": token})
    assert wrong.status_code == 401 and "unknown or revoked" in wrong.text
    no_token = client.post("/web/login", data={"api_key": world.keys["admin"]}, follow_redirects=False)
    assert no_token.status_code == 403
    assert COOKIE not in no_token.cookies


def test_pages_need_a_session_and_a_tampered_cookie_is_ignored(client: TestClient, world: World) -> None:
    assert client.get("/web/queue", follow_redirects=False).headers["location"] == "/web/login"
    sign_in(client, world.keys["reviewer_desk"])
    value = client.cookies[COOKIE]
    payload, signature = value.split(".")
    for forged in (f"{payload}.{signature[::-1]}", f"{payload[:-4]}AAAA.{signature}", "garbage"):
        client.cookies.clear()
        client.cookies.set(COOKIE, forged)
        assert client.get("/web/queue", follow_redirects=False).status_code == 303, forged
    client.cookies.clear()
    client.cookies.set(COOKIE, value)
    assert client.get("/web/queue", follow_redirects=False).status_code == 200


def test_rotating_the_key_ends_the_browser_session(client: TestClient, world: World) -> None:
    sign_in(client, world.keys["reviewer_desk"])
    assert client.get("/web/queue").status_code == 200
    with world.services.sessions() as session, session.begin():
        rotate_key(session, user=session.get_one(User, world.users["reviewer_desk"].id))
    assert client.get("/web/queue", follow_redirects=False).headers["location"] == "/web/login"


def test_queue_follows_the_api_role_rules(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    for name, status in (("rep_east", 403), ("manager_east", 403), ("reviewer_east", 200)):
        client.cookies.clear()
        sign_in(client, world.keys[name])
        page = client.get("/web/queue")
        api = client.get("/v1/review/queue", headers={"Authorization": f"Bearer {world.keys[name]}"})
        assert page.status_code == api.status_code == status, name
    assert f"/web/drafts/{draft_id}" in page.text


def test_a_draft_on_another_team_is_not_found_like_in_the_api(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    sign_in(client, world.keys["reviewer_west"])
    assert client.get(f"/web/drafts/{draft_id}").status_code == 404
    assert client.get(f"/web/drafts/{draft_id}/status.json").status_code == 404


def test_forms_without_the_csrf_token_change_nothing(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    sign_in(client, world.keys["reviewer_desk"])
    response = client.post(f"/web/drafts/{draft_id}/approve", data={"version": "1"})
    assert response.status_code == 403
    with world.services.sessions() as session:
        assert session.get_one(Draft, draft_id).status is DraftStatus.PENDING_REVIEW


def test_edit_then_approve_names_the_new_version(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    sign_in(client, world.keys["reviewer_desk"])
    token = csrf_of(client.get(f"/web/drafts/{draft_id}").text)
    body = "Hello, your renewal is EUR 48,000 [1]. Best regards"
    edited = client.post(f"/web/drafts/{draft_id}/edit", data={"csrf": token, "version": "1", "body": body})
    assert edited.status_code == 200 and "Approve version 2" in edited.text
    stale = client.post(f"/web/drafts/{draft_id}/approve", data={"csrf": token, "version": "1"})
    assert stale.status_code == 409
    own = client.post(f"/web/drafts/{draft_id}/approve", data={"csrf": token, "version": "2"})
    assert own.status_code == 403  # four eyes on content: the editor does not approve their own words
    sign_in(client, world.keys["admin"])
    token = csrf_of(client.get(f"/web/drafts/{draft_id}").text)
    done = client.post(
        f"/web/drafts/{draft_id}/approve", data={"csrf": token, "version": "2", "reason": "ok"}
    )
    assert done.status_code == 200
    with world.services.sessions() as session:
        draft = session.get_one(Draft, draft_id)
        assert (draft.status, draft.approved_version, draft.body) == (DraftStatus.APPROVED, 2, body)


def test_the_requester_cannot_decide_their_own_draft(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world, requester="admin")
    sign_in(client, world.keys["admin"])
    page = client.get(f"/web/drafts/{draft_id}")
    assert "Approve version" not in page.text
    refused = client.post(
        f"/web/drafts/{draft_id}/approve", data={"csrf": csrf_of(page.text), "version": "1"}
    )
    assert refused.status_code == 403


def test_flags_are_marked_on_their_spans_with_the_reason(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    sign_in(client, world.keys["reviewer_desk"])
    html = client.get(f"/web/drafts/{draft_id}").text
    marked = re.findall(r'<mark class="flag flag-(\w+)"[^>]*title="([^"]*)"[^>]*>([^<]*)', html)
    assert ("unsupported_claim", "Unsupported claim: percent not found", "30% discount") in marked
    assert ("tone", "Tone: pressuring tone", "Act now or else!") in marked
    assert "a cited record tries to instruct the model" in html  # the record-level flag is listed
    assert 'href="#record-1"' in html and 'id="record-1"' in html


def test_model_output_and_record_text_are_escaped(client: TestClient, world: World) -> None:
    hostile_account(world)
    draft_id = seeded_draft(world, account="hostile", body=f"Dear buyer, {HOSTILE} [1]", flags=[])
    sign_in(client, world.keys["reviewer_east"])
    for url in (f"/web/drafts/{draft_id}", f"/web/accounts/{world.accounts['hostile']}"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src" not in html, url
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html, url


def test_a_reply_shows_the_message_it_answers_escaped(client: TestClient, world: World) -> None:
    account_id = hostile_account(world)
    draft_id = seeded_draft(world, account="hostile", body="Dear buyer, thank you. [1]", flags=[])
    with world.services.sessions() as session, session.begin():
        message = session.scalars(select(Interaction).where(Interaction.account_id == account_id)).one()
        session.get_one(Draft, draft_id).reply_to_interaction_id = message.id
    sign_in(client, world.keys["reviewer_east"])
    html = client.get(f"/web/drafts/{draft_id}").text
    assert f"Answering interaction {message.id}" in html and "“Invoice”" in html
    assert "<script>window" not in html and "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_every_page_sends_a_strict_csp_and_has_no_inline_script(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    sign_in(client, world.keys["admin"])
    for url in ("/web/login", "/web/queue", f"/web/drafts/{draft_id}", "/web/rep", "/web/accounts"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text) == [], url
        assert " style=" not in response.text, url


def test_static_files_are_served_and_nothing_outside_the_folder(client: TestClient) -> None:
    assert client.get("/web/static/app.js").status_code == 200
    assert client.get("/web/static/..%2Fsession.py").status_code == 404
    assert client.get("/web/static/session.py").status_code == 404


def test_queue_filters_and_counts(client: TestClient, world: World) -> None:
    flagged = seeded_draft(world)
    plain = seeded_draft(world, account="west", requester="rep_west", flags=[])
    sign_in(client, world.keys["reviewer_desk"])

    def listed(query: str) -> set[int]:
        html = client.get(f"/web/queue?{query}").text
        return {int(n) for n in re.findall(r'data-draft="(\d+)"', html)}

    assert listed("") == {flagged, plain}
    assert listed("flag=tone") == {flagged} and listed("flag=none") == {plain}
    assert listed(f"account={world.accounts['west']}&tool=email&age=") == {plain}
    assert listed("tool=call_summary") == set() and listed("age=1d") == set()
    assert "<strong>2</strong> pending" in client.get("/web/queue?flag=tone").text


def test_reject_needs_a_reason(client: TestClient, world: World) -> None:
    draft_id = seeded_draft(world)
    sign_in(client, world.keys["reviewer_desk"])
    token = csrf_of(client.get(f"/web/drafts/{draft_id}").text)
    empty = client.post(f"/web/drafts/{draft_id}/reject", data={"csrf": token, "version": "1", "reason": " "})
    assert empty.status_code == 422 and "reason" in empty.text
    done = client.post(
        f"/web/drafts/{draft_id}/reject", data={"csrf": token, "version": "1", "reason": "wrong amount"}
    )
    assert done.status_code == 200 and 'id="draft-status">rejected' in done.text


def test_the_account_page_shows_the_summary_the_api_answers(client: TestClient, world: World) -> None:
    """The page reads the account summary through the API's response model: the same months, counts
    and cited records as `GET /v1/accounts/{id}/summary`."""
    account_id, _, _ = seed_account(
        world.services,
        "E-7",
        "Summary Ltd",
        [
            Note("The export failed again and we are frustrated.", datetime(2026, 7, 2, tzinfo=UTC)),
            Note("Thanks, the export works now.", datetime(2026, 9, 4, tzinfo=UTC)),
        ],
        contact=("east buyer", "buyer@summary.example"),
        owner="rep_east",
        team="east",
    )
    answer = client.get(f"/v1/accounts/{account_id}/summary", headers=auth(world, "reviewer_east"))
    assert answer.status_code == 200
    summary = answer.json()
    sign_in(client, world.keys["reviewer_east"])
    html = client.get(f"/web/accounts/{account_id}").text
    assert "tone flagger over customer-side text" in html  # the summary's trend, not the fallback
    rows = re.findall(r"<tr><td>(\d{4}-\d{2})</td><td>(\d+)</td><td>(\d+)</td></tr>", html)
    expected = [
        (m["month"], str(m["customer_items"]), str(m["negative"]))
        for m in summary["sentiment_trend"]["months"]
    ]
    assert rows == expected and [r[0] for r in rows] == ["2026-07", "2026-08", "2026-09"]
    assert sorted(int(n) for n in re.findall(r'id="acct-record-(\d+)"', html)) == sorted(
        c["n"] for c in summary["citations"]
    )
    assert summary["model"] in html.replace("&#34;", '"').replace("&#39;", "'")
