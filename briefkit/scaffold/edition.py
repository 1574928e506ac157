"""`briefkit new edition`: a manifest to fill in, written from the series' keys and the theme's, with a section
of each kind the theme starts an edition with (starting_kinds) and a short comment on each key, that renders as it
is. The words it writes for the editor to replace are kept (placeholder_texts), so that `briefkit check` can tell
the ones left."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.errors import Location, ManifestError
from briefkit.io.files import read_text
from briefkit.io.outbox import write_all
from briefkit.manifest.compound_types import ListOf, RecordType, Tagged
from briefkit.manifest.edition_fields import BUILT_IN_SECTIONS
from briefkit.manifest.event_types import DateTime
from briefkit.manifest.load import find_manifest_theme, project_root
from briefkit.manifest.series_fields import SERIES
from briefkit.manifest.theme_types import ManifestTypes, manifest_types
from briefkit.manifest.themes import ThemeSpec
from briefkit.manifest.types import Field
from briefkit.manifest.value_types import Boolean, Choice, Date, Integer, Url
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, parse_yaml
from briefkit.scaffold.placeholders import PERSON, PLACEHOLDER_URL, SERIES_TEXTS, TITLE_HINT
from briefkit.scaffold.schema_files import EDITION_SCHEMA, refresh_schemas

# Optional keys worth showing filled in, because a section says little without them.
SHOWN = {"title", "summary", "teaser", "authors", "lead", "place"}
SKIPPED = {"from", "series", "kind", "heading", "feed", "overrides", "image", "date_line"}
# The edition's optional keys shown filled in: most editions have an intro.
SHOWN_IN_EDITION = {"intro"}


def slug_of(title: str) -> str:
    """'The Beijing-Moscow Partnership' -> 'the-beijing-moscow-partnership'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-") or "edition"


def _quoted(value: Any) -> str:
    """A value written as YAML: JSON's double-quoted strings, numbers and lists are YAML too."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def first_sentence(doc: str) -> str:
    """The doc's first sentence, without its full stop ('...' inside it does not end it)."""
    return re.split(r"(?<=[a-z0-9)'])\. ", doc, maxsplit=1)[0].rstrip(".")


def explained(doc: str, note: str = "") -> str:
    """'# What it means.', or with a note from theme.yaml (its default, the key that makes it required):
    '# What it means (default 'Read more »')."."""
    return f"# {first_sentence(doc)}{f' ({note})' if note else ''}."


