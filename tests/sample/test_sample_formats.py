"""Each generated file must be valid in its format and match docs/sample-crm-format.md."""

from __future__ import annotations

import email
import re
from collections import Counter
from datetime import date, datetime
from email import policy
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import SampleFiles

# Copied from docs/sample-crm-format.md: the CSV connector's default mapping depends on them.
COMPANY_HEADER = [
    "Record ID", "Company name", "Company Domain Name", "Company owner", "Team", "Industry",
    "Renewal date", "Preferred language", "Formality", "Preferred channel", "Do not contact",
]  # fmt: skip
CONTACT_HEADER = [
    "Record ID", "First Name", "Last Name", "Email", "Job Title", "Associated Company IDs",
    "Preferred language", "Unsubscribed from all email",
]  # fmt: skip
ACTIVITY_HEADER = [
    "Activity ID", "Activity type", "Activity date", "Associated Company IDs", "Associated Contact IDs",
    "Subject", "Body",
]  # fmt: skip
REPS = {"alice": "east", "bob": "east", "chen": "west", "dana": "west", "emil": "emea"}
OURS = "@northwind-analytics.com"
CUE_TIMING = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$")
STOPWORDS = {
    "de": {
        "und",
        "die",
        "der",
        "das",
        "sie",
        "wir",
        "ihnen",
        "ich",
        "ist",
        "mit",
        "für",
        "zu",
        "den",
        "uns",
        "bitte",
    },
    "fr": {
        "nous",
        "vous",
        "les",
        "de",
        "pour",
        "la",
        "le",
        "et",
        "des",
        "est",
        "une",
        "merci",
        "je",
        "votre",
    },
    "es": {"que", "para", "los", "de", "su", "la", "el", "y", "en", "una", "gracias", "por", "las", "con"},
}


