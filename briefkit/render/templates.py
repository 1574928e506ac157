"""Set up Jinja for a theme: templates found along the theme's search path, compiled once and kept on disk."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from briefkit.errors import Location, ThemeError
from briefkit.io.package import code_stamp
from briefkit.manifest.themes import ThemeSpec
from briefkit.render import filters, words
from briefkit.render.template_extends import extends_problems, no_such_template
from briefkit.render.template_mistakes import Missing, Undefined, explain_missing, explain_syntax


@dataclass(frozen=True)
class Theme:
    """A theme found (its search path) and the Jinja environments that load from it."""

    spec: ThemeSpec
    markup: jinja2.Environment  # MJML and HTML: autoescaped
    text: jinja2.Environment  # plain text: not escaped

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def folders(self) -> tuple[Path, ...]:
        return self.spec.folders

    @property
    def folder(self) -> Path:
        """The first folder of the search path: where a project's own changes to the theme live."""
        return self.spec.folders[0]


CACHE = ".briefkit-cache"  # compiled templates, under the project; safe to delete
OPTIONS: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
EXTENSIONS = ("jinja2.ext.i18n",)  # {% trans %}, _(), gettext(), ngettext(): the theme's words in the edition's lang


def _cache_key(escape: bool) -> str:
    """Compiled templates are reused only by the same briefkit and Jinja with the same options."""
    text = f"{code_stamp()} {jinja2.__version__} {sorted(OPTIONS.items())} {EXTENSIONS} escape={escape}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _bytecode_cache(project: Path, escape: bool) -> jinja2.BytecodeCache | None:
    folder = project / CACHE / "templates"
    name = f"{'markup' if escape else 'text'}-{_cache_key(escape)}"
    try:
        (folder / name).mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():  # what other code compiled is of no use any more
            if old.name.split("-")[0] == name.split("-")[0] and old.name != name:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:  # a read-only project still renders, only slower
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / name))


def _loader(spec: ThemeSpec) -> jinja2.BaseLoader:
    """Plain names along the search path; `<theme>:name` from that theme of the chain, `default:name` from the
    default theme as briefkit ships it (so a theme can extend the very template it replaces)."""
    prefixed = {
        prefix: jinja2.FileSystemLoader([str(f) for f in folders]) for prefix, folders in spec.prefixes().items()
    }
    return jinja2.ChoiceLoader(
        [jinja2.PrefixLoader(prefixed, delimiter=":"), jinja2.FileSystemLoader([str(f) for f in spec.folders])]
    )


def _environment(spec: ThemeSpec, project: Path, escape: bool, filters: dict[str, Any]) -> jinja2.Environment:
    environment = jinja2.Environment(
        bytecode_cache=_bytecode_cache(project, escape),
        loader=_loader(spec),
        autoescape=escape,
        undefined=Undefined,
        auto_reload=False,
        extensions=list(EXTENSIONS),
        **OPTIONS,
    )
    environment.filters.update(filters)  # before any template compiles: Jinja binds filters then
    gettext, ngettext = words.callables(spec)
    environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return environment


def load_theme(spec: ThemeSpec, project: Path) -> Theme:
    """Theme ``spec`` ready to render. Its environments are new each time, so that a template edited or added
    along the search path since the last render is seen; compiled templates come from the on-disk cache. A kind
    the theme declares without a partial for each format is refused here, before anything is made, and so is a
    template of the project's whose `{% extends %}` cannot work (template_extends.py)."""
    problems = spec.missing_partials()
    if problems:
        raise ThemeError(problems)
    markup = _environment(spec, project, True, filters.MARKUP)
    problems = extends_problems(spec, markup)
    if problems:
        raise ThemeError(problems)
    return Theme(spec, markup, _environment(spec, project, False, filters.TEXT))


def _template_place(error: BaseException, theme: Theme) -> Location:
    """The template file and line where a render failed: Jinja puts template frames in the traceback."""
    folders = [str(folder) for folder in theme.folders]
    place = Location(theme.folder)
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if any(name.startswith(folder) for folder in folders):
            place = Location(Path(name), trace.tb_lineno, 1)
        trace = trace.tb_next
    return place


@contextmanager
def template_errors(theme: Theme) -> Iterator[None]:
    """Jinja's errors as located theme errors: the template, its line, the unknown name and the closest one."""
    folders = [str(folder) for folder in theme.folders]
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        where = Location(Path(error.filename) if error.filename else theme.folder / (error.name or ""), error.lineno, 1)
        environment = theme.text if where.path.name.endswith(".txt") else theme.markup
        message = explain_syntax(error.message or "", environment)
        raise ThemeError.at(where, message) from None
    except jinja2.TemplateNotFound as error:
        where = _template_place(error, theme)
        raise ThemeError.at(where, no_such_template(str(error.name), theme.spec)) from None
    except Missing as error:
        where, message = explain_missing(error, folders, _template_place(error, theme))
        raise ThemeError.at(where, message) from None
    except jinja2.TemplateError as error:
        where = _template_place(error, theme)
        environment = theme.text if where.path.name.endswith(".txt") else theme.markup
        raise ThemeError.at(where, explain_syntax(str(error), environment)) from None
