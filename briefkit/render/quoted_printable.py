"""Quoted-printable bodies (RFC 2045), byte for byte as the standard library's email package writes them
(``email.quoprimime.body_encode`` under a policy's line length, which ``EmailMessage.set_content(...,
cte="quoted-printable")`` uses), at the speed of the C codecs.

The email package escapes with ``str.translate`` over a 256-entry table, one character at a time in Python's
slow path, which for a 50 KB email is most of the message file's cost. Here the same escapes are made by C:
``bytes.replace`` for '=', the ASCII encoder's error handler (called once per run of letters outside ASCII) for
everything above 126, and a regular expression only for the control characters an email's text seldom holds.
The soft line breaks are then placed by the email package's own rule, line by line."""

from __future__ import annotations

import codecs
import re

_ESCAPE_ERRORS = "briefkit.quoted-printable"
# What must be escaped below 127, besides '=': the control characters, less tab and the line end (and DEL).
_CONTROLS = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
_KEEP = bytes(c for c in range(256) if not _CONTROLS.fullmatch(bytes([c])))
_EQUALS, _SPACE, _TAB = 61, 32, 9


def _escape_run(error: UnicodeError) -> tuple[str, int]:
    """A run of characters outside ASCII as '=XX' for each of their UTF-8 bytes (the original bytes for those
    decoding could not read)."""
    assert isinstance(error, UnicodeEncodeError)
    run = error.object[error.start : error.end].encode("utf-8", "surrogateescape")
    return "=" + run.hex("=").upper(), error.end


codecs.register_error(_ESCAPE_ERRORS, _escape_run)


def _escaped(data: bytes) -> bytes:
    """Every byte the email package escapes in a body (all but tab, space and the printable ASCII except '='),
    as '=XX'; line ends are ``\\n``."""
    data = data.replace(b"=", b"=3D")
    if data.translate(None, _KEEP):  # a control character: rare in an email's words
        data = _CONTROLS.sub(lambda found: b"=%02X" % found[0][0], data)
    if data.isascii():
        return data
    return data.decode("utf-8", "surrogateescape").encode("ascii", _ESCAPE_ERRORS)


def body_encode(data: bytes, max_line_length: int, eol: bytes) -> bytes:
    """``data``'s lines (split at CR, LF or CRLF) quoted-printable, each line of at most ``max_line_length``
    characters ending in ``eol``: the bytes ``EmailMessage.set_content`` gives for the same text under a policy
    with that line length and line separator."""
    if max_line_length < 4:
        raise ValueError("max_line_length must be at least 4")
    out: list[bytes] = []
    append = out.append
    soft_break = b"=" + eol
    keep = max_line_length - 1  # room for the '=' of a soft line break
    for line in _escaped(b"\n".join(data.splitlines())).split(b"\n"):
        start, last = 0, len(line) - 1 - max_line_length
        while start <= last:
            stop = start + keep
            if line[stop - 2] == _EQUALS:  # never break inside an escape
                append(line[start : stop - 1])
                start = stop - 2
            elif line[stop - 1] == _EQUALS:
                append(line[start:stop])
                start = stop - 1
            else:
                append(line[start:stop] + b"=")
                start = stop
        if line and line[-1] in (_SPACE, _TAB):  # white space at a line's end is escaped, or kept before a break
            room, quoted = start - last, b"=%02X" % line[-1]
            if room == 2:
                quoted = line[-1:] + soft_break
            elif room < 2:
                quoted = soft_break + quoted
            append(line[start:-1] + quoted)
        else:
            append(line[start:])
    append(b"")  # the last line ends too
    return eol.join(out)
