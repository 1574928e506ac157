"""One renderer per output format, chosen by name; rendering an edition's formats in memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.edition.model import Edition
from briefkit.errors import BriefkitError, Finding, Location, ManifestError, ThemeError
from briefkit.io.outbox import CAMPAIGN, EDITION_PDF, EMAIL_HTML, EMAIL_MESSAGE, EMAIL_TEXT

if TYPE_CHECKING:
    from briefkit.render.pdf_resources import Resources
    from briefkit.render.templates import Theme  # Jinja2 and the filters: loaded by a render, not by parse_formats


@dataclass
class Output:
    """What one renderer made: the file's bytes, and anything the editor should hear about."""

    data: bytes
    warnings: list[Finding] = field(default_factory=list)  # each about the file, as the outbox names it


class Job:
    """One edition to render with its theme. The email's HTML and text are made once and shared by the formats
    built on them (the message file, the campaign), with the delivering service's placeholders in them.
    ``scheme`` "dark": the email's dark rules hold whatever the mail app asks (render_mjml; the proof's dark frames);
    ``proof``: the copy a proof's frame shows (render_mjml)."""

    def __init__(self, edition: Edition, theme: Theme, scheme: str = "", proof: bool = False) -> None:
        self.edition = edition
        self.theme = theme
        self.scheme = scheme
        self.proof = proof

    # Each renderer is imported when its format is asked for: the email's MJML compiler and CSS inliner take
    # ~20 ms to load, the PDF's WeasyPrint ~0.5 s, and a render of the text alone needs neither.
    @cached_property
    def handed_over(self) -> Edition:
        """The edition as the email's templates get it: the series' link_tags added to its links (link_tags.py),
        then its words kept from the delivering service's tags, the tags' words among them."""
        from briefkit.edition.link_tags import for_email
        from briefkit.render.delivery import hand_over

        return hand_over(for_email(self.edition))

    @cached_property
    def email_html(self) -> bytes:
        from briefkit.render.delivery import finish_html
        from briefkit.render.email_html import render_email_html

        return finish_html(
            self.edition, render_email_html(self.handed_over, self.theme, self.scheme, self.proof)
        ).encode("utf-8")

    @cached_property
    def email_text(self) -> bytes:
        from briefkit.render.delivery import finish_text
        from briefkit.render.email_text import render_email_text

        return finish_text(self.edition, render_email_text(self.handed_over, self.theme)).encode("utf-8")


def _email_html(job: Job) -> Output:
    return Output(job.email_html)


def _email_text(job: Job) -> Output:
    return Output(job.email_text)


def _email_message(job: Job) -> Output:
    from briefkit.render.email_message import render_message

    return Output(render_message(job.edition, job.email_html, job.email_text))


def _campaign(job: Job) -> Output:
    from briefkit.render.campaign import render_campaign

    return Output(render_campaign(job.edition, job.email_html, job.email_text))


def pdf_resources(editions: Sequence[Edition], theme: Theme) -> Resources:
    """What the PDF of ``editions`` may load: the theme's files, the editions' local pictures, the allowed hosts."""
    from briefkit.render.pdf_resources import Resources

    assets = {url: asset for edition in editions for url, asset in edition.assets().items()}
    return Resources(theme.folders, assets, editions[0].print.allowed_hosts)


def _pdf(job: Job) -> Output:
    from briefkit.render.pdf import render_pdf

    pdf = render_pdf(job.edition, job.theme, pdf_resources([job.edition], job.theme))
    return Output(pdf.data, pdf.warnings)


# format name -> (file name, renderer)
FORMATS: dict[str, tuple[str, Callable[[Job], Output]]] = {
    "email": (EMAIL_HTML, _email_html),
    "text": (EMAIL_TEXT, _email_text),
    "pdf": (EDITION_PDF, _pdf),
    "eml": (EMAIL_MESSAGE, _email_message),
    "campaign": (CAMPAIGN, _campaign),
}
# The series' feeds (outbox/feed.xml and outbox/atom.xml) are a format too, written with the edition's files; the
# correction message (render/correction.py) is several files, in the edition's folder's correction/.
CORRECTION = "correction"
ALL_FORMATS = [*FORMATS, "feed", CORRECTION]
# What a render makes when no --format is given: the message file is asked for by name.
DEFAULT_FORMATS = ["email", "text", "pdf", "feed"]


def parse_formats(spec: str | None) -> list[str]:
    """'email,text' -> ['email', 'text']; None or '' -> the default formats."""
    if not spec:
        return list(DEFAULT_FORMATS)
    names = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in names if name not in ALL_FORMATS]
    if unknown:
        raise ManifestError.at(
            Location(Path("--format")),
            f"unknown format '{unknown[0]}'; choose from {', '.join(ALL_FORMATS)}",
        )
    return names


@dataclass
class Rendered:
    """Every requested format rendered in memory, and the formats that failed on their own."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)
    failures: list[BriefkitError] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)


def render_outputs(edition: Edition, theme: Theme, formats: list[str]) -> Rendered:
    """Render each format. A template error stops everything; a PDF that fails alone (time limit) lets the rest out."""
    from briefkit.render.templates import template_errors

    rendered = Rendered()
    job = Job(edition, theme)
    for name in formats:
        if name == CORRECTION:
            from briefkit.render.correction import render_correction

            with template_errors(theme):
                rendered.files.update(render_correction(edition, theme))
            continue
        file_name, renderer = FORMATS[name]
        with template_errors(theme):
            try:
                output = renderer(job)
            except ThemeError as error:
                if name != "pdf":
                    raise
                rendered.failures.append(error)
                rendered.failed_files.append(file_name)
                continue
        rendered.files[file_name] = output.data
        rendered.warnings += output.warnings
    return rendered
