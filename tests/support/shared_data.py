"""Where the optional evaluation data lives, and how tests that need it skip (or, in CI, fail).

The default run needs only `tests/data/`. Tests that need the larger shared folder carry the
`shared_data` marker (`pytest -m shared_data` runs just them); without the folder they skip with a
message naming the path. `.ci/run` sets COPILOT_TEST_REQUIRE_SHARED_DATA=1 in its second phase, so
there a missing folder fails instead of passing quietly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDORED = REPO_ROOT / "tests" / "data"
SHARED_DATA = Path(
    os.environ.get("COPILOT_TEST_SHARED_DATA") or REPO_ROOT / ".." / "shared" / "data"
).resolve()
REQUIRED = os.environ.get("COPILOT_TEST_REQUIRE_SHARED_DATA") == "1"


def require_shared(path: Path) -> Path:
    """`path` (inside the shared data) if it exists; else skip naming it (fail when CI requires it)."""
    if not path.exists():
        message = f"shared evaluation data not found at {path} (set COPILOT_TEST_SHARED_DATA to its folder)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return path


def shared_missing(path: Path) -> bool:
    """True when the shared path is absent and may be skipped (for `skipif` at collection time)."""
    return not path.exists() and not REQUIRED
