"""Greetings, lead-ins and sign-offs per language and formality, so the frame of a draft is always right.

The embedded model is small; it writes the short free parts (subject, opening, next step) and
everything that must honour the customer's preferences is composed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """The fixed parts of an email in one language and formality."""

    greeting: str
    facts_lead: str
    closing: str
    default_next_step: str


_FRAMES: dict[tuple[str, str], Frame] = {
    ("en", "formal"): Frame(
        "Dear {full},",
        "For reference, from our records:",
        "Kind regards,",
        "Could we schedule a short call next week to confirm the next steps?",
    ),
    ("en", "neutral"): Frame(
        "Hello {first},",
        "Here is what I have noted:",
        "Best regards,",
        "Would a short call next week work to go through the next steps?",
    ),
    ("en", "casual"): Frame(
        "Hi {first},",
        "Quick recap of where things stand:",
        "Cheers,",
        "Shall we grab a quick call next week to sort out the next steps?",
    ),
    ("de", "formal"): Frame(
        "Guten Tag {full},",
        "Zur Erinnerung aus unseren Unterlagen:",
        "Mit freundlichen Grüßen",
        "Können wir nächste Woche einen kurzen Termin vereinbaren, um die nächsten Schritte abzustimmen?",
    ),
    ("de", "neutral"): Frame(
        "Hallo {first},",
        "Kurz zusammengefasst:",
        "Viele Grüße",
        "Passt Ihnen nächste Woche ein kurzes Gespräch zu den nächsten Schritten?",
    ),
    ("de", "casual"): Frame(
        "Hallo {first},",
        "Kurz zusammengefasst:",
        "Viele Grüße",
        "Wollen wir nächste Woche kurz telefonieren?",
    ),
    ("fr", "formal"): Frame(
        "Bonjour {full},",
        "Pour rappel, d'après nos échanges :",
        "Je vous prie d'agréer mes salutations distinguées,",
        "Pourrions-nous prévoir un court appel la semaine prochaine pour convenir des prochaines étapes ?",
    ),
    ("fr", "neutral"): Frame(
        "Bonjour {first},",
        "En résumé :",
        "Bien cordialement,",
        "Un court appel la semaine prochaine vous conviendrait-il pour les prochaines étapes ?",
    ),
    ("fr", "casual"): Frame(
        "Salut {first},", "En résumé :", "À bientôt,", "On s'appelle la semaine prochaine ?"
    ),
    ("es", "formal"): Frame(
        "Buenos días, {full}:",
        "Como referencia, según nuestros registros:",
        "Atentamente,",
        "¿Podríamos agendar una breve llamada la próxima semana para confirmar los siguientes pasos?",
    ),
    ("es", "neutral"): Frame(
        "Hola {first}:",
        "En resumen:",
        "Saludos cordiales,",
        "¿Le vendría bien una llamada breve la próxima semana para ver los siguientes pasos?",
    ),
    ("es", "casual"): Frame("Hola {first},", "En resumen:", "¡Saludos!", "¿Hablamos la próxima semana?"),
}


def frame_for(language: str, formality: str) -> Frame:
    """The frame for a language and formality, falling back to neutral, then to English."""
    lang = (language or "en").lower()[:2]
    tone = (formality or "neutral").lower()
    return (
        _FRAMES.get((lang, tone))
        or _FRAMES.get((lang, "neutral"))
        or _FRAMES[("en", tone if tone in {"formal", "casual"} else "neutral")]
    )


def greeting(frame: Frame, full_name: str) -> str:
    """The salutation with the contact's name."""
    first = full_name.split()[0] if full_name.strip() else full_name
    return frame.greeting.format(full=full_name, first=first)
