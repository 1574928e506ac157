"""`briefkit send` against a real SMTP server on 127.0.0.1 (aiosmtpd), with STARTTLS or TLS from the start (a
certificate the test makes with trustme) and a login; the received message is the message file, byte for byte,
but for the '[Test] ' prefix."""

from __future__ import annotations

import shutil
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import SAMPLE, Server, run_cli, smtp_serving

PASSWORD = "correct horse battery staple"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == b"editor" and data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535 itself


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return ca, ca_file


def _server_context(ca: trustme.CA, name: str = "127.0.0.1") -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)
    return context


@pytest.fixture
def starttls_server(certificate: tuple[trustme.CA, Path]) -> Iterator[Server]:
    ca, ca_file = certificate
    with smtp_serving(
        ca_file,
        tls_context=_server_context(ca),
        require_starttls=True,
        authenticator=_authenticate,
        auth_require_tls=True,
    ) as server:
        yield server


@pytest.fixture
def tls_server(certificate: tuple[trustme.CA, Path]) -> Iterator[Server]:
    ca, ca_file = certificate
    with smtp_serving(ca_file, ssl_context=_server_context(ca)) as server:
        yield server


@pytest.fixture
def edition(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SAMPLE, project / "editions")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".lock.json"), project / "editions")
    monkeypatch.setenv("BRIEFKIT_SMTP_PASSWORD", PASSWORD)
    return project


def _send(project: Path, server: Server, *args: str, env: dict[str, str] | None = None) -> Any:
    import os
    import subprocess
    import sys

    environment = {**os.environ, "SSL_CERT_FILE": str(server.ca_file), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefkit", "send", f"editions/{SAMPLE.name}", "--smtp-host", "127.0.0.1",
         "--smtp-port", str(server.port), *args],
        cwd=project, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def _without_date_and_id(message: bytes) -> bytes:
    """The message with its Date and Message-ID header lines (and their folded continuations) left out."""
    kept: list[bytes] = []
    dropping = False
    for line in message.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and dropping:
            continue
        dropping = line.startswith((b"Date:", b"Message-ID:"))
        if not dropping:
            kept.append(line)
    return b"\r\n".join(kept)


def test_a_test_send_arrives_as_the_message_file(edition: Path, starttls_server: Server) -> None:
    result = _send(edition, starttls_server, "--to", "me@example.org,you@example.org", "--smtp-username", "editor")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sent <") and lines[0].endswith("@cnas.org>")
    assert lines[1:] == ["  accepted me@example.org", "  accepted you@example.org"]
    ((sender, recipients, received),) = starttls_server.inbox.messages
    assert sender == "sharper@cnas.org" and recipients == ["me@example.org", "you@example.org"]
    assert run_cli("render", f"editions/{SAMPLE.name}", "--format", "eml", cwd=edition).returncode == 0
    written = (edition / "outbox" / SAMPLE.stem / "email.eml").read_bytes()
    # The message file but for the prefix, and the Date and Message-ID of a message sent now.
    sent_id = lines[0].removeprefix("sent ").encode()
    assert b"Message-ID: " + sent_id in received and sent_id not in written
    assert _without_date_and_id(received.replace(b"Subject: [Test] Sharper", b"Subject: Sharper")) == (
        _without_date_and_id(written)
    )


def test_a_test_send_has_the_series_addresses_not_the_services_placeholders(
    edition: Path, starttls_server: Server
) -> None:
    """A test goes to the editor, not through the list's service: nothing would fill its placeholders."""
    series = edition / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "delivery:\n  service: mailchimp\n  list: abc\n", "utf-8")
    result = _send(edition, starttls_server, "--to", "me@example.org", "--smtp-username", "editor")
    assert result.returncode == 0, result.stderr
    ((_, _, received),) = starttls_server.inbox.messages
    assert (
        b"*|UNSUB|*" not in received and b"List-Unsubscribe: <https://www.cnas.org/newsletters/unsubscribe>" in received
    )


