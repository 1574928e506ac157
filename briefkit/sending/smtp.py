"""`briefkit send`: a test of an edition, to at most a few addresses, over SMTP. Sending to the list is the
delivering service's job; this is for the editor's own inbox. Nothing is retried silently, nothing is written."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import Location, MessageError
from briefkit.io.addresses import parse_address

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


def check_recipients(recipients: list[str]) -> None:
    if not recipients:
        raise _refusal("give the addresses to send the test to with --to, separated by commas")
    if len(recipients) > MAX_RECIPIENTS:
        raise _refusal(
            f"{len(recipients)} addresses is more than a test needs (at most {MAX_RECIPIENTS}); sending to the "
            "list is the job of the service that delivers it (see docs/sending.md)"
        )
    for address in recipients:
        if "@" not in address or any(c.isspace() for c in address):
            raise _refusal(f"'{address}' is not an e-mail address; write it like editor@example.org")


def _is_loopback(host: str) -> bool:
    address = parse_address(host)
    return host.lower() == "localhost" or (address is not None and address.is_loopback)


def send(data: bytes, sender: str, recipients: list[str], settings: SmtpSettings, password: str | None) -> list[str]:
    """Send the message ``data`` to ``recipients`` through the server; returns the recipients it accepted.
    Raises MessageError with one clear line for each way this can fail."""
    check_recipients(recipients)
    where = f"{settings.host}:{settings.actual_port}"
    if settings.security == "none" and not _is_loopback(settings.host):
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
                client.starttls(context=context)
            if settings.username:
                if password is None:
                    raise _refusal(
                        f"the server account {settings.username} needs a password; set the environment variable "
                        f"{PASSWORD_VARIABLE} (never write it in a file of the project)"
                    )
                client.login(settings.username, password)
            refused = client.sendmail(sender, recipients, data)
    except MessageError:
        raise
    except smtplib.SMTPNotSupportedError:
        raise _refusal(
            f"{where} does not offer STARTTLS; use security: tls, or ask for the server's TLS port"
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
    return [address for address in recipients if address not in refused]


def _said(error: object) -> str:
    """What the server said, as text."""
    code = getattr(error, "smtp_code", None)
    text = getattr(error, "smtp_error", b"")
    if isinstance(error, tuple):
        code, text = error
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {shown}".strip()
