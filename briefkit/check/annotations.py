"""`briefkit check --format github`: each finding as a GitHub Actions workflow command (`::error file=...::...`),
which the runner shows as an annotation on the pull request's line.

The escaping is GitHub's toolkit's own (@actions/core, command.ts: escapeData and escapeProperty), written once
here: a message escapes % CR LF; a property escapes those and : and , too, so that an editor's words can neither
end a property early nor start a command of their own on a new line. (github-action-utils escapes the same way,
but only in private functions; its public ones print to the standard output themselves.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from briefkit.check.findings import ERROR, Finding
from briefkit.errors import Location, Problem


def escape_data(text: str) -> str:
    """A workflow command's message: % first, so that text that looks escaped already is read back as written."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value (file, title): a message's escapes, and : and , that end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    """One workflow command line: ``::name key=value,key=value::message``, properties in the order given."""
    written = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {written}::{escape_data(message)}" if written else f"::{name}::{escape_data(message)}"


def repository_root(start: Path) -> Path:
    """The root of the git repository ``start`` is in (GitHub names files from there), else ``start`` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def annotation(where: Location, level: str, title: str, message: str, root: Path) -> str:
    """A finding or problem at ``where`` as a workflow command, its file named from the repository ``root``."""
    try:
        file = where.path.resolve().relative_to(root).as_posix()
    except ValueError:
        file = where.path.as_posix()
    properties: dict[str, str | int] = {"file": file}
    if where.line:
        properties["line"] = where.line
        if where.column:
            properties["col"] = where.column
    properties["title"] = title
    return command("error" if level == ERROR else "warning", properties, message)


def workflow_commands(findings: Iterable[Finding], problems: Iterable[Problem], root: Path) -> Iterator[str]:
    """Every problem (a manifest that does not validate: an error) and finding, as workflow commands."""
    for problem in problems:
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        yield annotation(problem.location, ERROR, "briefkit check: does not validate", message, root)
    for finding in findings:
        yield annotation(finding.where, finding.level, f"briefkit check: {finding.check}", finding.message, root)
