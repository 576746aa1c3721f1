"""/v1/tone: label the tone of a text, or of a batch of texts (stateless; nothing is stored)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from copilot.api.deps import CurrentUser, ServicesDep
from copilot.api.schemas import AUTHENTICATED, ToneBatchRequest, ToneRequest, error_responses
from copilot.tone.frustration import FrustrationModel
from copilot.tone.politeness_model import PolitenessModel, default_politeness_model
from copilot.tone.report import ToneReport
from copilot.tools.flag_tone import flag_tone, flag_tone_many

router = APIRouter(prefix="/v1/tone", tags=["tone"], responses=error_responses(*AUTHENTICATED, 413))


class ToneBatchReport(BaseModel):
    """One report per text, in the order the texts were sent."""

    reports: list[ToneReport]


# Both models are read on the event loop once built: a sync dependency costs each request a hop to a
# worker thread and back (the two took 0.13 ms of a request's 1.47 ms outside flag_tone on the 2-core
# machine, 2026-12-05). Only the first use, which builds the model (reads files, maybe exports a
# graph), runs in a worker thread.
async def get_frustration_model(services: ServicesDep) -> FrustrationModel:
    """The inbound frustration model, built once per process (tests override this dependency)."""
    if services.built("frustration_model"):
        return services.frustration_model
    return await run_in_threadpool(lambda: services.frustration_model)


async def get_politeness_model() -> PolitenessModel:
    """The committed outbound politeness model, loaded once per process."""
    if default_politeness_model.cache_info().currsize:
        return default_politeness_model()
    return await run_in_threadpool(default_politeness_model)


Frustration = Annotated[FrustrationModel, Depends(get_frustration_model)]
Politeness = Annotated[PolitenessModel, Depends(get_politeness_model)]


# The handlers are async and send only the scoring to a worker thread: a sync handler's return value
# is validated against its response model in a second worker-thread hop (FastAPI), here it is checked
# on the event loop. `services.sentence_model` is read in the thread: its first use loads the model.
@router.post("", response_model=ToneReport)
async def tone(
    body: ToneRequest,
    _user: CurrentUser,
    services: ServicesDep,
    frustration: Frustration,
    politeness: Politeness,
) -> ToneReport:
    """Tone labels with scores and evidence spans."""
    return await run_in_threadpool(
        lambda: flag_tone(
            body.text, body.direction, services.sentence_model, frustration=frustration, politeness=politeness
        )
    )


@router.post("/batch", response_model=ToneBatchReport)
async def tone_batch(
    body: ToneBatchRequest,
    _user: CurrentUser,
    services: ServicesDep,
    frustration: Frustration,
    politeness: Politeness,
) -> ToneBatchReport:
    """Tone reports for up to 64 texts of one direction, embedded together (far cheaper per text)."""
    reports = await run_in_threadpool(
        lambda: flag_tone_many(
            body.texts,
            body.direction,
            services.sentence_model,
            frustration=frustration,
            politeness=politeness,
        )
    )
    return ToneBatchReport(reports=reports)