@dataclass
class Writer:
    """Lines of the manifest being written."""

    date: dt.date
    series: dict[str, Node]
    lines: list[str]
    written: list[str] = field(default_factory=list)  # the words written for the editor to replace
    notes: dict[str, str] = field(default_factory=dict)  # ManifestTypes.notes: theme.yaml's defaults, conditions

    def placeholder(self, f: Field, where: str) -> Any:
        kind = f.type
        words = first_sentence(f.doc)
        if isinstance(kind, Url):
            return PLACEHOLDER_URL + where  # a reserved name (RFC 2606): `briefkit check` finds one left
        if isinstance(kind, Date):
            return self.date
        if isinstance(kind, DateTime):
            return f"{self.date.isoformat()} 12:00"  # an event's start: the day of the edition, at noon
        if isinstance(kind, Integer):
            return kind.minimum
        if isinstance(kind, Boolean):
            return False
        if isinstance(kind, Choice):
            return f.default or kind.choices[0]
        if isinstance(kind, ListOf) and not isinstance(kind.item, RecordType):
            words = PERSON if f.name in ("people", "authors") else words
            self.written.append(words)
            return [words]
        self.written.append(words)
        return words  # text and Markdown: the key's own description, to be written over

    def record(self, record: RecordType, indent: str, first: str = "", where: str = "") -> None:
        """The keys of ``record``: required ones filled in, a few optional ones shown, the rest as comments."""
        lead = first
        for f in record.fields:
            if f.name in SKIPPED:
                continue
            shown = f.required or f.name in SHOWN or self._needed_from_series(record, f)
            comment = explained(f.doc, self.notes.get(f"{where.rstrip('/')}/{f.name}", ""))
            if not shown:
                self.lines.append(f"{lead[:-2] if lead else indent}# {f.name}: ...  {comment[2:]}")
                continue
            self.lines.append(f"{lead[:-2] if lead else indent}{comment}")
            self.value(f, lead or indent, indent, where)
            lead = ""
        if lead:  # a section with nothing to fill in still needs its first line
            self.lines.append(lead.rstrip() + " {}")

    def value(self, f: Field, prefix: str, indent: str, where: str) -> None:
        """Key ``f`` filled in, after ``prefix``: on its line, or as a list of one entry whose keys follow."""
        if isinstance(f.type, ListOf) and isinstance(f.type.item, RecordType):
            self.lines.append(f"{prefix}{f.name}:")
            self.record(f.type.item, indent + "    ", indent + "  - ", f"{where}{f.name}")
        else:
            self.lines.append(f"{prefix}{f.name}: {_quoted(self.placeholder(f, where))}")

    def _needed_from_series(self, record: RecordType, f: Field) -> bool:
        """A section key the series may give (about text, subscribe text and address): shown when it gives none."""
        kind = record.fields[0].type if record.fields and record.fields[0].name == "kind" else None
        if not isinstance(kind, Choice) or f.name not in ("text", "url"):
            return False
        section = kind.choices[0]
        series_key = "about" if section == "about" else "subscribe" if section == "subscribe" else None
        if series_key is None:
            return False
        given = self.series.get(series_key)
        if series_key == "about":
            return not (isinstance(given, Scalar) and given.value)
        return not (isinstance(given, Mapping) and f.name in given.entries)


def edition_text(
    title: str | None,
    date: dt.date,
    series_file: str,
    series: dict[str, Node],
    types: ManifestTypes,
    draft: bool = True,
    kinds: tuple[str, ...] | None = None,
) -> str:
    """The manifest of a new edition called ``title`` (None: no `title:`, as the series' title_pattern is a fixed
    title): the edition's keys and the theme's, then a section of each of ``kinds`` (every kind the theme offers
    when not given), each key explained; a draft unless not ``draft``."""
    writer = Writer(date, series, [])
    writer.lines += [
        f"# yaml-language-server: $schema=../{EDITION_SCHEMA}",
        "# A new edition. Fill in the values, delete the sections you do not need, and render it with",
        "#   briefkit render editions/<this file>   (or briefkit preview, to see it as you write).",
        "# Every key is described in `briefkit docs manifest`; `briefkit schema` prints them all.",
    ]
    head(writer, title, series_file, draft)
    _keys_and_sections(writer, types, kinds if kinds is not None else tuple(_sections(types).variants))
    return "\n".join(writer.lines)


def head(writer: Writer, title: str | None, series_file: str, draft: bool) -> None:
    """The series, date, title and status lines of a new edition, added to the writer's lines."""
    lines = writer.lines
    lines += [
        explained("The series file, relative to this manifest"),
        f"series: {_quoted(series_file)}",
        explained("Date of the edition, YYYY-MM-DD"),
        f"date: {writer.date.isoformat()}",
    ]
    if title is not None:
        lines += [
            explained("Title of the edition; the series' title_pattern makes the full title"),
            f"title: {_quoted(title)}",
        ]
    else:
        lines.append("# No title: the series' title_pattern, which has no {title}, is every edition's full title.")
    if draft:
        lines += [
            "# A draft stays out of the feeds and the web archive; delete this line when the edition goes out",
            "status: draft",
        ]


