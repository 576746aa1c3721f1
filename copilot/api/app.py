"""The FastAPI application: clients are built once in the lifespan, routers stay thin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from copilot import __version__
from copilot.api.errors import install_error_handlers
from copilot.api.routes import health
from copilot.config import Settings, load_settings
from copilot.container import Services


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; uvicorn calls this once per worker."""
    services = Services(settings or load_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.migrate()
        app.state.services = services
        yield
        services.engine.dispose()

    app = FastAPI(
        title="CRM Copilot",
        version=__version__,
        description="Grounded customer drafts, held for human approval.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    return app
