"""`briefkit new edition --from-feeds`: the series' next edition as a draft, its feed sections (those of the latest
edition that take `feed:`) holding the entries no earlier edition used, frozen in its lock file; its other sections
written to be filled in, as `briefkit new edition` writes them, so that `briefkit check` finds the ones left."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.errors import BriefkitError, Finding, Location, ManifestError
from briefkit.io.files import read_text
from briefkit.io.outbox import write_all
from briefkit.manifest.load import find_manifest_theme, load_manifest, project_root
from briefkit.manifest.siblings import Sibling, glance, manifests_in
from briefkit.manifest.theme_types import manifest_types
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, Sequence, parse_yaml
from briefkit.scaffold.edition import (
    TitleNotShown,
    Writer,
    edition_keys,
    explained,
    find_series,
    head,
    placeholder_section,
    section_kinds,
    slug_of,
    title_pattern,
)
from briefkit.scaffold.placeholders import TITLE_HINT
from briefkit.scaffold.schema_files import EDITION_SCHEMA, refresh_schemas
from briefkit.sources.feeds_in.items import FeedOptions, resolve_feeds

# What a copied feed section leaves behind: the latest edition's hand-picked items and its overrides of entries.
LEFT_BEHIND = ("items", "overrides")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class NoFeedSections(ManifestError):
    """`--from-feeds` for a series whose latest edition has no section that takes `feed:`."""


@dataclass(frozen=True)
class NextEdition:
    manifest: Path
    lock: Path | None  # None when no section took an entry (every one was used before, or the feeds were empty)
    warnings: list[Finding] = field(default_factory=list)


def latest_edition(editions: Path, series_path: Path) -> Sibling:
    """The newest edition of the series in ``editions`` (by date, then file name), translations left out."""
    series = series_path.resolve()
    found = [s for s in (glance(p) for p in manifests_in(editions)) if s is not None and s.series == series]
    originals = [s for s in found if "translation_of" not in s.top]
    if not originals:
        raise ManifestError.at(
            Location(editions),
            f"no edition of {series_path.name} here yet; --from-feeds starts from the latest edition's feed "
            "sections, so write the first with `briefkit new edition`",
        )
    return max(originals, key=lambda s: (s.date, s.path.name))


def _feed_sections(latest: Sibling) -> list[Mapping]:
    sections = latest.top.get("sections")
    found = [s for s in sections.items if isinstance(s, Mapping)] if isinstance(sections, Sequence) else []
    if not any("feed" in s.entries for s in found):
        where = sections.location if sections is not None else Location(latest.path, 1, 1)
        raise NoFeedSections.at(
            where,
            "the latest edition has no section that takes `feed:`, so --from-feeds has nothing to take; give a "
            "section a feed (docs/feeds.md, 'In: items from a feed'), or write the edition with `briefkit new "
            "edition` without --from-feeds",
            "sections",
        )
    return found


def _scalar(node: Scalar) -> str:
    if node.value is None:
        return "null"
    return json.dumps(node.value, ensure_ascii=False) if node.quoted else node.value


def _key(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _mapping_lines(mapping: Mapping, indent: str, first: str) -> list[str]:
    """The mapping's entries as block YAML, the first after ``first``, the others after ``indent``."""
    lines: list[str] = []
    for number, (key, (_, child)) in enumerate(mapping.entries.items()):
        lead = f"{first if number == 0 else indent}{_key(key)}:"
        lines += _value_lines(child, lead, indent + "  ")
    return lines or [f"{first}{{}}"]


def _value_lines(node: Node, lead: str, indent: str) -> list[str]:
    if isinstance(node, Scalar):
        return [f"{lead} {_scalar(node)}"]
    if isinstance(node, Mapping):
        return [f"{lead} {{}}"] if not node.entries else [lead, *_mapping_lines(node, indent, indent)]
    if not node.items:
        return [f"{lead} []"]
    lines = [lead]
    for item in node.items:
        if isinstance(item, Mapping):
            lines += _mapping_lines(item, indent + "  ", indent + "- ")
        else:
            lines += _value_lines(item, f"{indent}-", indent + "  ")
    return lines


def _copied_section(section: Mapping) -> list[str]:
    """A feed section of the latest edition as YAML, without its items and overrides, and with `exclude_used:
    true`, so that the entries earlier editions carried are left out now and on any later --refresh."""
    kept = Mapping(section.location)
    for key, (where, child) in section.entries.items():
        if key in LEFT_BEHIND:
            continue
        if key == "feed" and isinstance(child, Mapping):
            feed = Mapping(child.location, dict(child.entries))
            feed.entries["exclude_used"] = (where, Scalar("true", where))
            child = feed
        kept.entries[key] = (where, child)
    return ["", *_mapping_lines(kept, "    ", "  - ")]


