"""The archive's writer of its first page, web/index.html: every listed edition, newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefkit.archive.files import PAGE
from briefkit.archive.pages import first_sentence, home_url, linked, page_values
from briefkit.archive.search import bundles_in, search_bundles
from briefkit.archive.versions import originals
from briefkit.edition.model import ArchiveEntry
from briefkit.errors import Finding
from briefkit.render.templates import Theme, template_errors
from briefkit.series_feeds.site import WEB, Site, Writes


def render_index(
    entries: Sequence[ArchiveEntry], theme: Theme, search: Mapping[str, frozenset[str]] | None = None
) -> bytes:
    """The archive's first page over ``entries``, newest first (as the site lists them): the originals (their pages
    link their translations), in the newest original's language; with ``search`` (the search index's bundles, as
    archive/search.py's search_bundles gives them), the search box over those in its language."""
    entries = originals(entries) or list(entries)
    newest = entries[0]
    page = page_values(newest, "", newest.series_name, newest.tagline or newest.series_name)
    page["url"] = home_url(newest)
    rows = [{"entry": linked(entry), "sentence": first_sentence(entry.summary)} for entry in entries]
    bundles = bundles_in(search, newest.lang) if search else []
    with template_errors(theme):
        html = theme.markup.get_template("web-index.html").render(page=page, rows=rows, search=bundles)
    return html.encode("utf-8")


def write_index(site: Site) -> Writes:
    writes = Writes()
    index = site.outbox / WEB / PAGE
    if site.gone:
        writes.remove.append(index)
    elif site.series is not None and not site.listed:
        writes.warnings.append(
            Finding.about(f"{WEB}/", "archive", "no published edition yet; the archive is not written")
        )
        writes.remove.append(index)
    elif site.listed:
        writes.files[index] = render_index(site.entries, site.theme, search_bundles(site))
    return writes
