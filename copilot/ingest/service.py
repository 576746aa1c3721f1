"""Ingest one location with a named connector: the single entry point for CLI, API and sample load."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from connectors.registry import get_connector
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.errors import ConflictError, InvalidInputError
from copilot.ingest.filenames import safe_name
from copilot.ingest.grant import IngestGrant
from copilot.ingest.imap_sync import ingest_imap
from copilot.ingest.pipeline import IngestPipeline, IngestReport, VectorBacklog

UPLOAD_KINDS = frozenset({"email", "transcript", "ics", "csv"})


class UploadTooLargeError(InvalidInputError):
    """An upload is over `max_upload_bytes`."""

    http_status = 413


def ingest_location(
    services: Services,
    kind: str,
    location: str | Path,
    *,
    account_id: int | None = None,
    sync: bool = False,
    progress: Callable[[int], None] | None = None,
    origin: str | None = None,
    backlog: VectorBacklog | None = None,
    grant: IngestGrant | None = None,
) -> IngestReport:
    """Read `location` with the `kind` connector and store what it yields that `grant` allows.

    With a `backlog` shared by several calls, the caller writes the vectors left in it at the end.
    """
    if kind == "imap":
        # IMAP always mirrors expunges: the mailbox is the source of truth and the sync is stateful.
        return ingest_imap(services, str(location), account_id=account_id, progress=progress)
    connector = get_connector(kind, max_bytes=services.settings.max_upload_bytes)
    origin = origin or f"{kind}:{Path(location).resolve()}"
    pipeline = IngestPipeline(
        services,
        forced_account_id=account_id,
        origin=origin,
        progress=progress,
        backlog=backlog,
        grant=grant or IngestGrant(),
    )
    return pipeline.run(connector.read(location), sync=sync)


def upload_scope(account_id: int | None, uploader_id: int | None = None) -> str:
    """The staging folder of an upload: its account's, else its uploader's (never shared between them)."""
    if account_id is not None:
        return f"account-{account_id}"
    return f"user-{uploader_id}" if uploader_id is not None else "operator"


def _staging_path(services: Services, kind: str, scope: str, name: str) -> Path:
    # A stable path per (kind, scope, name): file-based source ids hash the path, so a re-upload of
    # the same file must land at the same place to be recognised as the same item, and another
    # account's upload of the same name must land elsewhere so it can never be taken for it.
    folder = services.settings.data_dir / "uploads" / kind / scope
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _stage(path: Path, data: bytes, keep: bool) -> None:
    if keep:
        # Kept files are replaced atomically, so a citation never points at half a file.
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
        partial.write_bytes(data)
        partial.replace(path)
        return
    try:
        with path.open("xb") as handle:  # exclusive: a concurrent upload of the same name must not mix in
            handle.write(data)
    except FileExistsError as exc:
        raise ConflictError(f"upload {path.name!r}: an upload of this name is being ingested") from exc


def stage_upload(services: Services, kind: str, filename: str, data: bytes, *, account_id: int) -> Path:
    """Keep an uploaded file under the data dir (at its account's stable path) and return where it is."""
    limit = services.settings.max_upload_bytes
    if len(data) > limit:
        raise UploadTooLargeError(f"upload {filename!r}: {len(data)} bytes is over the {limit}-byte limit")
    path = _staging_path(
        services, kind, upload_scope(account_id), safe_name(filename, field="upload file name")
    )
    _stage(path, data, keep=True)
    return path


def ingest_upload(
    services: Services,
    kind: str,
    filename: str,
    data: bytes,
    account_id: int | None = None,
    sync: bool = False,
    *,
    keep: bool = False,
    uploader_id: int | None = None,
    grant: IngestGrant | None = None,
) -> IngestReport:
    """Ingest an uploaded file as if from disk; `sync` replaces what an earlier upload of that name
    into the same account (or, without one, by the same uploader) held.

    The file is staged at a stable path per (kind, account or uploader, name) so a re-upload is
    recognised as the same items; with `keep` it stays there (raw references stay valid), otherwise
    it is removed.
    """
    if kind not in UPLOAD_KINDS:
        raise InvalidInputError(
            f"upload: kind {kind!r} cannot be uploaded; use one of {sorted(UPLOAD_KINDS)}"
        )
    limit = services.settings.max_upload_bytes
    if len(data) > limit:
        raise UploadTooLargeError(f"upload {filename!r}: {len(data)} bytes is over the {limit}-byte limit")
    scope = upload_scope(account_id, uploader_id)
    path = _staging_path(services, kind, scope, safe_name(filename, field="upload file name"))
    _stage(path, data, keep)
    try:
        report = ingest_location(
            services,
            kind,
            path,
            account_id=account_id,
            sync=sync,
            origin=f"upload:{kind}:{scope}:{path.name}",
            grant=grant,
        )
    finally:
        if not keep:
            path.unlink(missing_ok=True)
    _retire_unshared_layout_file(services, kind, path.name)
    return report


def _retire_unshared_layout_file(services: Services, kind: str, name: str) -> None:
    """Delete a file staged before per-account folders (`uploads/<kind>/<name>`) once no row cites it.

    A re-upload re-points its account's rows at the new path, and erasure finds files through the
    rows that cite them: an uncited old file would outlive the erasure of the account it holds.
    """
    old = services.settings.data_dir / "uploads" / kind / name
    if not old.is_file():
        return
    with services.sessions() as session:
        cited = session.scalar(
            select(Interaction.id).where(Interaction.raw_ref.startswith(str(old), autoescape=True)).limit(1)
        )
    if cited is None:
        old.unlink(missing_ok=True)
