"""Render one edition as its series' feeds carry it: the theme's feed-entry HTML through the sanitizer."""

from __future__ import annotations

from briefkit.edition.model import ArchiveEntry, Edition
from briefkit.render.templates import Theme, template_errors
from briefkit.sources.sanitize import clean_html

TEMPLATE = "feed-entry.html"  # the theme's: one edition as plain HTML for feed readers


def archive_entry(edition: Edition) -> ArchiveEntry:
    """The fields of the edition the feeds need."""
    return ArchiveEntry(
        slug=edition.slug,
        date=edition.date,
        title=edition.listed_title,
        web_url=edition.web_url,
        summary=edition.opening,
        series_name=edition.series_name,
        tagline=edition.tagline,
        publisher=edition.publisher,
        lang=edition.lang,
        archive_url=edition.archive_url,
        feed_limit=edition.feed_limit,
        timezone=edition.timezone,
        draft=edition.draft,
        date_text=edition.date_text,
        translation_of=edition.translation_of,
        direction=edition.direction,
        updated=edition.corrections[-1].date.isoformat() if edition.corrections else "",
        notice=edition.notice,
        words=edition.words,
        corrections=len(edition.corrections),
    )


def entry_content(edition: Edition, theme: Theme) -> str:
    """The edition whole, for feed readers: the theme's fragment, then the sanitizer's allowlist. A template that
    fails is a located ThemeError."""
    with template_errors(theme):
        html = theme.markup.get_template(TEMPLATE).render(edition=edition)
    return clean_html(html)
