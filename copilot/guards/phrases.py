"""Find commitments ("we will deliver X by May") and references to earlier calls or meetings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from copilot.guards.dates import MONTH_PATTERN, MONTHS
from copilot.guards.entities import fold

_COMMIT_LEAD = (
    r"\b(?:(?:I|[Ww]e)\s*(?:will|['\u2019]ll|shall|(?:can|could)\s+(?:offer|confirm|guarantee|promise|"
    r"provide|extend|give|deliver|commit)|promise|guarantee|commit\s+to|(?:am|are|have)\s+committed\s+to)|"
    r"[Yy]ou\s+have\s+my\s+word|"
    r"will\s+be\s+(?:available|live|delivered|shipped|ready|released|included|enabled|fixed|resolved)|"
    r"is\s+scheduled\s+(?:for|to)|"
    r"(?:ich|wir)\s+(?:werden?|garantieren|versprechen|verpflichten\s+uns)|[Ww]ir\s+können\s+Ihnen|"
    r"wird\s+(?:bis|ab|zum|am)|"
    r"(?:je|nous)\s+(?:vais|allons|garantissons|promets|promettons|(?:m'|nous\s+)engage(?:ons)?\s+à|"
    r"pouvons\s+vous\s+proposer)|sera\s+disponible|"
    r"(?:vamos|voy)\s+a|nos\s+comprometemos|me\s+comprometo|garantizamos|podemos\s+ofrecer|"
    r"estará\s+disponible)\b"
)
# A clause runs to the sentence end; dots inside "36.5k" or a German "31. März" do not end it.
COMMIT_RE = re.compile(
    rf"(?:{_COMMIT_LEAD})(?:[^.!?;\n]|\.(?=\S)|(?<=\d)\.\s(?={MONTH_PATTERN}\b))*", re.IGNORECASE
)

_TRAILING_CITATIONS = re.compile(r"(?:[\s,]*\[[^\]\n]{1,20}\])*[\s,]*$")

# Words too common to identify what was promised; a commitment made only of these is generic.
_STOP_WORDS = """i we you they he she it me us them my our your their this that these those the a an and
    or but to of in on at by for with from as is are be been will shall can could would should 'll ll have has
    had do does did
    not no so if then per than also just any all some more soon asap possible happy glad able sure make sure
    get back touch follow up keep posted let know reach out help send over look into check come next week
    today tomorrow friday monday tuesday wednesday thursday week month day days time update updates again
    here there attached attach attachment enclosed below above please find thanks thank
    offer confirm guarantee promise provide extend give deliver commit committed word scheduled
    ich wir sie ihnen werden wird können bis zum am ab und die der das den dem ein eine je nous vous vais
    allons sera disponible le la les un une et vamos voy a el los las y para por que"""
STOP = frozenset(_STOP_WORDS.split())

_REF_CORE = (
    r"\bas\s+(?:we|I|you)?\s*(?:had\s+)?(?:discussed|agreed|promised|mentioned|requested|arranged|planned|"
    r"talked\s+about|spoke\s+about|(?:previously\s+)?(?:discussed|agreed))(?!\s+(?:below|above|in\s+this))|"
    r"\b(?:per|following|further\s+to|after|following\s+up\s+on|as\s+a\s+follow[- ]up\s+to|on|during|in|at|"
    r"from|thanks?\s+(?:you\s+)?for)\s+(?:(?:our|your|my)\s+|the\s+(?=(?:recent|last|earlier|previous)\s))"
    r"(?:(?:recent|last|earlier|previous|brief|quick|productive|great|good|phone|video|zoom|teams)\s+)*"
    r"(?:call|meeting|conversation|chat|discussion|talk|demo|visit|workshop|catch[- ]up|sync|phone\s+call)\b|"
    r"\bwhen\s+we\s+(?:last\s+)?(?:spoke|met|talked|chatted)\b|"
    r"\b(?:it\s+was\s+)?(?:great|good|nice|lovely)\s+(?:speaking|talking|meeting|chatting)\s+"
    r"(?:with|to)\s+you\b|"
    r"\bthanks?\s+(?:you\s+)?for\s+(?:your\s+time|taking\s+the\s+time|meeting\s+with)\b|"
    r"\b(?:we|you)\s+(?:spoke|talked|met)\b|\byou\s+(?:mentioned|told\s+me)\b|"
    r"\bwie\s+(?:telefonisch\s+|persönlich\s+|gestern\s+|besprochen\s+und\s+)?(?:besprochen|vereinbart|"
    r"versprochen|abgesprochen|erwähnt|angekündigt)\b|"
    r"\b(?:in|nach|bei|während|seit)\s+unserem\s+(?:letzten\s+|gestrigen\s+|heutigen\s+)?"
    r"(?:Gespräch|Telefonat|Termin|Meeting|Treffen|Call)\b|"
    r"\bDank\s+für\s+(?:das|Ihr)\s+(?:nette\s+|gute\s+)?(?:Gespräch|Telefonat)\b|"
    r"\bcomme\s+(?:convenu|discuté|promis|évoqué|mentionné|prévu|indiqué)\b|"
    r"\b(?:suite\s+à|lors\s+de|après|pendant)\s+(?:notre|votre)\s+(?:dernière?\s+|récente?\s+)?"
    r"(?:appel|réunion|échange|conversation|entretien|rendez-vous|discussion|visite)\b|"
    r"\bcomo\s+(?:acordamos|hablamos|comentamos|prometimos|quedamos|conversamos|mencionamos|"
    r"habíamos\s+hablado)\b|"
    r"\b(?:tras|después\s+de|durante|en|según)\s+(?:nuestra|nuestro)\s+(?:última\s+|último\s+|reciente\s+)?"
    r"(?:reunión|llamada|conversación|charla|videollamada)\b"
)
_WEEKDAY_NAMES = (
    "monday montag lundi lunes",
    "tuesday dienstag mardi martes",
    "wednesday mittwoch mercredi miércoles",
    "thursday donnerstag jeudi jueves",
    "friday freitag vendredi viernes",
    "saturday samstag samedi sábado",
    "sunday sonntag dimanche domingo",
)
WEEKDAYS = {name: day for day, names in enumerate(_WEEKDAY_NAMES) for name in names.split()}
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_WHEN = (
    rf"(?:yesterday|today|this\s+morning|earlier\s+today|last\s+week|this\s+week|last\s+month|"
    rf"earlier\s+this\s+week|(?:on\s+|last\s+|this\s+(?:past\s+)?|de\s+|du\s+|am\s+|ce\s+|el\s+)?"
    rf"{_WEEKDAY}|\b\w+\s+(?:days?|weeks?)\s+ago|gestern|heute|letzte\s+Woche|vergangene\s+Woche|hier|"
    rf"aujourd'hui|la\s+semaine\s+dernière|ayer|hoy|la\s+semana\s+pasada)"
)
MEETING_RE = re.compile(
    rf"\b(?:(?P<pre>{_WHEN})['\u2019]s\s+(?:call|meeting|conversation|chat|discussion|demo)\b"
    rf"|(?:{_REF_CORE}))"
    rf"(?:,?\s+(?P<post>{_WHEN})\b)?",
    re.IGNORECASE,
)
# "at our meeting next week" plans a meeting; it does not claim one happened.
_FUTURE = re.compile(
    r"[ ,]+(?:tomorrow|next|later|upcoming|this\s+coming|morgen|nächste|demain|prochain|mañana|próxim)", re.I
)
_CHANNELS = (
    ("call", r"call|phone|spoke|talked|telefon|appel|llamada|hablamos|chat"),
    ("meeting", r"meeting|met\b|meet|visit|workshop|demo|session|termin|treffen|réunion|rendez|reunión"),
)
_WINDOWS: tuple[tuple[str, float, float], ...] = (
    (r"yesterday|gestern|hier|ayer", 0.5, 2.5),
    (r"today|this morning|heute|aujourd'hui|hoy", 0.0, 1.0),
    (r"last week|letzte woche|vergangene woche|semaine dernière|semana pasada", 3.0, 15.0),
    (r"this week|earlier this week", 0.0, 7.5),
    (r"last month", 20.0, 63.0),
)


@dataclass(frozen=True)
class Window:
    """How long ago (in days) the referenced interaction must have happened; weekday when one is named."""

    label: str
    min_days: float
    max_days: float
    weekday: int | None = None


@dataclass(frozen=True)
class Reference:
    """A claimed earlier interaction: the channel it names (call, meeting or any) and when, if said."""

    channel: str
    window: Window | None


@dataclass(frozen=True)
class Commitment:
    """A promise found in text and the content words that say what was promised."""

    start: int
    end: int
    words: tuple[str, ...]


def content_words(text: str) -> tuple[str, ...]:
    """Folded words that carry meaning (no stop words, numbers or one-letter tokens)."""
    return tuple(
        w
        for w in fold(text).split()
        if len(w) > 2 and w not in STOP and w not in MONTHS and w not in WEEKDAYS and not w.isdigit()
    )


def iter_commitments(text: str) -> Iterator[Commitment]:
    """Promises with at least two content words; "I'll follow up" and similar are generic, not claims."""
    for m in COMMIT_RE.finditer(text):
        clause = _TRAILING_CITATIONS.sub("", m.group(0))
        end = m.start() + len(clause)
        words = content_words(m.group(0))
        if len(words) >= 2:
            yield Commitment(m.start(), end, words)


def _window(raw: str | None) -> Window | None:
    if not raw:
        return None
    label = " ".join(raw.lower().split())
    for pattern, low, high in _WINDOWS:
        if re.search(pattern, label):
            return Window(label, low, high)
    ago = re.match(r"(\w+)\s+(day|week)s?\s+ago", label)
    if ago:
        unit = 7.0 if ago.group(2) == "week" else 1.0
        count = {"a": 1, "one": 1, "two": 2, "three": 3, "few": 3, "couple": 2}.get(ago.group(1))
        count = count or (int(ago.group(1)) if ago.group(1).isdigit() else 3)
        return Window(label, max(0.0, (count - 1) * unit), (count + 1.5) * unit)
    day = next((WEEKDAYS[w] for w in re.findall(r"[^\W\d_]+", label) if w in WEEKDAYS), None)
    if day is not None:
        return Window(label, 0.0, 14.0 if label.startswith("last") else 8.0, day)
    return None


def _channel(phrase: str) -> str:
    lowered = phrase.lower()
    for channel, pattern in _CHANNELS:
        if re.search(pattern, lowered):
            return channel
    return "any"


def iter_references(text: str) -> Iterator[tuple[int, int, Reference]]:
    """Claims of an earlier call, meeting or discussion, with the time window they name."""
    pending: tuple[int, int, Reference] | None = None
    for m in MEETING_RE.finditer(text):
        if _FUTURE.match(text, m.end()):
            continue
        ref = Reference(_channel(m.group(0)), _window(m.group("pre") or m.group("post")))
        # "As promised on our call" is one claim, not two.
        if pending and not text[pending[1] : m.start()].strip(" ,"):
            merged = Reference(
                ref.channel if ref.channel != "any" else pending[2].channel, ref.window or pending[2].window
            )
            pending = (pending[0], m.end(), merged)
            continue
        if pending:
            yield pending
        pending = (m.start(), m.end(), ref)
    if pending:
        yield pending
