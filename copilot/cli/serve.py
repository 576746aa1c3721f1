"""`copilot serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import os

import typer

from copilot.cli.context import services_from
from copilot.config import Settings

# uvicorn kills a worker that misses a 5 s health ping; loading the app and its libraries can hold
# the GIL that long on a busy machine, so with --workers > 1 every worker died and was respawned.
WORKER_HEALTHCHECK_S = 60


def register(app: typer.Typer) -> None:
    """Add the serve command to the root app."""
    app.command("serve")(serve)


def run_server(
    settings: Settings, *, host: str | None, port: int | None, workers: int, access_log: bool = True
) -> None:
    """Run uvicorn with the app factory, so each worker builds its own clients once."""
    import uvicorn

    uvicorn.run(
        "copilot.api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, help="bind address (default COPILOT_API_HOST)"),
    port: int | None = typer.Option(None, help="port (default COPILOT_API_PORT)"),
    workers: int = typer.Option(1, min=1, help="worker processes"),
    access_log: bool = typer.Option(
        True,
        "--access-log/--no-access-log",
        help="one log line per request; off saves CPU when a proxy in front already logs requests",
    ),
    warm_start: bool = typer.Option(
        True,
        "--warm-start/--lazy-start",
        help="load the chat model and embedder as each worker starts, not on its first draft",
    ),
) -> None:
    """Serve the REST API and OpenAPI docs at /docs."""
    services = services_from(ctx)
    services.migrate()
    # uvicorn's factory builds each worker's settings from the environment.
    os.environ["COPILOT_WARM_START"] = "1" if warm_start else "0"
    run_server(services.settings, host=host, port=port, workers=workers, access_log=access_log)
