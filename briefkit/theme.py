"""Find a theme's templates in the project's templates/<theme>/ and set up Jinja for them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.errors import Location, ThemeError

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class Theme:
    """A theme's folder and the Jinja environments that load from it."""

    name: str
    folder: Path
    markup: jinja2.Environment  # MJML and HTML: autoescaped
    text: jinja2.Environment  # plain text: not escaped


CACHE = ".briefkit-cache"  # compiled templates, under the project; safe to delete


def _environment(folder: Path, escape: bool, cache: Path) -> jinja2.Environment:
    import jinja2

    try:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode_cache: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache(str(cache))
    except OSError:  # a read-only project still renders, only slower
        bytecode_cache = None
    return jinja2.Environment(
        bytecode_cache=bytecode_cache,
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def load_theme(name: str, project: Path, where: Location) -> Theme:
    """The theme called ``name``, from the project's templates/ folder."""
    folder = project / "templates" / name
    if not folder.is_dir():
        raise ThemeError.at(
            where, f"there is no theme folder templates/{name}/ in the project; check 'theme:'", "theme"
        )
    cache = project / CACHE / "templates"
    return Theme(name, folder, _environment(folder, True, cache), _environment(folder, False, cache))
