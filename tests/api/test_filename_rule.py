"""Upload file names: schema and server share one rule, so a schema-valid name always names a file."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from copilot.errors import InvalidInputError
from copilot.ingest.filenames import FILENAME_RULE, safe_name
from tests.support.api import EML, auth
from tests.support.worlds import World

STORED_NAME = re.compile(r"[\w-][\w.-]{0,119}")


@given(st.from_regex(FILENAME_RULE).filter(lambda name: len(name) <= 255))
def test_every_name_the_schema_admits_names_a_file(filename: str) -> None:
    assert STORED_NAME.fullmatch(safe_name(filename)), filename


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("inbox.mbox", "inbox.mbox"),
        ("calls/2026-03-02.vtt", "2026-03-02.vtt"),
        ("notes/q1.eml/..", "q1.eml"),  # a trailing ".." is no name; the part before it is
        ("...hidden.ics", "hidden.ics"),
        ("a" + "." * 200, "a" + "." * 119),  # a tail of only dots keeps the start
        ("C:\\mail\\q1.eml", "C_mail_q1.eml"),
    ],
)
def test_the_stored_name_is_the_last_part_that_names_something(filename: str, stored: str) -> None:
    assert safe_name(filename) == stored


@pytest.mark.parametrize("filename", ["/", "..", "./..", "/./"])
def test_a_name_of_only_dots_and_slashes_is_refused_naming_the_field(filename: str) -> None:
    assert re.search(FILENAME_RULE, filename) is None
    with pytest.raises(InvalidInputError, match="filename"):
        safe_name(filename)


def test_the_api_refuses_such_a_name_by_the_schema_rule(client: TestClient, world: World) -> None:
    parameters = client.get("/openapi.json").json()["paths"]["/v1/ingest/{kind}"]["post"]["parameters"]
    assert [p["schema"]["pattern"] for p in parameters if p["name"] == "filename"] == [FILENAME_RULE]
    east = world.accounts["east"]
    refused = client.post(
        f"/v1/ingest/email?filename=%2F&account_id={east}", content=EML, headers=auth(world, "rep_east")
    )
    assert refused.status_code == 422 and "filename" in refused.json()["error"]["message"]
    stored = client.post(
        f"/v1/ingest/email?filename=q1.eml%2F..&account_id={east}",
        content=EML,
        headers=auth(world, "rep_east"),
    )
    assert stored.status_code == 200, stored.text
