"""Words that name a risk to the relationship in the other languages the copilot reads (French, German,
Spanish, Italian, Dutch).

The sentence classifier and the English risk vocabulary (copilot/tools/call_risks.py) read English; a
customer who writes "nous allons résilier le contrat" or "das ist jetzt das dritte Mal, dass ich
nachfrage" names a churn threat or a complaint a manager must see all the same. Each language has one
table per risk kind, in the account summary's kinds (copilot/tools/account_risks.py), most severe
first, so a reviewer can read what counts as what. A table is used only for a sentence written in its
language (`languages.guess_language`): "concurrent" is a competitor in French and Dutch, not in English.
Tone words ("déçus", "enttäuscht") are kept apart, as in English: they darken a month and name the kind
of a sentence already called a risk, but are not a risk on their own. A legal department or a lawyer
named alone is routine ("Unsere Rechtsabteilung hat den Standardvertrag geschickt"); legal action is an
escalation.
"""

from __future__ import annotations

import re

from copilot.languages import guess_language

ENGLISH = "en"


def _table(**kinds: str) -> dict[str, re.Pattern[str]]:
    return {kind: re.compile(rf"\b(?:{words})", re.IGNORECASE) for kind, words in kinds.items()}


# Per language: churn threat, escalation (raised above us), complaint (to us), the complaint's tone
# words, a deadline that passed, a budget cut, a champion leaving. "complaint_tone" names a complaint on a
# summary (account_risks.named_risk), but the call vocabulary's risk_kind, which also finds promises that
# are threats, reads no tone.
FOREIGN_RISK_WORDS: dict[str, dict[str, re.Pattern[str]]] = {
    "fr": _table(
        churn_threat=r"résili\w*|mettre fin (?:au|à notre|à ce) contrat|ne pas renouvel\w*|"
        r"(?:ne|n')\s*(?:\w+\s+)?renouvel\w*\s+pas|non[- ]renouvellement|concurren\w*|"
        r"(?:d'autres|autres) (?:fournisseurs|prestataires|solutions|éditeurs)|"
        r"changer de (?:fournisseur|prestataire|solution)|(?:partir|passer) chez",
        escalation=r"escalad\w*|remont\w* (?:à|au|auprès de) (?:la|notre|votre) direction|"
        r"action en justice|poursuites judiciaires|mise en demeure|réclamation formelle|P[12]\b|"
        # Payment withheld as a lever: "sinon nous ne paierons pas la facture".
        r"(?:ne|n')\s*(?:paierons|payerons|réglerons) pas|suspendr\w* (?:le|les|nos) paiements?",
        complaint=r"plaintes?\b|réclamations?\b|inacceptable|pas acceptable|"
        r"(?:personne|aucun\w*) ne (?:nous )?(?:répond|rappelle)\w*|"
        r"(?:deuxième|troisième|quatrième|cinquième|énième) fois|toujours pas de réponse|sans réponse|"
        # "nous ne sommes pas satisfaits" (a manager's French call, 2026-12-07, had no complaint).
        r"(?:ne|n')\s*(?:sommes|suis|sont|est) pas (?:du tout )?satisfait\w*|insatisfait\w*",
        complaint_tone=r"mécontent\w*|déçus?\b|déçue?s?\b|décevant\w*|frustr\w*|ras le bol|excédé\w*",
        missed_deadline=r"(?:échéance|date limite|délai) (?:\w+ ){0,2}"
        r"(?:dépassé\w*|manqué\w*|non respecté\w*)|"
        r"(?:devait|devaient|aurait dû|auraient dû) être (?:livré|prêt|corrigé|résolu)\w*|"
        r"(?:sont|est) (?:\w+ )?en retard",
        budget_cut=r"(?:réduction|coupes?|gel) (?:du |de |des |de notre )?budg\w*|budget (?:réduit|gelé)|"
        r"trop cher|hausse (?:de|des) (?:prix|tarifs)",
        champion_leaving=r"quitte (?:l'entreprise|la société|l'équipe|son poste)|"
        r"a quitté (?:l'entreprise|la société)|dernier jour|démission\w*",
    ),
    "de": _table(
        churn_threat=r"kündigen\b|kündigung\w*|kündige\b|kündigt\b|nicht (?:mehr )?verlänger\w*|"
        r"Vertrag (?:\w+ ){0,3}(?:beenden|auflösen)|Wettbewerber\w*|Konkurren\w*|"
        r"(?:andere[nr]?|alternative[nr]?) (?:Anbieter\w*|Lösung\w*|Dienstleister\w*)|Anbieterwechsel|"
        r"(?:den )?Anbieter (?:zu )?wechseln",
        escalation=r"eskalier\w*|Eskalation\w*|formelle Beschwerde|"
        r"(?:rechtliche|juristische) Schritte|P[12]\b|"
        # Payment withheld as a lever: "…, zahlen wir die Rechnung nicht" (a manager's reading, 2026-12-07).
        r"(?:zahlen|bezahlen|begleichen) wir (?:\w+ ){0,3}nicht|"
        r"wir (?:zahlen|bezahlen|begleichen) (?:\w+ ){0,3}nicht|Zahlung\w* (?:\w+ ){0,2}"
        r"(?:zurückhalten|zurückbehalten|einstellen|verweigern|aussetzen)",
        complaint=r"Beschwerde\w*|beschwer\w*|Reklamation\w*|inakzeptabel|nicht akzeptabel|"
        r"niemand (?:antwortet|meldet sich|ruft zurück)|(?:zweite|dritte|vierte|fünfte)n? Mal|"
        r"keine (?:Antwort|Rückmeldung)",
        complaint_tone=r"frustrier\w*|enttäusch\w*|unzufrieden\w*|verärgert\w*|ärgerlich",
        missed_deadline=r"(?:Frist|Termin|Deadline) (?:\w+ ){0,2}(?:verpasst|überschritten|versäumt|"
        r"nicht eingehalten)|überfällig\w*|(?:hätte|hätten|sollte|sollten) (?:\w+ ){0,4}"
        r"(?:fertig|geliefert|behoben) sein",
        # A slip foretold, which the English classifier reads as a warning sign on an English call: "…,
        # verschiebt sich der Go-live wahrscheinlich auf März" (a manager's German call, 2026-12-07, had no
        # risk); a warning, not a mood.
        warning_sign=r"verschiebt sich (?:\w+ ){0,3}(?:Go-live|Start|Einführung|Projekt)\w*|"
        r"Verzögerung\w* (?:beim|des|der) (?:Go-live|Start|Einführung|Projekt)\w*",
        # "Unser Budget für Software wird im nächsten Jahr um 15 Prozent gekürzt" (2026-12-07).
        budget_cut=r"Budgetkürzung\w*|Budget (?:\w+ ){0,10}?(?:gekürzt|eingefroren|gestrichen)|"
        r"Kürzung\w* (?:des|im) Budget|Sparmaßnahmen|zu teuer|Preiserhöhung\w*",
        champion_leaving=r"verlässt (?:das Unternehmen|die Firma|uns)|"
        r"(?:hat|haben) (?:das Unternehmen|die Firma) verlassen|letzte[nr]? Arbeitstag|hat gekündigt",
    ),
    "es": _table(
        churn_threat=r"cancelar\w*|cancelaremos|rescindir|rescisión|dar(?:nos)? de baja|"
        r"no (?:vamos a )?renovar\w*|competencia|competidor\w*|(?:otros|otras) (?:proveedores|soluciones)|"
        r"cambiar de proveedor|"
        # "…, no firmamos la ampliación para la oficina de Oporto" (a Spanish call, 2026-12-07).
        r"no (?:firmamos|firmaremos|vamos a firmar)",
        escalation=r"escalar\w*|queja formal|escalad\w*|escalamiento|acciones legales|P[12]\b|"
        r"no (?:la |lo |las |los )?(?:pagaremos|vamos a pagar)|suspender\w* (?:el|los) pagos?",
        complaint=r"quejas?\b|reclamaci[oó]n\w*|reclamo\w*|inaceptable|"
        r"nadie (?:nos )?(?:ha |han )?(?:responde|contesta|respondido|contestado)\w*|"
        r"(?:segunda|tercera|cuarta|quinta) vez|sin respuesta",
        complaint_tone=r"frustra\w*|decepciona\w*|molest\w*|insatisfech\w*",
        missed_deadline=r"fecha (?:límite )?(?:vencida|incumplida)|plazo (?:vencido|incumplido)|"
        r"(?:debía|debería haber|tenía que) estar (?:listo|resuelto|entregado)",
        budget_cut=r"recortes? (?:de|del) presupuesto|recortes presupuestarios|"
        r"congelación (?:de|del) presupuesto|"
        r"demasiado caro|subida de precios",
        champion_leaving=r"deja la empresa|dejó la empresa|último día|renunci\w*",
    ),
    "it": _table(
        churn_threat=r"disdir\w*|disdetta|recedere|recesso|non rinnover\w*|concorren\w*|altri fornitori|"
        r"cambiare fornitore",
        escalation=r"escalation|escalare|reclamo formale|azioni legali|P[12]\b",
        complaint=r"reclam\w*|lamentel\w*|inaccettabile|nessuno (?:ci )?risponde|"
        r"(?:seconda|terza|quarta|quinta) volta|senza risposta",
        complaint_tone=r"frustra\w*|delus\w*|insoddisfatt\w*",
        missed_deadline=r"scadenza (?:superata|mancata|non rispettata)|"
        r"doveva essere (?:pronto|consegnato|risolto)",
        budget_cut=r"tagli\w* (?:al|del) budget|budget (?:ridotto|congelato)|troppo caro|"
        r"aumento (?:dei|di) prezz\w*",
        champion_leaving=r"lascia l'azienda|ha lasciato l'azienda|ultimo giorno|dimission\w*",
    ),
    "nl": _table(
        churn_threat=r"opzeg\w*|niet verlengen|concurrent\w*|andere leveranciers?|overstappen",
        escalation=r"escaler\w*|formele klacht|geëscaleerd|juridische stappen|P[12]\b",
        complaint=r"klacht\w*|onacceptabel|niemand (?:reageert|antwoordt|belt)|(?:tweede|derde|vierde) keer|"
        r"geen (?:antwoord|reactie)",
        complaint_tone=r"gefrustreerd|teleurgesteld|ontevreden",
        missed_deadline=r"deadline (?:gemist|verstreken)|had (?:al )?(?:klaar|opgelost|geleverd) moeten",
        budget_cut=r"bezuinig\w*|budget (?:\w+ )?(?:verlaagd|bevroren|gekort)|te duur|prijsverhoging",
        champion_leaving=r"verlaat het bedrijf|heeft het bedrijf verlaten|laatste (?:werk)?dag|"
        r"ontslag genomen",
    ),
}
# "nous n'allons pas résilier", "wir wollen nicht kündigen", "no queremos cancelar", "keine Beschwerde":
# a negation right before the cue (one word may sit between) denies it; "wir kündigen nicht" after it.
_DENIED_BEFORE = re.compile(
    r"\b(?:pas|ne|n'|jamais|aucune?|sans|nicht|kein\w*|nie|niemals|ohne|no|nunca|sin|ningun\w*|non|mai|"
    r"nessun\w*|senza|niet|geen|nooit|zonder)\s+(?:[\w']+\s+)?$",
    re.IGNORECASE,
)
_DENIED_AFTER = re.compile(r"^\s+(?:nicht|niet|pas)\b", re.IGNORECASE)


def sentence_language(text: str) -> str:
    """The language a sentence is written in by its function words; English when none can be told."""
    return guess_language(text, expected=ENGLISH) or ENGLISH


def foreign_risk_cue(text: str) -> tuple[str, str] | None:
    """The most severe risk kind a non-English sentence names in its own words and those words, or None
    (English sentences, denied cues). Tone words come back as the kind "complaint_tone"."""
    table = FOREIGN_RISK_WORDS.get(sentence_language(text))
    if table is None:
        return None
    for kind, pattern in table.items():
        for match in pattern.finditer(text):
            if not _DENIED_BEFORE.search(text[: match.start()]) and not _DENIED_AFTER.match(
                text[match.end() :]
            ):
                return kind, match[0]
    return None
