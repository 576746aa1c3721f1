"""`copilot init`: the data directory, the schema, and a check of the vector store's settings.

Apart from `sample` and `demo` (copilot/cli/setup.py) because it needs only the engine and the settings:
no ORM, no mapped classes, no model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from copilot.cli.context import console, services_from

if TYPE_CHECKING:
    from copilot.container import Services


def register(app: typer.Typer) -> None:
    """Add init to the root app."""
    app.command("init")(init)


def init(ctx: typer.Context) -> None:
    """Create the data directory and schema, and check the vector store's settings."""
    from copilot.index.store_check import check_vector_store

    services = services_from(ctx)
    services.migrate()
    settings = services.settings
    where = check_vector_store(settings)
    console.print(f"data dir   {settings.data_dir.resolve()}")
    console.print(f"database   {services.engine.url.render_as_string(hide_password=True)}")
    console.print(f"vectors    chroma at {where}")
    console.print(f"model      {settings.llm_provider}: {_model_label(services)}")


def _model_label(services: Services) -> str:
    settings = services.settings
    if settings.llm_provider == "embedded":
        return str(settings.resolved_model_path())
    return f"{settings.llm_model} at {settings.llm_base_url}"
