"""Start-up: the CLI commands that need no model (benchmarks/cli_suite.py), `copilot serve` until
/readyz answers, then the first draft (model load included)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from benchmarks.api_load import users
from benchmarks.common import Figure, Options, load_average, median
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account
from copilot.sample.generate import generate_sample
from copilot.sample.load import load_sample

TIMEOUT_S = 600.0
REPO_ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(data_dir: Path) -> tuple[str, int]:
    """A data dir with the small sample loaded and a rep's API key; returns (key, account id)."""
    services = Services(load_settings(data_dir=data_dir))
    generate_sample(data_dir / "sample", seed=7, accounts=10)
    load_sample(services, data_dir / "sample")
    key = users(services)["rep"]
    with services.sessions() as session:
        account_id = session.scalars(select(Account.id).order_by(Account.id)).first()
    services.engine.dispose()
    if account_id is None:
        raise RuntimeError("start-up benchmark: the sample loaded no account")
    return key, account_id


def _wait(check: httpx.Client, url: str, started: float) -> float:
    while time.perf_counter() - started < TIMEOUT_S:
        try:
            if check.get(url).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {TIMEOUT_S:.0f} s")


def _first_draft(http: httpx.Client, key: str, account_id: int) -> float:
    started = time.perf_counter()
    headers = {"X-API-Key": key}
    reply = http.post("/v1/drafts", json={"account_id": account_id, "purpose": "follow up"}, headers=headers)
    reply.raise_for_status()
    draft_id = reply.json()["id"]
    while time.perf_counter() - started < TIMEOUT_S:
        status = http.get(f"/v1/drafts/{draft_id}", headers=headers).json()["status"]
        if status != "generating":
            return time.perf_counter() - started
        time.sleep(0.1)
    raise TimeoutError(f"draft {draft_id} still generating after {TIMEOUT_S:.0f} s")


def _one_start(data_dir: Path, key: str, account_id: int) -> tuple[float, float]:
    port = _free_port()
    command = [str(Path(sys.executable).parent / "copilot"), "serve", "--port", str(port)]
    env = {**os.environ, "COPILOT_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT_S) as http:
            ready = _wait(http, "/readyz", started)
            draft = _first_draft(http, key, account_id)
    finally:
        server.terminate()
        server.wait(30)
    return ready, draft


def run(options: Options) -> list[Figure]:
    """CLI start-up per command, then median time to ready and to the first draft over fresh server starts."""
    from benchmarks.cli_suite import startup_figures

    return startup_figures(REPO_ROOT, options.repeats) + _serve_figures(options)


def _serve_figures(options: Options) -> list[Figure]:
    readies, drafts, loads = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        key, account_id = _prepare(Path(tmp))
        for _ in range(options.repeats):
            loads.append(load_average() or 0.0)
            ready, draft = _one_start(Path(tmp), key, account_id)
            readies.append(ready)
            drafts.append(draft)
    load = median(loads)
    return [
        Figure("start-up", "copilot serve -> /readyz", median(readies), "s", runs=readies, load=load),
        Figure(
            "start-up",
            "first draft after ready",
            median(drafts),
            "s",
            runs=drafts,
            load=load,
            note="request -> stored draft; includes loading the chat model and embedder in the worker",
        ),
    ]
