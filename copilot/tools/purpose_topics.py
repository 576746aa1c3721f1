"""The topics a rep's purpose names (a renewal, a price, a complaint, …), each with how a letter says it in
every letter language: "about your renewal" / "Your renewal" (English opening and subject), "Ihrer
Vertragsverlängerung" / "Ihre Vertragsverlängerung" (German), and so on. copilot/tools/purpose.py writes
the opening and the subject from them whenever it cannot say the purpose in the rep's own words.
"""

from __future__ import annotations

import re

TOPICS: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = (
    (
        re.compile(r"renew|verläng|renouvel|renova|rinnov|verleng", re.IGNORECASE),
        {
            "de": "Ihrer Vertragsverlängerung",
            "de_s": "Ihre Vertragsverlängerung",
            "fr": "de votre renouvellement",
            "fr_s": "Votre renouvellement",
            "en": "about your renewal",
            "en_s": "Your renewal",
            "es": "su renovación",
            "es_s": "Su renovación",
            "it": "al vostro rinnovo",
            "it_s": "Il vostro rinnovo",
            "nl": "uw contractverlenging",
            "nl_s": "Uw contractverlenging",
        },
    ),
    (
        re.compile(
            r"pric|discount|quote|offer|preis|angebot|prix|tarif|precio|descuento|prezz|scont|prijs|korting",
            re.IGNORECASE,
        ),
        {
            "de": "unserem Angebot",
            "de_s": "Unser Angebot",
            "fr": "de notre offre",
            "fr_s": "Notre offre",
            "en": "about our offer",
            "en_s": "Our offer",
            "es": "nuestra propuesta",
            "es_s": "Nuestra propuesta",
            "it": "alla nostra offerta",
            "it_s": "La nostra offerta",
            "nl": "ons aanbod",
            "nl_s": "Ons aanbod",
        },
    ),
    (
        re.compile(r"complain|beschwer|réclam|reclam|queja|segnala|klacht", re.IGNORECASE),
        {
            "de": "Ihrer Rückmeldung",
            "de_s": "Ihre Rückmeldung",
            "fr": "de votre réclamation",
            "fr_s": "Votre réclamation",
            "en": "about the issue you raised",
            "en_s": "The issue you raised",
            "es": "su reclamación",
            "es_s": "Su reclamación",
            "it": "alla vostra segnalazione",
            "it_s": "La vostra segnalazione",
            "nl": "uw melding",
            "nl_s": "Uw melding",
        },
    ),
    # An issue or a problem is not a complaint: "Check in on the NetSuite sync issue" was headed "Votre
    # réclamation" to a customer who had complained of nothing (a customer's reading, 2026-12-07).
    (
        re.compile(r"issue|problem|störung|incident|incidencia|probl[eè]m", re.IGNORECASE),
        {
            "de": "dem von Ihnen gemeldeten Problem",
            "de_s": "Das von Ihnen gemeldete Problem",
            "fr": "du problème que vous nous avez signalé",
            "fr_s": "Le problème signalé",
            "en": "about the issue you raised",
            "en_s": "The issue you raised",
            "es": "la incidencia que nos comunicó",
            "es_s": "La incidencia comunicada",
            "it": "alla vostra segnalazione",
            "it_s": "La vostra segnalazione",
            "nl": "uw melding",
            "nl_s": "Uw melding",
        },
    ),
    (
        re.compile(
            r"feature|roadmap|funktion|fonctionnalit|funcionalidad|funzionalit|functie", re.IGNORECASE
        ),
        {
            "de": "der zugesagten Funktion",
            "de_s": "Die zugesagte Funktion",
            "fr": "de la fonctionnalité promise",
            "fr_s": "La fonctionnalité promise",
            "en": "about the feature we promised",
            "en_s": "The feature we promised",
            "es": "la funcionalidad prometida",
            "es_s": "La funcionalidad prometida",
            "it": "alla funzionalità promessa",
            "it_s": "La funzionalità promessa",
            "nl": "de toegezegde functie",
            "nl_s": "De toegezegde functie",
        },
    ),
    (
        re.compile(
            r"commitment|next step|action|open point|zusage|engagement|compromiso|impegn|toezegging",
            re.IGNORECASE,
        ),
        {
            "de": "den offenen Punkten",
            "de_s": "Die offenen Punkte",
            "fr": "des points en suspens",
            "fr_s": "Les points en suspens",
            "en": "about the open points between us",
            "en_s": "Open points",
            "es": "los puntos pendientes",
            "es_s": "Los puntos pendientes",
            "it": "ai punti in sospeso",
            "it_s": "I punti in sospeso",
            "nl": "de openstaande punten",
            "nl_s": "De openstaande punten",
        },
    ),
    (
        re.compile(
            r"payment|invoice|billing|zahlung|rechnung|paiement|factur|pago|pagament|fattur|betaling",
            re.IGNORECASE,
        ),
        {
            "de": "Ihrer Rechnung",
            "de_s": "Ihre Rechnung",
            "fr": "de votre facturation",
            "fr_s": "Votre facturation",
            "en": "about your invoice",
            "en_s": "Your invoice",
            "es": "su facturación",
            "es_s": "Su facturación",
            "it": "alla vostra fatturazione",
            "it_s": "La vostra fatturazione",
            "nl": "uw facturatie",
            "nl_s": "Uw facturatie",
        },
    ),
    # A recap looks back on the meeting that was held; "our next meeting" would misread it.
    (
        re.compile(r"recap|summar|zusammenfass|récap|résumé|resumen|riepilog|samenvat", re.IGNORECASE),
        {
            "de": "unserem letzten Gespräch",
            "de_s": "Unser letztes Gespräch",
            "fr": "de notre dernier échange",
            "fr_s": "Notre dernier échange",
            "en": "about our last conversation",
            "en_s": "Our last conversation",
            "es": "nuestra última reunión",
            "es_s": "Nuestra última reunión",
            "it": "al nostro ultimo incontro",
            "it_s": "Il nostro ultimo incontro",
            "nl": "ons laatste overleg",
            "nl_s": "Ons laatste overleg",
        },
    ),
    (
        re.compile(
            r"meeting|demo|call|workshop|training|webinar|termin|réunion|formation|reunión|riunion|incontr|"
            r"vergader|overleg",
            re.IGNORECASE,
        ),
        {
            "de": "unserem nächsten Termin",
            "de_s": "Unser nächster Termin",
            "fr": "de notre prochain rendez-vous",
            "fr_s": "Notre prochain rendez-vous",
            "en": "about our next meeting",
            "en_s": "Our next meeting",
            "es": "nuestra próxima reunión",
            "es_s": "Nuestra próxima reunión",
            "it": "al nostro prossimo incontro",
            "it_s": "Il nostro prossimo incontro",
            "nl": "ons volgende overleg",
            "nl_s": "Ons volgende overleg",
        },
    ),
)
