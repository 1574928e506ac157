"""`briefkit send`: a test of an edition, to at most a few addresses, over SMTP. Sending to the list is the
delivering service's job; this is for the editor's own inbox. Nothing is retried silently, nothing is written."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import Location, MessageError
from briefkit.io.addresses import parse_address
from briefkit.manifest.addresses import mail_address
from briefkit.manifest.characters import printable

MAX_RECIPIENTS = 10
PASSWORD_VARIABLE = "BRIEFKIT_SMTP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT = 30.0


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    security: str = "starttls"
    port: int | None = None
    username: str | None = None

    @property
    def actual_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]


def _refusal(text: str) -> MessageError:
    return MessageError.at(Location(Path("send")), text)


@dataclass(frozen=True)
class Recipient:
    """An address as it was given, and as it travels in the envelope: its domain in IDNA when not ASCII."""

    given: str
    envelope: str

    @property
    def needs_smtputf8(self) -> bool:
        """A local part outside ASCII: only a server that offers SMTPUTF8 (RFC 6531) can take it."""
        return not self.envelope.isascii()


def envelope_address(address: str) -> str:
    """``address`` (one valid address, checked already) as the envelope carries it."""
    local, domain = mail_address(address)
    return f"{local}@{domain}"


def check_recipients(recipients: list[str]) -> list[Recipient]:
    """Each of ``recipients`` as exactly one address (the standard library's parser: no second address after a ';',
    no name, no '<>', nothing missing before or after the @, no control character), at most MAX_RECIPIENTS of
    them; refused, with the reason, before any connection."""
    if not recipients:
        raise _refusal("give the addresses to send the test to with --to, separated by commas")
    if len(recipients) > MAX_RECIPIENTS:
        raise _refusal(
            f"{len(recipients)} addresses is more than a test needs (at most {MAX_RECIPIENTS}); sending to the "
            "list is the job of the service that delivers it (see docs/sending.md)"
        )
    checked = []
    for address in recipients:
        try:
            checked.append(Recipient(address, envelope_address(address)))
        except ValueError as error:
            raise _refusal(f"'{printable(address)}' is not one usable address: {error}") from None
    return checked


def is_loopback(host: str) -> bool:
    """True for a server on this machine: localhost, or a loopback address however it is spelled."""
    address = parse_address(host)
    return host.lower() == "localhost" or (address is not None and address.is_loopback)


def send(data: bytes, sender: str, recipients: list[str], settings: SmtpSettings, password: str | None) -> list[str]:
    """Send the message ``data`` to ``recipients`` through the server; returns the recipients it accepted.
    Raises MessageError with one clear line for each way this can fail."""
    checked = check_recipients(recipients)
    try:
        sender_envelope = envelope_address(sender)
    except ValueError as error:
        raise _refusal(f"the sender '{printable(sender)}' is not one usable address: {error}") from None
    where = f"{settings.host}:{settings.actual_port}"
    if settings.security == "none" and not is_loopback(settings.host):
        raise _refusal(
            f"security: none sends the message and any password in the clear; it is allowed only to a server on "
            f"this machine, not {settings.host}; use starttls or tls"
        )
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(settings.host, settings.actual_port, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.actual_port, timeout=TIMEOUT)
        with client:
            if settings.security == "starttls":
                try:
                    client.starttls(context=context)
                except smtplib.SMTPNotSupportedError:
                    raise _refusal(
                        f"{where} does not offer STARTTLS; use security: tls, or ask for the server's TLS port"
                    ) from None
            if settings.username:
                if password is None:
                    raise _refusal(
                        f"the server account {settings.username} needs a password; set the environment variable "
                        f"{PASSWORD_VARIABLE} (never write it in a file of the project)"
                    )
                client.login(settings.username, password)
            client.ehlo_or_helo_if_needed()
            options = _mail_options(checked, client, where)
            refused = client.sendmail(sender_envelope, [r.envelope for r in checked], data, mail_options=options)
    except MessageError:
        raise
    except smtplib.SMTPNotSupportedError:  # the login: STARTTLS was handled above
        raise _refusal(
            f"{where} does not offer a login (AUTH); remove the username (--smtp-username, smtp: username:) if the "
            "server takes mail without one, or ask for the port that takes logins"
        ) from None
    except smtplib.SMTPAuthenticationError as error:
        raise _refusal(
            f"{where} refused the login as {settings.username} ({_said(error)}); check the name and {PASSWORD_VARIABLE}"
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        refused_list = ", ".join(f"{address} ({_said(reply)})" for address, reply in error.recipients.items())
        raise _refusal(f"{where} refused every address: {refused_list}") from None
    except smtplib.SMTPSenderRefused as error:
        raise _refusal(f"{where} refused the sender {error.sender!r} ({_said(error)})") from None
    except ssl.SSLCertVerificationError as error:
        raise _refusal(
            f"{where}: its certificate could not be verified ({error.verify_message}); check the host name"
        ) from None
    except ssl.SSLError as error:
        raise _refusal(f"{where}: TLS failed ({error.reason or error}); check security: and the port") from None
    except TimeoutError:
        raise _refusal(f"{where} did not answer within {TIMEOUT:g} seconds") from None
    except ConnectionRefusedError:
        raise _refusal(f"{where} refused the connection; check the host and port") from None
    except (smtplib.SMTPException, OSError) as error:
        raise _refusal(f"{where}: {error}") from None
    return [r.given for r in checked if r.envelope not in refused]


def _mail_options(recipients: list[Recipient], client: smtplib.SMTP, where: str) -> list[str]:
    """SMTPUTF8 when an address needs it and the server offers it; a refusal, before MAIL FROM, when it does not."""
    needing = [r.given for r in recipients if r.needs_smtputf8]
    if not needing:
        return []
    if not client.has_extn("smtputf8"):
        raise _refusal(
            f"{where} does not take addresses with letters outside ASCII before the @ (it does not offer "
            f"SMTPUTF8): {', '.join(needing)}; send the test to another address, or through a server that offers it"
        )
    return ["SMTPUTF8"]


def _said(error: object) -> str:
    """What the server said, as text."""
    code = getattr(error, "smtp_code", None)
    text = getattr(error, "smtp_error", b"")
    if isinstance(error, tuple):
        code, text = error
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {shown}".strip()
