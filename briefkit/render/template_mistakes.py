"""A template's mistakes in the theme author's words: the unknown name, the template file and line, and the name
the template can see that was most likely meant, never the Python class of the value it was looked up on."""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import jinja2
from jinja2.utils import missing

from briefkit.errors import Location


class Missing(jinja2.UndefinedError):
    """A name or attribute a template used that is not there, with what it was looked up on (if anything)."""

    def __init__(self, message: str, owner: Any, name: str | None) -> None:
        super().__init__(message)
        self.owner = owner
        self.name = name


class Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose error keeps the name and the value it was looked up on, to explain it."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise Missing(self._undefined_message, self._undefined_obj, self._undefined_name)

    __add__ = __radd__ = __sub__ = __rsub__ = _fail_with_undefined_error
    __mul__ = __rmul__ = __div__ = __rdiv__ = _fail_with_undefined_error
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _fail_with_undefined_error
    __mod__ = __rmod__ = __pos__ = __neg__ = _fail_with_undefined_error
    __call__ = __getitem__ = __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error
    __int__ = __float__ = __complex__ = __pow__ = __rpow__ = _fail_with_undefined_error
    __iter__ = __str__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = _fail_with_undefined_error
    __contains__ = _fail_with_undefined_error


# Names Jinja gives every template; suggested only when nothing of the theme's is close.
_JINJA_GLOBALS = frozenset({"range", "dict", "lipsum", "cycler", "joiner", "namespace"})


def _template_frame(error: BaseException, folders: list[str], name: str) -> tuple[Path, int, dict[str, Any]] | None:
    """The frame of a template along the search path where ``name`` was written: the innermost whose line holds
    it (a value passed to a macro fails inside the macro), else the innermost. Its file, line and the names it
    could see (Jinja's rewritten traceback gives template frames the template's variables as their locals)."""
    frames: list[tuple[Path, int, dict[str, Any]]] = []
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        file = trace.tb_frame.f_code.co_filename
        if any(file.startswith(folder) for folder in folders):
            frames.append((Path(file), trace.tb_lineno, dict(trace.tb_frame.f_locals)))
        trace = trace.tb_next
    holding = [frame for frame in frames if _column(frame[0], frame[1], name)[0]]
    chosen = holding or frames
    return chosen[-1] if chosen else None


def _visible(names: dict[str, Any]) -> list[str]:
    own = sorted(name for name in names if not name.startswith("_") and name not in _JINJA_GLOBALS)
    return own + sorted(_JINJA_GLOBALS & names.keys())


def _attributes(owner: Any) -> list[str]:
    """What a template can read from ``owner``: its keys when it is a mapping, else its public attributes."""
    if isinstance(owner, dict):
        return sorted(str(key) for key in owner)
    found = {name for name in dir(owner) if not name.startswith("_")}
    declared = getattr(owner, "names", None)  # the edition model's Declared: keys a theme declares
    if callable(declared):
        found = (found - {"names"}) | set(declared())
    return sorted(found)


def did_you_mean(word: str, choices: list[str]) -> str:
    """'; did you mean 'x'?' for the closest of ``choices``, or '' when none is close."""
    import difflib  # for a mistake only

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _column(path: Path, line: int, word: str) -> tuple[str, int]:
    """The source line's text and the column (from 1) where ``word`` stands in it as a name; ("", 1) when the
    line does not hold it."""
    try:
        text = path.read_text("utf-8").split("\n")[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return "", 1
    found = re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)
    return (text, found.start() + 1) if found else ("", 1)


def explain_missing(error: Missing, folders: list[str], fallback: Location) -> tuple[Location, str]:
    """Where a template used a name or attribute that is not there, and the message: the name, as written, and
    the closest name the template could see."""
    name = error.name or "?"
    frame = _template_frame(error, folders, name)
    path, line, names = frame if frame is not None else (fallback.path, fallback.line, {})
    if error.owner is missing:  # a name the template does not have
        _, column = _column(path, line, name) if frame else ("", 1)
        hint = did_you_mean(name, _visible(names))
        return Location(path, line, column), (
            f"template error: '{name}' is not defined here{hint or '; the template can see: ' + _few(_visible(names))}"
        )
    text, column = _column(path, line, name) if frame else ("", 1)
    written = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(name)}(?![\w])", text)
    on = f"'{written.group(1)}'" if written else "the value it is looked up on"
    if written:
        column = written.start() + 1
    choices = _attributes(error.owner)
    hint = did_you_mean(name, choices) or ("; it has: " + _few(choices) if choices else "")
    shown = f"{written.group(1)}.{name}" if written else name
    return Location(path, line, column), f"template error: '{shown}': {on} has no '{name}'{hint}"


def _few(names: list[str]) -> str:
    return ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")


def suggest_template(name: str, known: list[str]) -> str:
    """'; did you mean 'sections/x.mjml'?' for a template name that is not along the search path."""
    return did_you_mean(name, known)


_NO_FILTER = r"No (filter|test) named '([^']+)'"  # compiled when a mistake is explained


def explain_syntax(message: str, environment: jinja2.Environment) -> str:
    """Jinja's message for a template it cannot compile or run, with a did-you-mean for an unknown filter or
    test, and what to do."""
    found = re.search(_NO_FILTER, message)
    if found:
        kind, name = found.groups()
        known = sorted(environment.filters if kind == "filter" else environment.tests)
        hint = did_you_mean(name, known) or "; the filters here are: " + ", ".join(known)
        return f"template error: there is no {kind} '{name}'{hint}"
    return f"template error: {message.rstrip('.')}; fix the template"
