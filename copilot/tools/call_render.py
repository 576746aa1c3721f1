"""A call summary's structured content (every item citing utterances) and the text a reviewer reads."""

from __future__ import annotations

import re
from typing import Any

from copilot.guards.grounding import SourceText, verify
from copilot.guards.injection import detect_injection
from copilot.guards.junk import summary_is_junk
from copilot.index.embedder import Embedder
from copilot.tools.account_issues import ENGLISH, sentence_language
from copilot.tools.addressed_names import names_in
from copilot.tools.call_complaints import unnamed_risks
from copilot.tools.call_dates import with_its_day
from copilot.tools.call_decisions import (
    accepts_an_offer,
    decisions,
    states_a_decision,
    takes_up_a_proposal,
)
from copilot.tools.call_digest import (
    DigestSentence,
    addressee,
    dates_a_fix,
    digest,
    digest_text,
    speaks_for_us,
    voice,
)
from copilot.tools.call_items import action_items, action_sentence
from copilot.tools.call_promise_check import read_as_promises
from copilot.tools.call_record import CallRecord
from copilot.tools.call_risk_items import RISK_LABELS, risks
from copilot.tools.call_sentiment import call_sentiment
from copilot.tools.call_types import SENTENCES, CallItem, Utterance, object_points_back
from copilot.tools.discourse_openers import without_leading_words
from copilot.tools.introduced_names import named_customer
from copilot.tools.reported_speech import Voices, clean_turn, report_sentence, sentences
from copilot.tools.sentence_classes import SentenceLabeller
from copilot.tools.small_talk import is_small_talk_sentence, small_talk_turns
from copilot.tools.speaker_roles import Side, SpeakerRoles, is_role_label

NO_SUMMARY = (
    "No summary: the transcript has no informative sentences (only greetings, fillers or repeated phrases)."
)
_WORD = re.compile(r"[^\W\d_]{4,}")
_SIDE_NAMES = {Side.CUSTOMER: "customer", Side.OURS: "our side", Side.UNKNOWN: "unknown"}


def _extractive(call: CallRecord, concerns: frozenset[str] = frozenset()) -> dict[str, Any]:
    # Instruction-like turns are flagged to the reviewer and never retold in the summary. `concerns`: the
    # customer's complaints the trained models found, which the paragraph keeps like named risks.
    plain = [u for u in call.utterances if not detect_injection(u.text)]
    # A fix "in two weeks" is read weeks later: the day it means goes beside it.
    day = call.occurred_at.date()
    sentences = [
        DigestSentence(with_its_day(s.text, day), s.utterance) if dates_a_fix(s.text) else s
        for s in digest(plain, call.roles, concerns)
    ]
    if not sentences:
        return {"text": NO_SUMMARY, "utterances": [], "sentences": [], "writer": "extractive"}
    return {
        "text": digest_text(sentences),
        "utterances": sorted({s.utterance for s in sentences}),
        "sentences": [{"text": s.text, "utterance": s.utterance} for s in sentences],
        "writer": "extractive",
    }


def supporting_utterances(sentence: str, call: CallRecord, limit: int = 3) -> list[int]:
    """Utterances sharing the most content words with a sentence (at least two), best first."""
    words = {w.lower() for w in _WORD.findall(sentence)}
    scored = []
    for u in call.utterances:
        overlap = len(words & {w.lower() for w in _WORD.findall(u.text)})
        if overlap >= 2:
            scored.append((-overlap, u.n))
    return [n for _, n in sorted(scored)[:limit]]


def _told(sentence: str, voices: Voices) -> str:
    # Only English is retold in reported speech; another language is quoted after its speaker, as the
    # summary paragraph quotes it ("The agent: Ich werde die Gutschrift bis Freitag veranlassen.").
    if sentence_language(sentence) == ENGLISH:
        return report_sentence(sentence, voices)
    return f"{voices.speaker[:1].upper()}{voices.speaker[1:]}: {sentence.strip()}"


_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_LINKED = re.compile(r"^(?:then|and|so|also),?\s+", re.IGNORECASE)


