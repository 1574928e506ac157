"""The rules of the accessibility report: each with the name docs/review.md lists it by, a title, and what it checks
and why, in plain words for an approver who signs off on an edition."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    name: str  # as docs/review.md lists it: headings, alt-texts, contrast...
    title: str
    checks: dict[str, str] = field(
        compare=False
    )  # by output ("email", "web", "pdf"): what the rule checks there and why, for an approver

    def checks_in(self, output: str) -> str:
        """What the rule checks in ``output``."""
        return self.checks[output]


_HEADINGS_HTML = (
    "One main heading, then heading levels in order with none skipped, so that a screen reader's list of headings "
    "reads as the edition's outline."
)
_PICTURES_HTML = (
    "Every picture has an alternative text (or is marked as decoration); a picture that is a link is named for "
    "where it goes, as the text link to the same address is, since that name is all a screen reader says."
)
_LINKS = (
    'Every link has a name; none is a bare "click here", "read more" or "here"; and the same words never lead to '
    "two different places, since screen reader users often hear the links alone, out of their sentences."
)
_LANGUAGE_HTML = (
    "The page says it is in the edition's language (and reads right to left when the edition does), so that "
    "screen readers pronounce the words with the right voice."
)

HEADINGS = Rule(
    "headings",
    "Headings",
    {
        "email": _HEADINGS_HTML,
        "web": _HEADINGS_HTML,
        "pdf": "The PDF's headings are marked as headings, one main heading then levels in order, and no heading "
        "inside another, so that a screen reader's list of headings reads as the edition's outline.",
    },
)
ALT_TEXTS = Rule(
    "alt-texts",
    "Alternative texts",
    {
        "email": _PICTURES_HTML,
        "web": _PICTURES_HTML,
        "pdf": "Every picture in the PDF that is marked as a picture has an alternative text for screen readers.",
    },
)
CONTRAST = Rule(
    "contrast",
    "Contrast in both schemes",
    {
        "email": "Every visible text, in light and in dark mode, stands out from the colour under it by WCAG 2 AA's "
        "ratio (4.5:1, or 3:1 for large text), as the series' colours and the email's own styles set them, so that "
        "readers with low vision can read it.",
    },
)
TEXT_SIZE = Rule(
    "text-size",
    "Text size",
    {
        "email": "No visible text in the email is smaller than 14 px, in light or dark mode, on a phone or a wider "
        "screen: mail apps on phones seldom let readers enlarge it.",
    },
)
LANGUAGE = Rule(
    "language",
    "Language",
    {
        "email": _LANGUAGE_HTML,
        "web": _LANGUAGE_HTML,
        "pdf": "The PDF says it is in the edition's language, so that screen readers pronounce the words with the "
        "right voice.",
    },
)
LINK_TEXTS = Rule("link-texts", "Link texts", {"email": _LINKS, "web": _LINKS})
PDF_TAGS = Rule(
    "pdf-tags",
    "PDF tags",
    {
        "pdf": "The PDF is tagged, so that assistive technology reads it in order: each picture drawn in it is "
        "marked as a picture or as decoration, each link is marked as a link with a description and is kept when "
        "the PDF is printed (as the PDF/UA and PDF/A standards ask), and each list is marked as a list of items.",
    },
)
PDF_ARTIFACTS = Rule(
    "pdf-artifacts",
    "PDF page furniture",
    {
        "pdf": "The running header and footer repeated on every page (series name, page numbers) are marked as page "
        "furniture and every other text is tagged, so that a screen reader reads the content once, without the "
        "furniture in it.",
    },
)

RULES = [HEADINGS, ALT_TEXTS, CONTRAST, TEXT_SIZE, LANGUAGE, LINK_TEXTS, PDF_TAGS, PDF_ARTIFACTS]
