"""The archive's writer of web/sitemap.xml: the index and every listed edition's page, for search engines."""

from __future__ import annotations

from collections.abc import Sequence

from briefkit.archive.files import SITEMAP
from briefkit.archive.pages import home_url, linked
from briefkit.archive.versions import groups, page_versions
from briefkit.edition.model import ArchiveEntry
from briefkit.render.templates import Theme, template_errors
from briefkit.series_feeds.site import WEB, Site, Writes


def render_sitemap(entries: Sequence[ArchiveEntry], theme: Theme) -> bytes | None:
    """sitemap.xml over the index and the pages of ``entries`` (newest first); None without an archive address."""
    home = home_url(entries[0])
    if home is None:
        return None
    versions = groups(entries)
    rows = [
        {
            "entry": linked(e),
            "versions": page_versions(e, versions.get(e.slug, ()), home),
            "lastmod": e.updated or e.date.isoformat(),  # a corrected page changed on its latest correction's day
        }
        for e in entries
    ]
    with template_errors(theme):
        xml = theme.markup.get_template("web-sitemap.xml").render(
            home=home,
            newest=entries[0].date.isoformat(),
            entries=[row["entry"] for row in rows],
            rows=rows,
            alternates=bool(versions),
        )
    return xml.encode("utf-8")


def write_sitemap(site: Site) -> Writes:
    writes = Writes()
    sitemap = site.outbox / WEB / SITEMAP
    if site.gone or (site.series is not None and not site.listed):
        writes.remove.append(sitemap)
    elif site.listed:
        data = render_sitemap(site.entries, site.theme)
        if data is not None:
            writes.files[sitemap] = data
    return writes