def placeholder_texts(types: ManifestTypes) -> tuple[str, ...]:
    """Every text `briefkit new` writes for the editor to replace, for an edition of a theme with ``types``: the
    series file's (scaffold/placeholders.py) and the words the edition's keys are filled with, as edition_text
    writes them (each section kind's keys included, whatever the series gives)."""
    writer = Writer(dt.date(2000, 1, 1), {}, [])
    _keys_and_sections(writer, types, tuple(_sections(types).variants))
    return tuple(dict.fromkeys((*SERIES_TEXTS, TITLE_HINT, *writer.written)))


def starting_kinds(spec: ThemeSpec, types: ManifestTypes) -> tuple[str, ...]:
    """The section kinds a new edition of theme ``spec`` starts with: those its theme.yaml lists under
    `new_edition:`, else the kinds the theme declares, else briefkit's own. A name there that is no kind was
    refused when the theme was checked, before ``types`` were made (manifest/theme_kinds.py)."""
    if spec.new_edition is not None:
        listed: list[str] = spec.new_edition["new_edition"]
        return tuple(listed)
    return tuple(spec.kinds) or tuple(BUILT_IN_SECTIONS)


def _sections(types: ManifestTypes) -> Tagged:
    sections = types.edition.field_named("sections").type
    assert isinstance(sections, ListOf) and isinstance(sections.item, Tagged)
    return sections.item


def _keys_and_sections(writer: Writer, types: ManifestTypes, kinds: tuple[str, ...]) -> None:
    """The edition's own keys, the theme's, and a section of each of ``kinds``, each key explained, added to the
    writer's lines."""
    edition_keys(writer, types)
    writer.lines.append(explained("The sections, in order; add or delete them as the edition needs"))
    writer.lines.append("sections:")
    for kind in kinds:
        placeholder_section(writer, types, kind)
    writer.lines.append("")


def edition_keys(writer: Writer, types: ManifestTypes) -> None:
    """The edition's own keys and the theme's, each explained, added to the writer's lines. The theme's keys are
    all filled in, as the theme adds them to be used; briefkit's optional ones are comments but for
    SHOWN_IN_EDITION."""
    lines = writer.lines
    writer.notes = types.notes
    edition: RecordType = types.edition
    for f in edition.fields:
        if f.name in ("series", "date", "title", "status", "sections") or f.name not in _own_keys(types):
            continue
        if f.required or f.name in types.declared_fields or f.name in SHOWN_IN_EDITION:
            optional = "" if f.required else " (optional; delete the line if not needed)"
            lines.append(f"{explained(f.doc, types.notes.get(f.name, ''))[:-1]}{optional}.")
            writer.value(f, "", "", "")
        else:
            lines.append(f"# {f.name}: ...  {explained(f.doc, types.notes.get(f.name, ''))[2:]}")


def placeholder_section(writer: Writer, types: ManifestTypes, kind: str, heading: str | None = None) -> None:
    """A section of ``kind`` (a kind of the theme) with its keys to fill in, after a blank line; with ``heading``
    as written (a YAML scalar) when given, else the heading key as a comment."""
    record = _sections(types).variants[kind]
    writer.lines.append("")
    writer.lines.append(f"  - kind: {kind}  # {first_sentence(record.doc)}.")
    if heading is None:
        writer.lines.append(f"    # heading: ...  {explained(record.field_named('heading').doc)[2:]}")
    else:
        writer.lines.append(f"    heading: {heading}")
    writer.record(record, "    ", "", f"{kind}/")


def section_kinds(types: ManifestTypes) -> tuple[str, ...]:
    """The section kinds an edition of a theme with ``types`` may have."""
    return tuple(_sections(types).variants)


def _own_keys(types: ManifestTypes) -> set[str]:
    """The edition's own keys and the theme's (not the series keys an edition may override)."""
    series_keys = {f.name for f in types.series.fields}
    return {f.name for f in types.edition.fields if f.name not in series_keys}


