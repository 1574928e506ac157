"""`briefkit check --format github`: each finding as a GitHub Actions workflow command (`::error file=...::...`),
which the runner shows as an annotation on the pull request's line.

The escaping is GitHub's toolkit's own (@actions/core, command.ts: escapeData and escapeProperty), written once
here: a message escapes % CR LF; a property escapes those and : and , too, so that an editor's words can neither
end a property early nor start a command of their own on a new line. (github-action-utils escapes the same way,
but only in private functions; its public ones print to the standard output themselves.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefkit.check.findings import ERROR, Finding
from briefkit.edition.wording import counted
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
    properties: dict[str, str | int] = {"file": _file(where, root)}
    if where.line:
        properties["line"] = where.line
        if where.column:
            properties["col"] = where.column
    properties["title"] = title
    return command("error" if level == ERROR else "warning", properties, message)


def workflow_commands(findings: Iterable[Finding], problems: Iterable[Problem], root: Path) -> Iterator[str]:
    """Every problem (a manifest that does not validate: an error) and finding, as workflow commands."""
    for where, level, title, message in _listed(findings, problems):
        yield annotation(where, level, title, message, root)


def _listed(findings: Iterable[Finding], problems: Iterable[Problem]) -> Iterator[tuple[Location, str, str, str]]:
    """Each problem, then each finding: its place, level, title and message."""
    for problem in problems:
        yield problem.location, ERROR, "briefkit check: does not validate", problem.said
    for finding in findings:
        yield finding.where, finding.level, f"briefkit check: {finding.check}", finding.message


# GitHub shows at most this many error annotations, and as many warnings, of one step (its docs' "Limitations" of
# workflow commands); the rest are in the step's log only.
SHOWN = 10
# The file GitHub shows on the run's summary page, named by the runner for each step.
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def step_summary_file() -> Path | None:
    """The step's summary file, when the runner named one."""
    named = os.environ.get(STEP_SUMMARY, "")
    return Path(named) if named else None


def beyond_shown(findings: Iterable[Finding], problems: Iterable[Problem], summary: bool) -> str | None:
    """The notice said last when GitHub will not show every error or every warning: how many there are, and where
    the full list is (the run's summary page when ``summary`` was written, else the step's log); else None."""
    levels = [level for _, level, _, _ in _listed(findings, problems)]
    errors, warnings = levels.count(ERROR), len(levels) - levels.count(ERROR)
    if errors <= SHOWN and warnings <= SHOWN:
        return None
    full = "the run's summary page lists every one" if summary else "this step's log lists every one"
    message = (
        f"{counted(errors, 'error')} and {counted(warnings, 'warning')} found; the pull request shows the first "
        f"{SHOWN} errors and {SHOWN} warnings only: {full}"
    )
    return command("notice", {"title": "briefkit check: more findings than annotations"}, message)


def summary_markdown(findings: Iterable[Finding], problems: Iterable[Problem], root: Path, said: str) -> str:
    """The full list for the run's summary page (GitHub Flavored Markdown): a heading with the summary line
    ``said``, then a table of every finding, its place named from ``root``; an editor's words escaped as text."""
    rows = [
        f"| {level} | {_markdown(_place(where, root))} | {_markdown(title.removeprefix('briefkit check: '))} "
        f"| {_markdown(message)} |"
        for where, level, title, message in _listed(findings, problems)
    ]
    table = ["| level | where | check | finding |", "|---|---|---|---|", *rows] if rows else ["Nothing found."]
    return "\n".join([f"### {_markdown(said)}", "", *table, "", ""])


def _file(where: Location, root: Path) -> str:
    """The file named from the repository ``root``, as GitHub names it; as written when it is outside."""
    try:
        return where.path.resolve().relative_to(root).as_posix()
    except ValueError:
        return where.path.as_posix()


def _place(where: Location, root: Path) -> str:
    return ":".join([_file(where, root), *(str(number) for number in (where.line, where.column) if number)])


# CommonMark lets any ASCII punctuation be escaped with a backslash, which then reads as itself: so no word of an
# editor's makes a link, a picture, HTML, emphasis or a table's cell border. A line break would end the row.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _markdown(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
