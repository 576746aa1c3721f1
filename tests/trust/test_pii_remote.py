"""A draft through a real OpenAI-compatible server behind a recording proxy: 0 raw PII values leave."""

from __future__ import annotations

import json
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import AuditEvent, DraftStatus
from copilot.index.fakes import HashingEmbeddings
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from tests.support.records import Note, seed_account
from tests.support.servers import free_port, running_server

pytestmark = [pytest.mark.model, pytest.mark.server]

PII = {
    "EMAIL": "greta.brandt@acme-logistics.example",
    "PHONE": "+49 30 1234 5678",
    "IBAN": "DE89 3704 0044 0532 0130 00",
    "CARD": "4111 1111 1111 1111",
    "ADDRESS": "Hauptstraße 12, 10115 Berlin",
}


class _Recorder(BaseHTTPRequestHandler):
    """Logs every request body, then forwards it to the upstream server unchanged."""

    upstream = ""
    bodies: list[bytes] = []

    def _forward(self, body: bytes | None) -> None:
        request = urllib.request.Request(
            self.upstream + self.path,
            data=body,
            method=self.command,
            headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            payload, status = response.read(), response.status
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        type(self).bodies.append(body)
        self._forward(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def proxy_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A recording proxy on loopback in front of a real llama.cpp server."""
    gguf = load_settings(llm_provider="embedded").resolved_model_path()
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--n_ctx", "2048", "--n_threads", "2"]
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with running_server(command, f"http://127.0.0.1:{port}/v1/models", log, timeout=120):
        _Recorder.upstream = f"http://127.0.0.1:{port}"
        proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{proxy.server_address[1]}/v1"
        finally:
            proxy.shutdown()
            proxy.server_close()


@pytest.fixture
def remote_services(proxy_url: str, tmp_path: Path) -> Iterator[Services]:
    """Services whose chat model is the remote provider, reached through the proxy."""
    settings = load_settings(
        data_dir=tmp_path / "data",
        llm_provider="openai",
        llm_base_url=proxy_url,
        llm_max_output_tokens=64,
        llm_timeout_seconds=120,
    )
    built = Services(settings, embeddings=HashingEmbeddings())
    built.migrate()
    yield built
    built.engine.dispose()


def test_no_raw_pii_reaches_the_remote_server(remote_services: Services) -> None:
    account_id, _, _ = seed_account(
        remote_services,
        "C-PII",
        "Acme Logistics",
        [
            Note(
                f"Please send the invoice to {PII['EMAIL']} and call me on {PII['PHONE']}.", subject="Invoice"
            ),
            Note(f"Refunds go to our IBAN {PII['IBAN']}; the card {PII['CARD']} expires.", subject="Payment"),
            Note(f"Our new office is at {PII['ADDRESS']}, deliveries from Monday.", subject="Move"),
        ],
        contact=("Greta Brandt", PII["EMAIL"]),
    )
    purpose = f"confirm the invoice address {PII['ADDRESS']} and the IBAN {PII['IBAN']}"
    instructions = f"mention the card {PII['CARD']}, phone {PII['PHONE']} and email {PII['EMAIL']}"
    _Recorder.bodies.clear()
    draft = request_email(remote_services, EmailRequest(account_id, purpose, instructions=instructions))
    draft = generate_email(remote_services, draft.id)

    assert draft.status is DraftStatus.PENDING_REVIEW
    assert _Recorder.bodies, "the proxy recorded no model request"
    # Both the bytes as sent and the decoded JSON (in case non-ASCII was \u-escaped) are scanned.
    sent = [body.decode("utf-8") for body in _Recorder.bodies]
    sent += [json.dumps(json.loads(body), ensure_ascii=False) for body in _Recorder.bodies]
    leaked = [(kind, value) for kind, value in PII.items() for body in sent if value in body]
    assert leaked == []
    # The values did reach the prompt, as placeholders the model can refer to.
    assert all(f"⟦{kind}_1⟧" in "\n".join(sent) for kind in PII)
    with remote_services.sessions() as session:
        calls = list(session.scalars(select(AuditEvent).where(AuditEvent.event == "llm.call")))
    assert calls and all(event.data["pii_masked"] >= len(PII) for event in calls)
