"""Prometheus metrics: request counts and latencies per route template, and the generation queue."""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Request, Security
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from copilot.api.limits import ASGIApp, Message, Receive, Scope, Send
from copilot.api.schemas import error_responses
from copilot.auth.keys import AuthenticationError
from copilot.jobs import WorkerPool

router = APIRouter(tags=["health"])
# Any token is a valid HTTP method, so the label keeps only the standard ones: a client inventing
# methods must not grow the series without bound.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})
METRICS_BEARER = HTTPBearer(
    scheme_name="MetricsToken",
    auto_error=False,
    description="`Authorization: Bearer <COPILOT_METRICS_TOKEN>`, when that is set",
)


def method_label(method: object) -> str:
    """The method as a metrics label: a known method, else "other"."""
    text = str(method).upper()
    return text if text in KNOWN_METHODS else "other"


class RequestMetrics:
    """The HTTP metrics of one app, in its own registry (so several apps in one process do not collide)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "copilot_http_requests", "HTTP requests", ["method", "route", "status"], registry=registry
        )
        self.latency = Histogram(
            "copilot_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )


class MetricsMiddleware:
    """Times every HTTP request and labels it by route template (never the raw path: ids would explode)."""

    def __init__(self, app: ASGIApp, *, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = method_label(scope.get("method", "GET"))
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)


class QueueCollector(Collector):
    """Reads the generation queue at scrape time."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool

    def collect(self) -> Iterator[Any]:
        """Queue depth by state, the oldest queued job's age, and this process's finished jobs."""
        stats = self.pool.stats()
        depth = GaugeMetricFamily(
            "copilot_generation_queue_depth", "Generation jobs by state", labels=["state"]
        )
        depth.add_metric(["queued"], stats["queued"])
        depth.add_metric(["running"], stats["running"])
        yield depth
        yield GaugeMetricFamily(
            "copilot_generation_oldest_queued_seconds",
            "Age of the oldest queued job",
            value=stats["oldest_queued_seconds"],
        )
        yield GaugeMetricFamily(
            "copilot_generation_workers", "Worker threads in this process", value=stats["workers"]
        )
        finished = CounterMetricFamily(
            "copilot_generation_jobs", "Jobs finished by this process", labels=["outcome"]
        )
        finished.add_metric(["done"], stats["done_here"])
        finished.add_metric(["failed"], stats["failed_here"])
        yield finished


def build_metrics(pool: WorkerPool) -> RequestMetrics:
    """A registry with the HTTP metrics and the queue collector."""
    registry = CollectorRegistry()
    registry.register(QueueCollector(pool))
    return RequestMetrics(registry)


def check_metrics_token(request: Request, presented: HTTPAuthorizationCredentials | None) -> None:
    """Refuse a scrape without the configured token (no token configured: the endpoint is open)."""
    expected = request.app.state.services.settings.metrics_token
    if expected is None:
        return
    given = presented.credentials.strip() if presented is not None else ""
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise AuthenticationError("metrics need 'Authorization: Bearer <COPILOT_METRICS_TOKEN>'")


# The token is optional (unset: the endpoint is open), which OpenAPI states as an empty alternative.
@router.get(
    "/metrics", response_class=Response, responses=error_responses(401), openapi_extra={"security": [{}]}
)
def metrics(
    request: Request, bearer: Annotated[HTTPAuthorizationCredentials | None, Security(METRICS_BEARER)]
) -> Response:
    """Prometheus text exposition; needs the bearer token when COPILOT_METRICS_TOKEN is set."""
    check_metrics_token(request, bearer)
    registry: CollectorRegistry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
