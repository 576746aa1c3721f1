"""Shape of a language's email phrase pack, and lookup of the pack for a language."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """What a thread is about: subject lines and paragraphs from each side."""

    subjects: tuple[str, ...]
    inbound: tuple[str, ...]
    outbound: tuple[str, ...]


@dataclass(frozen=True)
class TextPack:
    """All phrases needed to write business email in one language.

    Keys of `openers`: first_in, first_out, reply_in, reply_out. Keys of `closings` and `generic`:
    in, out. Greetings are keyed by formality and use {first}, {last} and {honorific}.
    """

    greetings: dict[str, tuple[str, ...]]
    honorifics: dict[str, str]
    openers: dict[str, tuple[str, ...]]
    closings: dict[str, tuple[str, ...]]
    generic: dict[str, tuple[str, ...]]
    signoffs: dict[str, tuple[str, ...]]
    topics: dict[str, Topic]
    reply_prefix: str = "Re: "


FILLERS: dict[str, tuple[str, ...]] = {
    "dept": ("finance", "operations", "sales", "marketing", "supply chain", "customer success"),
    "weekday": ("Tuesday", "Wednesday", "Thursday"),
    "source": ("Salesforce", "Snowflake", "HubSpot", "NetSuite", "BigQuery", "Postgres"),
    "quarter": ("Q1", "Q2", "Q3", "Q4"),
    "product": ("Northwind Insights", "Northwind Pipelines", "Northwind Embedded"),
}


def fillers(rng: random.Random, company: str, year: int) -> dict[str, str]:
    """Plausible values for every phrase placeholder; draw once per thread so a thread stays consistent."""
    values = {key: rng.choice(options) for key, options in FILLERS.items()}
    values.update(
        company=company,
        year=str(year),
        n=str(rng.randrange(12, 240)),
        inv=f"INV-{rng.randrange(24000, 29999)}",
        day=str(rng.randint(2, 27)),
    )
    return values


def fill(template: str, values: dict[str, str]) -> str:
    """Fill a phrase's placeholders from `fillers` values."""
    return template.format(**values) if "{" in template else template


def pack_for(language: str) -> TextPack:
    """The phrase pack for a language code (en, de, fr, es)."""
    # Imported here to keep the big phrase modules out of import cycles.
    from copilot.sample.text_de import DE
    from copilot.sample.text_en import EN
    from copilot.sample.text_fr_es import ES, FR

    return {"en": EN, "de": DE, "fr": FR, "es": ES}[language]
