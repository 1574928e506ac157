"""The email as a message file (RFC 5322, multipart/alternative: the text first, the HTML last), made with the
standard library's email package, for the service that sends it to the list; signed with DKIM when the series
names a key. The same edition gives the same bytes (a DKIM signature carries the time it was made)."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import functools
import hashlib
import itertools
import os
import re
import stat
from email.charset import Charset
from email.header import Header
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from briefkit.edition.model import Edition
from briefkit.errors import Location, MessageError
from briefkit.manifest.addresses import ascii_url, mail_address
from briefkit.manifest.characters import header_breakers
from briefkit.render.delivery import headers
from briefkit.render.quoted_printable import body_encode
from briefkit.render.services import service_of


class _Policy(email.policy.EmailPolicy):
    """The SMTP policy, but a Subject that does not fit on its line as plain ASCII is written whole as RFC 2047
    encoded words, one a line, by the email package's Charset. The policy's own folder can start the header with a
    line break, or end a line inside a word and go on with an encoded word, which a mail program shows with a
    space that was never written ("&#37;" read back as "& #37;"); encoded words next to each other are read back
    without the line breaks between them. A Subject holding "=?" is encoded too, so that no mail program takes the
    editor's words for an encoded word."""

    def _subject(self, name: str, value: str) -> str | None:
        if name.lower() != "subject":
            return None
        text, room = str(value), (self.max_line_length or 78) - len(name) - 2
        if text.isascii() and "=?" not in text and len(text) <= room and text == text.strip():
            return None
        lines = Charset("utf-8").header_encode_lines(
            text, itertools.chain([room], itertools.repeat(room + len(name) + 1))
        )
        return f"{name}: " + (self.linesep + " ").join(line or "" for line in lines) + self.linesep

    def fold(self, name: str, value: str) -> str:
        return self._subject(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        subject = self._subject(name, value)
        return subject.encode("ascii") if subject else super().fold_binary(name, value)


class _HeaderClasses(HeaderRegistry):
    """The email package's header classes, each made once: its registry makes a new class for every header set."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


# Lines of at most 78 characters, CRLF line ends, as a message travels.
POLICY = _Policy(linesep="\r\n", max_line_length=78, header_factory=_HeaderClasses())
CRLF = b"\r\n"
DKIM_KEY_VARIABLE = "BRIEFKIT_DKIM_KEY_FILE"
# What the DKIM signature covers: the headers a reader and a mailbox provider judge the message by.
SIGNED_HEADERS = (b"From", b"Subject", b"Date", b"To", b"List-Unsubscribe", b"List-Unsubscribe-Post")
NO_RECIPIENTS = "undisclosed-recipients:;"
# The most a DKIM private key's file may hold: a 4096-bit RSA key in PEM is about 3.3 KiB.
DKIM_KEY_LIMIT = 64 * 1024
# What may stand as it is in a Message-ID or List-Id (dot-atom-text, less the characters that need care elsewhere).
_ID_PART = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")


def sent_at(edition: Edition) -> dt.datetime:
    """The Date header: the edition's date at the series' send time, in its time zone."""
    hour, minute = (int(part) for part in edition.message.send_time.split(":"))
    return dt.datetime.combine(edition.date, dt.time(hour, minute), ZoneInfo(edition.timezone))


def _refusal(field: str, text: str) -> MessageError:
    """What validation refuses already; said again here, for an edition made some other way."""
    return MessageError.at(Location(Path("series")), text, field)


def _address(address: str, field: str) -> Address:
    """``address`` as a header carries it: its domain in IDNA when not ASCII (RFC 5890). A local part outside ASCII
    is refused, as validation refuses it: it would need SMTPUTF8 of every server on the way."""
    try:
        local, domain = mail_address(address)
    except ValueError as error:
        raise _refusal(field, f"'{address}' is not one usable address: {error}") from None
    if not local.isascii():
        raise _refusal(field, f"'{address}' has letters outside ASCII before the @; use an ASCII address")
    return Address(username=local, domain=domain)


def _domain(address: str) -> str:
    return _address(address, "sender.address").domain.lower()


def _id_part(text: str, otherwise: str) -> str:
    """``text`` as it may stand in a Message-ID or List-Id: itself when it can; letters outside ASCII in punycode
    and other characters as '-' when not (a file name such as café.yaml)."""
    if _ID_PART.fullmatch(text):
        return text
    spelled = text if text.isascii() else "xn--" + text.encode("punycode").decode("ascii")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", spelled).strip("-") or otherwise


def list_id(edition: Edition) -> str:
    """List-Id (RFC 2919): the series' name, and an id made of the series and the sender's domain. The name is
    quoted when it holds specials, and a name outside ASCII is encoded (RFC 2047) when the message is written."""
    identifier = _id_part(edition.series_key, "briefing") if edition.series_key else "briefing"
    return email.utils.formataddr((edition.series_name, f"{identifier}.{_domain(edition.sender_address)}"))


def list_unsubscribe(edition: Edition) -> str:
    """List-Unsubscribe (RFC 2369): the web address, and the mailto: one when the series gives it; a host outside
    ASCII in IDNA, other letters outside ASCII percent-encoded."""
    addresses = [edition.unsubscribe_url]
    if edition.message.unsubscribe_mailto and edition.message.unsubscribe_mailto not in addresses:
        addresses.append(edition.message.unsubscribe_mailto)
    try:
        return ", ".join(f"<{ascii_url(address)}>" for address in addresses)
    except ValueError as error:
        raise _refusal("unsubscribe_url", str(error)) from None


def _check_header_text(edition: Edition, subject: str) -> None:
    for field, value in (("subject", subject), ("sender.name", edition.sender_name), ("name", edition.series_name)):
        bad = header_breakers(value)
        if bad:
            raise _refusal(field, f"contains {' and '.join(bad)}, which an email header cannot hold; delete it")


def message_id(edition: Edition, html: bytes, text: bytes) -> str:
    """A Message-ID made from the edition and its content: the same files give the same id, a changed edition
    a new one (so a second test send is not taken for a copy of the first)."""
    digest = hashlib.sha256(edition.slug.encode() + b"\0" + text + b"\0" + html).hexdigest()[:20]
    return f"<{digest}.{_id_part(edition.slug, 'edition')}@{_domain(edition.sender_address)}>"


def correction_id(edition: Edition, date: dt.date) -> str:
    """The Message-ID of the message that tells readers of the edition's correction of ``date``: its own, made
    from the edition and the date, so the same correction gives the same id and never the edition's."""
    digest = hashlib.sha256(f"correction\0{edition.slug}\0{date.isoformat()}".encode()).hexdigest()[:20]
    return f"<{digest}.correction.{_id_part(edition.slug, 'edition')}@{_domain(edition.sender_address)}>"


def fresh_message_id(edition: Edition) -> str:
    """A Message-ID of its own for a message sent now (a test send), so that a second test to the same inbox is
    never taken for a copy of the first."""
    return email.utils.make_msgid("test", domain=_domain(edition.sender_address))


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
    return _read_key(name, where)


def _read_key(name: str, where: Location) -> bytes:
    """The key file's bytes: a regular file (not a device such as /dev/zero, a pipe or a folder) of at most
    DKIM_KEY_LIMIT bytes. Opened without waiting (a pipe with no writer would hold the render forever), then
    looked at through the open file, so what is read is what was judged."""
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise MessageError.at(where, f"cannot read the DKIM key {name} ({error.strerror})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, a pipe or a socket)"
            raise MessageError.at(
                where, f"the DKIM key {name} is {what}; name the file that holds the private key (PEM)"
            )
        data = b""
        while len(data) <= DKIM_KEY_LIMIT and (chunk := os.read(descriptor, DKIM_KEY_LIMIT + 1 - len(data))):
            data += chunk
    except OSError as error:
        raise MessageError.at(where, f"cannot read the DKIM key {name} ({error.strerror})") from None
    finally:
        os.close(descriptor)
    if len(data) > DKIM_KEY_LIMIT:
        raise MessageError.at(
            where,
            f"the DKIM key {name} is larger than {DKIM_KEY_LIMIT // 1024} KiB, which no private key is; name the "
            "file that holds the private key (PEM)",
        )
    return data


def render_message(
    edition: Edition,
    html: bytes,
    text: bytes,
    subject_prefix: str = "",
    sent: dt.datetime | None = None,
    identifier: str | None = None,
) -> bytes:
    """The message file's bytes, headers and both parts: CRLF line ends, no line over 78 characters, DKIM-signed
    when asked. ``sent`` and ``identifier``, for a message sent now: its Date and Message-ID (the message file
    itself keeps the edition's, the same every time). The subject and the series' name are made safe for the
    delivering service, and the names and addresses checked, as the header lines take them."""
    edition = headers(edition)
    subject = subject_prefix + edition.subject
    _check_header_text(edition, subject)
    message = EmailMessage(policy=POLICY)
    sender = _address(edition.sender_address, "sender.address")
    own_id = message_id(edition, html, text)  # the Message-ID, unless one is given, and the parts' boundary
    # A display name outside ASCII is encoded by the email package (RFC 2047); the domain is IDNA already.
    message["From"] = Address(edition.sender_name, sender.username, sender.domain)
    if edition.message.reply_to:
        message["Reply-To"] = _address(edition.message.reply_to, "message.reply_to")
    message["To"] = _address(edition.message.to, "message.to") if edition.message.to else NO_RECIPIENTS
    # The email package reads "=?...?=" in a value as an encoded word; given as encoded words, the words stay as
    # written (and _Policy writes them encoded again).
    message["Subject"] = Header(subject, "utf-8").encode(maxlinelen=0) if "=?" in subject else subject
    message["Date"] = email.utils.format_datetime(sent or sent_at(edition))
    message["Message-ID"] = identifier or own_id
    message["List-Id"] = list_id(edition)
    service = service_of(edition)
    if service is None or not service.own_list_headers:  # a list service adds its own, with each reader's address
        message["List-Unsubscribe"] = list_unsubscribe(edition)
        if urlsplit(edition.unsubscribe_url).scheme in ("https", "http"):  # one-click needs a web address (RFC 8058)
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # The boundary would otherwise be random: made from the content, it keeps the file the same every time.
    boundary = "=_briefkit_" + own_id[1:21]
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
    message["Content-Language"] = edition.lang
    return _signed(edition, _flattened(message, boundary, [(_TEXT_PART, text), (_HTML_PART, html)]))


# The parts' headers, as EmailMessage.set_content and add_alternative write them (the second part repeats
# MIME-Version, as the email package's add_alternative leaves it).
_TEXT_PART = (("Content-Type", 'text/plain; charset="utf-8"'), ("Content-Transfer-Encoding", "quoted-printable"))
_HTML_PART = (
    ("Content-Type", 'text/html; charset="utf-8"'),
    ("Content-Transfer-Encoding", "quoted-printable"),
    ("MIME-Version", "1.0"),
)


def _head(message: EmailMessage) -> bytes:
    """The header lines as the email package's generator writes them, and the blank line after them."""
    return b"".join(POLICY.fold_binary(name, value) for name, value in message.raw_items()) + CRLF


@functools.cache
def _part_head(headers: tuple[tuple[str, str], ...]) -> bytes:
    part = EmailMessage(policy=POLICY)
    for name, value in headers:
        part[name] = value
    return _head(part)


def _flattened(message: EmailMessage, boundary: str, parts: list[tuple[tuple[tuple[str, str], ...], bytes]]) -> bytes:
    """The message's bytes, as ``message.as_bytes(policy=POLICY)`` gives them once the parts are added with
    set_content and add_alternative (quoted-printable, UTF-8): the headers through the email package's policy,
    the bodies through the C codecs (quoted_printable.py), in the generator's layout."""
    line = boundary.encode("ascii")
    chunks = [_head(message)]
    for number, (part, body) in enumerate(parts):
        chunks += [CRLF if number else b"", b"--", line, CRLF, _part_head(part)]
        chunks.append(body_encode(body, POLICY.max_line_length or 78, CRLF))
    chunks += [CRLF, b"--", line, b"--", CRLF]
    return b"".join(chunks)


def _signed(edition: Edition, data: bytes) -> bytes:
    """``data`` with a DKIM signature before it when the series asks for one."""
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
