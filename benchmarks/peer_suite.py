"""Our draft path against a naive LangChain RAG chain: same corpus, requests, model and scorer.

Requests are the drafting eval's scenarios (refusals left out: the peer has no contact policy) on
the sample CRM the eval loads. Ours is the domain call (request_email + generate_email); the peer
is `chain.invoke` (similarity search + prompt + model). Both drafts are scored by the drafting
eval's grounding call: for ours the model-written parts, for the peer its whole text.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document
from langchain_core.runnables import Runnable
from sqlalchemy import select

from benchmarks.common import Figure, Options, load_average, median
from benchmarks.peer_chain import build_chain, build_store
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.errors import CopilotError
from copilot.guards.grounding import GroundingReport, SourceText, verify
from copilot.llm.tokens import count_tokens
from copilot.sample.generate import generate_sample
from copilot.sample.load import answer_key, load_sample
from copilot.tools.draft_email import DRAFT_MAX_TOKENS, EmailRequest, generate_email, request_email
from evals.language import detect_language
from evals.suites.common import account_ids, contact_ids, interactions
from evals.suites.draftparts import split_draft

SUITE = "peer"
SCENARIOS = 8
QUICK_SCENARIOS = 2
# Named in the drafting eval's allowed names: our company is never an unsupported claim.
OUR_COMPANY = "Northwind Analytics"


@dataclass(frozen=True)
class PeerRequest:
    """One drafting scenario, resolved to database ids and the names both pipelines need."""

    scenario_id: str
    account_id: int
    contact_id: int | None
    contact_name: str
    customer: str
    purpose: str


@dataclass
class Side:
    """One pipeline's timings per request and its grounding tally over every draft it wrote."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    output_tokens: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    def add(self, request: PeerRequest, seconds: float, report: GroundingReport) -> None:
        """Keep one timed, scored draft."""
        self.seconds.setdefault(request.scenario_id, []).append(seconds)
        self.tally["drafts"] += 1
        self.tally["claims"] += len(report.supported) + len(report.unsupported)
        self.tally["supported"] += len(report.supported)
        self.tally["drafts_unsupported"] += bool(report.unsupported)
        self.unsupported += [f"{c.kind} '{c.text}'" for c in report.unsupported]

    def medians(self) -> dict[str, float]:
        """Median seconds per request over its repeats."""
        return {key: statistics.median(values) for key, values in self.seconds.items()}

    def share(self) -> float | None:
        """Supported claims / all claims, as the drafting eval computes it (1.0 when no claims)."""
        if not self.tally["drafts"]:
            return None
        claims = self.tally["claims"]
        return self.tally["supported"] / claims if claims else 1.0


def grounding(
    services: Services, text: str, body: str, cited: list[tuple[int, int]], contact: str, language: str
) -> GroundingReport:
    """The drafting eval's check: `text`'s claims against the full records cited as (n, interaction id)."""
    rows = interactions(services, {i for _, i in cited})
    sources = [SourceText(n, rows[i][1]) for n, i in cited if i in rows]
    lines = body.splitlines()
    # As in the eval: the greeting target, the last line (the sender) and our company always pass.
    allowed = [contact, lines[-1] if lines else "", OUR_COMPANY]
    return verify(text, sources, allowed_names=allowed, language=language)


def corpus_documents(services: Services) -> list[Document]:
    """Every interaction of every account, as a LangChain document tagged with its ids."""
    with services.sessions() as session:
        rows = session.execute(select(Interaction.id, Interaction.account_id, Interaction.text)).all()
    return [
        Document(text, metadata={"account_id": account, "interaction_id": id_}) for id_, account, text in rows
    ]


def requests(services: Services, key: dict[str, Any], count: int) -> list[PeerRequest]:
    """The first `count` drafting scenarios that expect a draft, in the eval's order."""
    accounts, contacts = account_ids(services), contact_ids(services)
    people = {c["crm_id"]: (c["name"], a["name"]) for a in key["accounts"] for c in a["contacts"]}
    names = {a["crm_id"]: a["name"] for a in key["accounts"]}
    chosen = [s for s in key["scenarios"] if not s["expect_refusal"]][:count]
    result = []
    for s in chosen:
        crm_contact = s.get("contact_crm_id") or ""
        person, company = people.get(crm_contact, ("", names[s["account_crm_id"]]))
        customer = f"{person} at {company}" if person else company
        result.append(
            PeerRequest(
                s["id"],
                accounts[s["account_crm_id"]],
                contacts.get(crm_contact),
                person,
                customer,
                s["purpose"],
            )
        )
    return result


def draft_ours(services: Services, request: PeerRequest) -> tuple[float, GroundingReport]:
    """Time the production draft path and score its model-written text."""
    started = time.perf_counter()
    opened = request_email(services, EmailRequest(request.account_id, request.purpose, request.contact_id))
    draft = generate_email(services, opened.id)
    seconds = time.perf_counter() - started
    body, language = draft.body or "", draft.language or "en"
    parts = split_draft(body, language, draft.formality or "neutral")
    cited = [(int(c["n"]), int(c["interaction_id"])) for c in draft.citations]
    return seconds, grounding(services, parts.model_text, body, cited, request.contact_name, language)


def draft_peer(
    services: Services, chain: Runnable[dict[str, Any], dict[str, Any]], request: PeerRequest
) -> tuple[float, GroundingReport, str]:
    """Time one chain invoke and score its whole text against the records it retrieved."""
    inputs = {"customer": request.customer, "purpose": request.purpose, "account_id": request.account_id}
    started = time.perf_counter()
    output = chain.invoke(inputs)
    seconds = time.perf_counter() - started
    answer: str = output["answer"]
    ids = list(dict.fromkeys(int(d.metadata["interaction_id"]) for d in output["context"]))
    cited = list(enumerate(ids, start=1))
    # The peer's prompt is English whatever the customer's language: score the language it wrote.
    language = detect_language(answer) or "en"
    return seconds, grounding(services, answer, answer, cited, request.contact_name, language), answer