def _retold(item: CallItem, call: CallRecord) -> dict[str, Any]:
    # A manager reads who does what ("The agent will call the customer tomorrow..."), not the raw turn;
    # the turn itself stays in `text` beside it for the reviewer.
    data = item.as_json()
    said = next((u for u in call.utterances if u.n == item.utterances[0]), None)
    if said is not None:
        others = [u.speaker for u in call.utterances if u.speaker != said.speaker]
        # A promise of the speaker's, or one made for a colleague, is heard by whom it is owed to.
        owed = item.owner == said.speaker or item.extra.get("promised_by")
        listener = item.extra.get("owed_to") if owed else item.owner
        if listener in (None, "both sides"):
            listener = others[0] if others else None
        heard = voice(listener, call.roles) if listener else "the other party"
        # What our side owes keeps our words ("escalate it to our engineering lead"), whoever says it: an
        # item is read by our manager, not scored against a third-person reference as the paragraph is.
        ours = call.roles.side(said.speaker) is Side.OURS
        # A name the call uses keeps its capital after "says" ("Sarah will send…"), as in the paragraph.
        voices = Voices(voice(said.speaker, call.roles), heard, ours=ours, names=names_in(call.utterances))
        stated = item.extra.get("resolved") or action_sentence(clean_turn(item.text))
        bare = without_leading_words(clean_turn(str(stated)))
        if item.extra.get("promised_by"):
            bare = _LINKED.sub("", bare)
        colleague = item.extra.get("promised_by") and not _SECOND_PERSON.search(bare)
        # "Priya from our team will run the training" is told as said: who does it is in the sentence.
        data["said"] = (bare[:1].upper() + bare[1:] if colleague else _told(bare, voices)) or item.text
    for field in ("owner", "owed_to"):
        if data.get(field):
            data[field] = party(str(data[field]), call.roles)
    return data


# How a side is named where a speaker's label is only a role ("Agent", "Kunde", "@ExampleSupport"): the
# manager reads "our agent owes the customer", never the export's label.
_PARTIES = {Side.OURS: "our agent", Side.CUSTOMER: "the customer"}


def party(speaker: str, roles: SpeakerRoles) -> str:
    """Who owes or is owed an item: the speaker's name, or their side when the label is only a role."""
    side = roles.side(speaker)
    generic = is_role_label(speaker) or roles.placed_by_role(speaker)
    return _PARTIES[side] if side in _PARTIES and generic else speaker


def _voices(call: CallRecord, index: int) -> Voices:
    # Who says turn `index` and to whom, as the summary names them.
    listener = addressee(call.utterances, index, call.roles)
    heard = voice(listener, call.roles) if listener else "the other party"
    speaker = call.utterances[index].speaker
    ours = speaks_for_us(speaker, call.roles)
    to_us = (
        bool(listener) and call.roles.side(speaker) is Side.CUSTOMER and speaks_for_us(listener, call.roles)
    )
    return Voices(voice(speaker, call.roles), heard, ours=ours, names=names_in(call.utterances), to_us=to_us)


def _retold_said(item: CallItem, call: CallRecord, stated: str = "") -> dict[str, Any]:
    # A risk or a decision as a manager reads it ("The customer says they will cancel...", "Emil Larsen
    # says their product team signed off, so ... ships to Carmen Molina's workspace"), cited; the
    # sentence itself stays in `text` for the reviewer. `stated` is the sentence with what a bare "both"
    # stands for, when the item found it.
    data = item.as_json()
    index = next(i for i, u in enumerate(call.utterances) if u.n == item.utterances[0])
    said = stated or item.text
    data["said"] = _told(_one_sentence(clean_turn(said)), _voices(call, index)) or item.text
    return data


def what_it_points_to(utterances: list[Utterance], index: int, sentence: str) -> tuple[int, str] | None:
    """For a sentence of turn `index` whose object is only "this" or "it", the index of the turn and the
    sentence that say what it is: the one before it in its turn, else the last one of the turn just before
    by someone else ("Our label printer integration stopped syncing orders." before "I'm escalating this
    as a P1 right now."); None when neither says anything beyond small talk."""
    said = [s.strip() for s in SENTENCES.findall(utterances[index].text) if s.strip()]
    at = said.index(sentence.strip()) if sentence.strip() in said else 0
    before = [s for s in said[:at] if not is_small_talk_sentence(s)]
    if before:
        return index, before[-1]
    earlier = next(
        (j for j in range(index - 1, -1, -1) if utterances[j].speaker != utterances[index].speaker), None
    )
    if earlier is None:
        return None
    found = [s.strip() for s in SENTENCES.findall(utterances[earlier].text) if s.strip()]
    found = [s for s in found if not is_small_talk_sentence(s)]
    return (earlier, found[-1]) if found else None


