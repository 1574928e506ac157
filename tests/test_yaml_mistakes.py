"""The YAML mistakes said as what they are, at their place, with a fix that works: each fix a message gives is
made, as an editor would make it, and the file then reads (or, for a key outside its mapping, loads)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefkit.errors import ManifestError, Problem
from briefkit.manifest.load import load_manifest
from briefkit.manifest.yaml_nodes import parse_yaml

from conftest import REPO

BAD = REPO / "tests" / "corpus" / "bad"


def _problem(text: str) -> Problem:
    with pytest.raises(ManifestError) as caught:
        parse_yaml(text, Path("x.yaml"))
    (problem,) = caught.value.problems
    return problem


def _moved(text: str, problem: Problem) -> str:
    """``text`` with the reported line moved so that what starts at the reported column starts at the column the
    message asks for (its first "to column N")."""
    found = re.search(r"to column (\d+)", problem.message)
    assert found, problem.message
    lines = text.split("\n")
    line, shift = lines[problem.location.line - 1], int(found.group(1)) - problem.location.column
    lines[problem.location.line - 1] = " " * shift + line if shift > 0 else line[-shift:]
    return "\n".join(lines)


INDENTED = {
    "a key under a list entry, too far": (
        "items:\n  - title: A\n    url: https://x.org\n      summary: Words\n",
        (4, 7, "summary: is indented more than url: on line 3 (column 7; url: starts at column 5); move it left to "
         "column 5, to line it up with url:"),
    ),
    "a top-level key, too far": (
        "title: Arctic\n  intro: Words\n",
        (2, 3, "intro: is indented more than title: on line 1 (column 3; title: starts at column 1); move it left "
         "to column 1, to line it up with title:"),
    ),
    "after a quoted value, past a comment": (
        'title: "Arctic"\n# a note\n\n   intro: Words\n',
        (4, 4, "intro: is indented more than title: on line 1 (column 4; title: starts at column 1); move it left "
         "to column 1, to line it up with title:"),
    ),
    "after a value in braces": (
        "image: {src: x}\n  alt: y\n",
        (2, 3, "alt: is indented more than image: on line 1 (column 3; image: starts at column 1); move it left to "
         "column 1, to line it up with image:"),
    ),
    "a list entry, too far": (
        "items:\n  - a: 1\n     - b: 2\n",
        (3, 6, "this list entry ('-') is indented more than a: on line 2 (column 6; a: starts at column 5); move it "
         "left to column 3, to line it up with the '-' on line 2"),
    ),
    "between src: and image:": (
        "image:\n  src: x\n alt: y\n",
        (3, 2, "alt: starts at column 2, between src: on line 2 (column 3) and image: on line 1 (column 1); move it "
         "to column 3 to put it inside image: with src:, or to column 1 to line it up with image:"),
    ),
    "between a '-' and its key": (
        "sections:\n  - kind: about\n   heading: About\n",
        (3, 4, "heading: starts at column 4, between the '-' on line 2 (column 3) and kind: after it (column 5); "
         "move it to column 5, to line it up with kind:"),
    ),
    "between two levels, the nearer one named": (
        "a:\n    b:\n        c: 1\n  d: 2\n",
        (4, 3, "d: starts at column 3, between b: on line 2 (column 5) and a: on line 1 (column 1); move it to "
         "column 5 to put it inside a: with b:, or to column 1 to line it up with a:"),
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), INDENTED.values(), ids=INDENTED)
def test_indentation_is_said_as_indentation_and_its_fix_works(text: str, expected: tuple[int, int, str]) -> None:
    problem = _problem(text)
    assert (problem.location.line, problem.location.column, problem.message) == expected
    assert "quotes" not in problem.message
    parse_yaml(_moved(text, problem), Path("x.yaml"))  # reads once moved


def test_the_other_column_offered_works_too() -> None:
    text = "image:\n  src: x\n alt: y\n"
    problem = _problem(text)
    second = Problem(problem.location, "", problem.message.split(", or ")[1])
    parse_yaml(_moved(text, second), Path("x.yaml"))


def test_a_colon_inside_a_value_is_still_said_as_one() -> None:
    problem = _problem("date: 2021-03-31\ntitle: Arctic: What Next\n")
    assert problem.message.startswith("this value holds a colon and a space")


UNCLOSED = {
    "closed by a quote 13 lines later": (BAD / "yaml_unclosed_quote_closed_later.yaml").read_text("utf-8"),
    "closed by an apostrophe in a later entry": (BAD / "yaml_unclosed_single_quote_in_item.yaml").read_text("utf-8"),
    "never closed at all": 'title: "Arctic\nintro: Words.\n',
    "in a list of names": 'people:\n  - "Jane Doe\n  - Sam Roe\n  - "Ann Lee"\n',
}


@pytest.mark.parametrize("text", UNCLOSED.values(), ids=UNCLOSED)
def test_an_unclosed_quote_is_reported_at_the_opening_quote(text: str) -> None:
    problem = _problem(text)
    lines = text.split("\n")
    line = lines[problem.location.line - 1]
    quote = line[problem.location.column - 1]
    assert quote in "\"'"
    assert problem.message == f"this quote ({quote}) is never closed; end the value with {quote} on the same line"
    assert quote not in line[problem.location.column :]  # the opening quote, not where the parser gave up
    lines[problem.location.line - 1] = line + quote
    parse_yaml("\n".join(lines), Path("x.yaml"))  # the fix the message gives is enough


CLOSED_BY_THE_NEXT_VALUE = {
    "in a mapping in braces": (BAD / "yaml_unclosed_quote_in_flow_mapping.yaml").read_text("utf-8"),
    "in a list in brackets": 'people: ["Jane Doe, Sam Roe, "Ann Lee"]\n',
}


@pytest.mark.parametrize("text", CLOSED_BY_THE_NEXT_VALUE.values(), ids=CLOSED_BY_THE_NEXT_VALUE)
def test_a_quote_the_next_value_closes_is_reported_at_the_opening_quote(text: str) -> None:
    problem = _problem(text)
    lines = text.split("\n")
    line = lines[problem.location.line - 1]
    assert line[problem.location.column - 1] == '"'
    assert problem.message.startswith('this quote (") is never closed before the comma, so the quote that opens ')
    assert problem.message.endswith('; end the value with " before the comma')
    comma = line.index(",", problem.location.column)  # the fix: the quote before the comma that ends the value
    lines[problem.location.line - 1] = f'{line[:comma]}"{line[comma:]}'
    parse_yaml("\n".join(lines), Path("x.yaml"))


NOT_CLOSED_BY_THE_NEXT_VALUE = {
    "no comma inside the quotes": 'items: [{title: "Alliances" Under Strain, url: "https://www.cnas.org/a"}]\n',
    "not in braces, where a quote before the comma would not mend it": (
        'title: "Alliances Under Strain, url: "https://www.cnas.org/a"\n'
    ),
}


@pytest.mark.parametrize("text", NOT_CLOSED_BY_THE_NEXT_VALUE.values(), ids=NOT_CLOSED_BY_THE_NEXT_VALUE)
def test_other_text_after_a_closing_quote_is_not_taken_for_a_quote_the_next_value_closed(text: str) -> None:
    assert "before the comma" not in _problem(text).message


def test_a_quoted_value_over_several_lines_is_not_taken_for_an_unclosed_quote() -> None:
    problem = _problem('summary: "one long\n  value over lines"\ntitle: Arctic\n   intro: Words\n')
    assert problem.message.startswith("intro: is indented more than title:")


@pytest.mark.parametrize(
    ("name", "fixed"),
    [
        ("yaml_alt_outside_image", ("        alt: A map", "          alt: A map")),
        (
            "yaml_alt_outside_image_last",
            (".png\"}\n        alt: A map of the Arctic's shipping lanes", '.png", alt: map}'),
        ),
        (
            "yaml_alt_after_image_address",
            (
                "image: https://www.cnas.org/images/arctic-map.png\n        alt:",
                "image:\n          src: https://www.cnas.org/images/arctic-map.png\n          alt:",
            ),
        ),
    ],
)
def test_a_key_outside_its_mapping_is_said_once_and_its_fix_loads(
    project: Path, name: str, fixed: tuple[str, str]
) -> None:
    shutil.copy(BAD / f"{name}.yaml", project / "editions")
    manifest = project / "editions" / f"{name}.yaml"
    with pytest.raises(ManifestError) as caught:
        load_manifest(manifest)
    (problem,) = caught.value.problems  # not also "unknown key 'alt'" and "image.alt: is missing"
    assert problem.field == "sections[0].items[0].image.alt"
    text = manifest.read_text("utf-8")
    assert fixed[0] in text
    manifest.write_text(text.replace(fixed[0], fixed[1]), "utf-8")
    assert load_manifest(manifest).edition["sections"][0]["items"][0]["image"]["alt"]


def test_a_key_that_belongs_nowhere_is_still_unknown(project: Path) -> None:
    text = (BAD / "yaml_alt_outside_image.yaml").read_text("utf-8").replace("        alt:", "        alt_text:")
    (project / "editions" / "x.yaml").write_text(text, "utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(project / "editions" / "x.yaml")
    assert [p.message.split(";")[0] for p in caught.value.problems] == [
        "is missing",
        "unknown key 'alt_text'",
    ]


def test_two_unknown_keys_in_a_row_are_each_unknown_not_a_crash(tmp_path: Path) -> None:
    """Two keys a record does not have, one after the other (a field's keys written straight under a kind):
    each is said unknown at its place; the second is not taken for a key of the first."""
    from briefkit.manifest.checked_file import check_record, parse_file
    from briefkit.manifest.theme_file import THEME

    text = "kinds:\n  sign_off:\n    type: text\n    default: Bye\n"
    problems: list[Problem] = []
    theme_yaml = tmp_path / "theme.yaml"
    theme_yaml.write_text(text, "utf-8")
    check_record(parse_file(theme_yaml, problems), theme_yaml, THEME, problems)
    assert [(p.location.line, p.message.split(";")[0]) for p in problems] == [
        (3, "unknown key 'type'"),
        (4, "unknown key 'default'"),
    ]
