"""Render the PDF of an edition, or a book of several, from the theme's print template with WeasyPrint."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.edition.model import Edition, PrintSettings
from briefkit.errors import Finding, Location, ThemeError
from briefkit.io.outbox import EDITION_PDF
from briefkit.io.time_limit import TimeLimitExceeded, time_limit
from briefkit.render.pdf_resources import THEME_URL, Refused, Resources
from briefkit.render.templates import Theme

EDITION_TEMPLATE = "print.html"
BOOK_TEMPLATE = "book.html"


@dataclass(frozen=True)
class Pdf:
    data: bytes
    warnings: list[Finding]
    missing: tuple[str, ...] = ()  # characters no font had (each also a pdf-glyphs warning), for `briefkit check`


def _source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, when it is set to a whole number of seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def _dates(editions: Sequence[Edition]) -> tuple[str, str]:
    """Creation and modification dates: from the editions; SOURCE_DATE_EPOCH, when set, is the modification date."""
    created = min(e.date for e in editions)
    modified = max(e.date for e in editions)
    build = _source_date()
    modified_text = build.strftime("%Y-%m-%dT%H:%M:%SZ") if build else modified.isoformat()
    return created.isoformat(), modified_text


def _keywords(editions: Sequence[Edition]) -> list[str]:
    words: list[str] = []
    for edition in editions:
        for word in (edition.series_name, *edition.keywords):
            if word not in words:
                words.append(word)
    return words


def _print_page(theme: Theme, template: str, bound: Sequence[Edition], **values: Any) -> str:
    """A print template rendered with the metadata of the ``bound`` editions and the first one's page settings."""
    created, modified = _dates(bound)
    return theme.markup.get_template(template).render(
        created=created, modified=modified, keywords=_keywords(bound), page=bound[0].print, **values
    )


def print_html(edition: Edition, theme: Theme) -> str:
    """The print HTML of one edition (what WeasyPrint lays out; the benchmark gives the same HTML to Chromium)."""
    return _print_page(theme, EDITION_TEMPLATE, [edition], edition=edition)


def book_html(editions: Sequence[Edition], theme: Theme, title: str) -> str:
    """The print HTML of a book binding ``editions`` in the order given."""
    return _print_page(theme, BOOK_TEMPLATE, editions, editions=editions, title=title)


_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(?P<text>.*)"', re.S)


class _Collect(logging.Handler):
    """WeasyPrint's own warnings (stylesheet syntax, layout), kept to show the editor."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: dict[str, str] = {}  # message -> the check it is filed under, each message once
        self.missing: dict[str, None] = {}  # characters drawn as an empty box, in order

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Failed to load" in message or "Error fetching" in message:
            return  # refused and failed resources are reported by Resources, by name
        missing = _NOTDEF.search(message)
        if missing:  # a character no font of the theme has: said in the editor's words, once a character
            for char in dict.fromkeys(missing["text"]):
                if not char.isspace():
                    self.missing[char] = None
                    text = (
                        f"the PDF's fonts have no '{char}' (U+{ord(char):04X}), which prints as an empty box; write "
                        "it in words or add a font that has it to the theme (briefkit check shows where it is "
                        "written)"
                    )
                    self.messages.setdefault(text, "pdf-glyphs")
            return
        self.messages.setdefault(f"print stylesheet: {message}", "pdf-stylesheet")


@contextmanager
def _weasyprint_warnings() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _write(html: str, theme: Theme, resources: Resources, settings: PrintSettings, where: Location) -> Pdf:
    """The PDF of ``html``; its warnings are about the file ``where``."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcherResponse

    from briefkit.render import pdf_artifacts, pdf_footnotes, pdf_structure

    pdf_artifacts.install()  # the running header and footer as artifacts
    pdf_structure.install()  # the structure tree by the document, not its pages; footnotes as notes; links named
    pdf_footnotes.install()  # each footnote laid out once (on the WeasyPrint it was written for; stock otherwise)

    def fetch(url: str) -> Any:
        try:
            data, media_type = resources.load(url)
        except Refused:
            raise ValueError("refused") from None
        return URLFetcherResponse(url, body=data, headers={"Content-Type": media_type})

    build = _source_date()
    try:
        with _weasyprint_warnings() as collected, time_limit(settings.time_limit):
            document = HTML(string=html, base_url=THEME_URL, url_fetcher=fetch).render()
            if build is not None:
                document.metadata.modified = build.strftime("%Y-%m-%dT%H:%M:%SZ")
            data = document.write_pdf(pdf_variant=settings.standard, pdf_tags=True, pdf_identifier=True)
    except TimeLimitExceeded:
        raise ThemeError.at(
            Location(print_stylesheet(theme) or theme.folder),
            f"the PDF took longer than {settings.time_limit} seconds and was stopped; simplify the print "
            "stylesheet, or raise 'pdf: time_limit:' in the series file",
        ) from None
    refused = [Finding(where, "picture", message) for message in resources.warnings]
    found = refused + [Finding(where, check, message) for message, check in collected.messages.items()]
    return Pdf(data, found, tuple(collected.missing))


def render_pdf(edition: Edition, theme: Theme, resources: Resources, html: str | None = None) -> Pdf:
    """The PDF of one edition (from its print ``html`` when made already); a character its fonts lack is a warning
    (`briefkit check` shows where it is)."""
    where = Location(Path(edition.slug) / EDITION_PDF)  # as the outbox names it
    return _write(html if html is not None else print_html(edition, theme), theme, resources, edition.print, where)


def print_stylesheet(theme: Theme) -> Path | None:
    """The theme's print stylesheet: the first print.css along its search path."""
    return next((folder / "print.css" for folder in theme.folders if (folder / "print.css").is_file()), None)


def render_book(editions: Sequence[Edition], theme: Theme, resources: Resources, title: str, output: Path) -> Pdf:
    """One PDF binding several editions, to be written at ``output``: a cover, a table of contents, each edition
    from a right-hand page."""
    return _write(book_html(editions, theme, title), theme, resources, editions[0].print, Location(output))
