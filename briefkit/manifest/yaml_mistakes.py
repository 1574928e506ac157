"""The YAML mistakes editors make, named in plain words at the character that causes them, with the fix.

PyYAML's own wording ("while scanning an anchor did not find expected alphabetic or numeric character") never
reaches the editor: when the parser stops, the lines up to where it stopped are looked at for the mistake that
caused it; when it does not, the values are looked at for mistakes it reads without complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# Characters that look like spaces but are not YAML's (pasted from a word processor, most often U+00A0).
ODD_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2002": "an en space (U+2002)",
    "\u2003": "an em space (U+2003)",
    "\u2007": "a figure space (U+2007)",
    "\u2009": "a thin space (U+2009)",
    "\u200a": "a hair space (U+200A)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u205f": "a mathematical space (U+205F)",
    "\u3000": "an ideographic space (U+3000)",
    "\ufeff": "an invisible zero-width no-break space (U+FEFF)",
}
# What a value may not start with unless it is quoted, and what YAML would make of it.
INDICATORS = {
    "&": "YAML reads & at the start of a value as a name for it (an anchor)",
    "*": "YAML reads * at the start of a value as a reference to another value (an alias)",
    "@": "YAML keeps @ at the start of a value for future use",
    "`": "YAML keeps ` at the start of a value for future use",
    "%": "YAML keeps % at the start of a value for its directives",
    "!": "YAML reads ! at the start of a value as a type tag",
    "|": "YAML reads | at the start of a value as the start of a block of lines",
    ">": "YAML reads > at the start of a value as the start of a folded block of lines",
}
CURLY_OPEN = {"\u201c": "\u201d", "\u2018": "\u2019"}
# The patterns of this module are for explaining a mistake: compiled (and cached by re) when one is explained.
_ENTRY = r"^(?P<indent>[ ]*)(?:- +)*(?:(?P<key>[^\s#'\"][^:#]*?|'[^']*'|\"[^\"]*\")[ ]*:(?:[ ]+|$))?"


@dataclass(frozen=True)
class Mistake:
    line: int  # from 1
    column: int  # from 1
    message: str


def _value_start(line: str) -> int | None:
    """The column (from 0) where the value of a `key: value` or `- value` line starts; None when it has none."""
    found = re.match(_ENTRY, line)
    if not found or (found.group("key") is None and not line.lstrip().startswith("-")):
        return None
    start = found.end()
    return start if start < len(line) and line[start] not in "#\n" else None


def _in_line(number: int, line: str) -> Mistake | None:
    """A mistake in one line that stops the parser (or changes what it reads), if the line has one."""
    for column, char in enumerate(line):
        if char == "\t" and not line[:column].strip(" -"):
            return Mistake(number, column + 1, "a tab is used to indent this line; indent with spaces only")
        if char in ODD_SPACES and (not line[:column].strip(" -") or line[:column].rstrip().endswith(":")):
            return Mistake(
                number,
                column + 1,
                f"here is {ODD_SPACES[char]}, which YAML does not read as a space (it often comes with text pasted "
                "from a word processor); type a plain space instead",
            )
    start = _value_start(line)
    if start is None:
        return None
    value = line[start:].rstrip()
    first = value[:1]
    if first in INDICATORS and not (first in "|>" and value[1:].strip(" +-0123456789") in ("", "#")):
        return Mistake(
            number, start + 1, f"{INDICATORS[first]}; put the whole value in quotes, like {quoted_example(value)}"
        )
    if first in CURLY_OPEN:
        return Mistake(
            number,
            start + 1,
            f"curly quotes {first}...{CURLY_OPEN[first]} are not YAML's quotes, so they become part of the text; "
            'use straight quotes ("..."), or none',
        )
    if first == "'":
        column = 1
        while column < len(value):
            if value[column] == "'":
                if value[column + 1 : column + 2] == "'":
                    column += 2
                    continue
                rest = value[column + 1 :].lstrip()
                if rest and not rest.startswith("#"):
                    return Mistake(
                        number,
                        start + column + 1,
                        "this apostrophe ends the text in single quotes early; write it twice ('') or put the "
                        "whole value in double quotes instead",
                    )
                break
            column += 1
    return None


def quoted_example(value: str) -> str:
    """``value`` (the rest of a line) as it would be written in double quotes, cut when long."""
    text = value.split(" #", 1)[0].strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"' if len(text) <= 50 else f'"{text[:47]}..."'


# A line that YAML would read as a key or a list entry: inside quoted text, a sign that the quote was never closed.
_LOOKS_LIKE_STRUCTURE = r"^[ ]*(?:- |-$|[^\s#'\"][^:#]*:(?: |$))"


def _last_quoted(text: str, before: int) -> tuple[Any, bool]:
    """The last scalar token that starts before ``before`` (an index into ``text``), when it is in quotes (else
    None), and whether it is inside braces or brackets."""
    last: Any = None
    depth, in_flow = 0, False
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= before:
                break
            if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
                depth -= 1
            elif isinstance(token, yaml.ScalarToken):
                last, in_flow = token, depth > 0
    except yaml.YAMLError:
        pass  # the tokens up to the mistake are what is looked at
    return (last, in_flow) if last is not None and last.style in ('"', "'") else (None, False)


def unclosed_quote(text: str, before: int) -> tuple[int, int, str] | None:
    """A quote opened on a line and never closed there, which ran on over lines that read as keys or list entries
    until a later quote closed it, before the parser stopped at ``before`` (an index into ``text``): the quote's
    line and column (from 1) and the quote."""
    last, _ = _last_quoted(text, before)
    if last is None:
        return None
    start, end = last.start_mark, last.end_mark
    lines = text.split("\n")
    if start.line == end.line or not any(
        re.match(_LOOKS_LIKE_STRUCTURE, line) for line in lines[start.line + 1 : end.line + 1]
    ):
        return None
    return start.line + 1, start.column + 1, last.style


# The end of quoted text that ran on over a comma, into the next entry or key: `"Jane Doe, ` or `"Alliances, url: `.
_RAN_ON = r",[ ]*(?:(?P<key>[^\s,:{}\[\]'\"]+)[ ]*:[ ]*)?$"


def closed_by_the_next_value(text: str, before: int) -> Mistake | None:
    """A quote left open before a comma inside braces or brackets (`{title: "Alliances, url: "https:...}`), so that
    the quote opening the next value closed it and that value's text came right after the closing quote, where the
    parser stopped at ``before``: the mistake, at the quote never closed."""
    last, in_flow = _last_quoted(text, before)
    if last is None or not in_flow or last.start_mark.line != last.end_mark.line:
        return None
    ran_on = re.search(_RAN_ON, last.value)
    if ran_on is None or text[last.end_mark.index : before].strip(" "):
        return None
    quote, key = last.style, ran_on.group("key")
    opened = f"the value of '{key}'" if key else "the next value"
    return Mistake(
        last.start_mark.line + 1,
        last.start_mark.column + 1,
        f"this quote ({quote}) is never closed before the comma, so the quote that opens {opened} closes it "
        f"instead; end the value with {quote} before the comma",
    )


def _never_closed(line: int, column: int, quote: str) -> Mistake:
    return Mistake(line, column, f"this quote ({quote}) is never closed; end the value with {quote} on the same line")


def explain(text: str, error: Any) -> Mistake:
    """The mistake that made PyYAML stop with ``error`` (a MarkedYAMLError) in ``text``."""
    lines = text.split("\n")
    problem, context = error.problem_mark, error.context_mark
    last = problem.line if problem is not None else len(lines) - 1
    unclosed = unclosed_quote(text, problem.index) if problem is not None else None
    if unclosed is not None:  # the lines after the quote are text inside it, not lines of their own
        last = unclosed[0] - 1
    for number in range(min(last, len(lines) - 1) + 1):
        found = _in_line(number + 1, lines[number])
        if found is not None:
            return found
    if unclosed is not None:
        return _never_closed(*unclosed)
    ran_on = closed_by_the_next_value(text, problem.index) if problem is not None else None
    if ran_on is not None:
        return ran_on
    what = f"{error.context or ''} {error.problem or ''}"
    if "quoted scalar" in what and context is not None:
        return _never_closed(
            context.line + 1, context.column + 1, lines[context.line][context.column : context.column + 1] or '"'
        )
    if problem is not None and ("mapping values are not allowed" in what or "did not find expected" in what):
        from briefkit.manifest.yaml_indentation import between_levels, too_far  # for a mistake of indentation

        found_indent = too_far(lines, problem.line) or between_levels(lines, problem.line)
        if found_indent is not None:
            return Mistake(*found_indent)
    if "mapping values are not allowed" in what and problem is not None:
        line = lines[problem.line]
        start = _value_start(line)
        example = f", like {line[: start or 0].strip()} {quoted_example(line[start:])}" if start else ""
        return Mistake(
            problem.line + 1,
            problem.column + 1,
            "this value holds a colon and a space (': '), which YAML reads as the start of another key; put the "
            f"whole value in quotes{example}",
        )
    mark = problem or context
    if mark is None:  # pragma: no cover - PyYAML's errors are marked
        return Mistake(1, 1, "this is not valid YAML; check the indentation (spaces, not tabs) and the quotes")
    return Mistake(
        mark.line + 1,
        mark.column + 1,
        "this is not valid YAML here; check that the line is indented like the ones it belongs with (spaces, not "
        "tabs) and that quotes are closed",
    )


def comment_dropped(line: str, end_column: int) -> str | None:
    """When a plain value that ends at ``end_column`` (from 0) of ``line`` is followed by ' #5' or the like (a '#'
    right against more text, not a '# comment'): the text YAML left out as a comment."""
    rest = line[end_column:]
    if rest[:1] in (" ", "\t") and rest.lstrip().startswith("#") and rest.lstrip()[1:2] not in ("", " ", "#"):
        return rest.strip()
    return None
