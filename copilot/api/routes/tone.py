"""/v1/tone: label the tone of a text, or of a batch of texts (stateless; nothing is stored)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
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


def get_frustration_model(services: ServicesDep) -> FrustrationModel:
    """The inbound frustration model, built once per process (tests override this dependency)."""
    return services.frustration_model


def get_politeness_model() -> PolitenessModel:
    """The committed outbound politeness model, loaded once per process."""
    return default_politeness_model()


Frustration = Annotated[FrustrationModel, Depends(get_frustration_model)]
Politeness = Annotated[PolitenessModel, Depends(get_politeness_model)]


@router.post("", response_model=ToneReport)
def tone(
    body: ToneRequest,
    _user: CurrentUser,
    services: ServicesDep,
    frustration: Frustration,
    politeness: Politeness,
) -> ToneReport:
    """Tone labels with scores and evidence spans."""
    return flag_tone(
        body.text, body.direction, services.sentence_model, frustration=frustration, politeness=politeness
    )


@router.post("/batch", response_model=ToneBatchReport)
def tone_batch(
    body: ToneBatchRequest,
    _user: CurrentUser,
    services: ServicesDep,
    frustration: Frustration,
    politeness: Politeness,
) -> ToneBatchReport:
    """Tone reports for up to 64 texts of one direction, embedded together (far cheaper per text)."""
    reports = flag_tone_many(
        body.texts, body.direction, services.sentence_model, frustration=frustration, politeness=politeness
    )
    return ToneBatchReport(reports=reports)
