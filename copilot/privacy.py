"""GDPR access and erasure for one account: export everything we hold about it, or remove it everywhere.

Erasure removes the SQL rows (the schema cascades from the account), the account's vector
collection, exported .eml files of its drafts, and source files inside the data dir that hold only
this account's records. Audit events stay (the trail must outlive the rows), detached and with free text
redacted.

A DELETE only marks rows dead, so erasure then rewrites what held them: SQLite is vacuumed, PostgreSQL
tables are rewritten with VACUUM FULL, embedded Chroma is compacted. What stays outside those files
(PostgreSQL's WAL and statistics, a Chroma server's own files, backups) is listed in docs/trust.md.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import Any

from pydantic import Field
from sqlalchemy import Connection, Engine, delete, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.container import Services
from copilot.db.models import (
    Account,
    AuditEvent,
    Base,
    Chunk,
    Contact,
    Decision,
    Delivery,
    Draft,
    GenerationJob,
    Interaction,
    Revision,
)
from copilot.db.types import utcnow
from copilot.drafts import draft_public
from copilot.records import account_public, contact_public
from copilot.records import get_account as _get_account
from copilot.shapes import Shape

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 30
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout
REDACTED_KEYS = ("purpose", "reason", "instructions", "error")


def _rows(session: Session, model: Any, *criteria: Any) -> list[Any]:
    return list(session.scalars(select(model).where(*criteria).order_by(model.id)))


def _plain(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    data = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


def export_account(session: Session, *, account_id: int) -> dict[str, Any]:
    """Every row we hold about one account, as JSON-ready data (GDPR access)."""
    account = _get_account(session=session, account_id=account_id)
    drafts = _rows(session, Draft, Draft.account_id == account_id)
    draft_ids = [d.id for d in drafts]
    return {
        "exported_at": utcnow().isoformat(),
        "account": {**account_public(account), "extra": account.extra},
        "contacts": [contact_public(c) for c in _rows(session, Contact, Contact.account_id == account_id)],
        "interactions": [
            _plain(i) for i in _rows(session, Interaction, Interaction.account_id == account_id)
        ],
        "drafts": [
            {
                **draft_public(d),
                "requested_by_id": d.requested_by_id,
                "approved_by_id": d.approved_by_id,
                "approved_version": d.approved_version,
                "delivery_ref": d.delivery_ref,
                "instructions": d.instructions,
            }
            for d in drafts
        ],
        "revisions": [_plain(r) for r in _rows(session, Revision, Revision.draft_id.in_(draft_ids))],
        "decisions": [_plain(r) for r in _rows(session, Decision, Decision.draft_id.in_(draft_ids))],
        "deliveries": [_plain(r) for r in _rows(session, Delivery, Delivery.draft_id.in_(draft_ids))],
        "audit_events": [_plain(e) for e in _rows(session, AuditEvent, AuditEvent.account_id == account_id)],
    }


def write_export(data: dict[str, Any], directory: Path) -> Path:
    """Write an export as one JSON file named by account and time."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"account-{data['account']['id']}-{stamp}.json"
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return target


class EraseReportPublic(Shape):
    """What an erasure removed, and the files it left; files are named, never given as server paths."""

    account_id: int
    rows: dict[str, int] = Field(description="rows deleted, by table")
    vectors_dropped: bool
    files_deleted: list[str]
    files_retained: list[str] = Field(description="shared with other accounts, or outside the data dir")
    rewritten: list[str] = Field(description="stores rewritten so deleted rows leave the files")


@dataclass
class EraseReport:
    """What an erasure removed, and the files it deliberately left (shared, or outside the data dir)."""

    account_id: int
    rows: dict[str, int] = field(default_factory=dict)
    vectors_dropped: bool = False
    files_deleted: list[str] = field(default_factory=list)
    files_retained: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)

    def public(self) -> EraseReportPublic:
        """The API shape: files are named, never given as paths on the server."""
        shape = asdict(self)
        for key in ("files_deleted", "files_retained"):
            shape[key] = [PurePath(path).name for path in shape[key]]
        shape["rewritten"] = [_named_store(entry) for entry in self.rewritten]
        return EraseReportPublic(**shape)

    def as_json(self) -> dict[str, Any]:
        """The JSON of `public()`."""
        return self.public().model_dump(mode="json")


def _named_store(entry: str) -> str:
    """ "sqlite:/srv/data/copilot.db" → "sqlite:copilot.db"; a database name stays as it is."""
    kind, _, where = entry.partition(":")
    return f"{kind}:{PurePath(where).name}" if where else entry


def _source_file(raw_ref: str) -> Path | None:
    # Connectors write "path", "path#n" or "path:line"; the file is the longest prefix that exists.
    for candidate in (raw_ref, raw_ref.split("#", 1)[0], raw_ref.rsplit(":", 1)[0]):
        path = Path(candidate)
        if candidate and path.is_file():
            return path.resolve()
    return None


def _count(session: Session, account_id: int) -> dict[str, int]:
    drafts = select(Draft.id).where(Draft.account_id == account_id).scalar_subquery()
    counted: dict[str, tuple[Any, Any]] = {
        "contacts": (Contact, Contact.account_id == account_id),
        "interactions": (Interaction, Interaction.account_id == account_id),
        "chunks": (Chunk, Chunk.account_id == account_id),
        "drafts": (Draft, Draft.account_id == account_id),
        "revisions": (Revision, Revision.draft_id.in_(drafts)),
        "decisions": (Decision, Decision.draft_id.in_(drafts)),
        "deliveries": (Delivery, Delivery.draft_id.in_(drafts)),
        "generation_jobs": (GenerationJob, GenerationJob.draft_id.in_(drafts)),
    }
    return {
        name: int(session.scalar(select(func.count(m.id)).where(c)) or 0) for name, (m, c) in counted.items()
    }


