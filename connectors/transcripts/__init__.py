"""Transcript connector: WebVTT, SRT, plain "Speaker: text" and Whisper/AWS JSON call transcripts."""

from connectors.transcripts.connector import TranscriptConnector

__all__ = ["TranscriptConnector"]
