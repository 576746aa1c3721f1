"""Building blocks of the response models that sit beside the queries filling them.

Two kinds of shape: a `Shape` our code fills field by field (every field always present, in the
order the JSON has always had), and a `StoredShape` for JSON kept on a row as its writer made it
(flags, citations, timings, a call summary's content). A stored shape declares the fields readers
may rely on and keeps any key a writer added; it gives back exactly the keys stored, in their stored
order, so a response never gains an invented null nor reorders what was written.
"""

from __future__ import annotations

from typing import Any, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class Shape(BaseModel):
    """A response shape filled by our code: every field declared, nothing else accepted."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class StoredShape(BaseModel):
    """JSON stored as its writer made it: declared fields documented, other keys kept, absent keys absent."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    _written: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_keys(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        shape = handler(data)
        if isinstance(data, dict) and isinstance(shape, StoredShape):
            shape._written = tuple(data)
        return shape

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if not isinstance(data, dict):
            return data
        if self._written:
            return {key: data[key] for key in self._written if key in data}
        absent = type(self).model_fields.keys() - self.model_fields_set
        return {key: value for key, value in data.items() if key not in absent}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The serializer above gives back the fields as stored, so the answer's schema is the fields'
        # (without this, a wrap serializer's schema is its return type: anything).
        return handler(_without_own_serializer(schema))


def _without_own_serializer(schema: CoreSchema) -> CoreSchema:
    # Down the validator wrappers to the model itself; its fields keep theirs.
    plain: dict[str, Any] = {key: value for key, value in schema.items() if key != "serialization"}
    if plain["type"] != "model" and isinstance(plain.get("schema"), dict):
        plain["schema"] = _without_own_serializer(plain["schema"])
    return cast(CoreSchema, plain)