def test_a_send_writes_nothing(edition: Path, starttls_server: Server) -> None:
    assert _send(edition, starttls_server, "--to", "me@example.org", "--smtp-username", "editor").returncode == 0
    assert not (edition / "outbox").exists()


def test_no_prefix_and_tls_from_the_start(edition: Path, tls_server: Server) -> None:
    result = _send(edition, tls_server, "--to", "me@example.org", "--smtp-security", "tls", "--no-prefix")
    assert result.returncode == 0, result.stderr
    assert b"Subject: Sharper: The Beijing-Moscow Partnership\r\n" in tls_server.inbox.messages[0][2]


def test_more_than_ten_recipients_are_refused(edition: Path, starttls_server: Server) -> None:
    many = ",".join(f"reader{i}@example.org" for i in range(11))
    result = _send(edition, starttls_server, "--to", many)
    assert result.returncode == 2
    assert result.stderr == (
        "send: 11 addresses is more than a test needs (at most 10); sending to the list is the job of the service "
        "that delivers it (see docs/sending.md)\n"
    )
    assert starttls_server.inbox.messages == []


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--smtp-username", "editor"], {"BRIEFKIT_SMTP_PASSWORD": "wrong"}, "refused the login as editor (535"),
        (["--smtp-security", "tls"], {}, "TLS failed ("),
        (
            ["--smtp-security", "none", "--smtp-host", "smtp.example.org"],
            {},
            "allowed only to a server on this machine",
        ),
        (["--smtp-username", "editor"], {"SSL_CERT_FILE": "/dev/null"}, "its certificate could not be verified"),
    ],
)
def test_each_failure_is_one_clear_line(
    edition: Path, starttls_server: Server, args: list[str], env: dict[str, str], words: str
) -> None:
    result = _send(edition, starttls_server, "--to", "me@example.org", *args, env=env)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert starttls_server.inbox.messages == []


def test_a_refused_connection_and_a_refused_recipient(edition: Path, starttls_server: Server) -> None:
    closed = Server(9, starttls_server.inbox, starttls_server.ca_file)
    result = _send(edition, closed, "--to", "me@example.org")
    assert result.returncode == 2 and "127.0.0.1:9 refused the connection" in result.stderr
    starttls_server.inbox.refuse = {"nobody@example.org"}
    refused = _send(edition, starttls_server, "--to", "nobody@example.org", "--smtp-username", "editor")
    assert refused.returncode == 2 and "refused every address: nobody@example.org (550" in refused.stderr
    partly = _send(edition, starttls_server, "--to", "me@example.org,nobody@example.org", "--smtp-username", "editor")
    assert partly.returncode == 0 and "warning: the server refused nobody@example.org" in partly.stderr


def test_without_smtp_settings_it_says_where_to_add_them(edition: Path) -> None:
    result = run_cli("send", f"editions/{SAMPLE.name}", "--to", "me@example.org", cwd=edition)
    assert result.returncode == 2
    assert "smtp: there are no smtp: settings to send through; add smtp: {host: ...}" in result.stderr


# -- addresses: exactly one each, checked before any connection; outside ASCII as the server allows ---------------


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("a@x.org;b@y.org", "';' makes it more than one address"),
        ("@", "nothing comes before the @"),
        ("a@", "nothing comes after the @"),
        ("a@b@c.org", "it has more than one @"),
        ('"b@y.org" <a@x.org>', "it holds a name, a space, brackets or quotes"),
        ("me@example.org\r\nRCPT TO:<b@y.org>", "it holds a carriage return (U+000D) and a line break (U+000A)"),
        ("me\u2028@example.org", "it holds a line separator (U+2028)"),
        ("a..b@x.org", "'a..b' cannot stand before the @"),
        ("me@straße.de", "would be sent as strasse.de, which is another name"),
    ],
)
def test_an_address_that_is_not_exactly_one_is_refused_before_connecting(
    edition: Path, starttls_server: Server, given: str, words: str
) -> None:
    closed = Server(9, starttls_server.inbox, starttls_server.ca_file)  # a connection would say "refused"
    result = _send(edition, closed, "--to", f"me@example.org,{given}")
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("send: '") and "is not one usable address: " in line and words in line, line
    assert "\r" not in result.stderr and "\u2028" not in result.stderr  # shown as escapes, never as themselves


