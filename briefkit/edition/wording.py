"""The house style's sentences: lists of names, bylines, attributions, teasers and dates."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from briefkit.manifest.catalogue import ENGLISH, Messages

if TYPE_CHECKING:
    import babel

QUOTE_MARKS = {"straight": ('"', '"'), "curly": ("\u201c", "\u201d")}
COMMAS = ",\u060c"  # the commas a language's comma may be: the Latin one and the Arabic one (،)


def comma(words: Messages = ENGLISH) -> str:
    """The comma between the items of a list, with the space after it, in the language of ``words``: ', ', or
    '، ' in Arabic (the catalogue's ', ')."""
    return words.gettext(", ")


def names_in_prose(names: list[str], words: Messages = ENGLISH) -> str:
    """'A', 'A and B', 'A, B, and C' (the serial comma, as in running text); the words of ``words``' language."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return words.gettext("%(first)s and %(last)s", first=names[0], last=names[1])
    return words.gettext("%(names)s, and %(last)s", names=comma(words).join(names[:-1]), last=names[-1])


def byline(names: list[str], join: str = "ampersand", words: Messages = ENGLISH) -> str:
    """'By A', 'By A & B', 'By A, B & C' (join ampersand) or 'By A and B', 'By A, B, and C' (join and); empty
    without names."""
    if not names:
        return ""
    if join == "and" or len(names) == 1:
        listed = names_in_prose(names, words)
    else:
        listed = comma(words).join(names[:-1]) + " & " + names[-1]
    return words.gettext("By %(names)s", names=listed)


def agreeing_verb(verb: str | None, authors: list[str], words: Messages = ENGLISH) -> str:
    """The verb as given, or 'argues' for one author and 'argue' for several (the language's plural forms)."""
    if verb:
        return verb
    return words.ngettext("argues", "argue", len(authors))


def cut_teaser(text: str, limit: int, cut: str = "word", ellipsis: str = "when_cut") -> str:
    """The text as written when it fits in ``limit`` characters, else cut with '...' to at most ``limit``
    characters: at a word boundary, less the punctuation before it (``cut`` word), or to exactly ``limit``
    characters, its first ``limit - 3`` as written, a space or full stop there kept, mid-word too (``cut`` length).
    With ``ellipsis`` always, a teaser that fits ends with '...' too, after its own final punctuation ("abroad."
    becomes "abroad....", as the publisher prints it); one that ends with '...' already is left as it is."""
    if len(text) <= limit:
        if ellipsis == "when_cut" or text.endswith("..."):
            return text
        return text.rstrip() + "..."
    room = limit - 3
    if cut == "length":
        return text[:room] + "..."
    kept = text[: room + 1]
    space = kept.rfind(" ")
    kept = kept[:space] if space > 0 else text[:room]
    return kept.rstrip(" ,;:.-\u2013\u2014") + "..."


def ordinal(day: int) -> str:
    """9th, 21st, 22nd, 23rd, 11th (English ordinals)."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def format_date(date: dt.date, pattern: str, lang: str = "en") -> str:
    """Fill {month}, {day}, {day_padded}, {day_ordinal}, {year} and {weekday} in ``pattern``, with month and
    weekday names in ``lang``; other text stays as written."""
    month, weekday = _names(date, lang, standalone="{day" not in pattern)
    parts = {
        "{month}": month,
        "{day_padded}": f"{date.day:02d}",
        "{day_ordinal}": ordinal(date.day),
        "{day}": str(date.day),
        "{year}": str(date.year),
        "{weekday}": weekday,
    }
    out = pattern
    for key, value in parts.items():
        out = out.replace(key, value)
    return out


def is_english(lang: str) -> bool:
    return lang.split("-")[0].lower() == "en"


def long_date(date: dt.date, lang: str) -> str:
    """The date as ``lang`` writes it in full (CLDR's long form, from Babel): "9 avril 2021", "9. April 2021"."""
    import babel.dates

    return babel.dates.format_date(date, "long", locale=lang.replace("-", "_"))


def _names(date: dt.date, lang: str, standalone: bool) -> tuple[str, str]:
    """The month's and weekday's names. English from the standard library's calendar (briefkit never sets a
    locale, so these are always the English names); other languages from the CLDR data Babel ships, loaded only
    for them (~30 ms)."""
    if lang.split("-")[0].lower() == "en":
        return calendar.month_name[date.month], calendar.day_name[date.weekday()]
    import babel.dates

    locale = _locale(lang)
    month = babel.dates.format_date(date, "LLLL" if standalone else "MMMM", locale=locale)
    return month, babel.dates.format_date(date, "EEEE", locale=locale)


@lru_cache(maxsize=8)
def _locale(lang: str) -> babel.Locale:
    """The locale for a language tag (fr, pt-BR); English when Babel does not know it."""
    import babel

    try:
        return babel.Locale.parse(lang.replace("-", "_"))
    except (babel.UnknownLocaleError, ValueError):
        return babel.Locale.parse("en")


def ends_in_letter(text: str) -> bool:
    """Whether a quotation needs a comma before an attribution that follows it."""
    return bool(text) and (text[-1].isalnum() or text[-1] in ")]%")


def before_attribution(text: str, words: Messages = ENGLISH) -> str:
    """A quotation that its attribution follows: with the language's comma after it when it ends in a letter
    ("... the exception," in English, "... الاستثناء،" in Arabic)."""
    return text + comma(words).rstrip() if ends_in_letter(text) else text


def fill_title(pattern: str, title: str) -> str:
    """The full title: ``pattern`` with {title} replaced (nothing else in the pattern is interpreted)."""
    return pattern.replace("{title}", title)


def preheader_from(plain: str, limit: int = 140) -> str:
    """A preview line: the opening sentence of the intro, cut to ``limit``."""
    sentence_end = plain.find(". ")
    first = plain if sentence_end == -1 else plain[: sentence_end + 1]
    return cut_teaser(first, limit)


def counted(number: int, noun: str) -> str:
    """3 editions, 1 edition: the command line's summaries, in English."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
