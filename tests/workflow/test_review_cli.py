"""The CLI: `copilot users add` shows a working key once; `copilot review` acts as a named reviewer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.auth import authenticate
from copilot.cli.app import app
from copilot.cli.context import console
from copilot.cli.drafts import closest_sentence
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Draft, DraftStatus
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from tests.support.api import quick_draft
from tests.support.worlds import build_world


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a temp data dir (through the environment, as a user would)."""
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def _services(data_dir: Path) -> Services:
    services = Services(
        load_settings(data_dir=data_dir), chat_model=FakeChatModel(), embeddings=HashingEmbeddings()
    )
    services.migrate()
    return services


def test_users_add_prints_a_key_that_authenticates(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "rita", "--role", "reviewer", "--team", "east", "--json"]
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    services = _services(data_dir)
    with services.sessions() as session:
        user = authenticate(session, shown["api_key"])
    assert (user.name, user.role.value, user.team) == ("rita", "reviewer", "east")
    listing = CliRunner().invoke(app, ["users", "list", "--json"])
    assert shown["api_key"] not in listing.output and "rita" in listing.output
    bad = CliRunner().invoke(app, ["users", "add", "x", "--role", "boss"])
    assert bad.exit_code != 0


def test_review_approve_as_a_named_reviewer_and_refuse_the_requester(data_dir: Path) -> None:
    services = _services(data_dir)
    world = build_world(services)
    draft_id = quick_draft(world, "east", "reviewer_east")
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "list", "--as", "reviewer_desk", "--json"])
    assert [d["id"] for d in json.loads(listed.output)] == [draft_id]
    own = runner.invoke(app, ["review", "approve", str(draft_id), "--as", "reviewer_east", "--version", "1"])
    assert own.exit_code != 0 and isinstance(own.exception, Exception)
    ok = runner.invoke(app, ["review", "approve", str(draft_id), "--as", "reviewer_desk", "--version", "1"])
    assert ok.exit_code == 0, ok.output
    with services.sessions() as session:
        assert session.get_one(Draft, draft_id).status is DraftStatus.APPROVED
    shown = runner.invoke(app, ["review", "show", str(draft_id), "--as", "admin", "--json"])
    assert [e["event"] for e in json.loads(shown.output)["audit"]][-1] == "draft.approved"
    stats = runner.invoke(app, ["review", "stats", "--json"])
    assert json.loads(stats.output)[0]["approved"] == 1


def test_export_and_erase_from_the_command_line(data_dir: Path) -> None:
    services = _services(data_dir)
    world = build_world(services)
    account = world.accounts["east"]
    runner = CliRunner()
    exported = runner.invoke(app, ["export", "--account", str(account), "--json"])
    assert json.loads(exported.output)["account"]["id"] == account
    erased = runner.invoke(app, ["erase", "--account", str(account), "--yes", "--json"])
    assert json.loads(erased.output)["rows"]["interactions"] == 1
    again = runner.invoke(app, ["export", "--account", str(account)])
    assert again.exit_code != 0


def test_the_readable_listings_show_what_the_json_holds(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables and the draft view read the same response models as `--json`."""
    monkeypatch.setattr(console, "width", 300)  # whole cells, not wrapped ones
    services = _services(data_dir)
    world = build_world(services)
    draft_id = quick_draft(world, "east", "reviewer_east")
    runner = CliRunner()
    for command in (["accounts", "list"], ["users", "list"], ["review", "list", "--as", "reviewer_desk"]):
        shown = runner.invoke(app, command)
        listed = json.loads(runner.invoke(app, [*command, "--json"]).output)
        assert shown.exit_code == 0, shown.output
        for row in listed:
            assert str(row["id"]) in shown.output and str(row.get("name") or row["kind"]) in shown.output
    account = json.loads(
        runner.invoke(app, ["accounts", "show", str(world.accounts["east"]), "--json"]).output
    )
    text = runner.invoke(app, ["accounts", "show", str(world.accounts["east"])]).output
    assert f"name: {account['name']}" in text
    assert all(f"{c['id']}: {c['name']} <{c['email']}>" in text for c in account["contacts"])
    draft = json.loads(
        runner.invoke(app, ["review", "show", str(draft_id), "--as", "admin", "--json"]).output
    )
    text = runner.invoke(app, ["review", "show", str(draft_id), "--as", "admin"]).output
    assert f"draft {draft_id} (pending_review)" in text
    assert all(event["event"] in text for event in draft["audit"])
    assert all(f"[{c['n']}] interaction {c['interaction_id']}" in text for c in draft["citations"])
    # Each claim of the letter sits beside the record's own sentence it rests on.
    for cited in draft["body_citations"]:
        assert " ".join(draft["body"][cited["start"] : cited["end"]].split()[:4]) in " ".join(text.split())
    with_excerpts = {c["n"] for c in draft["citations"] if c.get("excerpt")}
    cited = {n for b in draft["body_citations"] for n in b["n"]}
    assert ("evidence [" in text) == bool(cited & with_excerpts)


def test_the_readable_account_summary_shows_what_the_json_holds(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", 300)
    services = _services(data_dir)
    world = build_world(services)
    account = str(world.accounts["east"])
    runner = CliRunner()
    summary = json.loads(runner.invoke(app, ["account-summary", account, "--json"]).output)
    shown = runner.invoke(app, ["account-summary", account])
    assert shown.exit_code == 0, shown.output
    assert f"{summary['account_name']} (cached)" in shown.output
    for section in ("risks", "open issues", "commitments by us", "commitments by them", "next best actions"):
        assert section in shown.output
    for key in ("risks", "open_issues", "commitments_by_us", "commitments_by_them", "next_best_actions"):
        assert all(item["text"][:40] in shown.output for item in summary[key])
    for month in summary["sentiment_trend"]["months"]:
        counts = f"{month['negative']} of {month['customer_items']} customer"
        expected = counts if month["customer_items"] else "no customer messages"
        assert f"{month['month']}: {expected}" in shown.output
    assert all(f"[{c['n']}] interaction {c['interaction_id']}" in shown.output for c in summary["citations"])


def test_the_evidence_shown_is_the_records_sentence_closest_to_the_claim() -> None:
    excerpt = "Hi Bob. Our subscription renews on December 29, 2026. Finance wants the quote early. Thanks!"
    claim = "You told us that your subscription renews on December 29, 2026."
    assert closest_sentence(claim, excerpt) == "Our subscription renews on December 29, 2026."
