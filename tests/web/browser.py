"""Playwright on Debian's Chromium (never a downloaded browser), and screenshots as test artifacts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session; a missing browser fails (make test installs it)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not CHROMIUM.exists():
        if os.environ.get("COPILOT_SKIP_BROWSER") == "1":
            pytest.skip(f"{CHROMIUM} missing and COPILOT_SKIP_BROWSER=1")
        pytest.fail(f"{CHROMIUM} missing: run `apt-get install -y chromium` (or set COPILOT_SKIP_BROWSER=1)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def shoot(page: Any, name: str) -> None:
    """Save the page at 1280 and 390 px wide (test-artifacts/screenshots/); it must not scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow}px wide at a {width}px viewport (scrolls sideways)"
    if original:
        page.set_viewport_size(original)
