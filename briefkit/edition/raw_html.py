"""Raw HTML written in a Markdown field: briefkit shows it to readers as the text it is (`<b>` and all), so the
editor hears of it where the field is written. A render warning; `briefkit check` makes it an error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefkit.errors import Finding, Location
from briefkit.manifest.compound_types import ListOf, MapOf, RecordType, Tagged
from briefkit.manifest.load import Manifest
from briefkit.manifest.markdown import raw_html
from briefkit.manifest.text_types import Markdown
from briefkit.manifest.types import Record, Type

CHECK = "raw-html"
SHOWN = 3  # pieces of HTML named in one warning


def raw_html_findings(manifest: Manifest) -> list[Finding]:
    """A warning for each Markdown field of the edition, and of its series file, that holds raw HTML."""
    found = list(_walk(manifest.edition, manifest.types.edition, manifest.edition.location, ""))
    series = manifest.series
    written = set(manifest.edition.key_locations)  # the edition's own values replace these: walked above
    found += _walk(Record(series.location, {k: v for k, v in series.items() if k not in written},
                          series.key_locations), manifest.types.series, series.location, "")  # fmt: skip
    return found


def _walk(value: Any, kind: Type, where: Location, path: str) -> Iterator[Finding]:
    if isinstance(kind, Markdown) and isinstance(value, str):
        pieces = raw_html(value)
        if pieces:
            shown = ", ".join(_short(piece) for piece in pieces[:SHOWN]) + (", ..." if len(pieces) > SHOWN else "")
            yield Finding(
                where,
                CHECK,
                f"{path}: the HTML {shown} is shown to readers as written, not as markup (HTML in Markdown is "
                "never passed on); write it in Markdown instead (**bold**, *italic*, [text](address))",
            )
    elif isinstance(kind, Tagged) and isinstance(value, Record):
        variant = kind.variants.get(str(value.get(kind.key)))
        if variant is not None:
            yield from _walk(value, variant, where, path)
    elif isinstance(kind, RecordType) and isinstance(value, Record):
        for f in kind.fields:
            if f.name in value:
                yield from _walk(value[f.name], f.type, value.where(f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(kind, MapOf) and isinstance(value, Record):
        for name, child in value.items():
            yield from _walk(child, kind.item, value.where(name), f"{path}.{name}")
    elif isinstance(kind, ListOf) and isinstance(value, list):
        for index, child in enumerate(value):
            at = child.location if isinstance(child, Record) else where
            yield from _walk(child, kind.item, at, f"{path}[{index}]")


def _short(piece: str) -> str:
    line = " ".join(piece.split())
    return line if len(line) <= 40 else line[:37] + "..."
