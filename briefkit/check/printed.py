"""The PDF, rendered in memory as `briefkit render` renders it, for what it warns of: every warning a render gives
for the PDF is in `briefkit check` too, placed where the manifest causes it. A picture the PDF did not load is an
error (the PDF would go out without it); a character the fonts lack is returned to be joined to the glyphs check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefkit.check.findings import ERROR, Finding, Places
from briefkit.edition.model import Edition
from briefkit.errors import Location
from briefkit.render.outputs import pdf_resources
from briefkit.render.pdf import Pdf, print_stylesheet, render_pdf
from briefkit.render.pdf_resources import Refused, Resources
from briefkit.render.templates import Theme
from briefkit.sources.documents import PROJECT_URL

PICTURE, GLYPHS = "picture", "pdf-glyphs"
FIX = (
    "; the PDF would go out without it: give the picture a file: (a copy in the project), or put its host in the "
    "series' pdf: allowed_hosts:"
)


@dataclass
class _Noting(Resources):
    """The render's own resources, noting which address each refusal was about."""

    refused: dict[str, str] = field(default_factory=dict)  # the refusal's words -> the address refused

    def load(self, url: str) -> tuple[bytes, str]:
        try:
            return super().load(url)
        except Refused as refused:
            self.refused.setdefault(str(refused), url)
            raise


@dataclass(frozen=True)
class PrintRun:
    """The PDF of one edition as check renders it, and the address behind each picture it refused (the refusal's
    words -> the address). `briefkit proof` makes it once, for its pages, and gives it to check: no second render."""

    pdf: Pdf
    refused: dict[str, str]


def print_run(edition: Edition, theme: Theme, html: str) -> PrintRun:
    """The PDF of ``edition`` laid out from its print ``html``, with the theme's resources; raises ThemeError when it
    runs past its time limit."""
    given = pdf_resources([edition], theme)
    resources = _Noting(given.theme_folders, given.assets, given.allowed_hosts)
    pdf = render_pdf(edition, theme, resources, html)
    return PrintRun(pdf, dict(resources.refused))


@dataclass(frozen=True)
class Printed:
    findings: list[Finding]
    missing: tuple[str, ...]  # characters the PDF drew as an empty box


def printed(edition: Edition, theme: Theme, places: Places, html: str, made: PrintRun | None = None) -> Printed:
    """The PDF's warnings (laid out from its print ``html``, or ``made`` already from it), each placed where the
    manifest or series file causes it."""
    run = made if made is not None else print_run(edition, theme, html)
    pdf = run.pdf
    found = []
    for finding in pdf.warnings:
        if finding.check == PICTURE:
            url = run.refused.get(finding.message, "")
            written = url.removeprefix(PROJECT_URL).rsplit("/", 1)[-1] if url.startswith(PROJECT_URL) else url
            where = places.of(written) if written else Location(places.files[0])
            found.append(Finding(where, PICTURE, finding.message + FIX, ERROR))
        elif finding.check != GLYPHS:  # said once a character, where it is written, by the glyphs check
            found.append(Finding(_stylesheet(theme, places), finding.check, finding.message, finding.level))
    return Printed(found, pdf.missing)


def _stylesheet(theme: Theme, places: Places) -> Location:
    """The theme's print stylesheet (the first along its search path), else the manifest."""
    sheet = print_stylesheet(theme)
    return Location(sheet) if sheet is not None else Location(Path(places.files[0]))
