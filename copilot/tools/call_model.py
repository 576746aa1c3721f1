"""The chat model's part of a call summary: one short paragraph, fenced input, checked output."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from copilot.container import Services
from copilot.guards.injection import detect_injection
from copilot.llm.retry import RetryPolicy
from copilot.llm.tokens import count_tokens
from copilot.prompting import load_prompt
from copilot.tools.call_record import CallRecord
from copilot.tools.call_types import Utterance
from copilot.tools.modelcall import audited_call

PROMPT_TOKEN_BUDGET = 900
# Utterances must not be able to open or close a fence of their own.
_FENCE = re.compile(r"<<|>>")


class CallSummaryOutput(BaseModel):
    """Model output of the call-summary prompt (descriptions never reach the model: llm/factory.py)."""

    summary: str


def fence_utterances(utterances: list[Utterance], budget: int = PROMPT_TOKEN_BUDGET) -> str:
    """Numbered utterances between data markers, cut to the token budget; instruction-like turns withheld."""
    lines: list[str] = []
    used = 0
    for u in utterances:
        text = "[withheld: instruction-like content]" if detect_injection(u.text) else u.text
        line = f"<<U{u.n}>> {u.speaker}: {_FENCE.sub('', text)}"
        cost = count_tokens(line)
        if used + cost > budget and lines:
            break
        lines.append(line)
        used += cost
    return "\n".join(lines)


def call_model(services: Services, draft_id: int, call: CallRecord) -> tuple[str, dict[str, Any]]:
    """The model's summary paragraph and the draft metadata of the call (audited)."""
    prompt = load_prompt("summarize_call")
    result = audited_call(
        sessions=services.sessions,
        model=services.chat_model,
        prompt=prompt,
        variables={"utterances": fence_utterances(call.utterances), "title": call.subject},
        schema=CallSummaryOutput,
        account_id=call.account_id,
        draft_id=draft_id,
        retrieved_ids=[call.interaction_id],
        max_tokens=min(services.settings.llm_max_output_tokens, 160),
        mask_pii=services.settings.llm_provider != "embedded",
        retry=RetryPolicy.from_settings(services.settings),
    )
    meta = {
        "model": result.model,
        "prompt_name": prompt.name,
        "prompt_version": prompt.version,
        "timings": {
            "latency_s": round(result.latency_s, 3),
            "tokens_in": result.prompt_tokens,
            "tokens_out": result.completion_tokens,
        },
    }
    return result.parsed.summary, meta
