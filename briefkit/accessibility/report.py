"""The accessibility report of one edition: every rule over each of its rendered outputs (the email's HTML, the
archive's page when there is one, the PDF when there is one), each outcome saying what failed or what was checked.
The proof (briefkit/review/) and the build's archive page show it (summary.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from briefkit.accessibility import contrast, html_rules
from briefkit.accessibility.html_page import Page, read_page
from briefkit.accessibility.html_styles import drawing
from briefkit.accessibility.rules import (
    ALT_TEXTS,
    CONTRAST,
    HEADINGS,
    LANGUAGE,
    LINK_TEXTS,
    PDF_ARTIFACTS,
    PDF_TAGS,
    TEXT_SIZE,
    Rule,
)
from briefkit.accessibility.verdict import Verdict
from briefkit.edition.model import Edition

OUTPUTS = ("email", "web", "pdf")


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    output: str  # "email", "web" or "pdf"
    passed: bool
    found: tuple[str, ...]  # plain words, one line each: what failed, or what was checked ("6 headings, in order")


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]  # by output (email, web, pdf), then in the order of rules.RULES

    @property
    def passed(self) -> tuple[Outcome, ...]:
        """The outcomes that passed."""
        return tuple(outcome for outcome in self.outcomes if outcome.passed)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        """The outcomes that failed: none when the edition passes every rule."""
        return tuple(outcome for outcome in self.outcomes if not outcome.passed)

    def of(self, output: str) -> tuple[Outcome, ...]:
        """The outcomes of one output ("email", "web" or "pdf"); none when it was not made."""
        return tuple(outcome for outcome in self.outcomes if outcome.output == output)


def _outcome(rule: Rule, output: str, verdict: Verdict) -> Outcome:
    return Outcome(rule, output, verdict.passed, verdict.found)


def _html(page: Page, edition: Edition, output: str) -> list[Outcome]:
    tags = [name for name, _ in edition.link_tags]
    drawn = functools.cache(lambda: drawing(page.runs, page.root, page.styles))  # the email's alone: read once
    checks: list[tuple[Rule, Callable[[], Verdict]]] = [
        (HEADINGS, lambda: html_rules.headings(page)),
        (ALT_TEXTS, lambda: html_rules.alt_texts(page, tags)),
        (CONTRAST, lambda: contrast.email_contrast(edition.colors, drawn())),
        (TEXT_SIZE, lambda: html_rules.text_size(drawn())),
        (LANGUAGE, lambda: html_rules.language(page, edition.lang, edition.direction)),
        (LINK_TEXTS, lambda: html_rules.link_texts(page, tags)),
    ]
    if output != "email":  # the palette and the least text size are the email's; the archive has its own CSS
        checks = [(rule, check) for rule, check in checks if rule not in (CONTRAST, TEXT_SIZE)]
    return [_outcome(rule, output, check()) for rule, check in checks]


def _pdf(data: bytes, edition: Edition) -> list[Outcome]:
    # pypdf and the PDF's rules at first use: a build without PDFs never loads them (0.1 s of every start)
    from briefkit.accessibility import pdf_rules
    from briefkit.accessibility.pdf_document import PdfDocument, UnreadablePdf, read_pdf

    rules = (HEADINGS, ALT_TEXTS, LANGUAGE, PDF_TAGS, PDF_ARTIFACTS)
    try:
        pdf: PdfDocument = read_pdf(data)
    except UnreadablePdf as error:
        said = (f"the PDF cannot be read ({error}); render it again",)
        return [Outcome(rule, "pdf", False, said) for rule in rules]
    verdicts = (
        pdf_rules.headings(pdf),
        pdf_rules.alt_texts(pdf),
        pdf_rules.language(pdf, edition.lang),
        pdf_rules.tags(pdf),
        pdf_rules.artifacts(pdf),
    )
    return [_outcome(rule, "pdf", verdict) for rule, verdict in zip(rules, verdicts, strict=True)]


def report(email_html: str, *, web_html: str | None, pdf: bytes | None, edition: Edition) -> Report:
    """Every rule over each output given: the email always, the archive's page and the PDF when the edition has
    them (None: not made, and not in the report)."""
    outcomes = _html(read_page(email_html), edition, "email")
    if web_html is not None:
        outcomes += _html(read_page(web_html), edition, "web")
    if pdf is not None:
        outcomes += _pdf(pdf, edition)
    return Report(tuple(outcomes))
