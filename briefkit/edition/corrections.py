"""An edition's corrections (`corrections:`): each dated and checked against the edition's date, their notice as
plain text for the feeds, and the digest of the words readers see, which `briefkit check` compares with what the
last build published."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

from briefkit.edition import model
from briefkit.errors import Problem
from briefkit.manifest import markdown
from briefkit.manifest.catalogue import Messages
from briefkit.manifest.types import Problems, Record

ONE = "Correction, %(date)s:"  # the notice's words (templates say them through {% trans %} with the same msgids)
SEVERAL = "Corrections"


def corrections(
    edition: Record, date_text: Callable[[dt.date], str], rich: Callable[[str], markdown.Rich], problems: Problems
) -> tuple[model.Correction, ...]:
    """The edition's corrections, oldest first; one dated before the edition is a located problem."""
    made = []
    for index, given in enumerate(edition.get("corrections") or []):
        if given["date"] < edition["date"]:
            problems.append(
                Problem(
                    given.where("date"),
                    f"corrections[{index}].date",
                    f"{given['date'].isoformat()} is before the edition's date, {edition['date'].isoformat()}; a "
                    "correction is made after the edition went out: write the day it was made",
                )
            )
            continue
        made.append(model.Correction(given["date"], date_text(given["date"]), rich(given["text"])))
    return tuple(sorted(made, key=lambda correction: correction.date))


def notice(made: tuple[model.Correction, ...], words: Messages) -> str:
    """The corrections as one paragraph of plain text, for the feeds: "Correction, 3 April 2021: ..."; several,
    "Corrections: 3 April 2021: ... 5 April 2021: ..."."""
    if not made:
        return ""
    if len(made) == 1:
        return f"{words.gettext(ONE, date=made[0].date_text)} {markdown.to_plain(made[0].text)}"
    each = " ".join(f"{c.date_text}: {markdown.to_plain(c.text)}" for c in made)
    return f"{words.gettext(SEVERAL)}: {each}"


def _texts(value: Any) -> Iterator[str]:
    """Every text ``value`` holds, however deep, in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, markdown.Rich):
        yield value.source
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, model.Declared):
        yield from (value.kind, value.heading or "") if isinstance(value, model.DeclaredSection) else ()
        for name in value.names():
            yield from _texts(getattr(value, name))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))


def words_digest(edition: model.Edition) -> str:
    """A digest of what readers read in the edition: its title, intro, call to action and sections (their words
    and links); not its corrections, its series' settings or its pictures' files."""
    parts = [edition.title, edition.subject, edition.byline, edition.intro, edition.call_to_action, edition.sections]
    joined = "\0".join(_texts(parts))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]
