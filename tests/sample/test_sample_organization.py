"""`copilot sample load` makes its data dir speak as the sample's company; a data dir's own file stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.config import load_settings, organization_path, read_organization_file, write_organization_file
from copilot.container import Services
from copilot.sample.load import sample_organization, use_sample_organization
from copilot.sample.model import OUR_COMPANY, OUR_DOMAIN


@pytest.fixture(autouse=True)
def _neutral_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COPILOT_OUR_DOMAINS", "COPILOT_COMPANY_NAME", "COPILOT_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)


def test_the_sample_writes_and_uses_its_organization(tmp_path: Path) -> None:
    services = Services(load_settings(data_dir=tmp_path))
    assert services.settings.our_domains == []
    use_sample_organization(services)
    assert read_organization_file(tmp_path) == sample_organization()
    assert (services.settings.company_name, services.settings.our_domains) == (OUR_COMPANY, [OUR_DOMAIN])
    # A later command on the same data dir reads it back.
    later = load_settings(data_dir=tmp_path)
    assert (later.company_name, later.smtp_from) == (OUR_COMPANY, f"copilot@{OUR_DOMAIN}")


def test_a_data_dirs_own_organization_is_kept(tmp_path: Path) -> None:
    write_organization_file(tmp_path, {"company_name": "Zeta Soft", "our_domains": ["zeta.test"]})
    services = Services(load_settings(data_dir=tmp_path))
    use_sample_organization(services)
    assert read_organization_file(tmp_path) == {"company_name": "Zeta Soft", "our_domains": ["zeta.test"]}
    assert services.settings.company_name == "Zeta Soft"
    assert organization_path(tmp_path).is_file()
