"""Which characters the PDF's fonts can draw, for `briefkit check`: the theme's own fonts (fonts/ along its
search path), read with fontTools (a WeasyPrint dependency). A character none has would print as an empty box."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def theme_fonts(folders: tuple[Path, ...]) -> list[Path]:
    return sorted(path for folder in folders for path in (folder / "fonts").glob("*.[ot]tf"))


@lru_cache(maxsize=16)
def _covered(fonts: tuple[Path, ...]) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    covered: set[int] = set()
    for path in fonts:
        with TTFont(str(path), lazy=True) as font:
            covered |= set(font.getBestCmap() or {})
    return frozenset(covered)


def missing_glyphs(text: str, fonts: list[Path]) -> list[str]:
    """The characters of ``text`` that none of ``fonts`` can draw, in order of first appearance."""
    if not fonts:
        return []
    covered = _covered(tuple(fonts))
    return list(dict.fromkeys(c for c in text if not c.isspace() and ord(c) >= 0x20 and ord(c) not in covered))
