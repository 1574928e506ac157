"""What an address is: one parser, for every place briefkit decides whether it may connect somewhere (remote
feeds, the PDF's pictures, link checks). Any spelling of a loopback, private, link-local or otherwise non-public
address counts as local: 127.1, 0177.0.0.1, 0x7f.0.0.1, 127.000.000.001, ::1, ::ffff:127.0.0.1, 0.0.0.0."""

from __future__ import annotations

import ipaddress
import re
import socket

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa", ".lan")
# What the C library's inet_aton reads as an IPv4 address: one to four parts, each decimal, octal (0…) or hex (0x…).
_LEGACY_IPV4 = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}\.?")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(host: str) -> Address | None:
    """The IP address ``host`` spells, in any of the forms a connection would accept; None for a name."""
    text = host.strip().strip("[]").split("%", 1)[0].rstrip(".") if host.strip() else ""
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        if not _LEGACY_IPV4.fullmatch(text):
            return None
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_local_address(address: Address) -> bool:
    """True for every address that is not a public one: loopback, private, link-local, unspecified, reserved."""
    return not address.is_global or address.is_multicast


def is_local(host: str) -> bool:
    """True for a name or address that points back into this machine or its local network (by how it is written;
    see resolved_local for what a name resolves to)."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(LOCAL_NAMES):
        return True
    address = parse_address(name)
    return address is not None and is_local_address(address)


def resolve(host: str, port: int) -> list[Address]:
    """The addresses ``host`` resolves to (an address resolves to itself); raises OSError when it does not."""
    literal = parse_address(host)
    if literal is not None:
        return [literal]
    found: list[Address] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = parse_address(str(sockaddr[0]))
        if address is not None and address not in found:
            found.append(address)
    return found
