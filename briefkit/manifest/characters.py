"""What text may not hold, found character by character: controls, bidi controls and non-characters, invisible
characters that hide in a word, what breaks an email header; and text shown in a message."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc category, exactly


def control_characters(text: str, keep: str) -> list[str]:
    if not _CONTROL.search(text):  # the usual case, without looking at each character in Python
        return []
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c not in keep})


# Characters that make text display differently from what it holds ("Invoice \u202egpj.exe" shows as
# "Invoice exe.jpg"), and non-characters, which no text may hold: refused in manifests, removed from feeds.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that hide inside a word: reported in titles (the joiner U+200D stays: emoji need it).
ZERO_WIDTH = frozenset("\u200b\u200c\u2060\ufeff\u00ad\u180e")


def shown(value: str, room: int = 60) -> str:
    """A value quoted for a message; a long one cut, with its length."""
    if len(value) <= room:
        return f"'{value}'"
    return f"'{value[: room - 3]}...' ({len(value):,} characters)"


_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
MISLEADING = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + _NONCHARACTERS + "]")


def misleading_characters(text: str) -> list[str]:
    """The bidi controls and non-characters in ``text``, as U+XXXX, once each."""
    return sorted({f"U+{ord(match.group(0)):04X}" for match in MISLEADING.finditer(text)})


# What a header line cannot hold: a line break of any kind (CR, LF, NEL, U+2028, U+2029) ends the header there, or
# makes it something else in the next program that reads it; the other controls (tab and NUL included) have no place
# in a header either. Unicode's Cc, Zl and Zp categories, all of them.
_BREAKS_A_HEADER = {"Cc", "Zl", "Zp"}
_NAMED = {
    "\r": "a carriage return (U+000D)",
    "\n": "a line break (U+000A)",
    "\t": "a tab (U+0009)",
    "\x00": "a NUL (U+0000)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


def header_breakers(text: str) -> list[str]:
    """The characters of ``text`` that no message header may hold, named, once each, in order of first place."""
    found: list[str] = []
    for character in text:
        if unicodedata.category(character) in _BREAKS_A_HEADER:
            name = _NAMED.get(character, f"the control character U+{ord(character):04X}")
            if name not in found:
                found.append(name)
    return found


def printable(text: str) -> str:
    """``text`` for a message on a terminal: controls and line breaks written as escapes, never as themselves."""
    return "".join(
        character if unicodedata.category(character) not in _BREAKS_A_HEADER else repr(character)[1:-1]
        for character in text
    )
