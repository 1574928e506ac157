"""The service's HTTP API as `briefkit publish` calls it: JSON in and out, https with certificates verified (plain
http only to this machine), no proxy, no redirect followed (a redirect would carry the credentials elsewhere), and
a deadline on each whole request. A dry run prints each request instead, its credentials masked."""

from __future__ import annotations

import http.client
import json
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from briefkit.io.fetch import Deadline, Unreachable, opener, user_agent
from briefkit.sending.smtp import is_loopback

TIMEOUT = 30.0  # seconds for one whole request: connecting, sending, the answer
MASK = "****"
LONGEST_SHOWN = 100  # a dry run shows longer strings of a body shortened


class Refused(Exception):
    """The service answered with an error status; ``said`` is its own message."""

    def __init__(self, status: int, said: str) -> None:
        super().__init__(f"{status}: {said}")
        self.status = status
        self.said = said


class Unanswered(Exception):
    """No answer: the connection was refused, timed out, or TLS failed; the message says which."""


def plain_http_refused(url: str) -> str | None:
    """Why the API address ``url`` may not be used, or None."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        return (
            f"'{url}' would send the credentials in the clear; use https (plain http only to this machine, "
            "127.0.0.1 or localhost)"
        )
    if parts.scheme not in ("http", "https"):
        return f"'{url}' is not a web address; write it like https://lists.example.org"
    return None


@dataclass
class Client:
    """Requests to one service's API at ``base``: each whole request within ``timeout`` seconds. ``said`` reads the
    service's own message out of an error's body."""

    base: str
    headers: dict[str, str]
    said: Callable[[Any], str]
    timeout: float = TIMEOUT

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """The answer's JSON (None when it has no body); raises Refused or Unanswered."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"User-Agent": user_agent(), "Accept": "application/json", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        deadline = Deadline(self.timeout)
        # Connections to any address the editor's api_url names (a self-hosted listmonk may be on the local
        # network), pinned to the address looked up, no proxy, no redirects.
        handlers = opener(lambda _: True, private_if_listed=True, deadline=deadline, follow_redirects=False)
        try:
            with handlers.open(request, timeout=max(1.0, self.timeout / 4)) as reply:
                answer = reply.read()
                if deadline.expired:
                    raise TimeoutError
                return _json(answer)
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                where = error.headers.get("Location", "elsewhere")
                raise Refused(error.code, f"a redirect to {where}; write api_url as the address it leads to") from None
            try:
                said = self.said(_json(error.read()))
            except (ValueError, TypeError, KeyError, OSError):
                said = ""
            raise Refused(error.code, said or error.reason or "no message") from None
        except Unreachable as error:
            raise Unanswered(str(error)) from None
        except urllib.error.URLError as error:
            raise Unanswered(_reason(error.reason, deadline, self.timeout)) from None
        except (TimeoutError, http.client.HTTPException, OSError) as error:
            raise Unanswered(_reason(error, deadline, self.timeout)) from None
        finally:
            deadline.cancel()


def _json(data: bytes) -> Any:
    return json.loads(data) if data.strip() else None


def _reason(error: object, deadline: Deadline, timeout: float) -> str:
    if deadline.expired or isinstance(error, TimeoutError):
        return f"did not answer within {timeout:g} seconds"
    if isinstance(error, ConnectionRefusedError):
        return "refused the connection; check api_url's host and port"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its certificate could not be verified ({error.verify_message}); check api_url's host name"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


@dataclass
class DryRun:
    """Prints what the requests would be, nothing sent; each answers ``reply`` (an id in braces stands for the one
    the service would give)."""

    base: str
    headers: dict[str, str]
    reply: Any
    lines: list[str] = field(default_factory=list)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        self.lines.append(f"{method} {self.base}{path}")
        self.lines += [f"  {name}: {value}" for name, value in self.headers.items()]
        if body is not None:
            self.lines += [
                "  " + line for line in json.dumps(_shortened(body), ensure_ascii=False, indent=2).splitlines()
            ]
        return self.reply


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > LONGEST_SHOWN:
        return f"{value[:60]}… ({len(value)} characters)"
    if isinstance(value, dict):
        return {key: _shortened(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shortened(item) for item in value]
    return value