def find_series(folder: Path, given: Path | None) -> Path:
    """The series file the new edition belongs to: the one given, or the only one in ``folder``."""
    if given is not None:
        if not given.is_file():
            raise ManifestError.at(Location(given), "no such series file; check the path")
        return given
    found = sorted(folder.glob("*.series.yaml"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise ManifestError.at(
            Location(folder), "no series file (*.series.yaml) here; run this in a project, or give --series"
        )
    names = ", ".join(path.name for path in found)
    raise ManifestError.at(Location(folder), f"more than one series file ({names}); say which with --series")


class TitleNeeded(ManifestError):
    """`briefkit new edition` without a title, for a series whose title_pattern puts one in the full title."""


class TitleNotShown(ManifestError):
    """`briefkit new edition` with a title, for a series whose title_pattern is a fixed title."""


def title_pattern(series: Mapping | None, series_path: Path) -> tuple[str, Location, bool]:
    """The title_pattern the series file gives (briefkit's default when none), where (its line, or the top of the
    series file) and whether the file gives it."""
    given = series.entries.get("title_pattern") if series is not None else None
    if given is not None and isinstance(given[1], Scalar) and given[1].value is not None:
        return given[1].value, given[0], True
    default = SERIES.field_named("title_pattern").default
    assert isinstance(default, str)
    return default, Location(series_path, 1, 1), False


def _checked_title(title: str | None, series: Mapping | None, series_path: Path) -> str | None:
    """``title``, when the series' title_pattern shows it; raises TitleNeeded or TitleNotShown, at the pattern."""
    pattern, where, given = title_pattern(series, series_path)
    if "{title}" in pattern and title is None:
        raise TitleNeeded.at(
            where,
            f"'{pattern}'{'' if given else ' (the default, as this file gives none)'} puts each edition's own title in its full title; give the new edition's, like "
            'briefkit new edition "Title of the edition"',
            "title_pattern",
        )
    if "{title}" not in pattern and title is not None:
        raise TitleNotShown.at(
            where,
            f"'{pattern}' has no {{title}}: it is every edition's full title; leave the title out (the new file "
            f"is named by its date), or write where the title goes in the pattern, like '{pattern}: {{title}}'",
            "title_pattern",
        )
    return title


def new_edition(
    title: str | None, date: dt.date, editions: Path, series_path: Path | None = None, draft: bool = True
) -> Path:
    """Write editions/<date>-<slug>.yaml for ``title`` (a draft unless not ``draft``), with the sections the theme
    starts an edition with; never over an existing file. Under a series whose title_pattern has no {title} (a fixed
    title) the edition has no title: ``title`` is None, and the file is editions/<date>.yaml. Raises TitleNeeded
    or TitleNotShown when ``title`` is not given, or given, against the pattern. The project's schema files are
    brought in step with the theme (edition.schema.json written when missing, as the new file's first line points
    to it). Returns its path."""
    series_path = find_series(editions, series_path)
    node = parse_yaml(read_text(series_path, Location(series_path), ""), series_path)
    title = _checked_title(title, node if isinstance(node, Mapping) else None, series_path)
    name = date.isoformat() if title is None else f"{date.isoformat()}-{slug_of(title)}"
    target = editions / f"{name}.yaml"
    if target.exists():
        again = "another date" if title is None else "another title or date"
        raise ManifestError.at(Location(target), f"already exists; choose {again}, or remove the file first")
    series = {key: child for key, (_, child) in node.entries.items()} if isinstance(node, Mapping) else {}
    root = project_root(target)
    theme = find_manifest_theme(None, node, root, Location(series_path, 1, 1))
    series_file = Path(os.path.relpath(series_path.resolve(), editions.resolve())).as_posix()
    types = manifest_types(theme)
    text = edition_text(title, date, series_file, series, types, draft, starting_kinds(theme, types))
    write_all(editions, {target.name: text.encode("utf-8")})
    refresh_schemas(root, types, missing_too=True)
    return target