def test_a_nul_in_an_address_is_refused() -> None:
    """The preview's form can carry what a command line cannot."""
    from briefkit.errors import MessageError
    from briefkit.sending.smtp import check_recipients

    with pytest.raises(MessageError, match=r"'me@example\.org\\x00' is not one usable address: it holds a NUL"):
        check_recipients(["me@example.org\x00"])


@pytest.fixture
def plain_server() -> Iterator[Server]:
    """A server on this machine without TLS (security: none) and without SMTPUTF8."""
    with smtp_serving(enable_SMTPUTF8=False) as server:  # aiosmtpd's Controller offers it unless told not to
        yield server


@pytest.fixture
def utf8_server() -> Iterator[Server]:
    """The same, offering SMTPUTF8 (RFC 6531)."""
    with smtp_serving(enable_SMTPUTF8=True) as server:
        yield server


def test_a_domain_outside_ascii_travels_in_idna(edition: Path, plain_server: Server) -> None:
    series = edition / "editions" / "sharper.series.yaml"
    series.write_text(
        series.read_text("utf-8").replace("address: sharper@cnas.org", "address: sharper@münchen.example"), "utf-8"
    )
    result = _send(edition, plain_server, "--to", "me@exämple.org,you@example.org", "--smtp-security", "none")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["  accepted me@exämple.org", "  accepted you@example.org"]
    ((sender, recipients, received),) = plain_server.inbox.messages
    assert sender == "sharper@xn--mnchen-3ya.example"
    assert recipients == ["me@xn--exmple-cua.org", "you@example.org"]
    assert b"From: CNAS Sharper <sharper@xn--mnchen-3ya.example>\r\n" in received
    assert received.isascii()


def test_a_local_part_outside_ascii_goes_only_to_a_server_that_offers_smtputf8(
    edition: Path, plain_server: Server, utf8_server: Server
) -> None:
    refused = _send(edition, plain_server, "--to", "me@example.org,rédaction@exemple.fr", "--smtp-security", "none")
    assert refused.returncode == 2
    assert refused.stderr == (
        f"send: 127.0.0.1:{plain_server.port} does not take addresses with letters outside ASCII before the @ (it "
        "does not offer SMTPUTF8): rédaction@exemple.fr; send the test to another address, or through a server "
        "that offers it\n"
    )
    assert plain_server.inbox.messages == []
    sent = _send(edition, utf8_server, "--to", "me@example.org,rédaction@exemple.fr", "--smtp-security", "none")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.splitlines()[1:] == ["  accepted me@example.org", "  accepted rédaction@exemple.fr"]
    ((sender, recipients, received),) = utf8_server.inbox.messages
    assert sender == "sharper@cnas.org" and recipients == ["me@example.org", "rédaction@exemple.fr"]
    assert received.isascii()  # the message itself needs nothing of SMTPUTF8


def test_only_the_addresses_the_server_accepted_are_reported(edition: Path, plain_server: Server) -> None:
    plain_server.inbox.refuse = {"nobody@xn--exmple-cua.org"}
    result = _send(edition, plain_server, "--to", "me@example.org,nobody@exämple.org", "--smtp-security", "none")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["  accepted me@example.org"]
    assert result.stderr == "warning: the server refused nobody@exämple.org\n"
    ((_, recipients, _),) = plain_server.inbox.messages
    assert recipients == ["me@example.org"]


