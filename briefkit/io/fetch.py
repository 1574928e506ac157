"""Fetch one http(s) address with a timeout, a size cap, a briefkit User-Agent, and a host check at every redirect."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPMessage
from importlib.metadata import version
from typing import IO, Any
from urllib.parse import urlsplit

from briefkit.io.addresses import is_local, is_local_address, parse_address, resolve


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


def refusal(url: str, allowed: Callable[[str], bool], private_if_listed: bool = False) -> str | None:
    """Why ``url`` may not be fetched, or None when it may (as written; where its host resolves to is checked when
    connecting). A local or private address is refused even when ``allowed``, unless ``private_if_listed`` and the
    editor listed that very address (an intranet feed at 10.0.0.5, say)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{parts.scheme or 'relative'} addresses are never loaded"
    host = parts.hostname or ""
    if is_local(host) and not (private_if_listed and parse_address(host) is not None and allowed(host)):
        return f"{host} is a local or private address"
    if not allowed(host):
        return f"{host} is not an allowed host"
    return None


class _Unresolvable(FetchError):
    """A host that cannot be found, or that resolves where briefkit may not connect."""


class _Vetting:
    """Checks, when connecting, what a host name resolves to: a name that resolves to a local or private address
    is refused (unless that address was listed, for feeds), and the connection goes to the address checked."""

    def __init__(self, allowed: Callable[[str], bool], private_if_listed: bool) -> None:
        self.allowed = allowed
        self.private_if_listed = private_if_listed

    def address(self, host: str, port: int) -> str:
        try:
            addresses = resolve(host, port)
        except OSError as error:
            raise _Unresolvable(f"{host} could not be found ({error.strerror or error})") from None
        for address in addresses:
            if is_local_address(address) and not (self.private_if_listed and self.allowed(str(address))):
                raise _Unresolvable(f"{host} resolves to {address}, a local or private address; it is not loaded")
        if not addresses:
            raise _Unresolvable(f"{host} could not be found")
        return str(addresses[0])


def _pinned(vetting: _Vetting) -> list[urllib.request.BaseHandler]:
    """Handlers whose connections go to the address the vetting checked, not to whatever a second look-up says."""

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            address = vetting.address(self.host, self.port)
            self.sock = socket.create_connection((address, self.port), self.timeout)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            address = vetting.address(self.host, self.port)
            sock = socket.create_connection((address, self.port), self.timeout)
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]

    class PlainHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Plain, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Secure, req, context=ssl.create_default_context())

    return [PlainHandler(), SecureHandler()]


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
    """GET ``url`` within ``timeout`` seconds from connecting to the last byte; a 304 comes back as a Response with
    status 304 and no body. Raises FetchError."""
    reason = refusal(url, allowed, private_if_listed)
    if reason:
        raise FetchError(f"{url}: {reason}")
    opener = urllib.request.build_opener(
        *_pinned(_Vetting(allowed, private_if_listed)), _CheckedRedirects(allowed, private_if_listed)
    )
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), **(headers or {})})
    deadline = time.monotonic() + timeout
    try:
        # Each wait for the server is short, and the whole download has the deadline: a server that sends a byte
        # now and then cannot hold a render for longer than ``timeout``.
        with opener.open(request, timeout=max(1.0, timeout / 4)) as reply:
            body = bytearray()
            while chunk := reply.read1(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"{url}: larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: took longer than {timeout:g} seconds and was given up")
            return Response(reply.geturl(), reply.status, bytes(body), _headers(reply.headers))
    except _Unresolvable as error:
        raise FetchError(f"{url}: {error}") from None
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(url, 304, b"", _headers(error.headers))
        raise FetchError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise FetchError(f"{url}: {error.reason}") from None
    except (OSError, ValueError) as error:
        raise FetchError(f"{url}: {error}") from None


def _headers(message: Any) -> dict[str, str]:
    return {key.lower(): value for key, value in message.items()}
