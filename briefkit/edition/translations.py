"""An edition's language versions: the original and its translations (`translation_of:` names the original, by
file or slug, in the same folder), each with its language, the language's own name and direction (Babel's locale
data), and its page on the web. The mistakes are located: a language tag Babel does not know, an original that is
not there, a translation of a translation, two versions in one language.

The folder is looked through without noting each file as something the edition was made from (one edition
changed does not make every other one again); the versions found are noted, so that a change to one makes its
siblings again."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping as Entries
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.edition.model import Version
from briefkit.errors import BriefkitError, Location, Problem
from briefkit.io import reads
from briefkit.manifest.catalogue import messages_for
from briefkit.manifest.siblings import series_file
from briefkit.manifest.slug import in_url
from briefkit.manifest.yaml_nodes import Mapping, Scalar, parse_yaml

if TYPE_CHECKING:
    import babel

    from briefkit.manifest.load import Manifest
    from briefkit.manifest.themes import ThemeSpec
    from briefkit.manifest.types import Problems

KEY = "translation_of"
_MARK = KEY.encode()


@lru_cache(maxsize=32)
def _locale(lang: str) -> babel.Locale | None:
    import babel

    try:
        return babel.Locale.parse(lang.replace("-", "_"))
    except (babel.UnknownLocaleError, ValueError):
        return None


def is_language(lang: str) -> bool:
    """Whether ``lang`` is a language tag Babel knows (fr, pt-BR, ar), not only one shaped like it."""
    return _locale(lang) is not None


# The scripts written right to left (Unicode's, of living languages). tests/test_translations.py checks that a
# language's direction from its script is Babel's text_direction, for every locale Babel has and more.
RIGHT_TO_LEFT = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"})


def direction(lang: str) -> str:
    """rtl for a language written right to left (Arabic, Hebrew, Persian, Urdu), else ltr: from its script, the one
    the tag names (pa-Arab) or the one CLDR's likely subtags give the language (ar: Arab, pa: Guru), so that the
    locale's whole data (~8 ms to load, and all an English edition would load it for) is not read for it."""
    locale = _locale(lang)
    return "rtl" if locale is not None and _script(locale) in RIGHT_TO_LEFT else "ltr"


def _script(locale: babel.Locale) -> str | None:
    if locale.script:
        return locale.script
    from babel.core import get_global

    likely = get_global("likely_subtags")
    keys = [f"{locale.language}_{locale.territory}", locale.language] if locale.territory else [locale.language]
    for key in keys:
        parts = str(likely.get(key, "")).split("_")
        if len(parts) > 1:
            return parts[1]
    return None


def name_in_itself(lang: str) -> str:
    """The language's name in itself as a sentence says it: français, Deutsch, español, العربية."""
    locale = _locale(lang)
    return (locale.get_display_name(locale) if locale is not None else None) or lang


def own_name(lang: str) -> str:
    """The language's name in itself as a switcher shows it, on its own: Français, Deutsch, العربية."""
    name = name_in_itself(lang)
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class _Written:
    """What a manifest of the folder says at its top, as far as versions go: unchecked, as written."""

    path: Path
    translation_of: str | None
    lang: str | None
    series: str | None
    web_url: str | None
    draft: bool


def _scalar(entries: Entries[str, tuple[Location, object]], key: str) -> str | None:
    found = entries.get(key)
    value = found[1] if found else None
    return value.value.strip() if isinstance(value, Scalar) and value.value and value.value.strip() else None


def _glance(path: Path, data: bytes) -> _Written | None:
    try:
        node = parse_yaml(data.decode("utf-8"), path)
    except (BriefkitError, UnicodeDecodeError):
        return None
    if not isinstance(node, Mapping):
        return None
    entries = dict(node.entries)
    return _Written(
        path,
        _scalar(entries, KEY),
        _scalar(entries, "lang"),
        _scalar(entries, "series"),
        _scalar(entries, "web_url"),
        _scalar(entries, "status") == "draft",
    )


def _manifests(folder: Path) -> list[Path]:
    """The manifests of ``folder`` as siblings.manifests_in finds them, but not noted: an edition added to the
    folder does not make every other one again (only a version that names this one's original is noted)."""
    root = (folder.parent if folder.name == "editions" else folder).resolve()
    return [
        p
        for p in sorted(folder.glob("*.yaml"))
        if not p.name.endswith(".series.yaml") and (not p.is_symlink() or p.resolve().is_relative_to(root))
    ]


# While a build makes its editions, each process reads the editions' folder once, not once per edition (a thousand
# editions would each read the other 999): series_build/collect.py turns it on around the editions it makes, and
# series_feeds/collect.py around the editions a render's feeds load.
_folders: dict[Path, list[tuple[Path, bytes, bool]]] | None = None


@contextmanager
def folders_read_once() -> Iterator[None]:
    global _folders
    before, _folders = _folders, {}
    try:
        yield
    finally:
        _folders = before


