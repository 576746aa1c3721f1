"""Contract with the sample generator: its files parse cleanly and keep every planted fact."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from connectors.base import AccountRecord, ContactRecord, IngestFailure, InteractionRecord
from connectors.registry import get_connector

LAYOUT = [
    ("csv", "crm/companies.csv"),
    ("csv", "crm/contacts.csv"),
    ("csv", "crm/activities.csv"),
    ("email", "mail"),
    ("transcript", "calls"),
    ("ics", "meetings"),
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generate = pytest.importorskip("copilot.sample.generate", reason="sample generator not available")
    target = tmp_path_factory.mktemp("sample")
    generate.generate_sample(target, seed=7)
    return target


@pytest.fixture(scope="module")
def parsed(sample: Path) -> dict[str, list[object]]:
    return {rel: list(get_connector(kind).read(sample / rel)) for kind, rel in LAYOUT}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_sample_file_parses_without_failures(parsed: dict[str, list[object]]) -> None:
    assert {rel: [i for i in items if isinstance(i, IngestFailure)] for rel, items in parsed.items()} == {
        rel: [] for _, rel in LAYOUT
    }
    assert all(isinstance(i, AccountRecord) for i in parsed["crm/companies.csv"])
    assert all(isinstance(i, ContactRecord) for i in parsed["crm/contacts.csv"])


def test_every_planted_fact_survives_quote_and_signature_removal(
    sample: Path, parsed: dict[str, list[object]]
) -> None:
    key = json.loads((sample / "answer_key.json").read_text(encoding="utf-8"))
    texts = [
        _squash(" ".join([r.subject or "", r.text, *(a.text or "" for a in r.attachments)]))
        for items in parsed.values()
        for r in items
        if isinstance(r, InteractionRecord)
    ]
    lost = [f["id"] for f in key["facts"] if not any(_squash(f["text"]) in t for t in texts)]
    assert lost == []


def test_email_facts_are_found_by_message_id(sample: Path, parsed: dict[str, list[object]]) -> None:
    key = json.loads((sample / "answer_key.json").read_text(encoding="utf-8"))
    by_id = {r.source_id: r for r in parsed["mail"] if isinstance(r, InteractionRecord)}
    for fact in (f for f in key["facts"] if f["source"] == "email" and "#<" in f["source_ref"]):
        message_id = fact["source_ref"].split("#", 1)[1]
        assert _squash(fact["text"]) in _squash(by_id[message_id].text), fact["id"]
