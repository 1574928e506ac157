"""docs/cli.md documents the command line as it is: every command and subcommand of briefkit's click group has its
line in the synopsis and a section of its own, and every flag of every option is in that command's section."""

from __future__ import annotations

import re

import click
import pytest

from briefkit.cli import main

from conftest import REPO

DOC = (REPO / "docs" / "cli.md").read_text("utf-8")


def _commands(context: click.Context) -> list[tuple[tuple[str, ...], click.Context]]:
    """Every command under ``context``'s (itself included), each with its path of names and its own context, made as
    a run of briefkit makes it (so the group's settings, such as -h for help, reach the subcommands)."""
    found = [(_commands_path(context), context)]
    command = context.command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub.make_context(name, [], parent=context, resilient_parsing=True))
    return found


def _commands_path(context: click.Context | None) -> tuple[str, ...]:
    if context is None:
        return ()
    return (*_commands_path(context.parent), context.info_name or "")


COMMANDS = _commands(main.make_context("briefkit", [], resilient_parsing=True))
LEAVES = [(path, context) for path, context in COMMANDS if not isinstance(context.command, click.Group)]


def _options(context: click.Context) -> list[click.Option]:
    return [param for param in context.command.get_params(context) if isinstance(param, click.Option)]


def _flags(context: click.Context) -> list[str]:
    """Every flag of every option of the context's command, click's help option included (``-h``, ``--help``)."""
    return [flag for option in _options(context) for flag in (*option.opts, *option.secondary_opts)]


def _intro() -> str:
    """The page before its first section: the synopsis, and what holds for every command."""
    return DOC.split("\n## ", 1)[0]


def _section(path: tuple[str, ...]) -> str:
    """The section headed ``## `briefkit ...` `` for ``path``, up to the next section of that level."""
    heading = f"\n## `{' '.join(path)}`\n"
    assert heading in DOC, f"docs/cli.md has no section '## `{' '.join(path)}`'"
    return DOC.split(heading, 1)[1].split("\n## ", 1)[0]


def _synopsis() -> list[str]:
    block = re.search(r"```text\n(.*?)```", DOC, re.S)
    assert block, "docs/cli.md starts with a synopsis in a ```text block"
    return block.group(1).splitlines()


def test_the_walk_finds_the_whole_tree() -> None:
    names = {" ".join(path) for path, _ in LEAVES}
    assert {"briefkit render", "briefkit new project", "briefkit new edition", "briefkit send"} <= names
    assert "--smtp-security" in _flags(dict(LEAVES)[("briefkit", "send")])
    assert {"-o", "--output", "-h", "--help"} <= set(_flags(dict(LEAVES)[("briefkit", "pdf")]))
    assert {"-j", "--jobs"} <= set(_flags(dict(LEAVES)[("briefkit", "build")]))


@pytest.mark.parametrize(("path", "context"), LEAVES, ids=[" ".join(path) for path, _ in LEAVES])
def test_every_command_has_a_synopsis_line_and_a_section(path: tuple[str, ...], context: click.Context) -> None:
    name = " ".join(path)
    lines = [line for line in _synopsis() if line == name or line.startswith(name + " ")]
    assert lines, f"the synopsis of docs/cli.md has no line for '{name}'"
    # Each option is in the synopsis line by one of its flags (help aside: the page says it once for all).
    for option in _options(context):
        flags = (*option.opts, *option.secondary_opts)
        if "--help" in flags:
            continue
        assert any(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", lines[0]) for flag in flags), (
            f"the synopsis line of '{name}' does not show {' or '.join(flags)}"
        )
    _section(path)


@pytest.mark.parametrize(("path", "context"), LEAVES, ids=[" ".join(path) for path, _ in LEAVES])
def test_every_flag_of_every_option_is_in_its_commands_section(path: tuple[str, ...], context: click.Context) -> None:
    section = _section(path)
    missing = [
        flag
        for flag in _flags(context)
        if flag not in ("-h", "--help") and re.search(rf"`{re.escape(flag)}(?=[` =\[])", section) is None
    ]
    assert missing == [], f"the section of '{' '.join(path)}' in docs/cli.md does not document {missing}"


def test_the_top_level_options_and_help_are_documented_before_the_sections() -> None:
    intro = _intro()
    for flag in _flags(COMMANDS[0][1]):
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", intro), f"docs/cli.md does not say what {flag} does"
    for path, context in COMMANDS:
        assert {"-h", "--help"} <= set(_flags(context)), f"'{' '.join(path)}' has no -h/--help"
