"""Adversarial inputs for the parsers and guards, built at any size, and the text paths they feed.

Each text targets a backtracking shape: long runs of one character class (a pattern rescanned from
every start), repeated tokens (a rule that matches, fails late, and starts over), deep nesting and
pathological quoting. `GUARDS` lists every function that runs on ingested or API-supplied text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from connectors.email.html_text import html_to_text
from connectors.email.quotes import clean_body
from copilot.guards.dates import iter_dates, iter_record_dates
from copilot.guards.entities import iter_names
from copilot.guards.fencing import fence_facts
from copilot.guards.grounding import SourceText, verify
from copilot.guards.injection import check_output, detect_injection
from copilot.guards.injection_model import scoreable_sentences
from copilot.guards.junk import field_is_junk, summary_is_junk
from copilot.guards.numbers import iter_money, iter_number_words, iter_numbers, iter_percent
from copilot.guards.output_values import find_output_values
from copilot.guards.phrases import iter_commitments, iter_references
from copilot.guards.pii import find_pii
from copilot.guards.spans import extract_claims
from copilot.retrieval.context import CitedRecord
from copilot.tone.rules import match_rules
from copilot.tone.sentences import split_sentences
from copilot.tools.call_dates import due_date
from copilot.tools.call_decisions import decisions
from copilot.tools.call_items import action_items
from copilot.tools.call_risk_items import risks
from copilot.tools.call_types import Utterance
from copilot.tools.facts import select_facts

MEGABYTE = 1024 * 1024


def _fill(token: str, size: int) -> str:
    return token * max(1, size // len(token))


def hostile_texts(size: int) -> dict[str, str]:
    """Named texts of about `size` characters, each aimed at a backtracking shape."""
    return {
        "one_long_word": _fill("a", size),
        "spaces_then_colon": _fill(" ", size) + ":",
        "newlines": _fill("\n", size) + "AI:",
        "commas_before_bracket": _fill(",", size) + "[",
        "dots": _fill(".", size),
        "digits_and_dots": _fill("1.", size),
        "digit_groups": _fill("1 ", size),
        "capitalised_words": _fill("Anna ", size),
        "address_like": _fill("A.", size) + " Street",
        "underscores_at": _fill("_", size) + "@",
        "at_signs": _fill("a@", size),
        "repeated_promise": _fill("we will send the ", size),
        "repeated_instruction": _fill("note to the ", size),
        "repeated_citations": _fill("[1] ", size),
        "nested_quotes": _fill(">", size) + " On Monday Anna wrote:",
        "quote_marks": _fill('"', size),
        "angle_brackets": _fill("<v ", size),
        "html_tags": _fill("<div><p>", size),
        "tabs": _fill("\t", size) + "<",
        "mixed_dates": _fill("31.12.", size),
        "month_words": _fill("March ", size),
    }


def repeated_tokens(count: int = 100_000) -> str:
    """`count` repetitions of an everyday token: a realistic long text with no sentence end."""
    return " ".join(["renewal"] * count)


def _records(text: str) -> list[CitedRecord]:
    when = datetime(2026, 3, 1, tzinfo=UTC)
    return [CitedRecord(1, "c1", 1, 1, when, "email", "inbound", "Anna", "Renewal", text)]


def _utterances(text: str) -> list[Utterance]:
    return [Utterance(1, "Anna", text, True), Utterance(2, "Alice", text, False)]


# Every function that reads ingested or API-supplied text (connectors are exercised through files).
GUARDS: dict[str, Callable[[str], object]] = {
    "injection.detect_injection": detect_injection,
    "injection.check_output": lambda t: check_output(t, [t]),
    "injection_model.scoreable_sentences": scoreable_sentences,
    "pii.find_pii": find_pii,
    "dates.iter_dates": lambda t: list(iter_dates(t)),
    "dates.iter_record_dates": lambda t: list(iter_record_dates(t)),
    "entities.iter_names": lambda t: list(iter_names(t)),
    "numbers": lambda t: [list(f(t)) for f in (iter_money, iter_percent, iter_numbers, iter_number_words)],
    "output_values.find_output_values": find_output_values,
    "phrases.iter_commitments": lambda t: list(iter_commitments(t)),
    "phrases.iter_references": lambda t: list(iter_references(t)),
    "spans.extract_claims": extract_claims,
    "grounding.verify": lambda t: verify(t[:4000], [SourceText(1, t)]),
    "fencing.fence_facts": lambda t: fence_facts([(1, t)]),
    "tone.match_rules": lambda t: (match_rules(t, "inbound"), match_rules(t, "outbound")),
    "tone.split_sentences": split_sentences,
    "quotes.clean_body": clean_body,
    "html_text.html_to_text": html_to_text,
    "facts.select_facts": lambda t: select_facts(_records(t), "renewal follow-up"),
    "call_items": lambda t: (
        action_items(_utterances(t), date(2026, 3, 1)),
        decisions(_utterances(t)),
        risks(_utterances(t)),
    ),
    "call_items.due_date": lambda t: due_date(t, date(2026, 3, 1)),
    "junk.field_is_junk": lambda t: field_is_junk("opening", t),
    "junk.summary_is_junk": lambda t: summary_is_junk(t, t[:80]),
}


def _nested_mime(depth: int) -> bytes:
    head = b"From: a@hostile.example\r\nTo: b@hostile.example\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
    parts = [head]
    for level in range(depth):
        parts.append(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level))
    parts.append(b"Content-Type: text/plain\r\n\r\ninnermost\r\n")
    parts.extend(b"--b%d--\r\n" % level for level in reversed(range(depth)))
    return b"".join(parts)


def _mail(headers: bytes, body: bytes, content_type: bytes = b"text/plain; charset=utf-8") -> bytes:
    return (
        b"From: Anna <anna@hostile.example>\r\nDate: Tue, 01 Sep 2026 10:00:00 +0000\r\n"
        + headers
        + b"Content-Type: "
        + content_type
        + b"\r\n\r\n"
        + body
        + b"\r\n"
    )


def hostile_files(line: int, header: int) -> dict[str, tuple[str, str, bytes]]:
    """Named upload files (kind, file name, bytes): `line`-byte lines, `header`-byte headers."""
    words = repeated_tokens(line // 8).encode()
    return {
        "mbox_from_line": ("email", "long.mbox", b"From " + b"a" * line + b"\n\nFrom: a@b.example\n\nhi\n"),
        "mbox_escaped_from": (
            "email",
            "esc.mbox",
            b"From a@b Tue May 10 11:28:07 2005\n\n" + b">" * line + b"From x\n",
        ),
        "invalid_to_header": ("email", "to.eml", _mail(b"To: " + b"a" * header + b"@\r\n", b"hi")),
        "address_list_header": (
            "email",
            "cc.eml",
            _mail(b"Cc: " + b"x@y, " * (header // 5) + b"\r\n", b"hi"),
        ),
        "encoded_subject": (
            "email",
            "subj.eml",
            _mail(b"Subject: " + b"=?utf-8?q?a?= " * (header // 14) + b"\r\n", b"hi"),
        ),
        "references_header": (
            "email",
            "refs.eml",
            _mail(b"References: " + b"<a@b> " * (header // 6) + b"\r\n", b"hi"),
        ),
        "unbracketed_ids": ("email", "ids.eml", _mail(b"In-Reply-To: " + b"<" * header + b"\r\n", b"hi")),
        "nested_mime": ("email", "nested.eml", _nested_mime(200)),
        "long_body_line": ("email", "body.eml", _mail(b"Subject: words\r\n", words)),
        "unclosed_html": (
            "email",
            "html.eml",
            _mail(b"Subject: html\r\n", b"<a " * (line // 3), b"text/html"),
        ),
        "deep_quoting": (
            "email",
            "quotes.eml",
            _mail(b"Subject: Re: x\r\n", (b">" * 200 + b" On Mon Anna wrote:\r\n") * (line // 220)),
        ),
        "vtt_long_cue": (
            "transcript",
            "long.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v " + b"a" * line + b"\n",
        ),
        "vtt_voice_tags": (
            "transcript",
            "voices.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + b"<v Anna>" * (line // 8) + b"\n",
        ),
        "srt_long_line": ("transcript", "long.srt", b"1\n00:00:01,000 --> 00:00:02,000\n" + words + b"\n"),
        "txt_speaker_prefix": (
            "transcript",
            "prefix.txt",
            b"A" * line + b" x:\n" + b"Anna: " + words + b"\n",
        ),
        "txt_named_email": ("transcript", "named.txt", b"\t" * line + b"<a@b.example>: hello\n"),
        "json_transcript": ("transcript", "long.json", b'{"text": "' + words + b'", "segments": []}'),
        "ics_long_description": (
            "ics",
            "long.ics",
            b"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260101T100000Z\r\nDESCRIPTION:"
            + words
            + b"\r\nEND:VEVENT\r\n",
        ),
        "ics_folded_lines": (
            "ics",
            "folded.ics",
            b"BEGIN:VEVENT\r\nUID:y\r\nDTSTART:20260101T100000Z\r\nSUMMARY:x"
            + b"\r\n a" * (line // 4)
            + b"\r\nEND:VEVENT\r\n",
        ),
        "ics_blank_lines": (
            "ics",
            "blank.ics",
            b"BEGIN:VEVENT\r\n"
            + b" \r\n" * (line // 3)
            + b"UID:z\r\nDTSTART:20260101T100000Z\r\nEND:VEVENT\r\n",
        ),
        "csv_quoting": (
            "csv",
            "quotes.csv",
            b'Record ID,Company name\r\nC-1,"' + b'""' * (line // 2) + b'"\r\n',
        ),
        "csv_unbalanced": ("csv", "open.csv", b'Record ID,Company name\r\nC-2,"' + b"a" * line + b"\r\n"),
        "csv_long_header": (
            "csv",
            "header.csv",
            b",".join([b"Record ID"] + [b"c%d" % i for i in range(header // 6)]) + b"\r\nC-3\r\n",
        ),
    }
