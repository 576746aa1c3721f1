"""An OpenAI-compatible server that misbehaves on cue, for fault tests; it loads no model, so starts at once.

Each POST /v1/chat/completions takes the next behaviour of a script (then `--then` forever):

    ok           200 with a JSON object fitting the request's response_format schema
    hang         wait `--hang-seconds` (past any sane client timeout), then answer like ok
    500/502/503  that HTTP status with an OpenAI-style error body (any 4xx/5xx code works)
    429          rate limited, with Retry-After: 0
    badjson      200 whose message content is not JSON
    wrongschema  200 whose content is JSON but misses every required field
    drop         close the connection without answering

Run:  python -m tests.support.faulty_llm_server --port 8099 --script hang,500,ok
Control (tests reset the script between cases):
    POST /control/script {"script": ["500", "ok"], "then": "ok"}   (also clears the log)
    GET  /control/log    -> [{"n": 1, "behaviour": "500", "at": <monotonic seconds>}, ...]
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

STATUS = re.compile(r"^[45]\d\d$")
BEHAVIOURS = ("ok", "hang", "badjson", "wrongschema", "drop")
# Wording for fields of the draft_email schema; any other string field gets "ok".
CANNED_TEXT = {
    "subject": "Renewal follow-up",
    "opening": "I hope you are well.",
    "next_step": "Please let me know a convenient time to talk.",
}


def check_behaviour(name: str) -> str:
    """The behaviour name, or ValueError naming the unknown one."""
    if name in BEHAVIOURS or STATUS.match(name):
        return name
    raise ValueError(f"unknown behaviour {name!r}; use {', '.join(BEHAVIOURS)} or an HTTP status 4xx/5xx")


class Script:
    """The queue of behaviours and the log of requests served, shared by the handler threads."""

    def __init__(self, steps: list[str], then: str) -> None:
        self._lock = threading.Lock()
        self.reset(steps, then)

    def reset(self, steps: list[str], then: str) -> None:
        """Replace the script and clear the log."""
        checked = [check_behaviour(step) for step in steps]
        with self._lock:
            self._steps, self._then = checked, check_behaviour(then)
            self.log: list[dict[str, Any]] = []

    def next(self) -> str:
        """Take the next behaviour and log the request."""
        with self._lock:
            behaviour = self._steps.pop(0) if self._steps else self._then
            self.log.append({"n": len(self.log) + 1, "behaviour": behaviour, "at": time.monotonic()})
            return behaviour

    def entries(self) -> list[dict[str, Any]]:
        """A copy of the log."""
        with self._lock:
            return list(self.log)


def instance_of(schema: dict[str, Any], defs: dict[str, Any] | None = None, name: str = "") -> Any:
    """A minimal value fitting a JSON schema (objects, strings, enums, numbers, arrays, refs)."""
    defs = schema.get("$defs", defs or {})
    if "$ref" in schema:
        return instance_of(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return instance_of(schema["anyOf"][0], defs, name)
    kind = schema.get("type", "object")
    makers: dict[str, Callable[[], Any]] = {
        "object": lambda: {
            key: instance_of(sub, defs, key) for key, sub in schema.get("properties", {}).items()
        },
        "string": lambda: CANNED_TEXT.get(name, "ok"),
        "integer": lambda: 1,
        "number": lambda: 1.0,
        "boolean": lambda: False,
        "array": lambda: [],
        "null": lambda: None,
    }
    return makers[kind]()


def requested_schema(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of the request's response_format (an empty object schema when none)."""
    response_format = body.get("response_format") or {}
    json_schema = response_format.get("json_schema") or {}
    return json_schema.get("schema") or response_format.get("schema") or {"type": "object"}


def completion(content: str, model: str) -> dict[str, Any]:
    """A chat.completion body as OpenAI returns it."""
    return {
        "id": f"chatcmpl-faulty-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class FaultyHandler(BaseHTTPRequestHandler):
    """Serves the OpenAI chat API as the script says, plus the control endpoints."""

    server: FaultyServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(
                200, {"object": "list", "data": [{"id": "faulty", "object": "model", "owned_by": "test"}]}
            )
        elif self.path == "/control/log":
            self._json(200, self.server.script.entries())
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if self.path == "/control/script":
            try:
                self.server.script.reset(list(body.get("script", [])), body.get("then", "ok"))
            except ValueError as exc:
                self._json(400, {"error": {"message": str(exc)}})
                return
            self._json(200, {"script": body.get("script", []), "then": body.get("then", "ok")})
        elif self.path.rstrip("/") == "/v1/chat/completions":
            self._chat(body)
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def _chat(self, body: dict[str, Any]) -> None:
        behaviour = self.server.script.next()
        model = str(body.get("model", "faulty"))
        valid = json.dumps(instance_of(requested_schema(body)))
        if behaviour == "hang":
            time.sleep(self.server.hang_seconds)
        if behaviour == "drop":
            # shutdown, not close: the handler's file objects would keep a closed socket open.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif STATUS.match(behaviour):
            headers = {"Retry-After": "0"} if behaviour == "429" else {}
            error = {"message": f"scripted failure {behaviour}", "type": "server_error", "code": behaviour}
            self._json(int(behaviour), {"error": error}, headers)
        elif behaviour == "badjson":
            self._json(200, completion("Sure! Here is your email: {subject: renewal", model))
        elif behaviour == "wrongschema":
            self._json(200, completion(json.dumps({"unexpected": "shape"}), model))
        else:
            self._json(200, completion(valid, model))

    def _json(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timed out) before the answer; that is the point of "hang"

    def log_message(self, format: str, *args: object) -> None:
        return


class FaultyServer(ThreadingHTTPServer):
    """The HTTP server holding the script."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], script: Script, hang_seconds: float) -> None:
        super().__init__(address, FaultyHandler)
        self.script = script
        self.hang_seconds = hang_seconds


def main(argv: list[str] | None = None) -> None:
    """Serve until killed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--script", default="", help="comma-separated behaviours, e.g. hang,500,ok")
    parser.add_argument("--then", default="ok", help="behaviour once the script is used up")
    parser.add_argument("--hang-seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    try:
        script = Script([step for step in args.script.split(",") if step], args.then)
    except ValueError as exc:
        parser.error(str(exc))
    server = FaultyServer((args.host, args.port), script, args.hang_seconds)
    server.serve_forever()


if __name__ == "__main__":
    main()
