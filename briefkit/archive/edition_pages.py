"""The archive's writer of its edition pages, web/<slug>/index.html. The archive decides when a page is made
again: when what it is made from changed, which is its edition's record (its entry and article, whether it has a
PDF), its neighbours' entries (the "Previous" and "Next" links carry their titles) and the theme's files. What a
page was made from is noted, as a digest, in its edition's record; a page whose edition left the archive (now a
draft) is removed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from briefkit.archive.files import ACCESSIBILITY_PAGE, PAGE
from briefkit.archive.pages import Neighbours, neighbours, render_edition_page
from briefkit.archive.versions import groups
from briefkit.edition.model import ArchiveEntry
from briefkit.io.outbox import EDITION_PDF
from briefkit.render.templates import Theme
from briefkit.series_feeds.collect import theme_reads
from briefkit.series_feeds.record import Record, digest, entry_json
from briefkit.series_feeds.site import WEB, Listed, Site, Writes


def write_edition_pages(site: Site) -> Writes:
    writes = Writes()
    listed = [one for one in site.listed if one.record.article]
    in_archive = {one.entry.slug for one in listed}
    for manifest in site.present:  # what editions that are not in the archive (another series, failed) have there
        record = site.store.records.get(manifest)
        if record is None or record.slug in in_archive:
            continue
        there = [path for path in record.outputs if path.startswith(f"{WEB}/{record.slug}/")]
        for path in there:
            writes.remove.append(site.outbox / path)
            del record.outputs[path]
        if there:
            record.page = ""
            site.store.changed()
    if not listed:
        return writes
    look = theme_digest(site.theme, site.root, listed[0].record)
    around = neighbours([one.entry for one in listed])
    versions = groups([one.entry for one in listed])
    for one in listed:
        page = f"{WEB}/{one.entry.slug}/{PAGE}"
        has_pdf = f"{WEB}/{one.entry.slug}/{EDITION_PDF}" in one.record.outputs
        has_report = f"{WEB}/{one.entry.slug}/{ACCESSIBILITY_PAGE}" in one.record.outputs
        group = versions.get(one.entry.slug, ())
        made_from = _made_from(look, one, around[one.entry.slug], (has_pdf, has_report), group)
        if one.record.page == made_from and page in one.record.outputs and (site.outbox / page).is_file():
            continue
        article = site.store.text(one.record.article)
        if article is None:
            continue
        data = render_edition_page(one.entry, article, around[one.entry.slug], site.theme, has_pdf, group, has_report)
        writes.files[site.outbox / page] = data
        one.record.page = made_from
        one.record.outputs[page] = (len(data), digest(data))
        site.store.changed()
    return writes


def _made_from(
    look: str, one: Listed, near: Neighbours, beside: tuple[bool, bool], group: Sequence[ArchiveEntry]
) -> str:
    """The digest of what the page is made from: the theme, the edition's article and entry, the files beside it
    (a PDF, an accessibility page), its neighbours, its language versions."""
    inputs = repr((look, one.record.article, *beside, entry_json(one.entry),
                   *(entry_json(e) if e else None for e in (near.previous, near.next)),
                   *([entry_json(e) for e in group] if group else [])))  # fmt: skip
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:32]


def theme_digest(theme: Theme, root: Path, newest: Record) -> str:
    """What the theme's files hold, so that a changed template makes every page again: from what the newest
    edition was made from (its theme's files are among its reads), read again only when those are not kept."""
    folders = tuple(f"{folder}{os.sep}" for folder in theme.folders)
    reads = [read for read in newest.reads if read.path.startswith(folders)]
    if not reads:
        reads = list(theme_reads(theme.spec, root))
    return hashlib.sha256("".join(read.path + read.digest for read in reads).encode()).hexdigest()
