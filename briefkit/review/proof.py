"""`briefkit proof`: one self-contained HTML page of an edition for its approvers. The edition is prepared and
rendered once, and every part of the page is taken from that render: the inbox's headers, the email in light and
authored dark at a phone's and a desktop's width, the text part, the PDF's pages, the feed entry; then `check`'s
findings and the accessibility summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from briefkit.accessibility.report import report
from briefkit.accessibility.summary import summary_html
from briefkit.archive.accessibility_page import page_as_checked
from briefkit.archive.pages import render_article
from briefkit.check.printed import PrintRun, print_run
from briefkit.check.run import check, edition_named
from briefkit.edition.model import Edition
from briefkit.edition.prepare import prepare
from briefkit.errors import BriefkitError, Finding, Location, ThemeError
from briefkit.io.outbox import EMAIL_HTML, EMAIL_TEXT
from briefkit.render.feed_entry import archive_entry, entry_content
from briefkit.render.outputs import Job, render_outputs
from briefkit.render.pdf import print_html
from briefkit.render.templates import Theme, load_theme, template_errors
from briefkit.review.frames import Frame, frames
from briefkit.review.page import render_page
from briefkit.review.pictures import PagePicture, inline_pictures, page_pictures
from briefkit.sources.feeds_in.items import FeedOptions

PROOF = "proof.html"  # in the edition's folder of the outbox, unless -o names another file


@dataclass(frozen=True)
class Headers:
    """What a reader's inbox shows before the email is opened."""

    from_name: str
    from_address: str
    subject: str
    preheader: str
    date: dt.date
    date_text: str


@dataclass(frozen=True)
class FeedEntry:
    """The edition as a reader's feed app shows it."""

    title: str
    link: str | None
    date: dt.date
    summary: str
    content: Markup  # the theme's feed-entry.html through the feeds' sanitizer (nh3): safe to place as it is
    draft: bool  # a draft is in no feed until its status changes


@dataclass(frozen=True)
class Shown:
    """One of `check`'s findings as the proof lists it: its place named from the project folder."""

    level: str
    check: str
    place: str
    message: str


@dataclass
class Proof:
    """The proof's page, and what its render had to say (the render's warnings, a PDF that failed)."""

    slug: str
    root: Path  # the project's folder
    html: bytes
    warnings: list[Finding] = field(default_factory=list)
    failures: list[BriefkitError] = field(default_factory=list)


def make_proof(manifest: Path) -> Proof:
    """The proof of the edition ``manifest``. Raises BriefkitError, located, when the edition does not render. Items
    from feeds are taken as frozen (the lock file) or from the cache: a proof fetches nothing."""
    edition_named(manifest, "name the edition to proof (editions/<date>-<name>.yaml)")
    prepared = prepare(manifest, FeedOptions(offline=True))
    edition, root = prepared.edition, prepared.root
    theme = load_theme(prepared.theme, root)
    rendered = render_outputs(edition, theme, ["email", "text"])  # as readers get them
    made, failures = _printed(edition, theme)
    inlined = inline_pictures(edition)
    light, dark = _emails(inlined.edition, theme)
    with template_errors(theme):
        content = Markup(entry_content(inlined.edition, theme))  # through the feeds' sanitizer: safe as it is
    pdf = made.pdf.data if made is not None else None
    found = check([manifest], pdf=made)[0]  # the PDF as made here, not rendered again
    page = render_page(
        title=edition.subject,
        manifest=Location(prepared.manifest.path).display(root),
        lang=edition.lang,
        direction=edition.direction,
        headers=_headers(edition),
        frames=frames(light, dark),
        hosted_only=inlined.hosted_only,
        text=rendered.files[EMAIL_TEXT].decode("utf-8"),
        pages=page_pictures(pdf) if pdf is not None else [],
        pdf_failures=[error.display(root) for error in failures],
        feed=_feed(edition, content),
        findings=[Shown(f.level, f.check, f.where.display(root), f.message) for f in found.findings],
        check_problem=found.problem,
        accessibility=accessibility_summary(edition, theme, rendered.files[EMAIL_HTML].decode("utf-8"), pdf),
    )
    warnings = prepared.warnings + rendered.warnings + (made.pdf.warnings if made is not None else [])
    return Proof(edition.slug, root, page.encode("utf-8"), warnings, failures)


def _printed(edition: Edition, theme: Theme) -> tuple[PrintRun | None, list[BriefkitError]]:
    """The PDF, rendered once for the proof's pages and for check (print_run); or, when it runs past its time
    limit, why not."""
    with template_errors(theme):
        html = print_html(edition, theme)
        try:
            return print_run(edition, theme, html), []
        except ThemeError as error:
            return None, [error]


def _emails(shown: Edition, theme: Theme) -> tuple[str, str]:
    """The proof's copies of the email (``shown``: with its pictures from their local files; its links open a new
    window, and a line marks its end): light, and in the theme's dark colours whatever the browser asks."""
    with template_errors(theme):
        light = Job(shown, theme, proof=True).email_html.decode("utf-8")
        return light, Job(shown, theme, "dark", proof=True).email_html.decode("utf-8")


def _headers(edition: Edition) -> Headers:
    return Headers(
        edition.sender_name,
        edition.sender_address,
        edition.subject,
        edition.preheader,
        edition.date,
        edition.date_text,
    )


def _feed(edition: Edition, content: Markup) -> FeedEntry:
    return FeedEntry(edition.listed_title, edition.web_url, edition.date, edition.opening, content, edition.draft)


def accessibility_summary(edition: Edition, theme: Theme, email_html: str, pdf: bytes | None) -> Markup:
    """The accessibility report of this edition (briefkit/accessibility/) as its summary: the email, the archive's
    page when the series has an archive, the PDF when it was made; headed from h3 down, under the proof's h2."""
    web_html = None
    if edition.web_url:
        article = render_article(edition, theme).html
        web_html = page_as_checked(archive_entry(edition), article, theme, pdf is not None)
    return summary_html(report(email_html, web_html=web_html, pdf=pdf, edition=edition), level=3)


__all__ = ["PROOF", "Frame", "PagePicture", "Proof", "make_proof"]
