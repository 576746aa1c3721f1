"""The one channel list: what delivery accepts, what the schema admits and what the page offers agree."""

from __future__ import annotations

from typing import get_args

import pytest

from copilot.api.schemas import DraftDeliver
from copilot.channels import CHANNELS, LABELS, Channel, offered
from copilot.db.models import DraftKind


def test_the_type_the_delivery_map_and_the_labels_name_the_same_channels() -> None:
    assert set(get_args(Channel)) == set(CHANNELS) == set(LABELS)


def test_the_api_schema_admits_exactly_the_channels() -> None:
    schema = DraftDeliver.model_json_schema()["properties"]["channel"]
    assert schema["enum"] == list(get_args(Channel))


@pytest.mark.parametrize(
    ("kind", "smtp_enabled", "expected"),
    [
        (DraftKind.EMAIL, True, ["eml", "smtp"]),
        (DraftKind.EMAIL, False, ["eml"]),
        (DraftKind.CALL_SUMMARY, True, ["record"]),
    ],
)
def test_a_draft_is_offered_the_channels_of_its_kind_export_first(
    kind: DraftKind, smtp_enabled: bool, expected: list[str]
) -> None:
    assert offered(kind, smtp_enabled=smtp_enabled) == expected
