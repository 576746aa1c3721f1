"""Promise words beyond the English "I will": promises in the other languages the risk words read, and
promises made for a team or a colleague named around the sentence (used by copilot/tools/call_items.py)."""

from __future__ import annotations

import itertools
import re

from copilot.tools.call_types import SENTENCES

# A promise in the other languages the risk words read: "Ich werde die Gutschrift bis Freitag veranlassen",
# "Je vais vous envoyer", "Vamos a revisar", "Ik zal". Quoted as said; only English is retold.
FOREIGN_SELF_ACTION = re.compile(
    r"\b(?:(?:ich|wir) (?:werde|werden)|je vais|nous allons|(?:yo )?voy a|vamos a|ik zal|we zullen|"
    # "Je vais être franc", "Ich werde ehrlich sein": being is no promise.
    r"wij zullen)\s+(?!(?:le |el |den |die |das |the )?(?:contrat|contrato|vertrag|contract)\b)"
    r"(?!(?:être|ser|estar|zijn|sein|ehrlich|franc|franche|honnête|sincero|sincera)\b)\w+|"
    # A dated promise in the present, as German, French and Spanish make it: "Ich schicke Ihnen die
    # korrigierte Rechnung spätestens bis Freitag" (a German call had no item, 2026-12-07).
    r"\b(?:ich|wir) (?:schicke|schicken|sende|senden|liefere|liefern|kläre|klären|prüfe|prüfen|rufe|rufen|"
    r"melde|melden|korrigiere|korrigieren|richte|richten|erstelle|erstellen|bereite|bereiten)\b"
    r"(?=[^.!?]*\b(?:bis|spätestens|morgen|heute|am \d{1,2}\.)(?!\w))|"
    # The verb before its subject, as German puts it after an object or "dann": "Die Zugangsdaten schicke
    # ich Ihnen bis Mittwoch", "Dann richte ich die Testanbindung bis zum 18. Dezember ein", and "Die Liste
    # kommt von mir, spätestens bis zum 15. Dezember" (a manager's German call, 2026-12-07: four of its
    # five dated promises were missed).
    r"\b(?:schicke|sende|liefere|kläre|prüfe|rufe|melde|korrigiere|richte|erstelle|bereite) ich\b"
    r"(?=[^.!?]*\b(?:bis|spätestens|morgen|heute|am \d{1,2}\.)(?!\w))|"
    r"\b(?:schicken|senden|liefern|klären|prüfen|rufen|melden|korrigieren|richten|erstellen|bereiten) wir\b"
    r"(?=[^.!?]*\b(?:bis|spätestens|morgen|heute|am \d{1,2}\.)(?!\w))|"
    r"\bkommt von (?:mir|uns)\b(?=[^.!?]*\b(?:bis|spätestens|morgen|heute|am \d{1,2}\.)(?!\w))|"
    r"\bje vous (?:envoie|rappelle|confirme|transmets)\b(?=[^.!?]*\b(?:d'ici|avant|demain|ce soir)\b)|"
    # French dated promises in the future or the present: "je vous donnerai notre réponse au plus tard le
    # 15 janvier", "j'organise une session de diagnostic avant le 16 décembre" (a manager's French call,
    # 2026-12-07, missed both).
    r"\b(?:je|nous) (?:vous |lui |leur )?[a-zéèêû]+(?:erai|rai|rons)\b"
    r"(?=[^.!?]*(?:\b(?:avant|demain|au plus tard|le \d{1,2})\b|d'ici))|"
    r"\bj'(?:organise|envoie|appelle|prépare|enverrai|organiserai|appellerai|préparerai)\b"
    r"(?=[^.!?]*(?:\b(?:avant|demain|au plus tard|le \d{1,2})\b|d'ici))|"
    r"\b(?:le|les|lo|la|se lo) (?:envío|mando|confirmo|llamo|preparo|respondo|reviso|escribo|paso)\b"
    r"(?=[^.!?]*\b(?:antes|mañana|hoy|el (?:lunes|martes|miércoles|jueves|viernes))\b)",
    re.IGNORECASE,
)


# "Your account manager, Bob, will contact you": the role before the name says who Bob is, the name owes.
ROLE_THEN_NAME = re.compile(
    r"^(?i:your|our) [a-z]+(?: [a-z]+){0,2}, ([A-Z][a-z]+(?: [A-Z][a-z]+)?),? (?=will\b)"
)
# "I've escalated it to our integrations team. They will email you the steps by 5pm today.": the team the
# sentence before names owes what "they" will do (a contact-centre chat listed none of the agent's promises).
THEY_WILL = re.compile(r"^(?:(?:and|so|then),?\s+)?they(?:'ll| will) (?!not\b|be\b)\w", re.IGNORECASE)
_OUR_TEAM = re.compile(r"\bour (?:[a-z]+ ){0,2}team\b", re.IGNORECASE)


def team_they_name(text: str) -> str | None:
    """The team of ours a "They will …" sentence acts for, named by the sentence before it, else None."""
    said = [s.strip() for s in SENTENCES.findall(text) if s.strip()]
    for before, sentence in itertools.pairwise(said):
        team = _OUR_TEAM.search(before)
        if team and THEY_WILL.match(sentence):
            return team[0][:1].lower() + team[0][1:]
    return None
