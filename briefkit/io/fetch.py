"""Fetch one http(s) address with a timeout, a size cap, a briefkit User-Agent, and a host check at every redirect."""

from __future__ import annotations

import ipaddress
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPMessage
from importlib.metadata import version
from typing import IO, Any
from urllib.parse import urlsplit


def user_agent() -> str:
    """briefkit/<installed version>: who is asking, for the servers' logs."""
    return f"briefkit/{version('briefkit')} (newsletter renderer)"


class FetchError(Exception):
    """An address that was refused or could not be fetched; the message says which and why."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def private_host(host: str) -> bool:
    """True for names and addresses that point back into this machine or its local network."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def refusal(url: str, allowed: Callable[[str], bool], private_if_listed: bool = False) -> str | None:
    """Why ``url`` may not be fetched, or None when it may. A local or private address is refused even when
    ``allowed``, unless ``private_if_listed`` (an intranet feed the editor listed by name)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{parts.scheme or 'relative'} addresses are never loaded"
    host = parts.hostname or ""
    if private_host(host) and not (private_if_listed and allowed(host)):
        return f"{host} is a local or private address"
    if not allowed(host):
        return f"{host} is not an allowed host"
    return None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def __init__(self, allowed: Callable[[str], bool], private_if_listed: bool) -> None:
        self.allowed = allowed
        self.private_if_listed = private_if_listed

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        reason = refusal(newurl, self.allowed, self.private_if_listed)
        if reason:
            raise FetchError(f"{req.full_url} redirects to {newurl}: {reason}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    allowed: Callable[[str], bool],
    timeout: float = 10.0,
    max_bytes: int = 10_000_000,
    headers: dict[str, str] | None = None,
    private_if_listed: bool = False,
) -> Response:
    """GET ``url``; a 304 comes back as a Response with status 304 and no body. Raises FetchError."""
    reason = refusal(url, allowed, private_if_listed)
    if reason:
        raise FetchError(f"{url}: {reason}")
    opener = urllib.request.build_opener(_CheckedRedirects(allowed, private_if_listed))
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), **(headers or {})})
    try:
        with opener.open(request, timeout=timeout) as reply:
            body = reply.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"{url}: larger than {max_bytes} bytes")
            return Response(reply.geturl(), reply.status, body, _headers(reply.headers))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(url, 304, b"", _headers(error.headers))
        raise FetchError(f"{url}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason_text = getattr(error, "reason", error)
        raise FetchError(f"{url}: {reason_text}") from None


def _headers(message: Any) -> dict[str, str]:
    return {key.lower(): value for key, value in message.items()}
