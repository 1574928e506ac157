"""Every check `briefkit check` files its findings under, with a short description of what it finds: the rules
of `--format sarif`. docs/check.md's table says the same at length (tests/test_check_formats.py keeps the two
lists the same)."""

from __future__ import annotations

# The manifest or series file that does not validate: not a check of its own, but reported with the findings.
DOES_NOT_VALIDATE = "manifest"

CHECKS: dict[str, str] = {
    DOES_NOT_VALIDATE: "A manifest or series file that does not validate: the edition is not rendered.",
    "placeholder": "A text `briefkit new` wrote for the editor to replace, still there.",
    "reserved-name": "An address under a name reserved for examples and tests, which reaches no reader.",
    "correction": "A published edition whose words changed since it was published, with no correction added.",
    "draft": "An edition still marked status: draft.",
    "raw-html": "HTML written in a Markdown field, which readers would see as text.",
    "picture": "A picture the email or the PDF would go out without.",
    "glyphs": "A character the PDF's fonts cannot draw, which would print as an empty box.",
    "pdf-stylesheet": "WeasyPrint's warning about the theme's print stylesheet.",
    "size": "The email's HTML past Gmail's clipping limit, or past it once links are rewritten for tracking.",
    "subject": "A subject longer than 60 characters, or one in capitals.",
    "preheader": "A preheader shorter than 40 or longer than 140 characters.",
    "alt": "A picture without alt text, or alt text that is a file name.",
    "link-text": "A link that reads 'click here' or the like, or whose text is its address.",
    "repeat": "The same item link twice in the edition, or an item already sent in an earlier edition.",
    "footer": "The email without the postal address or the unsubscribe link.",
    "contrast": "Series colours below 4.5:1 (text) or 3:1 (button text) in light or dark mode.",
    "empty-section": "A section left with no items.",
    "calendar": "An events section in a series without archive_url: no 'Add to calendar' links.",
    "yaml": "A value YAML reads differently from what was probably meant.",
    "invisible": "An invisible character in a title, subject or heading.",
    "quote-marks": "A quotation pasted with its own quotation marks.",
    "message-missing": "A fixed word of the theme that the catalogue of the edition's language lacks.",
    "delivery": "A delivery: key for another service than the one named.",
    "feeds": "What reading a section's feed found (no entries, not well-formed, entries skipped, offline).",
    "feed-items": "A feed entry left out for having no description, or an override that matches no entry.",
    "render": "Another warning the render gives.",
    "links": "With --links: a link that fails, redirects or was not asked.",
}


def description(check: str) -> str:
    """What ``check`` finds; a name not listed is one of the render's own warnings."""
    return CHECKS.get(check, CHECKS["render"])
