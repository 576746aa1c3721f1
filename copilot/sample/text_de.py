"""German email phrases for accounts that prefer `de`."""

from __future__ import annotations

from copilot.sample.texts import TextPack, Topic

_TOPICS = {
    "renewal": Topic(
        subjects=("Verlängerung unseres Vertrags", "Angebot für die Verlängerung"),
        inbound=(
            "Unsere Finanzabteilung plant bereits das Budget für das kommende Jahr und bittet um ein "
            "aktualisiertes Angebot. Bitte berücksichtigen Sie dabei die aktuelle Anzahl der Nutzer.",
            "Vor der Verlängerung möchten wir verstehen, was sich an den neuen Preisstufen ändert. Wir "
            "nutzen hauptsächlich Dashboards und zwei Konnektoren.",
            "Unser Einkauf benötigt für die Verlängerung einige Unterlagen, unter anderem Ihr aktuelles "
            "Sicherheitszertifikat und den Standardvertrag.",
        ),
        outbound=(
            "Da Ihre Verlängerung bevorsteht, würde ich gerne gemeinsam mit Ihnen auf die Nutzung der "
            "Plattform im letzten Jahr schauen. Hätten Sie nächste Woche dreißig Minuten Zeit?",
            "Ich habe auf Basis Ihrer aktuellen Nutzung ein Angebot vorbereitet. Es enthält dieselben "
            "Konnektoren und zusätzlich den Premium-Support, nach dem Ihre Administratoren gefragt hatten.",
            "Unsere Rechtsabteilung hat den Standardvertrag an Ihren Einkauf geschickt. Falls Sie Änderungen "
            "an den Zahlungsbedingungen benötigen, geben Sie mir bitte frühzeitig Bescheid.",
        ),
    ),
    "dashboards": Topic(
        subjects=("Frage zu den Dashboards", "Rückmeldung aus dem Controlling"),
        inbound=(
            "Unser Controlling arbeitet seit einigen Wochen mit den neuen Dashboards. Der wichtigste Wunsch "
            "ist, gleichzeitig nach Region und Produktlinie filtern zu können.",
            "Mehrere Kollegen haben gefragt, ob man jeden Montag um 8 Uhr automatisch einen Bericht "
            "verschicken kann. Derzeit exportiert jemand die Zahlen von Hand.",
            "Einem Abteilungsleiter ist aufgefallen, dass die Summen auf der Übersichtsseite nicht mit der "
            "Detailansicht übereinstimmen. Können Sie sich das bitte ansehen?",
        ),
        outbound=(
            "Die Kombination aus Regions- und Produktfilter ist bereits heute möglich. Gerne zeige ich Ihrem "
            "Team in einer kurzen Sitzung, wie das funktioniert.",
            "Geplante Berichte sind in Ihrem Paket enthalten. Sie finden die Funktion unter Teilen und "
            "Planen, dort wählen Sie Wochentag, Uhrzeit und Empfänger.",
            "Vielen Dank für den Hinweis auf die Abweichung. Meist liegt das an einem Filter, der nur für "
            "die Detailansicht gilt. Könnten Sie mir einen Screenshot beider Ansichten schicken?",
        ),
    ),
    "billing": Topic(
        subjects=("Frage zur Rechnung {inv}", "Neue Rechnungsanschrift"),
        inbound=(
            "Auf der Rechnung {inv} ist die Anzahl der Nutzer höher als vereinbart. Könnten Sie das bitte "
            "prüfen und uns gegebenenfalls eine korrigierte Rechnung schicken?",
            "Unsere Buchhaltung hat auf ein neues System umgestellt. Bitte senden Sie künftige Rechnungen an "
            "ein anderes Postfach, die Adresse schicke ich Ihnen noch.",
            "Wäre es möglich, von quartalsweiser auf jährliche Abrechnung umzustellen? Das würde unserer "
            "Finanzabteilung die Arbeit deutlich erleichtern.",
        ),
        outbound=(
            "Vielen Dank für den Hinweis. Unsere Buchhaltung prüft die Rechnung {inv} bereits, ich melde "
            "mich, sobald ich eine Antwort habe.",
            "Eine jährliche Abrechnung ist ab der nächsten Abrechnungsperiode möglich. Ich habe die "
            "Umstellung veranlasst, Sie erhalten dazu eine schriftliche Bestätigung.",
            "Ich habe die Rechnungsanschrift in unserem System aktualisiert. Die nächste Rechnung geht an "
            "die neue Adresse, und ich prüfe persönlich, dass sie ankommt.",
        ),
    ),
    "connectors": Topic(
        subjects=("Probleme mit der {source}-Synchronisierung", "Neue Datenquelle {source}"),
        inbound=(
            "Die Synchronisierung mit {source} war diese Woche deutlich langsamer als sonst. Die Dashboards "
            "werden erst gegen Mittag aktualisiert statt am frühen Morgen.",
            "Wir möchten {source} als neue Datenquelle anbinden. Gibt es eine empfohlene Konfiguration, und "
            "sollten wir dafür ein eigenes Dienstkonto anlegen?",
            "Einige Datensätze aus {source} fehlen in den Dashboards. Ich habe etwa {n} Zeilen gezählt, die "
            "in der Quelle vorhanden sind, bei Ihnen aber nicht erscheinen.",
        ),
        outbound=(
            "Ich habe unser Support-Team gebeten, sich die Synchronisierung mit {source} anzusehen. Sie "
            "erhalten bis morgen eine erste Einschätzung.",
            "Für {source} empfehlen wir ein eigenes Dienstkonto mit Lesezugriff. Ich schicke Ihnen die "
            "Anleitung, in der auch die nötigen Berechtigungen beschrieben sind.",
            "Vielen Dank für die genaue Beschreibung. Unsere Entwickler haben festgestellt, dass die "
            "Datensätze durch eine alte Regel gefiltert wurden, und passen diese gerade an.",
        ),
    ),
    "training": Topic(
        subjects=("Schulung für neue Nutzer", "Workshop für das Controlling"),
        inbound=(
            "Im nächsten Monat kommen {n} neue Kolleginnen und Kollegen in unser Team. Könnten Sie für sie "
            "eine kurze Einführung in die Plattform durchführen?",
            "Unsere erfahrenen Nutzer wünschen sich eine Vertiefung zu berechneten Feldern und eigenen "
            "Kennzahlen. Bieten Sie so etwas an?",
            "Vielen Dank für den Workshop letzte Woche. Die Rückmeldungen waren sehr positiv, und viele "
            "wünschen sich eine Fortsetzung.",
        ),
        outbound=(
            "Sehr gerne führen wir eine Einführung für die neuen Kolleginnen und Kollegen durch. Unsere "
            "Standardschulung dauert eine Stunde und deckt Navigation, Filter und Freigaben ab.",
            "Eine Vertiefung zu berechneten Feldern ist eine gute Idee. Wir können dafür Ihre eigenen Daten "
            "verwenden, damit die Beispiele vertraut wirken.",
            "Es freut mich, dass der Workshop hilfreich war. Für die Fortsetzung schlage ich eine praktische "
            "Sitzung vor, in der jeder einen eigenen Bericht erstellt.",
        ),
    ),
}

