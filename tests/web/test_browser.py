"""The pages in a real browser: review a flagged draft, role limits, the manager's account page, escaping."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from copilot.db.models import Draft, DraftStatus
from copilot.workflow import approve_draft
from tests.support.api import build_app, live_server
from tests.support.records import Note, seed_account
from tests.support.worlds import World, reply, script
from tests.web.browser import chromium, shoot
from tests.web.support import HOSTILE, hostile_account, seeded_draft

pytestmark = [pytest.mark.browser, pytest.mark.server]
expect = pytest.importorskip("playwright.sync_api", reason="pip install playwright").expect
__all__ = ["chromium"]  # the fixture, re-exported for pytest


@pytest.fixture
def server(world: World) -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port."""
    with live_server(build_app(world.services)) as base_url:
        yield base_url


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at desktop width; remote requests are recorded and blocked."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.remote_requests = []
    page.on("request", lambda r: None if "127.0.0.1" in r.url else page.remote_requests.append(r.url))
    yield page
    context.close()


def sign_in(page: Any, base_url: str, key: str) -> None:
    """Fill the sign-in form with the keyboard, as a user would."""
    page.goto(f"{base_url}/web/login")
    page.get_by_label("API key").fill(key)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def flagged_draft(world: World) -> int:
    """A pending east draft with span and record-level flags (seeded before the server starts)."""
    return seeded_draft(world)


def test_reviewer_follows_a_citation_edits_approves_and_the_draft_leaves_the_queue(
    flagged_draft: int, server: str, world: World, browser_page: Any
) -> None:
    draft_id = flagged_draft
    page = browser_page
    sign_in(page, server, world.keys["reviewer_desk"])
    assert page.url.endswith("/web/queue")
    page.get_by_label("Flag").select_option("unsupported_claim")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    row = page.locator(f'tr[data-draft="{draft_id}"]')
    assert row.count() == 1 and "Unsupported claim" in row.inner_text()
    shoot(page, "queue")
    with page.expect_navigation():
        row.get_by_role("link").click()
    marks = page.locator("mark.flag")
    assert "30% discount" in marks.nth(0).inner_text()
    assert "percent not found" in (marks.nth(0).get_attribute("title") or "")
    page.locator("#draft-body a.cite").first.focus()  # by keyboard: focus the [1] link, press Enter
    page.keyboard.press("Enter")
    record = page.locator("#record-1")
    assert "active" in (record.get_attribute("class") or "")
    assert record.evaluate("el => el === document.activeElement")
    assert "EUR 48,000" in record.inner_text()
    shoot(page, "draft-flagged")
    page.get_by_text("Edit in place").click()
    page.get_by_label("Body").fill("Hello, your renewal is EUR 48,000 [1]. Best regards")
    page.get_by_role("button", name="Save as version 2").click()
    assert page.get_by_role("status").inner_text() == "Draft edited."
    assert page.locator(".diff .del").count() >= 1  # the history shows what the edit removed
    # Four eyes on content: the editor's words go to another reviewer (here the admin) for approval.
    sign_in(page, server, world.keys["admin"])
    page.goto(f"{server}/web/drafts/{draft_id}")
    page.get_by_label("Approval note (optional)").fill("checked against record 1")
    page.get_by_role("button", name="Approve version 2").click()
    assert page.locator("#draft-status").inner_text() == "approved"
    shoot(page, "draft-approved")
    page.goto(f"{server}/web/queue")
    assert page.locator(f'tr[data-draft="{draft_id}"]').count() == 0
    assert page.remote_requests == []


