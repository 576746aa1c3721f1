"""`copilot serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import typer
import uvicorn

from copilot.cli.context import services_from
from copilot.config import Settings


def register(app: typer.Typer) -> None:
    """Add the serve command to the root app."""
    app.command("serve")(serve)


def run_server(settings: Settings, *, host: str | None, port: int | None, workers: int) -> None:
    """Run uvicorn with the app factory, so each worker builds its own clients once."""
    uvicorn.run(
        "copilot.api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=workers,
        log_level="info",
    )


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, help="bind address (default COPILOT_API_HOST)"),
    port: int | None = typer.Option(None, help="port (default COPILOT_API_PORT)"),
    workers: int = typer.Option(1, min=1, help="worker processes"),
) -> None:
    """Serve the REST API and OpenAPI docs at /docs."""
    services = services_from(ctx)
    services.migrate()
    run_server(services.settings, host=host, port=port, workers=workers)
