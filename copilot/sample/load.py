"""Generate the sample CRM as files and ingest them through the connectors, like a user would."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot.config import (
    adopt_organization,
    organization_path,
    read_organization_file,
    write_organization_file,
)
from copilot.container import Services
from copilot.ingest.pipeline import IngestPipeline, IngestReport, VectorBacklog
from copilot.ingest.service import ingest_location
from copilot.sample.generate import generate_sample
from copilot.sample.model import OUR_COMPANY, OUR_DOMAIN

# CSV tables first so that mail, calls and meetings resolve to known accounts and contacts.
LOAD_ORDER: list[tuple[str, str]] = [
    ("csv", "crm/companies.csv"),
    ("csv", "crm/contacts.csv"),
    ("csv", "crm/activities.csv"),
    ("email", "mail"),
    ("transcript", "calls"),
    ("ics", "meetings"),
]


@dataclass
class SampleLoad:
    """Where the sample was written and what each ingest step did."""

    directory: Path
    reports: dict[str, IngestReport] = field(default_factory=dict)

    @property
    def failed(self) -> list[dict[str, str]]:
        """Every failure of every step."""
        return [f for report in self.reports.values() for f in report.failed]

    def totals(self) -> dict[str, int]:
        """Summed counts over the steps."""
        keys = ("new", "updated", "unchanged", "deleted", "chunks")
        return {k: sum(getattr(r, k) for r in self.reports.values()) for k in keys}


def load_sample(
    services: Services,
    directory: Path | None = None,
    *,
    seed: int = 7,
    progress: Callable[[str, int], None] | None = None,
) -> SampleLoad:
    """Write the sample files (if not there yet) and ingest them in dependency order."""
    target = directory or services.settings.data_dir / "sample"
    if not (target / "answer_key.json").exists():
        generate_sample(target, seed=seed)
    services.migrate()
    use_sample_organization(services)
    result = SampleLoad(target)
    # One vector write for all six files: a Chroma write per account per file would cost more
    # than everything else the load does.
    backlog = VectorBacklog()
    for kind, relative in LOAD_ORDER:
        step = f"{kind}:{relative}"
        tick = (lambda n, s=step: progress(s, n)) if progress else None
        result.reports[step] = ingest_location(
            services, kind, target / relative, progress=tick, backlog=backlog
        )
    result.reports["vectors"] = IngestReport(chunks=IngestPipeline(services).write_vectors(backlog))
    return result


def sample_organization() -> dict[str, object]:
    """Who "we" are in the sample: its company, domain and sender."""
    return {"company_name": OUR_COMPANY, "our_domains": [OUR_DOMAIN], "smtp_from": f"copilot@{OUR_DOMAIN}"}


def use_sample_organization(services: Services) -> None:
    """Record the sample's organization in the data dir (unless one is there) and use it in this process.

    Mail must be classified against the sample's domain as it is ingested, and every later command
    on this data dir (drafts, delivery) must sign and send as the sample's company.
    """
    data_dir = services.settings.data_dir
    if organization_path(data_dir).exists():
        values = read_organization_file(data_dir)  # the data dir's own organization stays
    else:
        values = sample_organization()
        write_organization_file(data_dir, values)
    adopt_organization(services.settings, values)


def answer_key(directory: Path) -> dict[str, Any]:
    """The planted facts and scenarios of a generated sample."""
    data: dict[str, Any] = json.loads((directory / "answer_key.json").read_text(encoding="utf-8"))
    return data
