"""Render one edition as its series' feeds carry it: the theme's feed-entry HTML through the sanitizer."""

from __future__ import annotations

from briefkit import markdown
from briefkit.model import ArchiveEntry, Edition
from briefkit.sanitize import clean_html
from briefkit.theme import Theme

TEMPLATE = "feed-entry.html"  # the theme's: one edition as plain HTML for feed readers


def archive_entry(edition: Edition, theme: Theme) -> ArchiveEntry:
    """The edition whole, for feed readers, with the fields the feeds need."""
    html = theme.markup.get_template(TEMPLATE).render(edition=edition)
    return ArchiveEntry(
        slug=edition.slug,
        date=edition.date,
        title=edition.title,
        web_url=edition.web_url,
        summary=markdown.to_plain(edition.intro),
        content=clean_html(html),
        series_name=edition.series_name,
        tagline=edition.tagline,
        publisher=edition.publisher,
        lang=edition.lang,
        archive_url=edition.archive_url,
        feed_limit=edition.feed_limit,
        timezone=edition.timezone,
    )
