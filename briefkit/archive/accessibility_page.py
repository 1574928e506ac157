"""The accessibility page of an edition, web/<slug>/accessibility.html, beside its page in the archive: the
accessibility report's summary (briefkit/accessibility/) in the archive's look (the theme's web-accessibility.html,
on web-page.html), so that an office can show what each send was checked for. The build's worker makes it with the
edition's other files: made again only when the edition is. It is not in the feeds, the search index or the
sitemap (docs/review.md says why)."""

from __future__ import annotations

from briefkit.accessibility.report import Report, report
from briefkit.accessibility.summary import summary_html
from briefkit.archive.files import ACCESSIBILITY_PAGE
from briefkit.archive.pages import Neighbours, home_url, linked, page_values, render_edition_page
from briefkit.edition.model import ArchiveEntry, Edition
from briefkit.render.templates import Theme, template_errors


def render_accessibility_page(entry: ArchiveEntry, report: Report, theme: Theme) -> bytes:
    """The page at <archive>/<slug>/accessibility.html: the summary, and links back to the edition and the index."""
    home = home_url(entry)
    page = page_values(entry, "../", entry.title, entry.title)
    entry = linked(entry)
    page["url"] = f"{home}{entry.slug}/{ACCESSIBILITY_PAGE}" if home else None
    with template_errors(theme):
        html = theme.markup.get_template("web-accessibility.html").render(
            entry=entry, summary=summary_html(report), page=page
        )
    return html.encode("utf-8")


def page_as_checked(entry: ArchiveEntry, article: str, theme: Theme, has_pdf: bool) -> str:
    """An edition's archive page as the report checks it: as the archive shows it, but for the "Previous" and
    "Next" links and language versions, which another edition's build may change."""
    return render_edition_page(entry, article, Neighbours(None, None), theme, has_pdf, (), True).decode("utf-8")


def edition_report_page(
    edition: Edition, entry: ArchiveEntry, article: str, email_html: bytes, pdf: bytes | None, theme: Theme
) -> bytes:
    """The accessibility page of an edition, from its rendered email, its archive page (page_as_checked) and its
    PDF when it has one."""
    web_html = page_as_checked(entry, article, theme, pdf is not None)
    checked = report(email_html.decode("utf-8"), web_html=web_html, pdf=pdf, edition=edition)
    return render_accessibility_page(entry, checked, theme)
