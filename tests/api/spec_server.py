"""A service's API on loopback for `briefkit publish`'s tests: every request is checked against the service's own
published API description (its method and path, its credentials, its JSON body against the request schema) and
answered as the description says, each answer checked against the response schema too. What the service keeps is
a dictionary of campaigns; faults (an error status, a stall) are set per call."""

from __future__ import annotations

import base64
import http.server
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

HERE = Path(__file__).resolve().parent


@dataclass
class Description:
    """One API description: its operations by method and path template, and its schemas' validator."""

    file: str
    base: str  # the path its servers' address adds: /api, /v1, /3.0
    # The error body the service's documentation gives for every call, where the description gives none.
    errors: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        text = (HERE / self.file).read_text("utf-8")
        self.spec: dict[str, Any] = yaml.safe_load(text) if self.file.endswith(".yaml") else json.loads(text)
        # OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0's are an extended subset of draft 4/5.
        self.validator = (
            jsonschema.Draft202012Validator if self.spec["openapi"].startswith("3.1") else jsonschema.Draft4Validator
        )

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        path = path.split("?", 1)[0]
        if not path.startswith(self.base):
            return None
        rest = path[len(self.base) :]
        for template, operations in self.spec["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            if re.match(pattern, rest) and method.lower() in operations:
                return template, operations[method.lower()]
        return None

    def problems(self, schema: dict[str, Any], value: Any) -> list[str]:
        root = {"allOf": [schema], "components": self.spec.get("components", {})}
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
            for e in self.validator(root).iter_errors(value)
        ]

    def request_problems(self, operation: dict[str, Any], body: Any) -> list[str]:
        described = operation.get("requestBody")
        if described is None:
            return [] if body is None else ["a body where the operation takes none"]
        if body is None:
            return ["no body where the operation takes one"] if described.get("required") else []
        return self.problems(described["content"]["application/json"]["schema"], body)

    def response_problems(self, operation: dict[str, Any], status: int, body: Any) -> list[str]:
        responses = operation.get("responses", {})
        answer = responses.get(str(status)) or responses.get("default")
        if answer is None and status >= 400 and self.errors is not None:
            return self.problems(self.errors, body)
        if answer is None:
            return [f"{status} is not an answer the description gives"]
        content = (answer.get("content") or {}).get("application/json")
        if content is None or "schema" not in content:
            return []
        return self.problems(content["schema"], body)


@dataclass
class Fault:
    status: int = 0  # answer this status with the service's error body
    message: str = ""
    stall: float = 0.0  # or wait this long first
    times: int = 1


@dataclass
class Api:
    """A service on loopback: ``answer(method, template, id, body)`` -> (status, JSON) decides as the service
    would, ``error(status, message)`` is its error body, ``credentials`` what the Authorization header must be."""

    description: Description
    credentials: str
    error: Callable[[int, str], Any]
    answer: Callable[[Api, str, str, str, Any], tuple[int, Any]]
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    faults: dict[tuple[str, str], Fault] = field(default_factory=dict)
    next_id: int = 1
    port: int = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def handle(self, method: str, path: str, headers: Any, raw: bytes) -> tuple[int, Any]:
        found = self.description.operation(method, path)
        if found is None:
            self.problems.append(f"{method} {path}: no such operation in {self.description.file}")
            return 404, self.error(404, "not found")
        template, operation = found
        body = json.loads(raw) if raw else None
        self.calls.append((method, template, body))
        if raw and headers.get("Content-Type") != "application/json":
            self.problems.append(f"{method} {path}: Content-Type {headers.get('Content-Type')}")
        self.problems += [f"{method} {template}: {p}" for p in self.description.request_problems(operation, body)]
        fault = self.faults.get((method, template))
        if fault is not None and fault.times > 0:
            fault.times -= 1
            if fault.stall:
                time.sleep(fault.stall)
            if fault.status:
                return self._checked(operation, fault.status, self.error(fault.status, fault.message))
        if headers.get("Authorization") != self.credentials:
            return self._checked(operation, 401, self.error(401, "API key invalid"))
        ident = path.split("?", 1)[0][len(self.description.base) :].split("/")
        campaign_id = ident[2] if len(ident) > 2 else ""
        status, answer = self.answer(self, method, template, campaign_id, body)
        return self._checked(operation, status, answer)

    def _checked(self, operation: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
        self.problems += [f"answer {status}: {p}" for p in self.description.response_problems(operation, status, body)]
        return status, body


def _handler(api: Api) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = api.handle(self.command, self.path, self.headers, raw)
            data = b"" if body is None else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up waiting
                pass

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving(api: Api) -> Iterator[Api]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api.port = server.server_address[1]
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
