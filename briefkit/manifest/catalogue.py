"""The theme's fixed words in each language: gettext catalogues (`locale/<lang>.po`, or `messages/<lang>.po`) found
along the theme's search path, read with Babel and kept while their files are unchanged. English is the source
language: a msgid is the English words, so English needs no catalogue unless a theme changes one of its words.

A message comes from the nearest folder of the search path whose catalogue of the language translates it (a project's
`templates/<theme>/locale/fr.po` over briefkit's own); one that no catalogue of the language translates is said in
English (a theme's en.po, else the msgid), and `missing_messages` names it, located, for the editor."""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.errors import Finding, Location

if TYPE_CHECKING:
    from briefkit.manifest.themes import ThemeSpec

SOURCE = "en"
FOLDERS = ("locale", "messages")
TEMPLATE_SUFFIXES = (".mjml", ".html", ".txt", ".xml", ".css")
Plural = Callable[[int], int]


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@dataclass(frozen=True)
class Entry:
    """One message translated: its forms (one, or one a plural form) and where it was written."""

    forms: tuple[str, ...]
    where: Location


@dataclass(frozen=True)
class Catalogue:
    """One .po file read: its translated messages (empty and fuzzy ones left out) and its plural rule."""

    path: Path
    entries: dict[str, Entry]
    plural: Plural


@dataclass(frozen=True)
class Messages:
    """The words of one language for one theme: its catalogues nearest first, and English's to fall back on."""

    lang: str
    catalogues: tuple[Catalogue, ...] = ()
    english: tuple[Catalogue, ...] = ()

    def _entry(self, msgid: str) -> tuple[Entry, Plural] | None:
        for catalogue in (*self.catalogues, *self.english):
            entry = catalogue.entries.get(msgid)
            if entry is not None:
                return entry, catalogue.plural
        return None

    def gettext(self, message: str, **values: str) -> str:
        """``message`` in this language; in English (the theme's, else as written) when no catalogue has it. With
        ``values``, its %(name)s places filled (as written when a translation names a place it does not have)."""
        found = self._entry(message)
        said = found[0].forms[0] if found else message
        if not values:
            return said
        try:
            return said % values
        except (KeyError, ValueError, TypeError):
            return message % values

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for ``n`` by the language's plural rule (gettext's Plural-Forms)."""
        found = self._entry(singular)
        if found is None:
            return singular if n == 1 else plural
        entry, rule = found
        index = rule(n)
        return entry.forms[index] if 0 <= index < len(entry.forms) and entry.forms[index] else entry.forms[-1]

    def has(self, msgid: str) -> bool:
        """Whether a catalogue of the language itself (not the English fallback) translates ``msgid``."""
        return any(msgid in catalogue.entries for catalogue in self.catalogues)


ENGLISH = Messages(SOURCE)  # the source words, as written in the templates and in Python


def is_source(lang: str) -> bool:
    return lang.replace("_", "-").split("-")[0].lower() == SOURCE


def _names(lang: str) -> tuple[str, ...]:
    """The file names a language's catalogue may have, most precise first: pt-BR.po, pt_BR.po, pt.po."""
    tag = lang.replace("_", "-")
    base = tag.split("-")[0]
    return tuple(dict.fromkeys((f"{tag}.po", f"{tag.replace('-', '_')}.po", f"{base}.po")))


def catalogue_files(folders: Iterable[Path], lang: str) -> tuple[Path, ...]:
    """The catalogues of ``lang`` along the search path, nearest first (a folder named twice is read once)."""
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        for sub in FOLDERS:
            for name in _names(lang):
                path = folder / sub / name
                if path.is_file() and path not in found:
                    found.append(path)
                    break
    return tuple(found)


def messages_for(spec: ThemeSpec, lang: str) -> Messages:
    """The theme's words in ``lang``. English from the packaged theme is its templates' own words and reads no file;
    a theme's own en.po (a changed English word) is read."""
    if is_source(lang):
        own = tuple(layer.folder for layer in spec.layers if not layer.packaged and not _packaged(spec, layer.folder))
        files = catalogue_files(own, lang)
        return _messages(lang, _stamped(files), ()) if files else ENGLISH
    folders = spec.folders
    return _messages(lang, _stamped(catalogue_files(folders, lang)), _stamped(catalogue_files(folders, SOURCE)))


