"""Every 2xx answer of the API is documented field by field: no untyped object anywhere in its schema.

An untyped object is an object schema without `properties` whose other keys may be anything (no
`additionalProperties`, `true`, or a schema allowing anything): what `dict[str, Any]` produces. A map
with typed values (`dict[str, int]`) is typed. A value that may be any JSON at all is reported too, so a
model that renders as "anything" cannot hide; only the connector metadata the GDPR export hands back as
the source gave it is free by design. Event streams and the Prometheus text of /metrics are not JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI

from copilot.api.app import create_app
from copilot.config import Settings
from copilot.drafts import DraftOut

NOT_JSON_PATHS = {"/metrics"}
STREAM_TYPES = {"text/event-stream"}
EXPORT = "GET /v1/accounts/{account_id}/export 200 application/json"
FREE_JSON = {f"{EXPORT}.account.extra: any JSON", f"{EXPORT}.interactions.items.extra: any JSON"}
# Keys that constrain what a schema admits; a schema with none of them admits anything.
CONSTRAINING = {"type", "$ref", "anyOf", "oneOf", "allOf", "properties", "items", "enum", "const", "not"}


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


def _admits_anything(schema: Any, spec: dict[str, Any]) -> bool:
    if schema is True:
        return True
    resolved = _resolve(schema, spec)
    return not CONSTRAINING & resolved.keys() and "additionalProperties" not in resolved


def _is_untyped_object(schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    is_object = schema.get("type") == "object" or "additionalProperties" in schema
    values = schema.get("additionalProperties", True)
    return is_object and not schema.get("properties") and _admits_anything(values, spec)


def _children(schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            yield f".{key}", schema[key]
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for i, option in enumerate(schema.get(key, [])):
            yield f".{key}[{i}]", option
    for name, option in schema.get("properties", {}).items():
        yield f".{name}", option


def untyped_parts(schema: dict[str, Any], spec: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    """Where in `schema` an untyped object (or, at the top, no schema at all) is."""
    ref = schema.get("$ref")
    if ref in seen:
        return []
    resolved = _resolve(schema, spec)
    found = [f"{where}: untyped object"] if _is_untyped_object(resolved, spec) else []
    if _admits_anything(resolved, spec):
        found.append(f"{where}: any JSON")
    for step, child in _children(resolved):
        found += untyped_parts(child, spec, where + step, seen | ({ref} if ref else set()))
    return found


def untyped_answers(spec: dict[str, Any]) -> list[str]:
    """Every 2xx JSON answer of the spec whose schema is missing, empty or holds an untyped object."""
    found: list[str] = []
    for path, operations in spec["paths"].items():
        if path in NOT_JSON_PATHS:
            continue
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                for media, content in answer.get("content", {}).items():
                    if media in STREAM_TYPES:
                        continue
                    where = f"{method.upper()} {path} {status} {media}"
                    found += untyped_parts(content.get("schema") or {}, spec, where, set())
    return found


def test_every_2xx_answer_of_the_api_is_typed(settings: Settings) -> None:
    spec = create_app(settings).openapi()
    assert set(untyped_answers(spec)) == FREE_JSON
    # The walk does reach the models: a draft's citations and flags are documented field by field.
    draft = spec["components"]["schemas"]["DraftOut"]["properties"]
    assert draft["flags"]["items"] == {"$ref": "#/components/schemas/Flag"}
    flag = spec["components"]["schemas"]["Flag"]["properties"]
    assert {"type", "span", "detail"} <= flag.keys()


def test_the_walk_finds_untyped_answers() -> None:
    app = FastAPI()

    @app.get("/loose")
    def loose() -> dict[str, Any]:
        return {}

    @app.get("/nested")
    def nested() -> list[DraftOut]:
        return []

    @app.get("/counts")
    def counts() -> dict[str, int]:
        return {}

    @app.get("/free")
    def free() -> list[Any]:
        return []

    spec = app.openapi()
    untyped, free_items = "GET /loose 200 application/json", "GET /free 200 application/json.items"
    assert untyped_answers(spec) == [f"{untyped}: untyped object", f"{free_items}: any JSON"]
    spec["components"]["schemas"]["Flag"]["properties"]["detail"] = {"type": "object"}
    spec["components"]["schemas"]["Citation"] = {"title": "Citation"}  # a model rendered as anything
    assert set(untyped_answers(spec)) == {
        f"{untyped}: untyped object",
        f"{free_items}: any JSON",
        "GET /nested 200 application/json.items.citations.items: any JSON",
        "GET /nested 200 application/json.items.flags.items.detail: untyped object",
    }
