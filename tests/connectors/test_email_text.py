"""Body clean-up rules: quoted replies, signatures, and HTML to text."""

from __future__ import annotations

from connectors.email.html_text import html_to_text
from connectors.email.quotes import clean_body


def test_top_posted_reply_loses_everything_from_the_attribution_on() -> None:
    body = "Sounds good, see you Friday.\n\nOn Tue, 5 Mar 2024, Bob <bob@x.com> wrote:\n> Friday?\n> Bob\n"
    cleaned = clean_body(body)
    assert cleaned.text == "Sounds good, see you Friday."
    assert cleaned.quotes_removed is True


def test_interleaved_answers_survive_while_quoted_lines_go() -> None:
    body = (
        "Bob Smith wrote:\n> Can you do Friday?\nYes, Friday works.\n> And the budget?\nApproved yesterday.\n"
    )
    assert clean_body(body).text == "Yes, Friday works.\nApproved yesterday."


def test_wrote_line_before_pasted_unquoted_text_is_content() -> None:
    body = "Here is what the customer wrote:\nThe dashboard is slow every Monday.\n"
    assert clean_body(body).text == body.strip()


def test_outlook_header_block_without_separator_line_is_cut() -> None:
    body = (
        "Please find the signed contract attached.\n\n"
        "From: Alice Becker <alice@northwind-analytics.com>\nSent: Monday, March 11, 2024 4:02 PM\n"
        "To: Anna\nSubject: Contract\n\nHere is the contract to sign.\n"
    )
    assert clean_body(body).text == "Please find the signed contract attached."


def test_german_outlook_block_is_cut() -> None:
    body = "Danke, erledigt.\n\nVon: Alice Becker\nGesendet: Montag, 11. März 2024 16:02\nAn: Anna\n\nAlt."
    assert clean_body(body).text == "Danke, erledigt."


def test_forwarded_header_block_is_content_and_kept() -> None:
    body = (
        "FYI, see the complaint below.\n\n---------- Forwarded message ----------\n"
        "From: Customer <c@x.com>\nDate: Mon, 11 Mar 2024\nSubject: Outage\n\nThe dashboard is down again.\n"
    )
    assert "The dashboard is down again." in clean_body(body).text


def test_forward_subject_keeps_the_whole_body() -> None:
    body = "See below.\n\nOn Mon, Anna wrote:\n> The dashboard is down again.\n"
    assert "The dashboard is down again." in clean_body(body, forwarded=True).text


def test_sign_off_block_is_removed_only_when_it_is_clearly_a_signature() -> None:
    signed = "We accept the offer.\n\nKind regards,\nAnna Schmidt\nACME Logistics\n"
    cleaned = clean_body(signed)
    assert cleaned.text == "We accept the offer."
    assert cleaned.signature == "Kind regards,\nAnna Schmidt\nACME Logistics"
    # A sign-off word followed by a long sentence is content, not a signature.
    prose = (
        "We accept the offer.\n\nThanks\n"
        "for waiting so long; we had to get approval from three departments first.\n"
    )
    assert clean_body(prose).text == prose.strip()
    # A closing line with nothing after it is left alone.
    assert clean_body("Please call me.\n\nThanks!").text == "Please call me.\n\nThanks!"


def test_mobile_footer_is_removed() -> None:
    assert clean_body("On my way.\n\nSent from my iPhone").text == "On my way."


def test_quote_only_message_keeps_its_text_rather_than_nothing() -> None:
    body = "> only a quote\n> nothing new"
    cleaned = clean_body(body)
    assert cleaned.text == body
    assert cleaned.quotes_removed is False


def test_html_blocks_become_lines_and_scripts_vanish() -> None:
    markup = (
        "<html><head><title>Ignore me</title><style>p{color:red}</style></head><body>"
        "<p>Hello&nbsp;<b>Anna</b>,</p><p>Line two<br>Line three</p><script>alert(1)</script>"
        "<ul><li>one</li><li>two</li></ul><div>div one</div><div>div two</div>"
        "<table><tr><td>a</td><td>b</td></tr></table></body></html>"
    )
    assert html_to_text(markup) == (
        "Hello Anna,\n\nLine two\nLine three\n\n- one\n- two\n\ndiv one\ndiv two\n\na b"
    )


def test_html_blockquote_becomes_a_quoted_block() -> None:
    text = html_to_text("<p>New</p><blockquote><p>Old</p><blockquote>Older</blockquote></blockquote>")
    assert text.splitlines()[:3] == ["New", "", "> Old"]
    assert "> > Older" in text
    assert clean_body(text).text == "New"


def test_unclosed_head_does_not_hide_the_body() -> None:
    assert html_to_text("<html><head><body><p>Visible text</p></body></html>") == "Visible text"