def _packaged(spec: ThemeSpec, folder: Path) -> bool:
    """Whether ``folder`` is the packaged theme's (a checkout of briefkit renders from the theme it ships)."""
    return any(layer.packaged and layer.folder == folder for layer in spec.layers)


Stamped = tuple[tuple[Path, int], ...]


def _stamped(files: tuple[Path, ...]) -> Stamped:
    return tuple((path, path.stat().st_mtime_ns) for path in files)


@lru_cache(maxsize=32)
def _messages(lang: str, files: Stamped, english: Stamped) -> Messages:
    return Messages(
        lang, tuple(read_catalogue(path) for path, _ in files), tuple(read_catalogue(p) for p, _ in english)
    )


@lru_cache(maxsize=64)
def _read(path: Path, stamp: int) -> Catalogue:
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        catalog = read_po(file)
    entries: dict[str, Entry] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        forms = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
        if any(forms):
            entries[str(msgid)] = Entry(tuple(str(form) for form in forms), Location(path, message.lineno or 1, 1))
    plural = _plural_rule(catalog.plural_forms)
    return Catalogue(path, entries, plural)


def read_catalogue(path: Path) -> Catalogue:
    """The .po file at ``path``, read once while it is unchanged."""
    return _read(path, path.stat().st_mtime_ns)


def _plural_rule(header: str) -> Plural:
    """The plural rule of a Plural-Forms header ('nplurals=2; plural=(n != 1);'), made by the standard library's
    gettext from its C expression."""
    expression = header.split("plural=", 1)[-1].strip().rstrip(";") if "plural=" in header else ""
    if not expression:
        return _english_plural
    return _gettext.c2py(expression)


# -- what the theme says, and what a language lacks --------------------------------------------------------------


def used_messages(spec: ThemeSpec) -> dict[str, Location | None]:
    """Every msgid the theme uses: those of its English catalogues (briefkit's lists each msgid of its templates and
    Python, a test sees to it), and those the templates of the project's own folders mark, with the line."""
    used: dict[str, Location | None] = {}
    for path in catalogue_files(spec.folders, SOURCE):
        for msgid in read_catalogue(path).entries:
            used.setdefault(msgid, None)
    for layer in spec.layers:
        if layer.packaged or _packaged(spec, layer.folder):
            continue
        for msgid, where in extract_templates(layer.folder):
            if used.get(msgid) is None:
                used[msgid] = where
    return used


def extract_templates(folder: Path) -> list[tuple[str, Location]]:
    """The msgids the templates under ``folder`` mark (`{% trans %}`, `_()`, `gettext()`, `ngettext()`), with their
    lines, by Jinja's Babel extractor."""
    from jinja2.ext import babel_extract

    found: list[tuple[str, Location]] = []
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in TEMPLATE_SUFFIXES:
            continue
        with path.open("rb") as file:
            for lineno, _function, message, _comments in babel_extract(file, _KEYWORDS, [], options):
                msgid = message[0] if isinstance(message, (tuple, list)) else message
                if msgid:
                    found.append((str(msgid), Location(path, lineno, 1)))
    return found


_KEYWORDS = ("_", "gettext", "ngettext")


def missing_messages(spec: ThemeSpec, lang: str, where_lang: Location) -> list[Finding]:
    """A warning for each message the theme uses that no catalogue of ``lang`` translates, located in the template
    that uses it when it is the project's, else in the language's nearest catalogue, else at ``where_lang``."""
    if is_source(lang):
        return []
    words = messages_for(spec, lang)
    files = catalogue_files(spec.folders, lang)
    findings = []
    for msgid, used_at in used_messages(spec).items():
        if words.has(msgid):
            continue
        if files:
            where = used_at or Location(files[0], 1, 1)
            fix = f"add its msgstr to {files[0].name} (msgid {msgid!r})"
        else:
            where = used_at or where_lang
            fix = f"add a catalogue locale/{_names(lang)[-1]} to the theme's folder"
        findings.append(
            Finding(
                where, "message-missing", f"message {msgid!r} has no {lang} translation; it is said in English: {fix}"
            )
        )
    return findings
