"""Erasure leaves no bytes behind: a canary and its vectors are gone from every file in the data dir."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from copilot.cli.app import app
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Chunk
from copilot.index.fakes import HashingEmbeddings
from copilot.index.units import chunk_sentences
from copilot.privacy import erase_account
from tests.support.records import Note, seed_account

CANARY = "CANARY-7f3a9c"
CANARY_TEXT = f"Our internal project code is {CANARY}; keep it between us until launch day."


def _services(data_dir: Path) -> Services:
    # Real embedded Chroma (PersistentClient in the data dir); only the embedder is a fake.
    services = Services(load_settings(data_dir=data_dir), embeddings=HashingEmbeddings())
    services.migrate()
    return services


def vector_signatures(services: Services, account_id: int) -> list[bytes]:
    """The account's chunk and sentence vectors as float32 bytes, from the first non-zero component on
    (64 floats)."""
    with services.sessions() as session:
        chunks = session.execute(select(Chunk.id, Chunk.text).where(Chunk.account_id == account_id)).all()
    texts = [text for _, text in chunks]
    # Sentence vectors sit beside each chunk's own (copilot.index.units): erasure must remove them too.
    texts += [s.text for chunk_id, text in chunks for s in chunk_sentences(chunk_id, text)]
    signatures = []
    for vector in services.embeddings.embed_documents(texts):
        start = next(i for i, v in enumerate(vector) if v)
        body = vector[start : start + 64]
        signatures.append(struct.pack(f"<{len(body)}f", *body))
    return signatures


def scan_files(paths: Iterable[Path], needles: list[bytes], root: Path) -> list[str]:
    """Each of the files that holds any of the needles, named relative to root, with which needle."""
    hits = []
    for path in paths:
        content = path.read_bytes()
        hits += [
            f"{path.relative_to(root)}: needle {n}" for n, needle in enumerate(needles) if needle in content
        ]
    return hits


def scan_dir(data_dir: Path, needles: list[bytes]) -> list[str]:
    """Every file under the data dir that holds any of the needles, with which one."""
    return scan_files(sorted(p for p in data_dir.rglob("*") if p.is_file()), needles, data_dir)


def seed_world(services: Services) -> int:
    """Three accounts with similar records; only Acme's email carries the canary."""
    target, _, _ = seed_account(
        services,
        "C-ACME",
        "Acme Logistics",
        [
            Note(CANARY_TEXT, subject="Launch"),
            Note("The renewal is due in March. Pricing stays at EUR 48,000 for the year."),
        ],
        contact=("Greta Brandt", "greta@acme.example"),
    )
    for crm_id, name in (("C-ACMF", "Acme Freight"), ("C-GLOBEX", "Globex")):
        seed_account(
            services,
            crm_id,
            name,
            [Note("Our internal project code stays secret until launch day."), Note("Renewal due in May.")],
            contact=("Greta Braun", f"greta@{crm_id.lower()}.example"),
        )
    return target


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI reads its data dir from the environment, as a user's would."""
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_cli_erase_leaves_no_canary_or_vector_bytes(data_dir: Path) -> None:
    services = _services(data_dir)
    target = seed_world(services)
    needles = [CANARY.encode(), *vector_signatures(services, target)]
    before = scan_dir(data_dir, needles)
    # The scanner must see the canary in SQL and the vector in Chroma before erasure, or it proves nothing.
    assert any("copilot.db" in hit and "needle 0" in hit for hit in before), before
    assert any(hit.startswith("chroma") and "needle 0" not in hit for hit in before), before
    services.engine.dispose()

    result = CliRunner().invoke(app, ["erase", "--account", str(target), "--yes", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["vectors_dropped"] is True

    assert scan_dir(data_dir, needles) == []
    # The other accounts are intact and still retrievable.
    survivor = _services(data_dir)
    with survivor.sessions() as session:
        assert sorted(a.name for a in session.query(Account)) == ["Acme Freight", "Globex"]
        other = session.query(Account).filter_by(name="Globex").one().id
    assert survivor.vector_index.ids(other)


def test_api_path_erasure_function_also_scrubs_bytes(data_dir: Path) -> None:
    services = _services(data_dir)
    target = seed_world(services)
    needles = [CANARY.encode(), *vector_signatures(services, target)]
    assert scan_dir(data_dir, needles)
    report = erase_account(services, account_id=target, actor_id=None)
    assert sorted(store.split(":")[0] for store in report.rewritten) == ["chroma", "sqlite"]
    assert scan_dir(data_dir, needles) == []