def _retold_decision(item: CallItem, call: CallRecord) -> dict[str, Any]:
    # "The agent is escalating this as a P1" says nothing about what is escalated: the sentence "this"
    # stands for comes first, retold and cited, as the summary paragraph brings it ("The customer says
    # their label printer integration stopped syncing orders, and the agent is escalating this ...").
    data = _retold_said(item, call, str(item.extra.get("resolved") or item.text))
    if item.extra.get("accepted_by"):
        # "Alice Turner suggests they drop to 210 seats, and Fiona Patel agrees": the terms as proposed,
        # then who took them up.
        agreed = voice(str(item.extra["accepted_by"]), call.roles)
        data["said"] = f"{str(data['said']).rstrip('.')}, and {agreed} agrees."
        return data
    index = next(i for i, u in enumerate(call.utterances) if u.n == item.utterances[0])
    found = what_it_points_to(call.utterances, index, item.text) if object_points_back(item.text) else None
    if found is None:
        return data
    at, sentence = found
    before = _told(without_leading_words(clean_turn(sentence)), _voices(call, at))
    if not before:
        return data
    decided = str(data["said"])
    decided = decided[:1].lower() + decided[1:] if decided.startswith("The ") else decided
    data["said"] = f"{before.rstrip('.')}, and {decided}"
    data["utterances"] = sorted({call.utterances[at].n, *item.utterances})
    return data


def _named_leaver(risk: dict[str, Any], call: CallRecord) -> dict[str, Any]:
    # Who is leaving is what a manager needs of a champion leaving: a role-labelled customer who gave their
    # name on the call ("Malik here.") is named, as the paragraph names them.
    if risk.get("kind") != "champion_leaving":
        return risk
    speaker = next(u.speaker for u in call.utterances if u.n == risk["utterances"][0])
    said = named_customer(str(risk.get("said") or ""), speaker, call.utterances, call.roles)
    # "Victor Holloway says … that they are leaving" reads as the customer leaving us: the one leaving is
    # the speaker, named (a manager's reading, 2026-12-07).
    teller = said.split(" says ", 1)[0] if " says " in said else ""
    if teller and not teller.lower().startswith("the "):
        said = said.replace(f"{teller} says they are leaving", f"{teller} is leaving", 1)
        said = _THEY_LEAVE.sub(f"{teller} is leaving", said, count=1)
    return {**risk, "said": said}


_THEY_LEAVE = re.compile(r"\bthey(?: are|'re) leaving\b")


def _one_sentence(text: str) -> str:
    # A risk kept with the sentence it points back to reads as one ("the texts go out twice, and it's been
    # frustrating for the team"), so it is retold once, by one speaker. An item stands alone, without the
    # question an opening "No, but" answered: those words go (discourse_openers.py, as on the account page).
    found = sentences(text)
    if len(found) != 2:
        return without_leading_words(text)
    first = without_leading_words(found[0]).rstrip(".!")
    second = found[1]
    return f"{first}, and {second[:1].lower()}{second[1:]}"


def build_structured(
    call: CallRecord, summary: str, embeddings: Embedder, labeller: SentenceLabeller | None = None
) -> tuple[dict[str, Any], bool]:
    """The structured result and whether a model-written summary was replaced by the extractive one.

    With `labeller` (the sentence classifier) the risks also hold what no risk word names: the customer's
    complaints both trained models read as one, and the warning signs the classifier reads as a risk
    (copilot/tools/call_complaints.py)."""
    replaced = bool(summary) and summary_is_junk(summary, call.subject)
    found_risks = risks(call.utterances)
    if labeller is not None:
        found_risks = sorted(
            found_risks + unnamed_risks(call, found_risks, embeddings, labeller),
            key=lambda item: item.utterances[0],
        )
    if summary and not replaced:
        text = summary.strip()
        written = {"text": text, "utterances": supporting_utterances(text, call), "writer": "model"}
    else:
        read = frozenset(r.text.strip() for r in found_risks if r.extra.get("read_by") == "models")
        written = _extractive(call, read)
    structured = {
        "interaction_id": call.interaction_id,
        "summary": written,
        "speakers": call.roles.as_json(),
        "action_items": [_retold(item, call) for item in _action_items(call, embeddings, labeller)],
        "decisions": [_retold_decision(item, call) for item in decisions(call.utterances)],
        "customer_sentiment": call_sentiment(call, found_risks, embeddings, labeller),
        "risks": [_named_leaver(_retold_said(item, call), call) for item in found_risks],
        "utterances": [
            {"n": u.n, "speaker": u.speaker, "side": call.roles.side(u.speaker).value, "text": u.text}
            for u in call.utterances
        ],
    }
    return structured, replaced


