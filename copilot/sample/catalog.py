"""The fixed pools behind the sample book: our reps, customer companies, people's names and titles."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from copilot.sample.model import Rep

REPS: tuple[Rep, ...] = (
    Rep("alice", "Alice", "Turner", "east", "Senior Account Executive", "+1 617 555 0142", "f"),
    Rep("bob", "Bob", "Kowalski", "east", "Account Executive", "+1 646 555 0178", "m"),
    Rep("chen", "Chen", "Wei", "west", "Senior Account Executive", "+1 415 555 0123", "m"),
    Rep("dana", "Dana", "Okafor", "west", "Account Manager", "+1 206 555 0191", "f"),
    Rep("emil", "Emil", "Larsen", "emea", "Account Director, EMEA", "+44 20 7946 0321", "m"),
)

# Joins technical calls and meetings; never owns an account.
SOLUTIONS_ENGINEER = Rep("priya", "Priya", "Nair", "west", "Solutions Engineer", "+1 415 555 0167", "f")


class Company(NamedTuple):
    """A customer company template: the first rows are the special cases every book must hold."""

    name: str
    domain: str
    industry: str
    country: str


# Order matters: the first MIN_ACCOUNTS rows hold the confusable pairs, the non-English accounts
# and the do-not-contact account, so every generated book contains them.
COMPANIES: tuple[Company, ...] = (
    Company("Acme Logistics", "acmelogistics.com", "Logistics", "us-east"),
    Company("Acme Logistic Partners", "acme-logistic-partners.com", "Logistics", "us-west"),
    Company("Brightwater Health", "brightwaterhealth.org", "Healthcare", "us-east"),
    Company("Brightwater Health Systems", "brightwater-hs.com", "Healthcare", "us-west"),
    Company("Nordlicht Energie GmbH", "nordlicht-energie.de", "Energy", "de"),
    Company("Maison Lefèvre Distribution", "maison-lefevre.fr", "Wholesale distribution", "fr"),
    Company("Grupo Alameda Logística", "grupoalameda.es", "Logistics", "es"),
    Company("Brandt & Söhne Maschinenbau", "brandt-soehne.de", "Industrial manufacturing", "de"),
    Company("Summit Ridge Outdoor", "summitridgeoutdoor.com", "Retail", "us-west"),
    Company("Harborview Credit Union", "harborviewcu.org", "Financial services", "us-east"),
    Company("Pinecrest Software", "pinecrest.io", "Software", "us-west"),
    Company("Cobalt Freight Systems", "cobaltfreight.com", "Logistics", "us-east"),
    Company("Lumen Dental Group", "lumendental.com", "Healthcare", "us-west"),
    Company("Redwood Biotech", "redwoodbio.com", "Life sciences", "us-west"),
    Company("Meridian Insurance Brokers", "meridian-ib.com", "Insurance", "us-east"),
    Company("Tidewater Foods", "tidewaterfoods.com", "Food and beverage", "us-east"),
    Company("Quarry Lane Architects", "quarrylane.co.uk", "Professional services", "uk"),
    Company("Fenwick & Hale Legal", "fenwickhale.co.uk", "Legal services", "uk"),
    Company("Orbital Media Labs", "orbitalmedia.co", "Media", "us-west"),
    Company("Granite State Utilities", "granitestateutil.com", "Utilities", "us-east"),
    Company("Silverline Telecom", "silverlinetel.com", "Telecommunications", "us-east"),
    Company("Keystone Property Partners", "keystonepp.com", "Real estate", "us-east"),
    Company("Bluebird Education Trust", "bluebirdedu.org", "Education", "us-west"),
    Company("Vantage Point Retail", "vantagepointretail.com", "Retail", "us-west"),
    Company("Copperleaf Manufacturing", "copperleafmfg.com", "Manufacturing", "us-east"),
    Company("Northgate Pharmacy Chain", "northgaterx.com", "Pharmacy retail", "us-east"),
    Company("Aurora Hotels & Resorts", "aurorahotels.com", "Hospitality", "us-west"),
    Company("Stellar Payroll Services", "stellarpayroll.com", "HR and payroll", "us-west"),
    Company("Crescent Bay Seafood", "crescentbayseafood.com", "Food and beverage", "us-west"),
    Company("Ironclad Security Services", "ironcladsec.com", "Security services", "us-east"),
    Company("Willow & Finch Home", "willowfinch.com", "E-commerce", "us-west"),
    Company("Dunmore Agricultural Co-op", "dunmorecoop.ie", "Agriculture", "ie"),
    Company("Polaris Renewables", "polaris-renewables.com", "Energy", "us-west"),
    Company("Fjordline Shipping AS", "fjordline-shipping.no", "Shipping", "no"),
    Company("Halcyon Travel Group", "halcyontravel.com", "Travel", "us-east"),
    Company("Kestrel Aerospace Components", "kestrelaero.com", "Aerospace", "us-west"),
    Company("Lakeshore Community Bank", "lakeshorebank.com", "Banking", "us-east"),
    Company("Mosaic Marketing Collective", "mosaicmc.com", "Marketing services", "us-west"),
    Company("Evergreen Waste Solutions", "evergreenwaste.com", "Environmental services", "us-east"),
    Company("Trailhead Fitness Clubs", "trailheadfitness.com", "Fitness", "us-west"),
)

MIN_ACCOUNTS = 10
DO_NOT_CONTACT_INDEX = 8
# Pairs of account positions that share one contact's first and last name (isolation tests).
SHARED_NAME_PAIRS: tuple[tuple[int, int, tuple[str, str, str]], ...] = (
    (0, 1, ("Maria", "Garcia", "f")),
    (2, 3, ("Daniel", "Kim", "m")),
    (4, 7, ("Anna", "Schmidt", "f")),
    (9, -1, ("Tom", "Walsh", "m")),
)

LANGUAGE_BY_COUNTRY = {"de": "de", "fr": "fr", "es": "es"}
TEAM_BY_COUNTRY = {"us-east": "east", "us-west": "west"}
CURRENCY_BY_COUNTRY = {"us-east": "USD", "us-west": "USD", "uk": "GBP", "no": "EUR"}
PHONE_PREFIX = {
    "us-east": "+1 212 555 01",
    "us-west": "+1 503 555 01",
    "uk": "+44 20 7946 0",
    "ie": "+353 1 555 0",
    "no": "+47 22 55 5",
    "de": "+49 30 5557 1",
    "fr": "+33 1 99 00 1",
    "es": "+34 91 555 1",
}

EN_FEMALE = (
    "Sarah", "Emily", "Olivia", "Rachel", "Megan", "Laura", "Hannah", "Grace", "Natalie", "Chloe",
    "Vanessa", "Monica", "Teresa", "Kimberly", "Aisha", "Leah", "Fiona", "Sophie", "Claire", "Rebecca",
    "Jasmine", "Erin", "Holly", "Nadia", "Yvonne", "Tamara", "Mei", "Joanna", "Bianca", "Lauren",
)  # fmt: skip
EN_MALE = (
    "Michael", "Jason", "Ryan", "Kevin", "Brian", "Marcus", "Steven", "Eric", "Patrick", "Gregory",
    "Andrew", "Nathan", "Omar", "Raj", "Tyler", "Derek", "Victor", "Samuel", "Connor", "Luis",
    "Trevor", "Hiroshi", "Dmitri", "Malik", "Owen", "Liam", "Ethan", "Aaron", "Wesley", "Graham",
)  # fmt: skip
EN_LAST = (
    "Whitfield", "Brennan", "Castillo", "Nakamura", "Okonkwo", "Lindqvist", "Harrington", "Delgado",
    "Patel", "Sullivan", "Morrison", "Reyes", "Thornton", "Gallagher", "Kowalczyk", "Abernathy", "Huang",
    "Mendez", "Park", "Osei", "Bishop", "Vance", "Caldwell", "Ferreira", "Iyer", "Lambert", "Novak",
    "Quinn", "Riordan", "Stein", "Tanaka", "Underwood", "Yates", "Zimmerman", "Holloway", "Beckett",
    "Chandra", "Donovan", "Ellison", "Foster", "Garrity", "Hughes", "Ingram", "Jensen", "Keller",
)  # fmt: skip
NAMES_BY_LANGUAGE: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (EN_FEMALE, EN_MALE, EN_LAST),
    "de": (
        ("Katrin", "Sabine", "Julia", "Claudia", "Birgit", "Franziska", "Jana", "Ute"),
        ("Jürgen", "Markus", "Stefan", "Tobias", "Matthias", "Uwe", "Florian", "Lukas"),
        ("Müller", "Weiß", "Hoffmann", "Schäfer", "Krüger", "Becker", "Wagner", "Köhler", "Fuchs", "Vogel"),
    ),
    "fr": (
        ("Camille", "Élodie", "Margaux", "Céline", "Aurélie", "Hélène"),
        ("Julien", "Mathieu", "François", "Thierry", "Antoine", "Rémi"),
        ("Dubois", "Moreau", "Laurent", "Girard", "Rousseau", "Bonnet", "Mercier", "Fontaine"),
    ),
    "es": (
        ("Lucía", "Carmen", "Elena", "Marta", "Pilar", "Inés"),
        ("Javier", "Alejandro", "Sergio", "Pablo", "Andrés", "Raúl"),
        ("Fernández", "Ruiz", "Navarro", "Ortega", "Castro", "Romero", "Molina", "Serrano"),
    ),
}

TITLES = (
    "Head of Data", "VP Operations", "Director of Business Intelligence", "Analytics Manager",
    "Chief Financial Officer", "IT Director", "Procurement Lead", "Senior Data Engineer",
    "Chief Operating Officer", "Senior Financial Analyst", "Head of Revenue Operations",
    "Reporting Lead", "Director of Finance", "Data Platform Manager", "VP Sales Operations",
    "Business Systems Analyst", "Controller", "Head of Customer Insights",
)  # fmt: skip

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII form of a name, the way mail admins build addresses."""
    folded = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def slugify(name: str) -> str:
    """File-name-safe slug of a company name, e.g. `Brandt & Söhne` -> `brandt-sohne`."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    ).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def language_of(country: str) -> str:
    """Preferred language of a company in a country."""
    return LANGUAGE_BY_COUNTRY.get(country, "en")


def team_of(country: str) -> str:
    """Sales team covering a country."""
    return TEAM_BY_COUNTRY.get(country, "emea")


def currency_of(country: str) -> str:
    """Contract currency for a country."""
    return CURRENCY_BY_COUNTRY.get(country, "EUR")


def reps_of(team: str) -> list[Rep]:
    """Reps on a team, in a fixed order."""
    return [rep for rep in REPS if rep.team == team]
