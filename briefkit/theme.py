"""Find a theme's templates in the project's templates/<theme>/ and set up Jinja for them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
# Compiled templates depend on the filters' calling conventions too, so each version caches apart.
CACHE_VERSION = "2"


def _environment(folder: Path, escape: bool, cache: Path, filters: dict[str, Any]) -> jinja2.Environment:
    import jinja2

    try:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode_cache: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache(str(cache))
    except OSError:  # a read-only project still renders, only slower
        bytecode_cache = None
    environment = jinja2.Environment(
        bytecode_cache=bytecode_cache,
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    environment.filters.update(filters)  # before any template compiles: Jinja binds filters then
    return environment


def load_theme(name: str, project: Path, where: Location) -> Theme:
    """The theme called ``name``, from the project's templates/ folder."""
    folder = project / "templates" / name
    if not folder.is_dir():
        raise ThemeError.at(
            where, f"there is no theme folder templates/{name}/ in the project; check 'theme:'", "theme"
        )
    from briefkit import template_filters

    cache = project / CACHE / f"templates-{CACHE_VERSION}"
    return Theme(
        name,
        folder,
        _environment(folder, True, cache / "markup", template_filters.MARKUP),
        _environment(folder, False, cache / "text", template_filters.TEXT),
    )


@contextmanager
def template_errors(theme: Theme) -> Iterator[None]:
    """Jinja's errors as located theme errors."""
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        where = Location(theme.folder / (error.name or ""), error.lineno, 1)
        raise ThemeError.at(where, f"template error: {error.message}; fix the template") from None
    except jinja2.TemplateError as error:
        raise ThemeError.at(Location(theme.folder), f"template error: {error}; fix the template") from None
