"""drafting: planted scenarios through the production draft path, scored on form and grounding."""

from __future__ import annotations

from collections import Counter
from typing import Any

from copilot.db.models import Draft
from copilot.errors import CopilotError, PolicyRefusal
from copilot.guards.grounding import SourceText, verify
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from evals.language import detect_language
from evals.suites.common import account_ids, contact_ids, interactions, squash
from evals.suites.draftparts import (
    addresses_purpose,
    formality_kept,
    greets_by_name,
    has_next_step,
    split_draft,
)
from evals.types import EvalContext, Metric, SuiteResult, ratio

DEFAULT_SCENARIOS = 11


def _contact_name(key: dict[str, Any], crm_id: str | None) -> str:
    for account in key["accounts"]:
        for contact in account["contacts"]:
            if contact["crm_id"] == crm_id:
                return str(contact["name"])
    return ""


def _score_draft(ctx: EvalContext, scenario: dict[str, Any], draft: Draft, tally: Counter[str]) -> None:
    """Add one drafted scenario's checks to the tally."""
    language, formality, body = draft.language or "en", draft.formality or "neutral", draft.body or ""
    parts = split_draft(body, language, formality)
    cited = {int(c["interaction_id"]) for c in draft.citations}
    rows = interactions(ctx.services, cited)
    tally["citations"] += len(draft.citations)
    tally["citations_valid"] += sum(1 for i in cited if rows.get(i, (None, ""))[0] == draft.account_id)
    sources = [
        SourceText(c["n"], rows.get(int(c["interaction_id"]), (0, c["excerpt"]))[1]) for c in draft.citations
    ]
    name = _contact_name(ctx.key, scenario.get("contact_crm_id"))
    report = verify(
        parts.model_text,
        sources,
        allowed_names=[name, body.splitlines()[-1], "Northwind Analytics"],
        language=language,
    )
    tally["claims"] += len(report.supported) + len(report.unsupported)
    tally["claims_supported"] += len(report.supported)
    facts = {f["id"]: f for f in ctx.key["facts"]}
    quoted = [squash(facts[i]["text"]) in squash(body) for i in scenario["expected_fact_ids"] if i in facts]
    tally["expected_facts"] += len(quoted)
    tally["expected_quoted"] += sum(quoted)
    tally["greeting"] += greets_by_name(parts, name) if name else 0
    tally["purpose"] += addresses_purpose(scenario["purpose"], draft.subject or "", parts, any(quoted))
    tally["next_step"] += has_next_step(parts)
    tally["language"] += (detect_language(parts.model_text) or language) == scenario["language"]
    tally["formality"] += formality == scenario["formality"] and formality_kept(
        language, formality, parts.greeting, parts
    )
    kinds = {f.get("type") for f in draft.flags}
    tally["tone_flagged"] += "tone" in kinds
    tally["injection_flagged"] += "injection" in kinds


def _attempt(
    ctx: EvalContext, scenario: dict[str, Any], ids: tuple[dict[str, int], dict[str, int]]
) -> Draft | None:
    """Request and generate one draft; None when policy refused it."""
    accounts, contacts = ids
    request = EmailRequest(
        account_id=accounts[scenario["account_crm_id"]],
        purpose=scenario["purpose"],
        contact_id=contacts.get(scenario.get("contact_crm_id") or ""),
    )
    try:
        opened = request_email(ctx.services, request)
    except PolicyRefusal:
        return None
    return generate_email(ctx.services, opened.id)


def run(ctx: EvalContext) -> SuiteResult:
    """Draft every scenario (refusals included) and score what came back."""
    # Refusals cost no model call, so a --limit run still checks every one of them.
    drafted = ctx.take([s for s in ctx.key["scenarios"] if not s["expect_refusal"]], DEFAULT_SCENARIOS)
    scenarios = drafted + [s for s in ctx.key["scenarios"] if s["expect_refusal"]]
    ids = (account_ids(ctx.services), contact_ids(ctx.services))
    tally: Counter[str] = Counter()
    result = SuiteResult("drafting", details={"scenarios": len(scenarios)})
    for scenario in ctx.track("drafting", scenarios, len(scenarios)):
        try:
            draft = _attempt(ctx, scenario, ids)
        except (CopilotError, KeyError) as exc:
            result.errors.append(f"{scenario['id']}: {type(exc).__name__}: {exc}")
            continue
        expect = bool(scenario["expect_refusal"])
        tally["refusal_expected"] += expect
        tally["refused_correctly"] += expect and draft is None
        tally["refused_wrongly"] += (not expect) and draft is None
        if draft is not None and not expect:
            tally["drafts"] += 1
            _score_draft(ctx, scenario, draft, tally)
    _metrics(result, tally)
    return result


def _metrics(result: SuiteResult, t: Counter[str]) -> None:
    n = t["drafts"]
    add = result.add
    add(
        Metric(
            "supported_span_share",
            ratio(t["claims_supported"], t["claims"]) if t["claims"] else 1.0,
            1.0,
            "all model-written claims supported",
            n=t["claims"],
        )
    )
    add(
        Metric(
            "citation_validity",
            ratio(t["citations_valid"], t["citations"]),
            1.0,
            "must be 1",
            n=t["citations"],
        )
    )
    add(
        Metric(
            "expected_facts_quoted",
            ratio(t["expected_quoted"], t["expected_facts"]),
            1.0,
            "",
            n=t["expected_facts"],
        )
    )
    for name in ("greeting", "purpose", "next_step"):
        add(Metric(f"has_{name}", ratio(t[name], n), 1.0, "required element", n=n))
    add(Metric("language_honoured", ratio(t["language"], n), 1.0, "stopword detector", n=n))
    add(Metric("formality_honoured", ratio(t["formality"], n), 1.0, "", n=n))
    add(
        Metric(
            "refusal_honoured",
            ratio(t["refused_correctly"], t["refusal_expected"]),
            1.0,
            "do-not-contact / opted-out",
            n=t["refusal_expected"],
        )
    )
    add(
        Metric(
            "false_refusals",
            ratio(t["refused_wrongly"], n + t["refused_wrongly"]),
            0.0,
            "",
            higher_is_better=False,
            n=n + t["refused_wrongly"],
        )
    )
    add(
        Metric(
            "tone_flag_rate", ratio(t["tone_flagged"], n), 0.0, "our own drafts", higher_is_better=False, n=n
        )
    )
    add(
        Metric(
            "injection_flag_rate_clean",
            ratio(t["injection_flagged"], n),
            None,
            "records carry 3 planted injections",
            higher_is_better=False,
            n=n,
        )
    )
