"""The web archive: a page per edition at the address its "View in browser" link and its feed entries point to,
an index of every edition, newest first, and a sitemap, all made from the theme's templates.

Pages carry no script and nothing from elsewhere: a picture appears only when the edition has a local copy of it,
written beside the page. Links between pages are relative, so the folder works served from any path.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from briefkit.archive.versions import by_language, page_versions
from briefkit.edition.model import ArchiveEntry, Edition
from briefkit.manifest.slug import in_url
from briefkit.render.templates import Theme, template_errors
from briefkit.series_feeds.record import oldest_first
from briefkit.sources.documents import Asset

ELLIPSIS = "…"


@dataclass
class Article:
    """One edition as the archive's page holds it, and the pictures the page shows (by their path in the archive:
    pictures/<name>-<digest>.<ext>, one folder for the series, where the email takes them from too)."""

    html: str
    pictures: dict[str, bytes] = field(default_factory=dict)


def render_article(edition: Edition, theme: Theme) -> Article:
    """The theme's web-article.html for the edition; its local pictures are published, the others left out."""
    pictures: dict[str, bytes] = {}

    def picture(asset: Asset) -> str:
        pictures[asset.published] = asset.data  # the name holds the content's digest: never two files of a name
        return f"../{asset.published}"  # from <slug>/index.html

    with template_errors(theme):
        html = theme.markup.get_template("web-article.html").render(edition=edition, picture=picture)
    return Article(html, pictures)


_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.DOTALL)


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it has no full stop), on one line."""
    text = " ".join(text.split())
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def description(entry: ArchiveEntry, limit: int = 200) -> str:
    """What search engines and link previews show: the intro's first sentence, cut between two words to at most
    ``limit`` characters and "…" (a first word longer than that is kept whole)."""
    sentence = first_sentence(entry.summary)
    if len(sentence) <= limit:
        return sentence
    cut = textwrap.shorten(sentence, limit + len(ELLIPSIS), placeholder=ELLIPSIS)
    return cut if cut != ELLIPSIS else sentence.split(" ", 1)[0] + ELLIPSIS


def home_url(entry: ArchiveEntry) -> str | None:
    return entry.archive_url.rstrip("/") + "/" if entry.archive_url else None


def linked(entry: ArchiveEntry) -> ArchiveEntry:
    """The entry as the archive's templates get it: its slug ready to go into a link (``{{ entry.slug }}/``),
    percent-encoded. The entry itself when the slug needs no encoding, as the slug rule makes every slug: the
    index page and the sitemap take every entry of the archive at each build."""
    slug = in_url(entry.slug)
    return entry if slug == entry.slug else replace(entry, slug=slug)


@dataclass(frozen=True)
class Neighbours:
    previous: ArchiveEntry | None
    next: ArchiveEntry | None


def page_values(entry: ArchiveEntry, up: str, title: str, text: str) -> dict[str, Any]:
    return {
        "lang": entry.lang,
        "title": title,
        "description": text,
        "series": entry.series_name,
        "tagline": entry.tagline,
        "publisher": entry.publisher,
        "up": up,
        "draft": entry.draft,
        "dir": entry.direction,
        "versions": [],  # an edition page's language versions (archive/versions.py)
        "accessibility": None,  # an edition page's link to its accessibility report (accessibility_page.py)
    }


def render_edition_page(
    entry: ArchiveEntry,
    article: str,
    neighbours: Neighbours,
    theme: Theme,
    has_pdf: bool,
    versions: Sequence[ArchiveEntry] = (),
    has_report: bool = False,
) -> bytes:
    """The page at <archive>/<slug>/: the article, with the links around it (to its language ``versions``, the
    original first, itself among them, when it has any; to its accessibility report when it ``has_report``)."""
    home = home_url(entry)
    page = page_values(entry, "../", entry.title, description(entry))
    page["versions"] = page_versions(entry, versions, home)
    entry = linked(entry)
    page.update(
        url=f"{home}{entry.slug}/" if home else None,
        pdf="edition.pdf" if has_pdf else None,
        accessibility="accessibility.html" if has_report else None,
        previous=linked(neighbours.previous) if neighbours.previous else None,
        next=linked(neighbours.next) if neighbours.next else None,
    )
    with template_errors(theme):
        html = theme.markup.get_template("web-edition.html").render(entry=entry, article=Markup(article), page=page)
    return html.encode("utf-8")


def neighbours(entries: Sequence[ArchiveEntry]) -> dict[str, Neighbours]:
    """Each entry's previous (older) and next (newer) edition in its language, by slug."""
    found: dict[str, Neighbours] = {}
    for same in by_language(entries).values():
        ordered = oldest_first(same)
        found.update(
            (
                entry.slug,
                Neighbours(ordered[i - 1] if i > 0 else None, ordered[i + 1] if i + 1 < len(ordered) else None),
            )
            for i, entry in enumerate(ordered)
        )
    return found
