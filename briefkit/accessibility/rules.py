"""The rules of the accessibility report: each with the name docs/review.md lists it by, a title, and what it checks
and why, in plain words for an approver who signs off on an edition."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str  # as docs/review.md lists it: headings, alt-texts, contrast...
    title: str
    checks: str  # what the rule checks and why, for an approver


HEADINGS = Rule(
    "headings",
    "Headings",
    "One main heading (h1), then levels in order with none skipped (h2 before h3), so that a screen reader's list "
    "of headings reads as the edition's outline; in the PDF, no heading sits inside another.",
)
ALT_TEXTS = Rule(
    "alt-texts",
    "Alternative texts",
    "Every picture has an alternative text (alt), empty for a decorative one; a picture that is a link is named "
    "for where it goes, as the text link to the same address is, since that name is all a screen reader says.",
)
CONTRAST = Rule(
    "contrast",
    "Contrast in both schemes",
    "The theme's colours in light and in dark mode: text, muted text, links, accents and labels against the "
    "backgrounds they sit on reach WCAG 2 AA (4.5:1 for body text), so that readers with low vision can read them.",
)
TEXT_SIZE = Rule(
    "text-size",
    "Text size",
    "No visible text in the email is smaller than 14 px: mail apps on phones seldom let readers enlarge it.",
)
LANGUAGE = Rule(
    "language",
    "Language",
    "The HTML's lang and the PDF's /Lang are the edition's language (and dir=\"rtl\" for a right-to-left one), "
    "so that screen readers pronounce the words with the right voice.",
)
LINK_TEXTS = Rule(
    "link-texts",
    "Link texts",
    'Every link has a name; none is a bare "click here", "read more" or "here"; and the same words never lead '
    "to two different places, since screen reader users often hear the links alone, out of their sentences.",
)
PDF_TAGS = Rule(
    "pdf-tags",
    "PDF tags",
    "The PDF is tagged (/MarkInfo Marked, a structure tree) so that assistive technology reads it in order: each "
    "picture a Figure with an alternative text, each link annotation a Link element with /Contents and printed "
    "(the print flag, as PDF/UA and PDF/A ask), lists as L and LI elements with their bodies.",
)
PDF_ARTIFACTS = Rule(
    "pdf-artifacts",
    "PDF artifacts",
    "The running header and footer repeated on every page (series name, page numbers) are marked as artifacts and "
    "every other text is tagged, so that a screen reader reads the content once, without page furniture in it.",
)

RULES = [HEADINGS, ALT_TEXTS, CONTRAST, TEXT_SIZE, LANGUAGE, LINK_TEXTS, PDF_TAGS, PDF_ARTIFACTS]
