"""The ORM classes map onto the Core tables (copilot/db/tables.py) and only annotate their columns for
typing: an annotation that names no column, a column left unannotated, or a nullable column typed as
never None would let the two drift apart unseen."""

from __future__ import annotations

import pytest

from copilot.db import models

MAPPED = sorted(models.Base.__subclasses__(), key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", MAPPED, ids=lambda cls: cls.__name__)
def test_every_column_is_annotated_and_every_annotation_is_a_column(cls: type[models.Base]) -> None:
    columns = {column.key for column in cls.__table__.columns}
    relationships = {rel.key for rel in cls.__mapper__.relationships}
    annotated = set(cls.__annotations__)
    assert annotated - relationships == columns


@pytest.mark.parametrize("cls", MAPPED, ids=lambda cls: cls.__name__)
def test_a_nullable_column_is_typed_as_optional(cls: type[models.Base]) -> None:
    for column in cls.__table__.columns:
        if column.primary_key:
            continue
        optional = "None" in str(cls.__annotations__[column.key])
        assert optional == column.nullable, f"{cls.__name__}.{column.key}"
