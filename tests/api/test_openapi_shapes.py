"""Every 2xx answer of the API is documented field by field: no untyped object anywhere in its schema.

An untyped object is an object schema without `properties` whose other keys may be anything (no
`additionalProperties`, `true`, or `{}`): what `dict[str, Any]` produces. A map with typed values
(`dict[str, int]`) is typed. Event streams and the Prometheus text of /metrics are not JSON and stay out.
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


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return dict(node)


def _is_untyped_object(schema: dict[str, Any]) -> bool:
    is_object = schema.get("type") == "object" or "additionalProperties" in schema
    values = schema.get("additionalProperties", True)
    return is_object and not schema.get("properties") and values in (True, {})


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
    found = [where] if _is_untyped_object(resolved) else []
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
                    schema = content.get("schema") or {}
                    if not schema:
                        found.append(f"{where}: no schema")
                        continue
                    found += untyped_parts(schema, spec, where, set())
    return found


def test_every_2xx_answer_of_the_api_is_typed(settings: Settings) -> None:
    spec = create_app(settings).openapi()
    assert untyped_answers(spec) == []
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

    assert untyped_answers(app.openapi()) == ["GET /loose 200 application/json"]
    spec = app.openapi()
    spec["components"]["schemas"]["Flag"]["properties"]["detail"] = {"type": "object"}
    assert untyped_answers(spec) == ["GET /nested 200 application/json.items.flags.items.detail"]