DE = TextPack(
    greetings={
        "formal": ("Sehr geehrte{r} {honorific} {last},",),
        "neutral": ("Guten Tag {honorific} {last},",),
        "casual": ("Hallo {first},",),
    },
    honorifics={"f": "Frau", "m": "Herr"},
    openers={
        # German letters continue in lower case after the comma of the greeting.
        "first_in": (
            "ich hoffe, es geht Ihnen gut.",
            "ich wende mich heute mit einer Frage an Sie.",
            "ich melde mich wegen eines Themas aus unserem Team.",
        ),
        "first_out": (
            "ich hoffe, Sie hatten einen guten Start in die Woche.",
            "ich melde mich im Anschluss an unser letztes Gespräch.",
        ),
        "reply_in": (
            "vielen Dank für Ihre schnelle Antwort.",
            "danke für die Informationen, das hilft uns weiter.",
            "entschuldigen Sie bitte die späte Rückmeldung.",
        ),
        "reply_out": ("vielen Dank für Ihre Rückmeldung.", "danke für die Details, das ist sehr hilfreich."),
    },
    closings={
        "in": (
            "Über eine kurze Rückmeldung bis Ende der Woche würde ich mich freuen.",
            "Ich freue mich auf Ihre Antwort.",
        ),
        "out": (
            "Wenn es Ihnen passt, können wir am Donnerstag kurz telefonieren.",
            "Bei Fragen melden Sie sich gerne jederzeit.",
        ),
    },
    generic={
        "in": (
            "Außerdem ziehen wir Ende des Monats in neue Büroräume, daher kann es in dieser Zeit etwas "
            "länger dauern, bis wir antworten.",
            "Nebenbei bemerkt: In unserer Quartalsplanung wurde das Thema Datenanalyse mehrfach als "
            "Priorität für das nächste Jahr genannt.",
            "Ich bin am Mittwoch nicht im Büro, lese meine E-Mails aber am Abend.",
        ),
        "out": (
            "Übrigens veranstalten wir nächsten Monat ein Webinar zum Thema Dashboard-Design, zu dem Ihr "
            "Team herzlich eingeladen ist.",
            "Unser nächstes Release enthält außerdem mehrere Verbesserungen bei den Filtern, nach denen Ihr "
            "Team gefragt hatte.",
            "Geben Sie mir bitte Bescheid, falls weitere Personen auf Ihrer Seite informiert werden sollen.",
        ),
    },
    signoffs={
        "formal": ("Mit freundlichen Grüßen",),
        "neutral": ("Viele Grüße", "Beste Grüße"),
        "casual": ("Viele Grüße", "Liebe Grüße"),
    },
    topics=_TOPICS,
    reply_prefix="AW: ",
)
