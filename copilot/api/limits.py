"""Request limits: body size (413) and a per-key token bucket (429 with Retry-After)."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException

from copilot.errors import CopilotError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RateLimitedError(CopilotError):
    """Too many requests with one key; the client should wait `retry_after` seconds."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limit exceeded; retry after {retry_after} s")
        self.headers = {"Retry-After": str(retry_after)}


class RateLimiter:
    """A token bucket per key: a burst of `per_minute`, refilled evenly over a minute; 0 disables it."""

    MAX_KEYS = 10_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.refill_per_second = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Take one token for `key` or raise RateLimitedError with the wait until the next one."""
        if self.capacity <= 0:
            return
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.refill_per_second)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimitedError(max(1, math.ceil((1.0 - tokens) / self.refill_per_second)))
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_KEYS:
                self._forget_full(now)

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely carries no information; dropping it bounds memory.
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.refill_per_second >= self.capacity:
                del self._buckets[key]


def too_large(limit: int) -> HTTPException:
    """The 413 raised when a body passes its limit."""
    return HTTPException(status_code=413, detail=f"request body exceeds the limit of {limit} bytes")


class BodyLimitMiddleware:
    """Refuse bodies over the limit: by Content-Length up front, or while a streamed body is read."""

    def __init__(self, app: ASGIApp, *, default_limit: int, upload_limit: int, upload_prefix: str) -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].startswith(self.upload_prefix) else self.default_limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            status = 413 if declared.isdigit() else 400
            detail = too_large(limit).detail if status == 413 else "Content-Length is not a number"
            await _reply(send, status, "payload_too_large" if status == 413 else "bad_request", str(detail))
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(limit)  # FastAPI re-raises HTTPException from body reading
            return message

        await self.app(scope, limited, send)


class SingleQueryValueMiddleware:
    """Refuse a query parameter given more than once (422 naming it).

    Every query parameter of the API takes one value, as the OpenAPI schema says; FastAPI would
    otherwise keep the last of `?owner=a&owner=b` and answer as if the request were valid.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] == "http" and scope.get("query_string"):
            names = [name for name, _ in parse_qsl(scope["query_string"].decode("latin-1"), True)]
            repeated = next((name for name, count in Counter(names).items() if count > 1), None)
            if repeated is not None:
                message = f"query parameter {repeated[:100]!r} is given more than once; it takes one value"
                await _reply(send, 422, "invalid_input", message)
                return
        await self.app(scope, receive, send)


async def _reply(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
