"""JSON transcripts: Whisper-style `segments` and AWS Transcribe `results` documents."""

from __future__ import annotations

import json
from typing import Any

from connectors.base import Utterance
from connectors.transcripts.subtitles import TranscriptError

_DATE_KEYS = ("date", "recorded_at", "occurred_at", "created_at", "start_time_iso")


def _seconds(value: Any) -> float | None:
    """AWS writes times as strings, Whisper as numbers; anything else is unknown."""
    try:
        return float(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _label(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def parse_whisper(doc: dict[str, Any]) -> list[Utterance]:
    """Whisper / WhisperX: segments with start, end, text and an optional speaker."""
    segments = doc.get("segments")
    if not isinstance(segments, list):
        raise TranscriptError("Whisper JSON: 'segments' is not a list")
    utterances = []
    for index, seg in enumerate(segments):
        if not isinstance(seg, dict):
            raise TranscriptError(f"Whisper JSON: segment {index} is not an object")
        text = str(seg.get("text") or "").strip()
        if text:
            speaker = _label(seg.get("speaker"))
            utterances.append(Utterance(speaker, text, _seconds(seg.get("start")), _seconds(seg.get("end"))))
    if not utterances and str(doc.get("text") or "").strip():
        utterances.append(Utterance(None, str(doc["text"]).strip()))
    return utterances


def _aws_audio_segments(results: dict[str, Any]) -> list[Utterance]:
    """Newer AWS output: ready-made speaker turns."""
    return [
        Utterance(
            _label(seg.get("speaker_label")),
            text,
            _seconds(seg.get("start_time")),
            _seconds(seg.get("end_time")),
        )
        for seg in results.get("audio_segments") or []
        if isinstance(seg, dict) and (text := str(seg.get("transcript") or "").strip())
    ]


def _aws_speaker_by_start(results: dict[str, Any]) -> dict[str, str]:
    """Map each word's start time to its speaker from the older `speaker_labels` block."""
    speakers: dict[str, str] = {}
    labels = results.get("speaker_labels") or {}
    for segment in labels.get("segments") or []:
        for item in segment.get("items") or []:
            if item.get("start_time") is not None and item.get("speaker_label"):
                speakers[str(item["start_time"])] = str(item["speaker_label"])
    return speakers


def _aws_items(results: dict[str, Any]) -> list[Utterance]:
    """Word items grouped into turns by speaker; punctuation sticks to the word before it."""
    by_start = _aws_speaker_by_start(results)
    turns: list[list[Any]] = []  # [speaker, words, start, end]
    for item in results.get("items") or []:
        alternatives = item.get("alternatives") or [{}]
        content = str(alternatives[0].get("content") or "")
        if item.get("type") == "punctuation":
            if turns and turns[-1][1]:
                turns[-1][1][-1] += content
            continue
        start = item.get("start_time")
        speaker = _label(item.get("speaker_label")) or by_start.get(str(start))
        if not turns or turns[-1][0] != speaker:
            turns.append([speaker, [], _seconds(start), None])
        turns[-1][1].append(content)
        turns[-1][3] = _seconds(item.get("end_time"))
    return [Utterance(s, " ".join(w).strip(), st, en) for s, w, st, en in turns if " ".join(w).strip()]


def parse_aws(doc: dict[str, Any]) -> list[Utterance]:
    """AWS Transcribe: audio_segments, else items + speaker_labels, else the plain transcript."""
    results = doc.get("results")
    if not isinstance(results, dict):
        raise TranscriptError("AWS Transcribe JSON: 'results' is not an object")
    utterances = _aws_audio_segments(results) or _aws_items(results)
    if not utterances:
        transcripts = results.get("transcripts") or []
        text = " ".join(str(t.get("transcript") or "") for t in transcripts if isinstance(t, dict)).strip()
        if text:
            utterances = [Utterance(None, text)]
    return utterances


def parse_json(text: str) -> tuple[list[Utterance], str, str | None]:
    """Return (utterances, format name, date text if the document carries one)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    if not isinstance(doc, dict):
        raise TranscriptError("JSON transcript must be an object")
    if "results" in doc:
        utterances, kind = parse_aws(doc), "aws_transcribe"
    elif "segments" in doc:
        utterances, kind = parse_whisper(doc), "whisper"
    else:
        raise TranscriptError("unrecognized JSON transcript: expected Whisper 'segments' or AWS 'results'")
    if not utterances:
        raise TranscriptError(f"{kind} JSON has no spoken text")
    date_text = next((str(doc[k]) for k in _DATE_KEYS if isinstance(doc.get(k), str)), None)
    return utterances, kind, date_text