def _files(session: Session, account_id: int) -> tuple[set[Path], set[Path]]:
    sources = {
        _source_file(r)
        for r in session.scalars(select(Interaction.raw_ref).where(Interaction.account_id == account_id))
    }
    exports = session.scalars(
        select(Delivery.location)
        .join(Draft, Draft.id == Delivery.draft_id)
        .where(Draft.account_id == account_id, Delivery.channel == "eml")
    )
    return {p for p in sources if p is not None}, {Path(p) for p in exports if p}


def _shared(session: Session, account_id: int, path: Path) -> bool:
    query = select(func.count(Interaction.id)).where(
        Interaction.account_id != account_id, Interaction.raw_ref.startswith(str(path), autoescape=True)
    )
    return bool(session.scalar(query))


def _detach_audit(session: Session, account_id: int) -> None:
    # The events stay, but no longer point at the account id (SQLite may give that id to a new account)
    # and lose their free text; the draft ids they carry are never reused (see copilot.workflow).
    for event in session.scalars(select(AuditEvent).where(AuditEvent.account_id == account_id)):
        data = {k: ("[erased]" if k in REDACTED_KEYS else v) for k, v in event.data.items()}
        event.data, event.account_id = {**data, "erased_account_id": account_id}, None


def erase_account(services: Services, *, account_id: int, actor_id: int | None) -> EraseReport:
    """Remove one account's rows, vectors and files; audited. Raises NotFoundError for an unknown id."""
    report = EraseReport(account_id)
    data_dir = services.settings.data_dir.resolve()
    with services.sessions() as session, session.begin():
        _get_account(session=session, account_id=account_id)
        report.rows = _count(session, account_id)
        sources, exports = _files(session, account_id)
        doomed = {p for p in sources if p.is_relative_to(data_dir) and not _shared(session, account_id, p)}
        report.files_retained = sorted(str(p) for p in sources - doomed)
        _detach_audit(session, account_id)
        session.execute(delete(Account).where(Account.id == account_id))
        record_event(
            session, "account.erased", actor_id=actor_id, account_id=account_id, data={"rows": report.rows}
        )
    services.vector_index.drop_account(account_id)
    report.vectors_dropped = True
    for path in sorted(doomed | exports):
        if path.is_file():
            path.unlink()
            report.files_deleted.append(str(path))
    report.rewritten = _scrub_bytes(services)
    return report


def _scrub_bytes(services: Services) -> list[str]:
    """Rewrite the stores that held the account so its deleted rows leave no bytes; names them."""
    # Chroma loads only for erasure; an export reads SQL alone.
    from copilot.index.vector_store import compact_local_store, vacuum_sqlite_file

    url = services.engine.url
    rewritten = []
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        services.engine.dispose()
        vacuum_sqlite_file(Path(url.database))
        rewritten.append(f"sqlite:{url.database}")
    elif url.get_backend_name() == "postgresql":
        done = rewrite_postgres_tables(services.engine, tables_holding_account_rows())
        rewritten += [f"postgresql:{name}" for name in done]
    if not services.settings.uses_chroma_server:
        compact_local_store(services.settings.chroma_dir)
        rewritten.append(f"chroma:{services.settings.chroma_dir}")
    return rewritten


def tables_holding_account_rows() -> list[str]:
    """`accounts`, every table whose rows hang off it by foreign keys, and `audit_events` (rewritten rows)."""
    names = {Account.__table__.name}
    for table in Base.metadata.sorted_tables:  # parents come first, so one pass reaches every descendant
        if any(key.column.table.name in names for key in table.foreign_keys):
            names.add(table.name)
    return sorted(names | {AuditEvent.__table__.name})


def rewrite_postgres_tables(engine: Engine, tables: list[str]) -> list[str]:
    """VACUUM (FULL, ANALYZE) each table, then pg_statistic; returns the relations actually rewritten."""
    # VACUUM cannot run inside a transaction block, hence autocommit. FULL writes the live rows, indexes and
    # TOAST data to new files and deletes the old ones; it locks each table exclusively while it runs.
    # ANALYZE replaces statistics that sampled erased values (column histograms hold real values), which
    # leaves the old statistics as dead rows of pg_statistic, so that catalog is rewritten too.
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # A VACUUM FULL waiting for its lock queues every later query on the table behind it; give up on a
        # table after a while rather than stall the API (the report then leaves that table out).
        connection.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
        try:
            done = [t for t in tables if _vacuum_full(connection, quote(t), "(FULL, ANALYZE)")]
            if _vacuum_full(connection, "pg_catalog.pg_statistic", "FULL"):
                done.append("pg_statistic")
        finally:
            # The setting outlives this block on the pooled connection; later requests must wait as usual.
            connection.exec_driver_sql("RESET lock_timeout")
    return done


def _vacuum_full(connection: Connection, relation: str, options: str) -> bool:
    # PostgreSQL skips a relation the user may not vacuum (a catalog needs a superuser or the database's
    # owner) with a warning, not an error, so a new file node is the proof the rewrite happened.
    node = text("SELECT pg_relation_filenode(CAST(:relation AS regclass))")
    before = connection.execute(node, {"relation": relation}).scalar()
    try:
        connection.exec_driver_sql(f"VACUUM {options} {relation}")
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        log.warning("erasure: %s was busy for %ss; not rewritten", relation, LOCK_TIMEOUT_SECONDS)
        return False
    if connection.execute(node, {"relation": relation}).scalar() != before:
        return True
    log.warning("erasure: %s was not rewritten (not allowed?); see docs/trust.md section 3", relation)
    return False
