"""Web and mail addresses judged and written as they travel: one mail address alone, a domain in IDNA, an absolute
address (RFC 3986) and its ASCII form for a header."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from briefkit.manifest.characters import header_breakers

# A domain name as DNS writes it (letters, digits and hyphens; at least two labels), after IDNA for a non-ASCII one.
DOMAIN = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
_NOT_ALONE = re.compile(r"[\s<>()\[\]\"]")  # a name, a comment, a quoted or bracketed part: not an address alone
# The local part before the @ as RFC 5322 writes it unquoted (dot-atom): atoms of letters, digits and
# !#$%&'*+-/=?^_`{|}~, joined by single dots. tests/test_validation.py checks that it accepts exactly what the
# standard library's header parser (email.headerregistry.Address) does, once names, quotes, brackets, spaces and
# controls are refused; that parser takes ~6 ms to load, for this rule alone.
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
LOCAL_PART = rf"{ATOM}(?:\.{ATOM})*"


def ascii_domain(domain: str) -> str:
    """``domain`` as it travels in headers and SMTP: itself when ASCII, its IDNA form (xn--...) otherwise. Raises
    ValueError, with the reason and the fix, for a name that is not a domain, or one IDNA would turn into another
    name (straße.de becomes strasse.de, a full-width letter its plain one): that would send to someone else."""
    if domain.isascii():
        encoded = domain
    else:
        try:
            encoded = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"the domain '{domain}' cannot be written in ASCII (IDNA); check its spelling") from None
        if encoded.encode("ascii").decode("idna").lower() != domain.lower():
            raise ValueError(
                f"the domain '{domain}' would be sent as {encoded}, which is another name; write the domain in its "
                "ASCII form (xn--...) as its owner gives it"
            )
    if not re.fullmatch(DOMAIN, encoded) or len(encoded) > 253:
        raise ValueError(f"'{domain}' is not a domain name; write it like example.org")
    return encoded


def mail_address(value: str) -> tuple[str, str]:
    """``value`` as exactly one e-mail address, alone (editor@example.org: no name, no <>, no second address): its
    local part, and its domain as it travels (ascii_domain). Raises ValueError with the reason and the fix. A local
    part outside ASCII is returned as it is: whether it can be sent depends on the server (SMTPUTF8)."""
    bad = header_breakers(value)
    if bad:
        raise ValueError(f"it holds {' and '.join(bad)}, which no address can; write the address alone")
    if not value:
        raise ValueError("it is empty; write an address like editor@example.org")
    for separator in ",;":
        if separator in value:
            raise ValueError(
                f"'{separator}' makes it more than one address, or none; give one address at a time, like "
                "editor@example.org"
            )
    if _NOT_ALONE.search(value):
        raise ValueError(
            "it holds a name, a space, brackets or quotes; write the address alone, like editor@example.org"
        )
    if value.count("@") != 1:
        many = "more than one @" if value.count("@") > 1 else "no @"
        raise ValueError(f"it has {many}; write one address, like editor@example.org")
    local, domain = value.split("@")
    if not local:
        raise ValueError("nothing comes before the @; write the whole address, like editor@example.org")
    if not domain:
        raise ValueError("nothing comes after the @; write the whole address, like editor@example.org")
    encoded = ascii_domain(domain)
    # The local part is a dot-atom (no leading, trailing or double dot; no specials); letters outside ASCII stand
    # in as x, which RFC 6532 allows where ASCII letters are.
    if not re.fullmatch(LOCAL_PART, "".join(c if c.isascii() else "x" for c in local)):
        raise ValueError(
            f"'{local}' cannot stand before the @ (a dot at its start or end, two dots together, or a character "
            "an address cannot hold); check the address"
        )
    return local, encoded


# What an address (RFC 3986) cannot hold as it is: white space, controls, and " < > \\ ^ ` { | }.
_NOT_IN_ADDRESS = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def address_problem(value: str, schemes: tuple[str, ...]) -> str | None:
    """What is wrong with ``value`` as an absolute address in one of ``schemes``, or None. The one rule for item
    addresses and for every link in Markdown, inline or autolink."""
    first = schemes[0]
    whole = f"expected an absolute address starting with {first}:{'//' if first.startswith('http') else ''}"
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return f"'{value}' is not a web address (its host or port cannot be read); write the whole address"
    if parts.scheme not in schemes or (parts.scheme in ("http", "https") and not parts.hostname):
        return f"{whole}, found '{value}'; write the whole address"
    bad = _NOT_IN_ADDRESS.search(value)
    if bad:
        shown = repr(bad.group(0))[1:-1] if bad.group(0) != " " else "a space"
        return f"'{value}' holds {shown}, which an address cannot; write it as %{ord(bad.group(0)):02X} or remove it"
    if _BARE_PERCENT.search(value):
        return f"'{value}' has a % not followed by two hex digits; write a percent sign as %25"
    if not port_ok:
        return f"'{value}' has port 0; remove the port"
    return None


# Every printable ASCII character: what an address keeps as it is when letters outside ASCII are percent-encoded.
_ASCII_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))


def ascii_url(value: str) -> str:
    """An absolute address as a header carries it (List-Unsubscribe): itself when ASCII; otherwise its host in IDNA
    (a mailto: address's domain too) and every other letter outside ASCII percent-encoded as UTF-8 (RFC 3987). Raises
    ValueError, with the reason and the fix, when the host cannot be written so."""
    if value.isascii():
        return value
    parts = urlsplit(value)
    if parts.scheme == "mailto":
        local, at, domain = parts.path.rpartition("@")
        path = quote(local, safe=_ASCII_PRINTABLE) + at + (ascii_domain(domain) if at else quote(domain))
        netloc = parts.netloc
    else:
        userinfo, at, hostinfo = parts.netloc.rpartition("@")
        if not hostinfo.isascii():
            hostinfo = ascii_domain(parts.hostname or "") + (f":{parts.port}" if parts.port is not None else "")
        netloc = quote(userinfo + at, safe=_ASCII_PRINTABLE) + hostinfo
        path = quote(parts.path, safe=_ASCII_PRINTABLE)
    query = quote(parts.query, safe=_ASCII_PRINTABLE)
    fragment = quote(parts.fragment, safe=_ASCII_PRINTABLE)
    return urlunsplit((parts.scheme, netloc, path, query, fragment))