def _action_items(
    call: CallRecord, embeddings: Embedder, labeller: SentenceLabeller | None
) -> list[CallItem]:
    # The rules find the items; with the classifier, a promise it reads as something else goes. A step both
    # sides share that states a decision ("Agreed, let's hold the renewal talk until …") is the decision's,
    # and so is the other side taking up a proposal ("Let's do it. We'll add 40 seats").
    turn_of = {u.n: i for i, u in enumerate(call.utterances)}
    # A sentence recorded as a decision ("Liam will take over as platform owner from January 1st. That's
    # decided.") is listed once, there: as an item too it read as a task owed by the customer.
    decided = {(d.utterances[0], _plain(d.text)) for d in decisions(call.utterances)}
    # A promise made in the opening chat ("I'll text you tomorrow for the recipe") owes nothing to the call.
    chat = {call.utterances[i].n for i in small_talk_turns(call.utterances)}
    items = [
        item
        for item in action_items(call.utterances, call.occurred_at.date())
        if (item.utterances[0], _plain(action_sentence(item.text))) not in decided
        and item.utterances[0] not in chat
        and not (item.owner == "both sides" and states_a_decision(item.text))
        and not takes_up_a_proposal(call.utterances, turn_of[item.utterances[0]], action_sentence(item.text))
        and not accepts_an_offer(action_sentence(item.text))
    ]
    return items if labeller is None else read_as_promises(items, call, embeddings, labeller)


def _plain(sentence: str) -> str:
    return " ".join(sentence.casefold().split()).rstrip(" .!")


def _cites(numbers: list[int]) -> str:
    return "".join(f"[u{n}]" for n in numbers)


def _item_line(item: dict[str, Any]) -> str:
    extras = []
    if item.get("owner"):
        owes = f"{item['owner']} owes {item['owed_to']}" if item.get("owed_to") else item["owner"]
        extras.append(f"owner: {owes}")
    if item.get("due_date"):
        extras.append(f"due: {item['due_date']}")
    elif "due_date" in item:
        extras.append("no date agreed")
    if item.get("kind"):
        kind = str(item["kind"])
        extras.insert(0, RISK_LABELS.get(kind, kind.replace("_", " ")))
    tail = f" ({'; '.join(extras)})" if extras else ""
    return f"- {item.get('said') or item['text']}{tail} {_cites(item['utterances'])}"


def _speakers_line(structured: dict[str, Any]) -> str:
    speakers = structured["speakers"]["speakers"]
    named = ", ".join(f"{s['speaker']} ({_SIDE_NAMES[Side(s['side'])]})" for s in speakers)
    unknown = structured["speakers"]["unknown"]
    return f"Speakers: {named}" + (f". Side unknown: {', '.join(unknown)}" if unknown else "")


def render_body(structured: dict[str, Any]) -> tuple[str, tuple[int, int]]:
    """The reviewer-facing text, and the span of the summary paragraph inside it."""
    summary = structured["summary"]
    text = "Summary: "
    if summary.get("sentences"):
        cited = " ".join(f"{s['text']} {_cites([s['utterance']])}" for s in summary["sentences"])
        span = (len(text), len(text) + len(cited))
        text += cited + "\n"
    else:
        span = (len(text), len(text) + len(summary["text"]))
        text += f"{summary['text']} {_cites(summary['utterances'])}".rstrip() + "\n"
    text += _speakers_line(structured) + "\n"
    sections = [("Action items", "action_items"), ("Decisions", "decisions"), ("Risks", "risks")]
    for title, key in sections:
        lines = [_item_line(item) for item in structured[key]] or ["- none recorded"]
        text += f"\n{title}:\n" + "\n".join(lines) + "\n"
    mood = structured["customer_sentiment"]
    text += f"\nCustomer sentiment: {mood['label']} {_cites(mood['utterances'])}".rstrip()
    return text, span


def flags_for(
    call: CallRecord, body: str, span: tuple[int, int], *, model_wrote: bool
) -> list[dict[str, Any]]:
    """Unsupported claims in a model-written summary, injection attempts in utterances, unknown speakers."""
    flags: list[dict[str, Any]] = []
    if model_wrote:
        sources = [SourceText(u.n, u.text, call.occurred_at, "call", u.speaker) for u in call.utterances]
        speakers = sorted({u.speaker for u in call.utterances})
        report = verify(body[span[0] : span[1]], sources, allowed_names=speakers, now=call.occurred_at)
        for flag, claim in zip(report.as_flags(), report.unsupported, strict=True):
            flags.append({**flag, "span": [claim.start + span[0], claim.end + span[0]]})
    for u in call.utterances:
        for finding in detect_injection(u.text):
            detail = f"utterance [u{u.n}] contains {finding.category}: {finding.detail}"
            flags.append({"type": "injection", "span": None, "utterance": u.n, "detail": detail})
    if call.roles.unknown:
        detail = f"side of speaker(s) unknown: {', '.join(call.roles.unknown)}; add them as contacts or users"
        flags.append({"type": "unknown_speaker", "span": None, "detail": detail})
    return flags
