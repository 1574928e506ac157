"""Fetch one http(s) address with a timeout, a size cap, a briefkit User-Agent, and a host check at every redirect.

One policy for every request briefkit makes (remote feeds, the PDF's pictures, `check --links`): ``refusal`` says
why an address may not be asked as written, ``_Vetting`` checks what a name resolves to when connecting and pins
the connection to the address it checked, and a ``Deadline`` holds the whole request (connecting, the headers, the
body, a second try) to a number of seconds, however slowly the server sends."""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
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


class Unreachable(FetchError):
    """A host that cannot be found, or that resolves where briefkit may not connect."""


class ResolvesLocal(Unreachable):
    """A host name that resolves to a local or private address: never connected to."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, a local or private address; it is not loaded")
        self.host = host


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
            raise Unreachable(f"{host} could not be found ({error.strerror or error})") from None
        for address in addresses:
            if is_local_address(address) and not (self.private_if_listed and self.allowed(str(address))):
                raise ResolvesLocal(host, str(address))
        if not addresses:
            raise Unreachable(f"{host} could not be found")
        return str(addresses[0])


class Deadline:
    """The time by which one whole request must be done: connecting, the headers, the body, and a second request
    (a GET after a refused HEAD) all count. When it passes, every connection opened under it is shut down, so a
    server that sends its answer a byte now and then cannot hold the request (a socket's own timeout only limits
    each wait). ``on_expiry`` runs then too, in the timer's thread."""

    def __init__(self, seconds: float, on_expiry: Callable[[], object] | None = None) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._on_expiry = on_expiry
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True  # a request given up never keeps the process alive
        self._timer.start()

    def wait(self, longest: float) -> float:
        """How long one wait for the server may last: ``longest``, or less when the deadline is nearer."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            raise TimeoutError(f"took longer than {self.seconds:g} seconds")
        return min(longest, left)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline passes (at once when it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)
        if self._on_expiry is not None:
            self._on_expiry()

    def cancel(self) -> None:
        """The request is over: nothing to shut down any more."""
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    """Wake whatever thread waits on ``sock`` (its reads end), without closing the descriptor under it."""
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's own, for a TLS socket too


def _pinned(vetting: _Vetting, deadline: Deadline | None = None) -> list[urllib.request.BaseHandler]:
    """Handlers whose connections go to the address the vetting checked, not to whatever a second look-up says,
    each shut down when ``deadline`` passes."""

    def connected(host: str, port: int, timeout: float | None) -> socket.socket:
        address = vetting.address(host, port)
        wait = timeout if deadline is None else deadline.wait(timeout if timeout is not None else deadline.seconds)
        sock = socket.create_connection((address, port), wait)
        if deadline is not None:
            deadline.watch(sock)
        return sock

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = connected(self.host, self.port, self.timeout)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            sock = connected(self.host, self.port, self.timeout)
            context: ssl.SSLContext = self._context  # type: ignore[attr-defined]
            secure = context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
            if deadline is not None:
                deadline.watch(secure)  # the plain socket gave its descriptor to this one
            self.sock = secure
            secure.do_handshake()

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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the redirect comes back as an HTTPError, to be reported


def opener(
    allowed: Callable[[str], bool],
    private_if_listed: bool = False,
    deadline: Deadline | None = None,
    follow_redirects: bool = True,
) -> urllib.request.OpenerDirector:
    """An opener that keeps to the policy: connections only to the addresses the vetting checked, redirects
    checked against ``refusal`` (or not followed), no proxy (a proxy would resolve names where the vetting cannot
    see), every connection shut down when ``deadline`` passes. Check ``refusal`` on the address first."""
    redirects = _CheckedRedirects(allowed, private_if_listed) if follow_redirects else _NoRedirects()
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), *_pinned(_Vetting(allowed, private_if_listed), deadline), redirects
    )


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
    deadline = Deadline(timeout)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), **(headers or {})})
    given_up = f"{url}: took longer than {timeout:g} seconds and was given up"
    try:
        # Each wait for the server is short, and the whole request has the deadline: a server that sends a byte
        # now and then, of its headers or of its body, cannot hold a render for longer than ``timeout``.
        with opener(allowed, private_if_listed, deadline).open(request, timeout=max(1.0, timeout / 4)) as reply:
            body = bytearray()
            while chunk := reply.read1(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"{url}: larger than {max_bytes} bytes")
                if deadline.expired:
                    raise FetchError(given_up)
            if deadline.expired:  # the connection was shut down: what came is not the whole body
                raise FetchError(given_up)
            return Response(reply.geturl(), reply.status, bytes(body), _headers(reply.headers))
    except Unreachable as error:
        raise FetchError(f"{url}: {error}") from None
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(url, 304, b"", _headers(error.headers))
        raise FetchError(f"{url}: the server answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        if deadline.expired:
            raise FetchError(given_up) from None
        said = error.reason if isinstance(error, urllib.error.URLError) else error
        raise FetchError(f"{url}: {said}") from None
    finally:
        deadline.cancel()


def _headers(message: Any) -> dict[str, str]:
    return {key.lower(): value for key, value in message.items()}