def _measure(
    services: Services,
    chain: Runnable[dict[str, Any], dict[str, Any]],
    chosen: list[PeerRequest],
    repeats: int,
) -> tuple[Side, Side, list[float]]:
    """Alternate ours and the peer per request and repeat, so both see the same machine load."""
    ours, peer, loads = Side(), Side(), []
    for _ in range(repeats):
        for request in chosen:
            loads.append(load_average() or 0.0)
            try:
                seconds, report = draft_ours(services, request)
                ours.add(request, seconds, report)
            except CopilotError as exc:
                ours.errors.append(f"{request.scenario_id}: {type(exc).__name__}: {exc}")
            seconds, report, answer = draft_peer(services, chain, request)
            peer.add(request, seconds, report)
            peer.output_tokens.append(count_tokens(answer))
            _progress(request, ours, peer)
    return ours, peer, loads


def _progress(request: PeerRequest, ours: Side, peer: Side) -> None:
    """One stderr line per request: these runs take minutes, and a partial run should still tell."""
    ours_s = ours.seconds.get(request.scenario_id, [float("nan")])[-1]
    if ours.errors and ours.errors[-1].startswith(f"{request.scenario_id}:"):
        print(f"  ours failed: {ours.errors[-1][:300]}", file=sys.stderr, flush=True)
    peer_s = peer.seconds[request.scenario_id][-1]
    print(
        f"  {request.scenario_id}: ours {ours_s:.1f} s, peer {peer_s:.1f} s, {ours.tally} / {peer.tally}",
        file=sys.stderr,
        flush=True,
    )


def _prepare(tmp: Path, quick: bool) -> tuple[Services, dict[str, Any]]:
    services = Services(load_settings(data_dir=tmp))
    sample = tmp / "sample"
    if quick:
        # Ten accounts (the generator's minimum) keep a smoke run short; the eval loads the default.
        generate_sample(sample, seed=7, accounts=10)
    load_sample(services, sample)
    return services, answer_key(sample)


def _peer_chain(services: Services, tmp: Path) -> tuple[Runnable[dict[str, Any], dict[str, Any]], int]:
    """The peer over its own Chroma files, with our embedder and our chat model instance."""
    client = chromadb.PersistentClient(
        path=str(tmp / "peer-chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    documents = corpus_documents(services)
    store = build_store(client, services.embeddings, documents)
    settings = services.settings
    # Our draft call's output cap, so both generate under the same limit.
    max_tokens = min(settings.llm_max_output_tokens, DRAFT_MAX_TOKENS)
    chain = build_chain(store, services.chat_model, top_k=settings.retrieval_top_k, max_tokens=max_tokens)
    return chain, len(documents)


def run(options: Options) -> list[Figure]:
    """Drafting scenarios through both pipelines, `repeats` times each; latency and grounding figures."""
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as tmp:
        services, key = _prepare(Path(tmp), options.quick)
        chain, corpus = _peer_chain(services, Path(tmp))
        chosen = requests(services, key, QUICK_SCENARIOS if options.quick else SCENARIOS)
        # One untimed invoke warms the shared model and embedder (page cache, first-call set-up).
        draft_peer(services, chain, chosen[0])
        ours, peer, loads = _measure(services, chain, chosen, options.repeats)
        services.engine.dispose()
    setup = f"{len(chosen)} scenarios x {options.repeats} repeats, {corpus} interactions in the corpus"
    return _figures(ours, peer, median(loads), setup)


def _examples(unsupported: list[str]) -> str:
    return f"; e.g. {'; '.join(unsupported[:4])[:300]}" if unsupported else ""


def _figures(ours: Side, peer: Side, load: float | None, setup: str) -> list[Figure]:
    ours_s, peer_s = ours.medians(), peer.medians()
    both = [key for key in ours_s if key in peer_s]
    ratios = [ours_s[key] / peer_s[key] for key in both if peer_s[key] > 0]
    errors = f"; our errors: {len(ours.errors)} ({'; '.join(ours.errors)[:300]})" if ours.errors else ""
    figures = [
        Figure(
            SUITE,
            "ours: draft latency (median per request)",
            median(list(ours_s.values())),
            "s",
            runs=list(ours_s.values()),
            load=load,
            note=f"request_email + generate_email; {setup}{errors}",
        ),
        Figure(
            SUITE,
            "peer: chain latency (median per request)",
            median(list(peer_s.values())),
            "s",
            runs=list(peer_s.values()),
            load=load,
            note=f"chain.invoke; median output {median([float(t) for t in peer.output_tokens])} tokens",
        ),
        Figure(
            SUITE,
            "ours / peer latency",
            median(ratios),
            "x",
            runs=ratios,
            load=load,
            note="median over requests of (our median / peer median)",
        ),
    ]
    for label, side, scope in (("ours", ours, "model-written parts"), ("peer", peer, "whole text")):
        t = side.tally
        figures.append(
            Figure(
                SUITE,
                f"{label}: supported-span share",
                side.share(),
                "share",
                goal="1.0",
                load=load,
                note=f"{t['supported']}/{t['claims']} claims over {t['drafts']} drafts ({scope})",
            )
        )
        figures.append(
            Figure(
                SUITE,
                f"{label}: drafts with unsupported claims",
                float(t["drafts_unsupported"]),
                "drafts",
                load=load,
                note=f"of {t['drafts']} drafts" + _examples(side.unsupported),
            )
        )
    return figures