def test_rep_cannot_open_the_queue_and_watches_a_requested_draft(
    server: str, world: World, browser_page: Any
) -> None:
    page = browser_page
    sign_in(page, server, world.keys["rep_east"])
    assert page.url.endswith("/web/rep")
    assert page.get_by_role("link", name="Review queue").count() == 0
    response = page.goto(f"{server}/web/queue")
    assert response.status == 403 and "may not work the review queue" in page.inner_text("main")
    page.goto(f"{server}/web/rep")
    script(world.model, reply())
    page.get_by_label("Account").select_option(label="East Corp")
    page.get_by_label("Purpose").fill("follow up on the renewal")
    page.get_by_role("button", name="Request draft").click()
    watched = page.locator("tr.watched .status")
    expect(watched).to_have_text("pending_review", timeout=30_000)  # polled by app.js, no reload
    draft_id = int(page.locator("tr.watched a").inner_text().lstrip("#"))
    with world.services.sessions() as session, session.begin():
        approve_draft(session, draft_id=draft_id, reviewer=world.users["reviewer_desk"], version=1)
    expect(watched).to_have_text("approved", timeout=30_000)
    assert watched.inner_text() == "approved"
    shoot(page, "rep")
    with page.expect_navigation():
        page.locator("tr.watched a").click()
    page.get_by_label("Deliver approved version 1").select_option("eml")
    with page.expect_navigation():
        page.get_by_role("button", name="Deliver").click()
    assert page.locator("#draft-status").inner_text() == "exported"
    assert len(list(world.services.settings.resolved_export_dir.glob("*.eml"))) == 1


@pytest.fixture
def three_months(world: World) -> int:
    """An east account with inbound email in three months (seeded before the server starts)."""
    notes = [
        Note("The dashboard export is broken again and we are frustrated.", datetime(2026, 6, 2, tzinfo=UTC)),
        Note("Thanks, the fix works well.", datetime(2026, 7, 9, tzinfo=UTC)),
        Note("We will sign the renewal by 2026-09-30.", datetime(2026, 8, 12, tzinfo=UTC)),
    ]
    return seed_account(world.services, "E-2", "East Two GmbH", notes, owner="rep_east", team="east")[0]


@pytest.fixture
def hostile_draft(world: World) -> int:
    """A draft whose model output and cited email both carry a script tag and a remote image."""
    hostile_account(world)
    return seeded_draft(world, account="hostile", body=f"Dear buyer, {HOSTILE} [1]", flags=[])


def test_manager_reads_an_account_page_with_a_sentiment_chart(
    three_months: int, server: str, world: World, browser_page: Any
) -> None:
    page = browser_page
    sign_in(page, server, world.keys["manager_east"])
    assert page.url.endswith("/web/accounts")
    assert page.get_by_role("link", name="West Corp").count() == 0  # another team's account is not listed
    with page.expect_navigation():
        page.get_by_role("link", name="East Two GmbH").click()
    assert page.get_by_role("heading", level=1).inner_text() == "East Two GmbH"
    assert page.locator("figure.chart svg circle").count() == 3
    assert "broken again" in page.locator("aside").inner_text()
    assert page.get_by_role("heading", name="Summary").count() == 1
    shoot(page, "account")
    page.goto(f"{server}/web/accounts/{world.accounts['west']}")
    assert "not found" in page.inner_text("main")


def test_injected_markup_in_an_email_and_in_model_output_renders_as_text(
    hostile_draft: int, server: str, world: World, browser_page: Any
) -> None:
    draft_id = hostile_draft
    page = browser_page
    sign_in(page, server, world.keys["reviewer_east"])
    for url in (f"{server}/web/drafts/{draft_id}", f"{server}/web/accounts/{world.accounts['hostile']}"):
        page.goto(url)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("main img").count() == 0
        assert "<script>window.__pwned = 1</script>" in page.inner_text("main")
    page.goto(f"{server}/web/drafts/{draft_id}")
    assert "<img src=" in page.locator("#draft-body").inner_text()
    shoot(page, "hostile-draft")
    assert page.remote_requests == []
    with world.services.sessions() as session:
        assert session.get_one(Draft, draft_id).status is DraftStatus.PENDING_REVIEW
