"""A bare FastAPI app answering constant JSON: the ceiling the API read benchmark compares against.

Served by the same uvicorn, with the same worker count and options, as `copilot serve`:

    python -m uvicorn benchmarks.bare_app:create_app --factory --workers 2 --no-access-log

The handler is a plain `def`, like the API's read handlers, so both pay for FastAPI's thread pool.
"""

from __future__ import annotations

from fastapi import FastAPI

ANSWER = {"status": "ok", "service": "bare"}


def create_app() -> FastAPI:
    """One GET route returning a constant; no middleware, no database, no authentication."""
    app = FastAPI(title="bare", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/bare")
    def bare() -> dict[str, str]:
        """The constant answer."""
        return ANSWER

    return app
