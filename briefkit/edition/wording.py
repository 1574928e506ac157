"""The house style's sentences: lists of names, bylines, attributions, teasers and dates."""

from __future__ import annotations

import datetime as dt

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

QUOTE_MARKS = {"straight": ('"', '"'), "curly": ("\u201c", "\u201d")}


def names_in_prose(names: list[str]) -> str:
    """'A', 'A and B', 'A, B, and C' (the serial comma, as in running text)."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def byline(names: list[str]) -> str:
    """'By A', 'By A & B', 'By A, B & C'; empty without names."""
    if not names:
        return ""
    if len(names) == 1:
        return f"By {names[0]}"
    return "By " + ", ".join(names[:-1]) + " & " + names[-1]


def agreeing_verb(verb: str | None, authors: list[str]) -> str:
    """The verb as given, or 'argues' for one author and 'argue' for several."""
    if verb:
        return verb
    return "argues" if len(authors) == 1 else "argue"


def cut_teaser(text: str, limit: int) -> str:
    """The text as written when it fits in ``limit`` characters, else cut at a word boundary with '...'."""
    if len(text) <= limit:
        return text
    room = limit - 3
    cut = text[: room + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else text[:room]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "..."


def format_date(date: dt.date, pattern: str) -> str:
    """Fill {month}, {day}, {year} and {weekday} in ``pattern``; other text stays as written."""
    parts = {
        "{month}": MONTHS[date.month - 1],
        "{day}": str(date.day),
        "{year}": str(date.year),
        "{weekday}": WEEKDAYS[date.weekday()],
    }
    out = pattern
    for key, value in parts.items():
        out = out.replace(key, value)
    return out


def ends_in_letter(text: str) -> bool:
    """Whether a quotation needs a comma before an attribution that follows it."""
    return bool(text) and (text[-1].isalnum() or text[-1] in ")]%")


def fill_title(pattern: str, title: str) -> str:
    """The full title: ``pattern`` with {title} replaced (nothing else in the pattern is interpreted)."""
    return pattern.replace("{title}", title)


def preheader_from(plain: str, limit: int = 140) -> str:
    """A preview line: the opening sentence of the intro, cut to ``limit``."""
    sentence_end = plain.find(". ")
    first = plain if sentence_end == -1 else plain[: sentence_end + 1]
    return cut_teaser(first, limit)
