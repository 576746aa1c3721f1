"""Who "we" are: neutral defaults, the data dir's organization file, and the environment winning over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.config import (
    adopt_organization,
    load_settings,
    organization_path,
    read_organization_file,
    write_organization_file,
)
from copilot.errors import ConfigError


@pytest.fixture(autouse=True)
def _no_domains_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite sets our domains for its fixtures (tests/conftest.py); these tests need the bare defaults.
    for name in ("COPILOT_OUR_DOMAINS", "COPILOT_COMPANY_NAME", "COPILOT_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_name_no_company_and_no_domain(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.company_name == ""
    assert settings.our_domains == []
    assert settings.smtp_from == "copilot@localhost"


def test_the_data_dirs_organization_file_sets_who_we_are(tmp_path: Path) -> None:
    write_organization_file(
        tmp_path, {"company_name": "Zeta Soft", "our_domains": ["zeta.test"], "smtp_from": "crm@zeta.test"}
    )
    settings = load_settings(data_dir=tmp_path)
    assert (settings.company_name, settings.our_domains, settings.smtp_from) == (
        "Zeta Soft",
        ["zeta.test"],
        "crm@zeta.test",
    )


def test_the_environment_and_the_caller_win_over_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_organization_file(tmp_path, {"company_name": "Zeta Soft", "our_domains": ["zeta.test"]})
    monkeypatch.setenv("COPILOT_OUR_DOMAINS", "other.test")
    settings = load_settings(data_dir=tmp_path, company_name="Given Name")
    assert settings.our_domains == ["other.test"]
    assert settings.company_name == "Given Name"


def test_a_bad_organization_file_is_an_error_naming_the_file_and_key(tmp_path: Path) -> None:
    organization_path(tmp_path).write_text('company_name = "A"\nllm_provider = "openai"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"organization\.toml.*llm_provider"):
        load_settings(data_dir=tmp_path)
    organization_path(tmp_path).write_text("company_name = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read the organization file"):
        read_organization_file(tmp_path)


def test_a_bad_sender_in_the_file_is_rejected_like_one_in_the_environment(tmp_path: Path) -> None:
    write_organization_file(tmp_path, {"smtp_from": "not-an-address"})
    with pytest.raises(ConfigError, match="COPILOT_SMTP_FROM"):
        load_settings(data_dir=tmp_path)


def test_adopting_keeps_what_the_environment_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COPILOT_COMPANY_NAME", "From Env")
    settings = load_settings(data_dir=tmp_path)
    adopt_organization(settings, {"company_name": "Sample Co", "our_domains": ["sample.test"]})
    assert settings.company_name == "From Env"
    assert settings.our_domains == ["sample.test"]
