"""A manager reads three sample accounts' pages in Chromium; screenshots go to test-artifacts/screenshots.

Slow (it loads ten sample accounts with the real MiniLM embedder): run with
    PYTHONPATH=$PWD python -m pytest tests/web/test_account_summary_pages.py -m slow -q
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Role
from copilot.index.embeddings import LocalEmbeddings
from copilot.sample.generate import generate_sample
from copilot.sample.load import load_sample
from tests.support.api import build_app, live_server
from tests.support.worlds import add_user
from tests.web.browser import SCREENSHOTS, chromium, shoot

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]
__all__ = ["chromium"]  # the fixture, re-exported for pytest

ACCOUNTS = ("Brightwater Health", "Acme Logistics", "Harborview Credit Union")
CHATTER = ("No problem at all", "moving offices", "Sorry for the delay", "Thanks for")


@pytest.fixture(scope="module")
def sample_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Ten sample accounts loaded through the connectors, embedded with the real MiniLM."""
    data = tmp_path_factory.mktemp("sample-pages")
    services = Services(
        load_settings(data_dir=data / "data"),
        embeddings=LocalEmbeddings(load_settings().resolved_embedding_path()),
    )
    generate_sample(data / "sample", accounts=10)
    load_sample(services, data / "sample")
    yield services
    services.engine.dispose()


@pytest.fixture(scope="module")
def manager_key(sample_services: Services) -> str:
    return add_user(sample_services, "manager_east", Role.MANAGER, "east")[1]


@pytest.fixture(scope="module")
def server(sample_services: Services, manager_key: str) -> Iterator[str]:
    with live_server(build_app(sample_services)) as base_url:
        yield base_url


def _section(page: Any, title: str) -> str:
    heading = page.get_by_role("heading", name=title, exact=True)
    return str(heading.locator("xpath=following-sibling::*[1]").inner_text())


@pytest.mark.parametrize("name", ACCOUNTS)
def test_manager_reads_a_sample_account_summary(
    name: str, server: str, manager_key: str, chromium: Any
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/web/login")
    page.get_by_label("API key").fill(manager_key)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()
    overview = page.locator("#summary-overview").inner_text()
    assert re.search(r"interactions? on record from", overview) and re.search(r"\[\d+\]", overview)
    issues, risks = _section(page, "Open issues"), _section(page, "Risks")
    actions = _section(page, "Next best actions")
    for chatter in CHATTER:
        assert chatter not in issues and chatter not in actions
    assert "No risks found" not in risks or "No open customer issues" in issues
    # The chart spans the whole year of records: one tick per two months, a point per month with mail.
    assert page.locator("figure.chart svg circle").count() >= 6
    slug = "account-summary-" + name.lower().replace(" ", "-")
    shoot(page, slug)
    # The summary column alone, at full resolution, for reading the wording.
    page.locator("section[aria-labelledby=summary-h]").screenshot(
        path=str(SCREENSHOTS / f"{slug}-summary.png")
    )
    context.close()