@pytest.mark.parametrize(
    ("name", "header"),
    [("companies", COMPANY_HEADER), ("contacts", CONTACT_HEADER), ("activities", ACTIVITY_HEADER)],
)
def test_csv_headers_are_exactly_the_documented_ones(
    sample: SampleFiles, name: str, header: list[str]
) -> None:
    assert sample.csv_rows(name)[0] == header
    raw = (sample.root / "crm" / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")


def test_company_rows_use_the_documented_values(sample: SampleFiles) -> None:
    for row in sample.csv_rows("companies")[1]:
        assert re.fullmatch(r"C-\d{4}", row["Record ID"])
        assert REPS[row["Company owner"]] == row["Team"]
        date.fromisoformat(row["Renewal date"])
        assert row["Preferred language"] in {"en", "de", "fr", "es"}
        assert row["Formality"] in {"formal", "neutral", "casual"}
        assert row["Preferred channel"] in {"email", "phone"}
        assert row["Do not contact"] in {"true", "false"}


def test_activity_rows_reference_known_records(sample: SampleFiles) -> None:
    companies = {row["Record ID"] for row in sample.csv_rows("companies")[1]}
    contacts = {row["Record ID"]: row["Associated Company IDs"] for row in sample.csv_rows("contacts")[1]}
    kinds = Counter()
    for row in sample.activities.values():
        kinds[row["Activity type"]] += 1
        assert datetime.fromisoformat(row["Activity date"]).tzinfo is not None
        assert row["Associated Company IDs"] in companies
        contact = row["Associated Contact IDs"]
        assert contact == "" or contacts[contact] == row["Associated Company IDs"]
        assert row["Subject"] and row["Body"]
    assert set(kinds) == {"NOTE", "TICKET"}


def test_mbox_threads_are_consistent(sample: SampleFiles) -> None:
    for path, messages in sample.mboxes.items():
        by_id = {message["Message-ID"]: message for message in messages}
        assert len(by_id) == len(messages), f"{path}: duplicate Message-ID"
        for message in messages:
            assert message["From"] and message["To"] and message["Date"] and message["Subject"]
            parent_id = message["In-Reply-To"]
            if parent_id is None:
                continue
            assert parent_id in by_id, f"{path}: {message['Message-ID']} replies to an unknown message"
            assert message["References"].split()[-1] == parent_id
            parent = by_id[parent_id]
            assert parsedate_to_datetime(message["Date"]) > parsedate_to_datetime(parent["Date"])
            body = sample.body_text(message)
            assert re.search(r"^On .+, .+ wrote:$", body, re.MULTILINE), message["Message-ID"]
            assert "\n> " in body


def test_mail_goes_between_us_and_the_account(sample: SampleFiles) -> None:
    domains = {f"mail/{a['slug']}.mbox": a["domain"] for a in sample.key["accounts"]}
    signed = total = 0
    for path, messages in sample.mboxes.items():
        for message in messages:
            sender = message["From"].addresses[0].addr_spec
            recipient = message["To"].addresses[0].addr_spec
            assert sender.endswith(OURS) != recipient.endswith(OURS), message["Message-ID"]
            customer = recipient if sender.endswith(OURS) else sender
            assert customer.endswith("@" + domains[path])
            total += 1
            signed += "\n-- \n" in sample.body_text(message)
    assert signed >= total // 2


def test_email_lengths_are_realistic_and_texts_varied(sample: SampleFiles) -> None:
    own_texts = [
        sample.own_text(sample.body_text(message))
        for messages in sample.mboxes.values()
        for message in messages
    ]
    lengths = [len(text.split()) for text in own_texts]
    assert min(lengths) >= 40 and max(lengths) <= 200, (min(lengths), max(lengths))
    assert len(set(own_texts)) == len(own_texts)
    assert not any("lorem" in text.lower() for text in own_texts)


def test_non_english_accounts_write_in_their_language(sample: SampleFiles) -> None:
    checked = 0
    for account in sample.key["accounts"]:
        if account["language"] == "en":
            continue
        words = STOPWORDS[account["language"]]
        for message in sample.mboxes[account["mbox"]]:
            text = sample.own_text(sample.body_text(message))
            tokens = set(re.findall(r"\w+", text.lower()))
            assert len(tokens & words) >= 3, (account["name"], text)
            assert not {"the", "and", "you"} & tokens, (account["name"], text)
            checked += 1
    assert checked >= 10


def test_vtt_transcripts_have_header_and_voice_tags(sample: SampleFiles) -> None:
    files = sorted((sample.root / "calls").glob("*.vtt"))
    assert len(files) >= 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("WEBVTT\n"), path.name
        blocks = text.strip().split("\n\n")[1:]
        assert blocks[0].startswith("NOTE account: C-"), path.name
        cues = [block.split("\n") for block in blocks[1:]]
        assert cues, path.name
        previous_end = "00:00:00.000"
        for cue in cues:
            assert CUE_TIMING.match(cue[1]), (path.name, cue)
            start, end = cue[1].split(" --> ")
            assert previous_end <= start < end
            previous_end = end
            assert re.match(r"^<v [^>]+>.+</v>$", cue[2]), (path.name, cue)
        date.fromisoformat(path.name[:10])


def test_plain_transcripts_are_speaker_lines(sample: SampleFiles) -> None:
    files = sorted((sample.root / "calls").glob("*.txt"))
    assert len(files) >= 5
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 10
        assert all(re.match(r"^[A-Z][^:]+: \S", line) for line in lines), path.name
        assert len({line.split(":")[0] for line in lines}) >= 2
        date.fromisoformat(path.name[:10])


def test_ics_invites_are_folded_and_have_attendees(sample: SampleFiles) -> None:
    files = sorted((sample.root / "meetings").glob("*.ics"))
    assert len(files) >= 30
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), path.name
        props = sample.ics_properties(raw.decode("utf-8"))
        assert len(props["ATTENDEE"]) >= 2 and props["ORGANIZER"][0].startswith("mailto:")
        assert props["DTSTART"][0] < props["DTEND"][0]


def test_ics_invites_parse_with_icalendar(sample: SampleFiles) -> None:
    icalendar = pytest.importorskip("icalendar")
    for path in sorted((sample.root / "meetings").glob("*.ics")):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        description = str(events[0].get("DESCRIPTION"))
        assert description == sample.ics_properties(path.read_bytes().decode("utf-8"))["DESCRIPTION"][0]


def test_loose_emails_cover_the_awkward_cases(sample: SampleFiles) -> None:
    messages = {
        path.name: email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted((sample.root / "mail/eml").glob("*.eml"))
    }
    types = {name: [part.get_content_type() for part in m.walk()] for name, m in messages.items()}
    assert any(kinds == ["text/html"] for kinds in types.values())
    latin = [m for m in messages.values() if m.get_content_charset() == "iso-8859-1"]
    assert latin and any(ch in latin[0].get_content() for ch in "äöüß")
    attachments = [part for m in messages.values() for part in m.iter_attachments()]
    assert any(part.get_content_type() == "text/plain" and part.get_filename() for part in attachments)
    assert any(m["Subject"].startswith("Fwd:") for m in messages.values())
    for message in messages.values():
        assert message["Message-ID"] and parsedate_to_datetime(message["Date"]).tzinfo is not None
