"""Model output that is no answer: an echo of the prompt or schema, no words, an unfilled template, rambling.

The one detector for every part a chat model writes as free text: an email's subject, opening and
next step (compact and full drafting) and a call summary's paragraph. A junk part is replaced by our
own wording and the replacement is recorded, so the reviewer knows which words the model did not write.

An echo is the prompt's own furniture coming back: the data fences and the words every prompt uses
("JSON", "data only"), plus the labels of the prompt that asked. Each prompt's labels stay its own:
a call summary may well speak of the call's "purpose", and a letter of a "schema" the customer uses.
"""

from __future__ import annotations

import re
from typing import Literal

Prompt = Literal["email", "call_summary"]

# Words every prompt's scaffolding uses; none belongs in a letter or a summary.
_SHARED_ECHO = (r"JSON", r"data only")
# The labels of each prompt (prompts/draft_email*.toml; prompts/summarize_call.toml and its schema).
_PROMPT_ECHO: dict[Prompt, tuple[str, ...]] = {
    "email": (
        r"FACTS?",
        r"RECORDS?",
        r"purpose",
        r"subject line",
        r"next[_ ]step",
        r"opening sentence",
        r"\[Sender\]",
    ),
    "call_summary": (
        r"UTTERANCES?",
        r"summary field",
        r"schema",
        r"free text",
        r"grammars?",
        r"llama\.cpp",
        r"length limits?",
    ),
}
_ECHO: dict[Prompt, re.Pattern[str]] = {
    prompt: re.compile(r"\b(" + "|".join((*words, *_SHARED_ECHO)) + r")\b|<<|>>", re.IGNORECASE)
    for prompt, words in _PROMPT_ECHO.items()
}
# A template the model left unfilled: "[date]", "{time}", "<name>", or a slot left empty ("for  at .").
# Citations ("[2]") are digits and pass.
_UNFILLED = re.compile(
    r"\[[^\]\d]{2,30}\]|\{[^}]{0,30}\}|<[^\W\d][\w ]{1,30}>"
    r"|\b(?:at|on|by|of)\s+[.,;:]|\w {2,}\w",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# Words of four letters or more: what a summary says beyond its call's title.
_SUMMARY_WORD = re.compile(r"[^\W\d_]{4,}")

# The opening and the next step are sentences to the customer; a bare topic ("Data sync issue"), which
# the small model writes when it copies the subject, is not one.
FIELD_WORDS: dict[str, tuple[int, int]] = {"subject": (1, 12), "opening": (4, 45), "next_step": (4, 45)}
MAX_SUMMARY_WORDS = 70


def echoes_prompt(text: str, prompt: Prompt) -> bool:
    """True when the text holds a data fence or a label of the prompt that asked for it."""
    return bool(_ECHO[prompt].search(text))


def unfilled_template(text: str) -> bool:
    """True when the text keeps a template's slot: "[date]", "{first_name}", "<contact name>", "on ,"."""
    return bool(_UNFILLED.search(text))


def field_is_junk(field: str, value: str) -> bool:
    """True when an email part echoes the prompt, has no words, is an unfilled template, or is far too
    long (or, for a sentence, too short to be one)."""
    text = value.strip()
    if not text or not _LETTERS.search(text) or echoes_prompt(text, "email") or unfilled_template(text):
        return True
    fewest, most = FIELD_WORDS[field]
    return not fewest <= len(text.split()) <= most


def summary_is_junk(text: str, title: str = "") -> bool:
    """True when a call summary is empty, echoes the prompt or schema or the call title, or rambles on."""
    stripped = text.strip()
    too_long = len(stripped.split()) > MAX_SUMMARY_WORDS
    # The small model likes to hand back the call title (often a file name) as the summary.
    own_words = {w.lower() for w in _SUMMARY_WORD.findall(stripped)} - {
        w.lower() for w in _SUMMARY_WORD.findall(title)
    }
    return (
        not _SUMMARY_WORD.search(stripped)
        or echoes_prompt(stripped, "call_summary")
        or too_long
        or len(own_words) < 3
    )
