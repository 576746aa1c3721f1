"""The FastAPI application: clients are built once in the lifespan, routers stay thin."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from copilot import __version__, web
from copilot.api import metrics
from copilot.api.errors import install_error_handlers
from copilot.api.limits import BodyLimitMiddleware, RateLimiter, SingleQueryValueMiddleware
from copilot.api.read_cache import ReadCache
from copilot.api.revision_probes import revision_probe
from copilot.api.routes import (
    accounts,
    calls,
    drafts,
    health,
    ingest,
    interactions,
    jobs,
    review,
    tone,
    users,
)
from copilot.auth.cache import KeyCache
from copilot.config import Settings, load_settings
from copilot.container import Services
from copilot.jobs import WorkerPool

logger = logging.getLogger(__name__)
ROUTERS = (health.router, metrics.router, accounts.router, drafts.router, review.router, users.router)
MORE_ROUTERS = (jobs.router, tone.router, ingest.router, calls.router, interactions.router, web.router)


def warm_up(services: Services) -> None:
    """Load what a draft needs (chat model, embedder) and the inbound tone model once per worker, off
    the request path (the first use on a machine also builds the tone model's graph: ~30 s).

    A failure is only logged: the first request that needs the model reports it as usual.
    """
    started = time.perf_counter()
    try:
        services.chat_model  # noqa: B018  # cached_property: the access loads it
        services.embeddings.embed_query("warm-up")
        services.sentence_model.embed_query("warm-up")
        services.frustration_model.probabilities(["warm-up"])
    except Exception as error:  # the request path raises the same error with its context
        logger.warning("warm-up failed: %s", error)
        return
    logger.info("model and embedder loaded in %.1f s", time.perf_counter() - started)
    # The ~640k objects just loaded live as long as the worker. Left in the collected generations,
    # the first full collection under load walks them all: a ~0.5 s stall of every request in
    # flight. Collected once now, then frozen, later full collections skip them.
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the app; uvicorn calls this once per worker (tests may hand in prepared services)."""
    services = services or Services(settings or load_settings())
    pool = WorkerPool(services)
    request_metrics = metrics.build_metrics(pool)
    read_cache = ReadCache(revision_probe(services.settings.sqlalchemy_url))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services.migrate()
        pool.start()
        if services.settings.warm_start and services.settings.worker_pool_size:
            threading.Thread(target=warm_up, args=(services,), name="warm-up", daemon=True).start()
        yield
        pool.stop()
        await read_cache.close()
        services.engine.dispose()

    app = FastAPI(
        title="CRM Copilot",
        version=__version__,
        description="Grounded customer drafts, held for human approval. Authenticate with `Authorization: "
        "Bearer <key>` (keys come from `copilot users add`).",
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.pool = pool
    app.state.metrics = request_metrics
    app.state.limiter = RateLimiter(services.settings.rate_limit_per_minute)
    app.state.key_cache = KeyCache(services.settings.auth_cache_seconds)
    app.state.read_cache = read_cache
    install_error_handlers(app)
    app.add_middleware(
        BodyLimitMiddleware,
        default_limit=services.settings.max_body_bytes,
        upload_limit=services.settings.max_upload_bytes,
        upload_prefix="/v1/ingest/",
    )
    app.add_middleware(SingleQueryValueMiddleware)
    app.add_middleware(metrics.MetricsMiddleware, metrics=request_metrics)
    for router in ROUTERS + MORE_ROUTERS:
        app.include_router(router)
    return app
