"""The email as a message file (RFC 5322, multipart/alternative: the text first, the HTML last), made with the
standard library's email package, for the service that sends it to the list; signed with DKIM when the series
names a key. The same edition gives the same bytes (a DKIM signature carries the time it was made)."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import os
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from briefkit.edition.model import Edition
from briefkit.errors import Location, MessageError
from briefkit.render.delivery import service_of

# Lines of at most 78 characters, CRLF line ends, as a message travels.
POLICY = email.policy.SMTP.clone(max_line_length=78)
DKIM_KEY_VARIABLE = "BRIEFKIT_DKIM_KEY_FILE"
# What the DKIM signature covers: the headers a reader and a mailbox provider judge the message by.
SIGNED_HEADERS = (b"From", b"Subject", b"Date", b"To", b"List-Unsubscribe", b"List-Unsubscribe-Post")
NO_RECIPIENTS = "undisclosed-recipients:;"


def sent_at(edition: Edition) -> dt.datetime:
    """The Date header: the edition's date at the series' send time, in its time zone."""
    hour, minute = (int(part) for part in edition.message.send_time.split(":"))
    return dt.datetime.combine(edition.date, dt.time(hour, minute), ZoneInfo(edition.timezone))


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def list_id(edition: Edition) -> str:
    """List-Id (RFC 2919): the series' name, and an id made of the series and the sender's domain."""
    return f"{edition.series_name} <{edition.series_key or 'briefing'}.{_domain(edition.sender_address)}>"


def list_unsubscribe(edition: Edition) -> str:
    """List-Unsubscribe (RFC 2369): the web address, and the mailto: one when the series gives it."""
    addresses = [edition.unsubscribe_url]
    if edition.message.unsubscribe_mailto and edition.message.unsubscribe_mailto not in addresses:
        addresses.append(edition.message.unsubscribe_mailto)
    return ", ".join(f"<{address}>" for address in addresses)


def message_id(edition: Edition, html: bytes, text: bytes) -> str:
    """A Message-ID made from the edition and its content: the same files give the same id, a changed edition
    a new one (so a second test send is not taken for a copy of the first)."""
    digest = hashlib.sha256(edition.slug.encode() + b"\0" + text + b"\0" + html).hexdigest()[:20]
    return f"<{digest}.{edition.slug}@{_domain(edition.sender_address)}>"


def build_message(edition: Edition, html: bytes, text: bytes, subject_prefix: str = "") -> EmailMessage:
    """The message, headers and both parts, not yet signed."""
    message = EmailMessage(policy=POLICY)
    message["From"] = email.utils.formataddr((edition.sender_name, edition.sender_address))
    if edition.message.reply_to:
        message["Reply-To"] = edition.message.reply_to
    message["To"] = edition.message.to or NO_RECIPIENTS
    message["Subject"] = subject_prefix + edition.subject
    message["Date"] = email.utils.format_datetime(sent_at(edition))
    message["Message-ID"] = message_id(edition, html, text)
    message["List-Id"] = list_id(edition)
    service = service_of(edition)
    if service is None or not service.own_list_headers:  # a list service adds its own, with each reader's address
        message["List-Unsubscribe"] = list_unsubscribe(edition)
        if urlsplit(edition.unsubscribe_url).scheme in ("https", "http"):  # one-click needs a web address (RFC 8058)
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text.decode("utf-8"), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html.decode("utf-8"), subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = edition.lang  # after the parts: setting content clears Content-* headers
    # The boundary would otherwise be random: made from the content, it keeps the file the same every time.
    message.set_boundary("=_briefkit_" + message_id(edition, html, text)[1:21])
    return message


def _dkim_key(edition: Edition) -> bytes | None:
    """The private key named by BRIEFKIT_DKIM_KEY_FILE, when the series asks for DKIM; a located error when it
    asks and the key cannot be had."""
    if not (edition.message.dkim_domain and edition.message.dkim_selector):
        return None
    name = os.environ.get(DKIM_KEY_VARIABLE, "").strip()
    where = Location(Path(f"${DKIM_KEY_VARIABLE}"))
    if not name:
        raise MessageError.at(
            where, "the series asks for DKIM signing but this variable is not set; set it to the private key's file"
        )
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise MessageError.at(where, f"cannot read the DKIM key {name} ({error.strerror})") from None


def render_message(edition: Edition, html: bytes, text: bytes, subject_prefix: str = "") -> bytes:
    """The message file's bytes: CRLF line ends, no line over 78 characters, DKIM-signed when asked."""
    data = build_message(edition, html, text, subject_prefix).as_bytes(policy=POLICY)
    key = _dkim_key(edition)
    if key is None:
        return data
    import dkim  # dkimpy: only when signing

    assert edition.message.dkim_domain is not None and edition.message.dkim_selector is not None
    try:
        signature: bytes = dkim.sign(
            data,
            edition.message.dkim_selector.encode("ascii"),
            edition.message.dkim_domain.encode("ascii"),
            key,
            include_headers=list(SIGNED_HEADERS),
        )
    except (dkim.DKIMException, ValueError) as error:
        raise MessageError.at(
            Location(Path(f"${DKIM_KEY_VARIABLE}")), f"the DKIM key could not sign the message ({error})"
        ) from None
    return signature + data