def _title(title: str | None, series: Mapping | None, series_path: Path) -> tuple[str | None, bool]:
    """The new edition's title and whether it is the placeholder: a series whose title_pattern shows a title gets
    TITLE_HINT when none is given (a scheduled job knows none), which `briefkit check` reports until replaced."""
    pattern, where, _ = title_pattern(series, series_path)
    if "{title}" not in pattern:
        if title is not None:
            raise TitleNotShown.at(
                where, f"'{pattern}' has no {{title}}: it is every edition's full title; leave the title out"
            )
        return None, False
    return (title, False) if title is not None else (TITLE_HINT, True)


def next_edition(
    title: str | None, date: dt.date, editions: Path, series_path: Path | None = None, offline: bool = False
) -> NextEdition:
    """Write the series' next edition, dated ``date`` (after the latest edition's), as a draft: the latest edition's
    feed sections with the entries no earlier edition used, frozen in editions/<name>.lock.json, and its other
    sections to be filled in. Without ``title`` under a title_pattern that shows one, the title is a placeholder
    and the file is named by the date. Nothing is left written when a feed cannot be read."""
    series_path = find_series(editions, series_path)
    node = parse_yaml(read_text(series_path, Location(series_path), ""), series_path)
    series_node = node if isinstance(node, Mapping) else None
    title, placeholder = _title(title, series_node, series_path)
    latest = latest_edition(editions, series_path)
    if date <= latest.date:
        where = latest.top["date"].location if "date" in latest.top else Location(latest.path, 1, 1)
        raise ManifestError.at(
            where,
            f"the next edition's date, {date.isoformat()}, is not after the latest edition's, {latest.date.isoformat()}; give a later --date",
            "date",
        )
    sections = _feed_sections(latest)
    name = date.isoformat() if title is None or placeholder else f"{date.isoformat()}-{slug_of(title)}"
    target = editions / f"{name}.yaml"
    if target.exists():
        raise ManifestError.at(Location(target), "already exists; choose another date, or remove the file first")
    root = project_root(target)
    theme = find_manifest_theme(None, node, root, Location(series_path, 1, 1))
    types = manifest_types(theme)
    series = {key: child for key, (_, child) in series_node.entries.items()} if series_node else {}
    writer = Writer(date, series, [])
    writer.lines += [
        f"# yaml-language-server: $schema=../{EDITION_SCHEMA}",
        f"# The next edition, drafted from the feeds with the sections of {latest.path.name}: its feed sections",
        "# hold the entries no earlier edition used, frozen in the lock file beside it (render with --refresh to",
        "# choose again). Fill in the other sections, delete the ones you do not need, check it with",
        "#   briefkit check editions/<this file>",
        "# and delete `status: draft` when it is ready to go out.",
    ]
    head(writer, title, Path(os.path.relpath(series_path.resolve(), editions.resolve())).as_posix(), True)
    edition_keys(writer, types)
    writer.lines += [explained("The sections, in order; add or delete them as the edition needs"), "sections:"]
    kinds = section_kinds(types)
    for section in sections:
        kind = section.entries.get("kind")
        kind_name = kind[1].value if kind is not None and isinstance(kind[1], Scalar) else None
        if "feed" in section.entries:
            writer.lines += _copied_section(section)
        elif kind_name in kinds:
            heading = section.entries.get("heading")
            written = _scalar(heading[1]) if heading is not None and isinstance(heading[1], Scalar) else None
            placeholder_section(writer, types, str(kind_name), written)
    writer.lines.append("")
    write_all(editions, {target.name: "\n".join(writer.lines).encode("utf-8")})
    try:
        manifest = load_manifest(target)
        resolved = resolve_feeds(manifest, FeedOptions(refresh=True, offline=offline))
    except BriefkitError:
        target.unlink()
        raise
    warnings = list(manifest.warnings) + resolved.warnings
    for index, section in enumerate(manifest.edition["sections"]):
        if "feed" in section and not resolved.items.get(index):
            warnings.append(
                Finding(
                    section.where("feed"),
                    "feeds",
                    f"sections[{index}] took no entry: its feed has none that no earlier edition used (or none that "
                    "matches); rendering the edition looks again",
                )
            )
    lock = None
    if resolved.lock is not None and any(resolved.items.values()):
        write_all(editions, {resolved.lock_path.name: resolved.lock})
        lock = resolved.lock_path
    refresh_schemas(root, types, missing_too=True)
    return NextEdition(target, lock, warnings)
