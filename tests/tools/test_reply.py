"""Reply mode: the questions of an inbound message, who may be answered, and a reply draft's parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.container import Services
from copilot.db.models import Contact, Draft, DraftStatus, Interaction
from copilot.errors import InvalidInputError, NotFoundError
from copilot.llm.fakes import FakeChatModel
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.tools.reply import questions_in, reply_purpose, reply_subject
from tests.support.crm_files import INTERNAL_NOTE, REP_LINE, load_small_crm
from tests.support.records import Note, seed_account
from tests.support.worlds import scripted_model


def test_questions_and_requests_are_found_in_order() -> None:
    text = (
        "Hello Dana,\n\nThanks for the call. Could you confirm the price of the renewal?\n"
        "Please send the invoice to our new address. The rollout went well.\n"
        "> When is the old quoted question?\nWhen will the connector be ready?\n\nThanks, Greta"
    )
    assert questions_in(text) == [
        "Could you confirm the price of the renewal?",
        "Please send the invoice to our new address.",
        "When will the connector be ready?",
    ]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "Monsieur Larsen,\n\nNotre service achats a besoin de quelques documents pour le renouvellement, "
            "notamment votre certificat de sécurité.\n\nDans l'attente de votre retour.",
            "Notre service achats a besoin de quelques documents pour le renouvellement, notamment votre "
            "certificat de sécurité.",
        ),
        (
            "We are reviewing our contracts. To be transparent, we are also looking at two other vendors, "
            "so a competitive offer would help.",
            "To be transparent, we are also looking at two other vendors, so a competitive offer would help.",
        ),
    ],
)
def test_a_need_or_wish_stated_without_a_question_mark_is_a_request(text: str, asked: str) -> None:
    """Both got a reply that thanked the customer and answered nothing."""
    assert questions_in(text) == [asked]


def test_a_statement_or_a_note_is_no_request() -> None:
    text = (
        "Our contract with you renews on March 11, 2027, so we need the paperwork well before then.\n"
        "Bitte beachten Sie, dass unser Abonnement am 28.05.2027 verlängert wird."
    )
    assert questions_in(text) == []


def test_reply_subject_and_purpose() -> None:
    assert reply_subject("Renewal questions") == "Re: Renewal questions"
    assert reply_subject("RE: Renewal questions") == "RE: Renewal questions"
    # "about Training" read as a subject line pasted into a sentence: a plain noun phrase takes "the".
    assert reply_purpose("Re: AW: Training") == "Answer the customer's message about the training"
    # A capitalised function word of the subject reads as an ordinary word; a name keeps its capital.
    assert (
        reply_purpose("Re: Your upcoming renewal")
        == "Answer the customer's message about your upcoming renewal"
    )
    assert reply_purpose("Re: Acme renewal") == "Answer the customer's message about the Acme renewal"


@pytest.mark.parametrize(
    ("subject", "message", "topic"),
    [
        # The message writes "data" in lower case: an ordinary word, lowered, and the phrase takes "the".
        ("Re: Data sync issue", "Our data team wants to understand the refresh.", "the data sync issue"),
        # The message capitalises "Snowflake" inside a sentence: a name, never lowered.
        ("Snowflake", "We use Snowflake for every report.", "Snowflake"),
        ("Snowflake connector", "We use Snowflake for every report.", "the Snowflake connector"),
        ("SSO setup", "", "the SSO setup"),
        ("Question about invoice INV-2041", "", "your question about invoice INV-2041"),
        ("Sharing dashboards", "Can we start sharing dashboards?", "sharing dashboards"),
    ],
)
def test_a_subject_is_named_as_a_sentence_names_a_topic(subject: str, message: str, topic: str) -> None:
    """ "Thank you for your message about Data sync issue" pasted the subject line in with its capital."""
    assert reply_purpose(subject, message) == f"Answer the customer's message about {topic}"


def test_a_subject_that_is_a_question_or_a_greeting_names_no_topic() -> None:
    assert reply_purpose("Can we export to CSV?") == "Answer the customer's message"
    assert reply_purpose("Re: Thanks") == "Answer the customer's message"
    # Another language's subject is left as written (the letter thanks in that language).
    german = "Unser Einkauf benötigt einige Unterlagen für die Verlängerung."
    assert reply_purpose("Verlängerung", german) == "Answer the customer's message about Verlängerung"


@pytest.fixture
def fake_model(services: Services) -> FakeChatModel:
    model = scripted_model(services)
    return model


def _answer(opening: str = "Thank you for your questions about the renewal.") -> str:
    return json.dumps(
        {"subject": "Your renewal", "opening": opening, "next_step": "Shall we talk on Tuesday?"}
    )


def test_a_reply_answers_each_question_from_customer_records_and_keeps_the_thread(
    services: Services, fake_model: FakeChatModel, tmp_path: Path
) -> None:
    crm = load_small_crm(services, tmp_path)
    fake_model.queue(_answer(), _answer())
    request = EmailRequest(crm.account_id, "", reply_to_interaction_id=crm.ids["question"])
    opened = request_email(services, request)
    assert opened.purpose == "Answer the customer's message about the renewal questions"
    draft = generate_email(services, opened.id)

    assert draft.status is DraftStatus.PENDING_REVIEW
    assert draft.reply_to_interaction_id == crm.ids["question"]
    assert draft.subject == "Re: Renewal questions"
    prompt = "\n".join(m.text for m in fake_model.last_prompt)
    assert "Could you confirm the price of the renewal quote for next year?" in prompt
    assert "when will the Salesforce connector be available?" in prompt
    body = draft.body or ""
    # The price question is answered from the quote we sent, and cited to it.
    assert "The renewal quote is $36,500 per year for the Analytics plan." in body
    start = body.index("The renewal quote")
    cited = {c["interaction_id"] for c in draft.citations if c["n"] in _cited_at(draft, start)}
    assert cited == {crm.ids["outbound"]}
    # No record of ours says when the connector comes: the customer's own call line ("We need the
    # Salesforce connector live by March") is no answer, so the reply defers, by name, and it is flagged.
    assert "As for when the Salesforce connector will be available, I don't have the details" in body
    assert "come back to you by" in body and "live by March" not in body
    commitment = [f for f in draft.flags if f["type"] == "commitment"]
    assert len(commitment) == 1
    assert body[slice(*commitment[0]["span"])].startswith("As for when the Salesforce connector")
    # Never the internal note, nor our rep's own words from the call.
    assert "32%" not in body and "2026-12-15" not in body and INTERNAL_NOTE not in body
    assert REP_LINE not in body and "30,000" not in body
    # The customer's own question is answered, never quoted back as a fact.
    assert "Could you confirm the price" not in body
    audiences = {c["interaction_id"]: c["audience"] for c in draft.citations}
    assert audiences.get(crm.ids["note"], "internal") == "internal"


def _cited_at(draft: Draft, offset: int) -> set[int]:
    return {n for c in draft.body_citations for n in c["n"] if c["start"] <= offset < c["end"]}


REFRESH_MESSAGE = (
    "Hi Bob,\n\nThanks for the quick fix. How often does the Snowflake connector refresh, and can we "
    "trigger a refresh manually?\nLet me know if anything is unclear.\n\nBest, Greta"
)


def _refresh_account(services: Services, *ours: str) -> tuple[int, int]:
    notes = [Note(REFRESH_MESSAGE, subject="Data sync issue", source_id="<q-7@acme.test>")]
    notes += [Note(text, direction="outbound", subject="Connector") for text in ours]
    notes.append(
        Note("Lots of talk about data, actually. We rely on Snowflake for every report.", subject="Call")
    )
    account_id, _, ids = seed_account(services, "C-7", "Acme", notes, contact=("Greta Brandt", "g@acme.test"))
    return account_id, ids[0]


def test_a_question_no_record_answers_is_deferred_plainly_never_answered_with_fragments(
    services: Services, fake_model: FakeChatModel
) -> None:
    account_id, message_id = _refresh_account(services)
    fake_model.queue(_answer("Thank you for your message about the connector."), _answer())
    request = EmailRequest(account_id, "", reply_to_interaction_id=message_id)
    draft = generate_email(services, request_email(services, request).id)

    body = draft.body or ""
    first = body.index("As for how often the Snowflake connector refreshes, I don't have the details to hand")
    second = body.index("The same goes for whether you can trigger a refresh manually")
    assert first < second
    # Nothing the customer said comes back to them, and no unrelated record is restated.
    assert "You told us" not in body and "Let you know" not in body and "Lots of talk" not in body
    assert [f["type"] for f in draft.flags].count("commitment") == 2
    assert draft.timings["reply_questions"] == [
        {"question": "How often does the Snowflake connector refresh?", "answered_by": None},
        {"question": "Can we trigger a refresh manually?", "answered_by": None},
    ]


def test_a_record_of_ours_that_answers_is_stated_once_and_cited(
    services: Services, fake_model: FakeChatModel
) -> None:
    answer = "The Snowflake connector refreshes every 30 minutes, and you can trigger a refresh manually."
    account_id, message_id = _refresh_account(services, f"Hello Greta,\n\n{answer}\n\nBest, Bob")
    fake_model.queue(_answer("Thank you for your message about the connector."), _answer())
    request = EmailRequest(account_id, "", reply_to_interaction_id=message_id)
    draft = generate_email(services, request_email(services, request).id)

    body = draft.body or ""
    assert body.count("refreshes every 30 minutes") == 1
    assert "don't have the details" not in body
    assert not [f for f in draft.flags if f["type"] in ("commitment", "unsupported_claim")]
    assert _cited_at(draft, body.index("The Snowflake connector refreshes"))


def test_a_german_message_gets_a_german_deferral(services: Services, fake_model: FakeChatModel) -> None:
    message = (
        "Guten Tag,\n\nwie oft wird der Snowflake-Connector aktualisiert? Können wir das manuell starten?"
    )
    account_id, _, ids = seed_account(
        services,
        "C-8",
        "Acme",
        [Note(message, subject="Synchronisierung")],
        contact=("Greta Brandt", "g@acme.test"),
    )
    german = json.dumps(
        {
            "subject": "Ihre Frage",
            "opening": "vielen Dank für Ihre Nachricht zum Connector.",
            "next_step": "Passt Ihnen nächste Woche ein kurzes Gespräch?",
        }
    )
    fake_model.queue(german, german)
    draft = generate_email(
        services, request_email(services, EmailRequest(account_id, "", reply_to_interaction_id=ids[0])).id
    )

    body = draft.body or ""
    assert draft.language == "de"
    assert "Zu Ihrer ersten Frage liegen mir die Angaben noch nicht vor" in body
    assert "Auch zu Ihrer zweiten Frage melde ich mich bis" in body


@pytest.mark.parametrize(
    ("message", "greeting", "deferral", "closing"),
    [
        (
            "Buongiorno,\n\nogni quanto si aggiorna il connettore Snowflake? Potete avviarlo a mano?",
            "Buongiorno Greta,",
            "Per quanto riguarda la vostra prima domanda, non ho ancora tutti i dettagli",
            "Un cordiale saluto,",
        ),
        (
            "Goedemorgen,\n\nhoe vaak wordt de Snowflake-connector bijgewerkt? "
            "Kunt u dat met de hand starten?",
            "Beste Greta,",
            "Wat betreft uw eerste vraag: die gegevens heb ik nog niet bij de hand",
            "Met vriendelijke groet,",
        ),
    ],
)
def test_an_italian_or_dutch_message_gets_a_whole_letter_in_its_language(
    services: Services, fake_model: FakeChatModel, message: str, greeting: str, deferral: str, closing: str
) -> None:
    """The reply's greeting and closing were English around a body in the customer's language."""
    account_id, _, ids = seed_account(
        services,
        "C-9",
        "Acme",
        [Note(message, subject="Connettore")],
        contact=("Greta Brandt", "g@acme.test"),
    )
    english = _answer("Thank you for your message about the connector.")
    fake_model.queue(english, english)
    draft = generate_email(
        services, request_email(services, EmailRequest(account_id, "", reply_to_interaction_id=ids[0])).id
    )

    body = draft.body or ""
    assert body.startswith(greeting + "\n")
    assert deferral in body
    assert closing in body
    for english_word in ("Hello", "Dear", "Best regards", "Kind regards", "Thank you", "As for", "Your"):
        assert english_word not in body


@pytest.mark.parametrize(
    ("which", "error", "words"),
    [
        ("outbound", InvalidInputError, "our own outbound message"),
        ("note", InvalidInputError, "internal record"),
        ("internal_mail", InvalidInputError, "internal record"),
        ("call", InvalidInputError, "is a call"),
    ],
)
def test_replying_to_what_is_not_a_customers_message_is_refused_by_name(
    services: Services,
    fake_model: FakeChatModel,
    tmp_path: Path,
    which: str,
    error: type[Exception],
    words: str,
) -> None:
    crm = load_small_crm(services, tmp_path)
    with pytest.raises(error, match=words) as caught:
        request_email(services, EmailRequest(crm.account_id, "", reply_to_interaction_id=crm.ids[which]))
    assert f"interaction {crm.ids[which]}" in str(caught.value)
    with services.sessions() as session:
        assert session.query(Draft).count() == 0


def test_an_unknown_or_foreign_interaction_is_not_found(
    services: Services, fake_model: FakeChatModel, tmp_path: Path
) -> None:
    crm = load_small_crm(services, tmp_path)
    other, _, _ = seed_account(services, "C-9", "Other Co", [Note("Hello there, a question?")])
    for account_id, interaction_id in ((other, crm.ids["question"]), (crm.account_id, 999_999)):
        with pytest.raises(NotFoundError, match=f"interaction {interaction_id} not found"):
            request_email(services, EmailRequest(account_id, "", reply_to_interaction_id=interaction_id))


def test_a_reply_goes_to_whoever_wrote_the_message(
    services: Services, fake_model: FakeChatModel, tmp_path: Path
) -> None:
    crm = load_small_crm(services, tmp_path)
    with services.sessions() as session, session.begin():
        omar = Contact(account_id=crm.account_id, name="Omar Haddad", email="omar@acme.test")
        session.add(omar)
        session.flush()
        session.get_one(Interaction, crm.ids["question"]).contact_id = omar.id
        omar_id = omar.id
    opened = request_email(
        services, EmailRequest(crm.account_id, "", reply_to_interaction_id=crm.ids["question"])
    )
    assert opened.contact_id == omar_id


def test_a_request_for_documents_gets_a_flagged_promise_to_send_them(
    services: Services, fake_model: FakeChatModel
) -> None:
    message = (
        "Good morning Bob,\n\nProcurement needs a few documents for the renewal, including your latest "
        "security certificate and the standard contract. Who on your side can help with that?\n\n"
        "Let me know what you need from our side."
    )
    account_id, _, ids = seed_account(
        services,
        "C-10",
        "Acme",
        [Note(message, subject="Your upcoming renewal")],
        contact=("Greta Brandt", "g@acme.test"),
    )
    fake_model.queue(_answer("Thank you for your message about your upcoming renewal."), _answer())
    draft = generate_email(
        services, request_email(services, EmailRequest(account_id, "", reply_to_interaction_id=ids[0])).id
    )

    body = draft.body or ""
    promise = (
        "I can help with that: I will send you our latest security certificate and the standard contract by "
    )
    assert promise in body
    # Neither "your first question" nor a deferral of documents we hold.
    assert "question" not in body and "don't have the details" not in body
    commitment = [f for f in draft.flags if f["type"] == "commitment"]
    assert len(commitment) == 1
    assert body[slice(*commitment[0]["span"])].startswith(promise)
    assert "send them" in str(commitment[0]["detail"])


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        (
            "Plusieurs collègues demandent s'il est possible d'envoyer un rapport chaque lundi à 8 heures.",
            "s'il est possible d'envoyer un rapport chaque lundi à 8 heures",
        ),
        (
            "Mehrere Kollegen fragen, ob es möglich ist, jeden Montag einen Bericht zu senden.",
            "ob es möglich ist, jeden Montag einen Bericht zu senden",
        ),
        (
            "Several colleagues are asking whether the report can go out every Monday.",
            "whether the report can go out every Monday",
        ),
    ],
)
def test_a_question_told_about_colleagues_is_asked(message: str, asked: str) -> None:
    assert questions_in(message) == [asked]