def _folder(folder: Path) -> list[tuple[Path, bytes, bool]]:
    """Each manifest of ``folder``: its absolute path, its bytes, and whether it names an original."""
    kept = _folders.get(folder) if _folders is not None else None
    if kept is None:
        kept = [(path.absolute(), data, _MARK in data) for path in _manifests(folder) for data in (_bytes(path),)]
        if _folders is not None:
            _folders[folder] = kept
    return kept


def _named(value: str) -> str:
    """The file name ``translation_of:`` means: a slug, or a file name with its .yaml."""
    return value if value.endswith((".yaml", ".yml")) else f"{value}.yaml"


def _language_problem(lang: str, where: Location) -> Problem | None:
    if is_language(lang):
        return None
    return Problem(
        where,
        "lang",
        f"'{lang}' is not a language tag Babel knows; write one like en, fr, de, es, ar or pt-BR",
    )


def versions(manifest: Manifest, problems: Problems) -> tuple[Version, ...]:
    """The edition's language versions, original first then by language tag, itself marked current; () when it
    has none. Its mistakes are added to ``problems``."""
    e, settings = manifest.edition, manifest.settings
    lang: str = settings["lang"]
    own_lang_at = e.where("lang") if "lang" in e.key_locations else manifest.series.where("lang")
    problem = _language_problem(lang, own_lang_at)
    if problem is not None:
        problems.append(problem)
        return ()
    folder = manifest.path.absolute().parent
    here = manifest.path.absolute()
    named: str | None = e.get(KEY)
    series = series_file(manifest.path, e["series"])
    written: dict[str, _Written] = {}
    for path, data, marked in _folder(folder):
        if path == here:
            continue
        if (named is not None and path.name == _named(named)) or marked:
            found = _glance(path, data)
            if found is not None and found.series and series_file(path, found.series) == series:
                written[path.name] = found
    if named is not None:
        original = _original(manifest, named, written, problems)
        if original is None:
            return ()
        root = original.path.stem
    else:
        root = manifest.slug
    members = [w for w in written.values() if w.translation_of and Path(_named(w.translation_of)).stem == root]
    if named is not None:
        members.append(written[_named(named)])
    members = [w for w in members if not w.draft]
    if not members:
        return ()
    series_lang: str = manifest.series.get("lang") or "en"
    archive_url: str | None = settings.get("archive_url")
    found_versions = [
        _version(w.path.stem, w.lang or series_lang, w.web_url, archive_url, w.path.stem == root) for w in members
    ]
    if named is None:  # the original: a translation in its language says so itself
        found_versions = [v for v in found_versions if v.lang.lower() != lang.lower()]
    for other in found_versions:
        if other.lang.lower() == lang.lower():
            where = own_lang_at if "lang" in e.key_locations else e.where(KEY)
            problems.append(
                Problem(
                    where,
                    "lang",
                    f"'{other.slug}' is the {other.lang} version of this edition already; give this one the language "
                    f"it is written in (lang: fr, lang: ar...)",
                )
            )
            return ()
    for w in members:
        reads.read_bytes(w.path)  # noted: a change to a version makes this one again
    me = _version(manifest.slug, lang, e.get("web_url"), archive_url, named is None, current=True)
    every = sorted([me, *found_versions], key=lambda v: (not v.original, v.lang))
    return tuple(replace(v, read_in=_read_in(manifest.theme, v)) for v in every)


def _read_in(theme: ThemeSpec, version: Version) -> str:
    """The invitation to read ``version``, in its own language (a reader who needs it may not read this one)."""
    return messages_for(theme, version.lang).gettext("Read in %(name)s", name=name_in_itself(version.lang))


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _version(
    slug: str, lang: str, web_url: str | None, archive_url: str | None, original: bool, current: bool = False
) -> Version:
    if web_url is None and archive_url:
        web_url = archive_url.rstrip("/") + f"/{in_url(slug)}/"
    return Version(lang, own_name(lang), slug, web_url, original, direction(lang), current)


def _original(manifest: Manifest, named: str, written: dict[str, _Written], problems: Problems) -> _Written | None:
    """The edition ``translation_of:`` names, or None with a located problem."""
    where = manifest.edition.where(KEY)
    name = _named(named)
    if Path(name).stem == manifest.slug:
        problems.append(Problem(where, KEY, "names this edition itself; name the edition this one translates"))
        return None
    original = written.get(name)
    if original is None:
        slugs = sorted(p.stem for p in _manifests(manifest.path.absolute().parent) if p.stem != manifest.slug)
        import difflib  # for a mistake only

        close = difflib.get_close_matches(Path(name).stem, slugs, n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else "name the original's file (like 2021-03-31-title.yaml) or slug"
        )
        problems.append(
            Problem(
                where,
                KEY,
                f"no edition '{named}' of this series in {manifest.path.absolute().parent.name}/; {hint}",
            )
        )
        return None
    if original.translation_of is not None:
        problems.append(
            Problem(
                where,
                KEY,
                f"'{named}' is itself a translation (of '{original.translation_of}'); name the original edition, "
                f"'{original.translation_of}', so that every version names the same one",
            )
        )
        return None
    return original
