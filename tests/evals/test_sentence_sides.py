"""Who said each labelled sentence: derived from the row's source and the sample, never its label."""

from __future__ import annotations

import pytest

from evals.sentence_sides import SampleSides, side_of
from evals.sentences import template


def _sample() -> SampleSides:
    found = SampleSides()
    found.by_text["I'll send the notes by Friday."].add("ours")
    found.by_template[template("Our team is unhappy that Anna left.")].add("customer")
    found.by_text["Thanks for the update."].update({"customer", "ours"})
    found.passages.append(("best, dana -- dana okafor account manager", "ours"))
    return found


@pytest.mark.parametrize(
    ("source", "text", "side"),
    [
        ("tweetsumm:12:customer", "My parcel never came.", "customer"),
        ("tweetsumm:12:agent", "Sorry to hear that.", "ours"),
        ("sample:crm:note", "They are evaluating a competitor.", "ours"),
        ("sample:meeting", "Follow-up from us: Dana will send the deck.", "ours"),
        ("sample:crm:ticket", "Priority: P2 Status: Open Reported by: A <a@b.c> Exports fail.", "customer"),
        ("sample:crm:ticket", "Resolution: Increased the timeout.", "ours"),
        ("sample:email", "I'll send the notes by Friday.", "ours"),  # by text
        ("sample:email", "Our team is unhappy that Bob left.", "customer"),  # by template
        ("sample:email", "Best, Dana -- Dana Okafor Account Manager", "ours"),  # inside an email's words
        ("sample:email", "Thanks for the update.", "unknown"),  # said by both sides
        ("sample:call", "Nothing like this was said.", "unknown"),
        ("dialogsum-dev:dev_38", "I wish to register a complaint.", "unknown"),
        ("realworld:rlug.mbox#0", "The server is down.", "unknown"),
        ("authored:crm", "We will not renew.", "unknown"),
        ("authored:crm:customer", "We will not renew.", "customer"),  # written for a named speaker
        ("authored:crm:ours", "I'll send the quote by Friday.", "ours"),
    ],
)
def test_side_comes_from_the_source(source: str, text: str, side: str) -> None:
    # The label is deliberately absent: the rule cannot read it.
    assert side_of({"source": source, "text": text}, _sample()) == side