# -- STARTTLS whether or not there is a login; security: none only to this machine ---------------------------------


def _run_send(project: Path, *args: str, ca_file: Path | None = None) -> Any:
    """`briefkit send` with only ``args`` (no server options of its own), as an editor runs it."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, **({"SSL_CERT_FILE": str(ca_file)} if ca_file else {})}
    return subprocess.run(
        [sys.executable, "-m", "briefkit", "send", f"editions/{SAMPLE.name}", *args],
        cwd=project, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_starttls_is_used_without_a_login(edition: Path, certificate: tuple[trustme.CA, Path]) -> None:
    """security: starttls upgrades the connection whether or not there is an account to log in as: a server that
    takes mail only after STARTTLS (and asks for no login) receives the test."""
    ca, ca_file = certificate
    with smtp_serving(ca_file, tls_context=_server_context(ca), require_starttls=True) as server:
        result = _send(edition, server, "--to", "me@example.org", "--smtp-security", "starttls")
        assert result.returncode == 0, result.stderr
        assert [recipients for _, recipients, _ in server.inbox.messages] == [["me@example.org"]]


def test_starttls_to_a_server_that_does_not_offer_it_fails_with_a_clear_line(edition: Path) -> None:
    with smtp_serving() as server:  # no TLS at all
        result = _send(edition, server, "--to", "me@example.org")  # starttls: the default, and no login
        assert result.returncode == 2
        assert result.stderr == (
            f"send: 127.0.0.1:{server.port} does not offer STARTTLS; use security: tls, or ask for the server's TLS "
            "port\n"
        )
        assert server.inbox.messages == []


def test_security_none_sends_to_a_server_on_this_machine(edition: Path, plain_server: Server) -> None:
    result = _send(edition, plain_server, "--to", "me@example.org", "--smtp-security", "none")
    assert result.returncode == 0, result.stderr
    assert len(plain_server.inbox.messages) == 1


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every connection smtplib tries, recorded and refused: nothing leaves this machine whatever the code does."""
    import smtplib

    tried: list[tuple[str, int]] = []

    def refuse(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        tried.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(smtplib.socket, "create_connection", refuse)
    return tried


@pytest.mark.parametrize(
    "host",
    ["10.0.0.1", "192.0.2.1", "0.0.0.0", "169.254.169.254", "::ffff:10.0.0.1", "fd00::1", "smtp.example.org",
     "localhost.example.org", "127.0.0.1.example.org"],
)  # fmt: skip
def test_security_none_to_any_other_host_is_refused_before_connecting(
    host: str, connections: list[tuple[str, int]]
) -> None:
    from briefkit.errors import MessageError
    from briefkit.sending.smtp import SmtpSettings, send

    with pytest.raises(MessageError) as raised:
        send(b"Subject: x\r\n\r\nx\r\n", "me@example.org", ["you@example.org"], SmtpSettings(host, "none"), None)
    assert raised.value.display() == (
        "send: security: none sends the message and any password in the clear; it is allowed only to a server on "
        f"this machine, not {host}; use starttls or tls"
    )
    assert connections == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.4.5.6", "::1", "localhost", "LocalHost"])
def test_security_none_to_a_loopback_address_goes_ahead(host: str, connections: list[tuple[str, int]]) -> None:
    from briefkit.errors import MessageError
    from briefkit.sending.smtp import SmtpSettings, send

    with pytest.raises(MessageError, match="refused the connection"):
        send(b"Subject: x\r\n\r\nx\r\n", "me@example.org", ["you@example.org"], SmtpSettings(host, "none", 2525), None)
    assert connections == [(host, 2525)]


def test_a_login_to_a_server_without_auth_is_not_called_a_missing_starttls(
    edition: Path, certificate: tuple[trustme.CA, Path]
) -> None:
    ca, ca_file = certificate
    # TLS from the start, and no AUTH in its EHLO (aiosmtpd offers AUTH only after STARTTLS unless told otherwise).
    with smtp_serving(ca_file, ssl_context=_server_context(ca)) as server:
        result = _send(edition, server, "--to", "me@example.org", "--smtp-security", "tls", "--smtp-username", "editor")
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1
        assert "STARTTLS" not in result.stderr and "login" in result.stderr, result.stderr
        assert server.inbox.messages == []


# -- the command line's options and the series' smtp: settings ----------------------------------------------------


def _series_smtp(project: Path, settings: str) -> None:
    series = project / "editions" / "sharper.series.yaml"
    series.write_text(series.read_text("utf-8") + "smtp:\n" + settings, "utf-8")


@pytest.fixture
def login_server(certificate: tuple[trustme.CA, Path]) -> Iterator[Server]:
    """A server that takes mail only over STARTTLS and only after a login as editor."""
    ca, ca_file = certificate
    with smtp_serving(
        ca_file,
        tls_context=_server_context(ca),
        require_starttls=True,
        authenticator=_authenticate,
        auth_require_tls=True,
        auth_required=True,
    ) as server:
        yield server


def test_the_command_lines_options_beat_the_series_settings(edition: Path, login_server: Server) -> None:
    # Each of the series' settings would fail: nothing listens on localhost:9, TLS from the start is not this
    # server's, and it knows no account 'someone'.
    _series_smtp(edition, "  host: localhost\n  port: 9\n  security: tls\n  username: someone\n")
    result = _send(edition, login_server, "--to", "me@example.org", "--smtp-security", "starttls",
                   "--smtp-username", "editor")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(login_server.inbox.messages) == 1


@pytest.fixture
def tls_login_server(certificate: tuple[trustme.CA, Path]) -> Iterator[Server]:
    """A server with TLS from the start that takes mail only after a login as editor."""
    ca, ca_file = certificate
    with smtp_serving(
        ca_file,
        ssl_context=_server_context(ca),
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=False,  # aiosmtpd counts only STARTTLS as TLS; this connection is TLS from its start
    ) as server:
        yield server


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_the_series_settings_fill_what_the_command_line_leaves_out(edition: Path, tls_login_server: Server) -> None:
    # Host and port from the command line; TLS from the start and the login from the series (the default,
    # starttls, and no login would both fail with this server).
    _series_smtp(edition, "  host: localhost\n  port: 9\n  security: tls\n  username: editor\n")
    result = _send(edition, tls_login_server, "--to", "me@example.org")
    assert result.returncode == 0, result.stderr
    assert len(tls_login_server.inbox.messages) == 1


def test_the_series_settings_alone_are_enough(edition: Path, login_server: Server) -> None:
    _series_smtp(edition, f"  host: 127.0.0.1\n  port: {login_server.port}\n  username: editor\n")
    result = _run_send(edition, "--to", "me@example.org", ca_file=login_server.ca_file)
    assert result.returncode == 0, result.stderr
    assert len(login_server.inbox.messages) == 1


# -- at most ten recipients ---------------------------------------------------------------------------------------


def test_exactly_ten_recipients_are_accepted(edition: Path, starttls_server: Server) -> None:
    ten = [f"reader{i}@example.org" for i in range(10)]
    result = _send(edition, starttls_server, "--to", ",".join(ten), "--smtp-username", "editor")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [f"  accepted {address}" for address in ten]
    ((_, recipients, _),) = starttls_server.inbox.messages
    assert recipients == ten


def test_ten_recipients_pass_the_check_and_eleven_do_not() -> None:
    from briefkit.errors import MessageError
    from briefkit.sending.smtp import check_recipients

    addresses = [f"reader{i}@example.org" for i in range(11)]
    assert [r.given for r in check_recipients(addresses[:10])] == addresses[:10]
    with pytest.raises(MessageError, match=r"^send: 11 addresses is more than a test needs \(at most 10\)"):
        check_recipients(addresses)
