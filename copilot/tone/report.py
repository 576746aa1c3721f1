"""The tone flagger's structured output and its conversion to draft flags."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

InboundLabel = Literal["frustrated", "churn_risk", "urgent"]
OutboundLabel = Literal["pushy", "impolite", "robotic", "over_promising"]


class Span(BaseModel):
    """A piece of the input that triggered a label: text == input[start:end]."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    reason: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end must not precede start")
        return self


class ToneLabel(BaseModel):
    """One label with its confidence, the evidence behind it, and which mechanism raised it."""

    label: InboundLabel | OutboundLabel
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Span]
    source: Literal["classifier", "rules"]


class ToneReport(BaseModel):
    """Every tone label found in one text, strongest first."""

    direction: Literal["inbound", "outbound"]
    labels: list[ToneLabel]

    def label_names(self) -> set[str]:
        """The distinct labels raised, whatever their source."""
        return {item.label for item in self.labels}

    def as_flags(self) -> list[dict[str, object]]:
        """Draft flags, one per evidence span: {"type": "tone", "span": [start, end], "detail": ...}."""
        return [
            {
                "type": "tone",
                "span": [span.start, span.end],
                "detail": f"{item.label} ({item.score:.2f}): {span.reason or item.source}",
            }
            for item in self.labels
            for span in item.evidence
        ]
