"""/v1/tone: label the tone of a text (stateless; nothing is stored)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from copilot.api.deps import CurrentUser, ServicesDep
from copilot.api.schemas import AUTHENTICATED, ToneRequest, error_responses
from copilot.tone.model import ToneClassifier, default_classifier
from copilot.tools.flag_tone import flag_tone

router = APIRouter(prefix="/v1/tone", tags=["tone"], responses=error_responses(*AUTHENTICATED, 413))


def get_tone_classifier() -> ToneClassifier:
    """The committed tone model, loaded once per process (tests override this dependency)."""
    return default_classifier()


@router.post("")
def tone(
    body: ToneRequest,
    _user: CurrentUser,
    services: ServicesDep,
    classifier: Annotated[ToneClassifier, Depends(get_tone_classifier)],
) -> dict[str, Any]:
    """Tone labels with scores and evidence spans."""
    return flag_tone(body.text, body.direction, services.sentence_model, classifier=classifier).model_dump()
