"""/v1/ingest: upload a source file (raw body) and ingest it with a named connector."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam

from copilot.api.deps import CurrentUser, ServicesDep, SessionDep
from copilot.api.schemas import AUTHENTICATED, RAW_BODY, IdQuery, error_responses
from copilot.auth.policy import Action, allowed, ensure_allowed, ensure_visible_account
from copilot.errors import InvalidInputError
from copilot.ingest.filenames import FILENAME_RULE, safe_name
from copilot.ingest.grant import IngestGrant
from copilot.ingest.pipeline import IngestReportPublic
from copilot.ingest.service import UPLOAD_KINDS, ingest_upload

router = APIRouter(
    prefix="/v1/ingest", tags=["ingest"], responses=error_responses(*AUTHENTICATED, 403, 404, 409, 413)
)
UPLOADABLE = f"^({'|'.join(sorted(UPLOAD_KINDS))})$"  # in the schema, so clients see the kinds
Filename = Annotated[
    str,
    Query(
        min_length=1,
        max_length=255,
        pattern=FILENAME_RULE,
        description="the file's name, e.g. call.vtt or inbox.mbox; folders are dropped",
    ),
]


@dataclass(frozen=True)
class UploadTarget:
    """Where an upload goes and what it may change there."""

    account_id: int | None
    uploader_id: int
    grant: IngestGrant


def upload_target(user: CurrentUser, session: SessionDep, account_id: IdQuery = None) -> UploadTarget:
    """The upload's account and grant: an admin's CRM import may write anything (and may leave the
    account to the resolver); anyone else writes interactions of one account they may draft for."""
    if account_id is not None:
        ensure_visible_account(session, user=user, account_id=account_id)
    ensure_allowed(user, Action.INGEST)
    grant = IngestGrant()
    if not allowed(user, Action.IMPORT_CRM):
        if account_id is None:
            raise InvalidInputError(
                "account_id: required (your uploads are attached to one of your accounts)"
            )
        ensure_allowed(user, Action.REQUEST_DRAFT)
        grant = IngestGrant.interactions_of([account_id])
    session.close()  # the upload and the ingest that follows may take long; release the connection
    return UploadTarget(account_id, user.id, grant)


@router.post("/{kind}", openapi_extra=RAW_BODY)
async def upload(
    kind: Annotated[str, PathParam(pattern=UPLOADABLE, description="e.g. transcript, email, ics, csv")],
    request: Request,
    services: ServicesDep,
    target: Annotated[UploadTarget, Depends(upload_target)],
    filename: Filename,
    sync: bool = False,
) -> IngestReportPublic:
    """Ingest the body as a file of that name; re-uploading a name into the same account updates it
    (with `sync`, replaces it). Rows the caller may not change are listed in `failed`."""
    data = await request.body()  # the size limit is enforced by the body-limit middleware (413)
    name = safe_name(filename)
    report = await anyio.to_thread.run_sync(
        lambda: ingest_upload(
            services,
            kind,
            name,
            data,
            target.account_id,
            sync,
            keep=True,
            uploader_id=target.uploader_id,
            grant=target.grant,
        )
    )
    return named_files(report.public())


def named_files(report: IngestReportPublic) -> IngestReportPublic:
    """The report with each failure naming the uploaded file (and item), never the staging path."""
    failed = [item.model_copy(update={"path": PurePath(item.path).name}) for item in report.failed]
    return report.model_copy(update={"failed": failed})
