"""Taking a question on ("I'll take that one,") before a promise is not retold as a second clause."""

from __future__ import annotations

from copilot.tools.person_swap import Voices
from copilot.tools.reported_speech import report_sentence

OURS = Voices("Chen Wei", "Omar Lindqvist", True)


def test_taking_it_on_before_a_promise_leaves_the_promise() -> None:
    said = "I'll take that one, I will share the roadmap deck for the next two releases by February 24, 2026."
    assert report_sentence(said, OURS) == (
        "Chen Wei will share the roadmap deck for the next two releases by February 24, 2026."
    )
    assert report_sentence("Leave that with me, I will check the logs tomorrow.", OURS) == (
        "Chen Wei will check the logs tomorrow."
    )


def test_taking_it_on_alone_is_still_said() -> None:
    assert report_sentence("I'll take that one.", OURS) == "Chen Wei will take that one."
