"""An In the News section: one sentence of names, or a list of appearances with their outlets and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from briefkit.edition import model, wording
from briefkit.manifest.catalogue import Messages
from briefkit.manifest.types import Record


def in_the_news_section(
    section: Record,
    heading: str | None,
    items: list[Record],
    words: Messages,
    quote_marks: str,
    prose: Callable[[str], Any],
    date_text: Callable[[dt.date], str],
) -> model.InTheNewsSection:
    """The section: its appearances when it lists them (`items:`), else its sentence of names (`people:`), opened
    by its own `lead:` as written or the default's words in the edition's language."""
    if items:
        return model.InTheNewsSection(
            heading, "", items=tuple(news_item(i, words, quote_marks, prose, date_text) for i in items)
        )
    lead = section["lead"] if "lead" in section.key_locations else words.gettext(section["lead"])
    return model.InTheNewsSection(heading, f"{lead} {wording.names_in_prose(section['people'], words)}.")


def news_item(
    item: Record,
    words: Messages,
    quote_marks: str,
    prose: Callable[[str], Any],
    date_text: Callable[[dt.date], str],
) -> model.NewsItem:
    """One appearance: who (one name or several, in prose), where and when, in the edition's language; the quote,
    when there is one, in the series' quotation marks."""
    people = wording.names_in_prose(item.get("people") or [item["person"]], words)
    open_mark, close_mark = wording.QUOTE_MARKS[quote_marks]
    return model.NewsItem(
        title=prose(item["title"]),
        url=item["url"],
        people=people,
        outlet=item["outlet"],
        credit=words.gettext("%(people)s in %(outlet)s", people=people, outlet=item["outlet"]),
        date=item["date"],
        date_text=date_text(item["date"]),
        quote=f"{open_mark}{prose(item['quote'])}{close_mark}" if item.get("quote") else None,
    )
