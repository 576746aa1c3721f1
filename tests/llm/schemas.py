"""Small schemas shared by the llm tests."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Sentiment = Literal["positive", "neutral", "negative"]


class EmailLabel(BaseModel):
    """What a labelling call returns for one customer email."""

    subject: str
    sentiment: Sentiment


class SentimentOnly(BaseModel):
    """A schema whose every valid output is a few tokens long, so a grammar test cannot run out of tokens."""

    sentiment: Sentiment
