"""What `briefkit themes` lists, as lines: the templates a render uses and where each comes from, then each
section kind with its keys (what each holds, whether it is required, what it means) and its partials per format.
The theme's own words are shown on one line each, control characters written out (errors.visible)."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import visible
from briefkit.manifest.theme_kinds import KeyInfo, KindInfo
from briefkit.manifest.themes import ThemeSpec


def theme_lines(spec: ThemeSpec, root: Path, kinds: tuple[KindInfo, ...], keys: tuple[KeyInfo, ...]) -> list[str]:
    """Every line of the listing, places named from ``root``."""
    layers = ", then ".join(dict.fromkeys(layer.describe(root) for layer in spec.layers))
    lines = [f"theme {spec.name}: {layers}"]
    templates = spec.templates()
    wide = max([28, *(len(name) for name in templates)]) + 1  # every name, however long, in one column
    for name, layer in templates.items():
        where = (layer.folder / name).relative_to(root).as_posix() if not layer.packaged else layer.describe(root)
        lines.append(visible(f"  {name:<{wide}} {where}"))
    lines.append("\nsection kinds: each key (what it holds, whether it is required, what it means), then its partials")
    rows = [row for kind in kinds for row in _key_rows(kind.keys, "    ")] + _key_rows(keys, "  ")
    widths = (max([23, *(len(name) for name, _ in rows)]) + 1, max([14, *(len(key.holds) for _, key in rows)]) + 1)
    for kind in kinds:
        declared = f" (declared at {kind.declared_at.display(root)})" if kind.declared_at else ""
        lines.append(visible(f"  {kind.name}{declared}: {kind.doc}"))  # the theme's words, on one line
        lines += _keys(_key_rows(kind.keys, "    "), widths)
        lines.append(f"    partials: {_partials(kind, root)}")
    if keys:
        lines.append("\nedition keys the theme adds:")
        lines += _keys(_key_rows(keys, "  "), widths)
    return lines


def _key_rows(keys: tuple[KeyInfo, ...], indent: str) -> list[tuple[str, KeyInfo]]:
    """Each key with its name indented, a list's entries under it, one deeper."""
    rows = []
    for key in keys:
        rows.append((f"{indent}{key.name}", key))
        rows += _key_rows(key.entries, indent + "  ")
    return rows


def _keys(rows: list[tuple[str, KeyInfo]], widths: tuple[int, int]) -> list[str]:
    """One line a key: its name, what it holds, 'required', and what it means with its default and condition."""
    name_width, holds_width = widths
    return [
        visible(
            f"{name:<{name_width}} {key.holds:<{holds_width}} {'required' if key.required else '':<8} {key.described}".rstrip()
        )
        for name, key in rows
    ]


def _partials(kind: KindInfo, root: Path) -> str:
    """'.mjml, .txt from templates/x/; .print.html from briefkit's sharper theme; MISSING .feed.html; no .web.html
    (the .feed.html one is used)'."""
    by_layer: dict[str, list[str]] = {}
    for suffix, layer in kind.partials.items():
        if layer is not None:
            by_layer.setdefault(layer.describe(root), []).append(suffix)
    parts = [f"{', '.join(suffixes)} from {where}" for where, suffixes in by_layer.items()]
    if kind.missing:
        parts.append(f"MISSING {', '.join(kind.missing)}")
    if kind.partials.get(".web.html") is None:
        parts.append("no .web.html (the web page uses .feed.html)")
    return "; ".join(parts)
