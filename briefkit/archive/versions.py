"""The archive's language versions of an edition: the listed entries grouped by their original (an entry names it
by `translation_of`), each page linking every version of its group, itself included, visibly (the switcher) and
for search engines (`<link rel="alternate" hreflang>`, the sitemap's xhtml:link), with x-default the original."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefkit.edition.model import ArchiveEntry
from briefkit.edition.translations import own_name
from briefkit.manifest.slug import in_url

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class PageVersion:
    """One version as a page of the archive links it."""

    lang: str
    name: str  # the language in its own words: Français, العربية
    direction: str
    slug: str  # percent-encoded, ready for a link: ../<slug>/
    url: str | None  # its address on the web (under archive_url); None without one
    original: bool
    current: bool = False


def groups(entries: Sequence[ArchiveEntry]) -> dict[str, tuple[ArchiveEntry, ...]]:
    """Each listed entry's language versions (the original first, then by language tag), by slug; an entry with
    no other version listed is left out. A translation whose original is not listed (a draft) stands alone."""
    listed = {entry.slug for entry in entries}
    by_original: dict[str, list[ArchiveEntry]] = defaultdict(list)
    for entry in entries:
        original = entry.translation_of if entry.translation_of in listed else entry.slug
        by_original[original].append(entry)
    found: dict[str, tuple[ArchiveEntry, ...]] = {}
    for original, members in by_original.items():
        if len(members) < 2:
            continue
        ordered = tuple(sorted(members, key=lambda e: (e.slug != original, e.lang)))
        for entry in ordered:
            found[entry.slug] = ordered
    return found


def page_versions(entry: ArchiveEntry, group: Sequence[ArchiveEntry], home: str | None) -> list[PageVersion]:
    """The versions ``entry``'s page links, itself marked current."""
    return [
        PageVersion(
            e.lang,
            own_name(e.lang),
            e.direction,
            in_url(e.slug),
            f"{home}{in_url(e.slug)}/" if home else None,
            i == 0,
            e.slug == entry.slug,
        )
        for i, e in enumerate(group)
    ]


def originals(entries: Sequence[ArchiveEntry]) -> list[ArchiveEntry]:
    """The entries that are no translation of a listed one: the archive's index lists these (their pages link
    the translations)."""
    listed = {entry.slug for entry in entries}
    return [entry for entry in entries if entry.translation_of not in listed]


def by_language(entries: Sequence[ArchiveEntry]) -> dict[str, list[ArchiveEntry]]:
    """The entries of each language, in the order given: a page's previous and next editions are in its language."""
    found: dict[str, list[ArchiveEntry]] = defaultdict(list)
    for entry in entries:
        found[entry.lang.lower()].append(entry)
    return found
