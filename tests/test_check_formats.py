"""`briefkit check --format github` (workflow commands the GitHub runner turns into annotations) and `--format
sarif` (a SARIF 2.1.0 log), read back: the annotations with a parser written from GitHub's documented format, the
log validated against the OASIS schema (tests/schemas/)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

from briefkit import __version__
from briefkit.check.annotations import SHOWN, summary_markdown, workflow_commands
from briefkit.check.rules import CHECKS
from briefkit.errors import ERROR, Finding, Location

from conftest import MINIMAL, REPO, SAMPLE, SECOND, run_cli

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))

# The runner's unescaping (actions/runner, ActionCommand): each escape back to its character, %25 last.
DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))

# An editor's words that would end an annotation early, or start one of their own, if written as they are.
HOSTILE_KEY = "tag\n::error file=forged.yaml,line=1::forged, 100%"


def _unescape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for escaped, character in escapes:
        text = text.replace(escaped, character)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str] | None:
    """A workflow command as the runner reads one line (`::name key=value,key=value::message`): the command's
    name, its properties, its message; None for a line that is not a command."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info, message = line[2:end], line[end + 2 :]
    name, _, written = info.partition(" ")
    properties = {}
    for pair in filter(None, written.strip().split(",")):
        key, equals, value = pair.partition("=")
        if equals:
            properties[key] = _unescape(value, PROPERTY_ESCAPES)
    return name, properties, _unescape(message, DATA_ESCAPES)


def commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = [parse_command(line) for line in output.splitlines()]
    assert None not in parsed, output  # every line of the output is one command
    return [command for command in parsed if command is not None]


@pytest.fixture
def repository(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding the project in a folder of its own, newsletter/ (GitHub names files from the
    repository's root); the project's folder."""
    root = tmp_path_factory.mktemp("repository")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    shutil.move(project, root / "newsletter")
    return root / "newsletter"


def test_an_editors_words_are_read_back_as_written(repository: Path) -> None:
    text = MINIMAL.replace("title:", json.dumps(HOSTILE_KEY) + ": 1\ntitle:")
    (repository / "editions" / "hostile.yaml").write_text(text, "utf-8")
    result = run_cli("check", "--format", "github", "editions/hostile.yaml", cwd=repository)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == "check: 1 edition, 0 errors, 0 warnings, 1 that do not validate\n"
    [(name, properties, message)] = commands(result.stdout)  # one command: none forged, none cut short
    assert name == "error"
    assert properties == {
        "file": "newsletter/editions/hostile.yaml",
        "line": "3",
        "col": "1",
        "title": "briefkit check: does not validate",
    }
    assert message.startswith(f"{HOSTILE_KEY}: unknown key '{HOSTILE_KEY}'; use one of: ")


def test_the_samples_as_annotations(series: Path) -> None:
    result = run_cli("check", "--format", "github", cwd=series)
    assert result.returncode == 0, result.stderr
    text = run_cli("check", cwd=series)
    assert result.stderr == text.stderr == "check: 3 editions, 0 errors, 2 warnings\n"
    found = commands(result.stdout)
    assert [(name, properties["title"]) for name, properties, _ in found] == [("warning", "briefkit check: repeat")] * 2
    # The same findings as the lines of text, at the same places.
    assert [f"{p['file']}:{p['line']}:{p['col']}: {n}: repeat: {m}" for n, p, m in found] == text.stdout.splitlines()


def test_a_series_files_finding_is_annotated_once(series: Path) -> None:
    """The series file goes out with every edition, so text finds its fault with each; an annotation is put once."""
    path = series / "editions" / "sharper.series.yaml"
    path.write_text(path.read_text("utf-8").replace('  muted: "#5c5c5c"', '  muted: "#b0b0b0"'), "utf-8")
    text = run_cli("check", cwd=series)
    assert text.returncode == 1 and text.stdout.count(": error: contrast: in light mode, muted text") == 3
    result = run_cli("check", "--format", "github", cwd=series)
    assert result.returncode == 1 and result.stderr == text.stderr  # the summary counts each edition's
    contrast = [message for _, properties, message in commands(result.stdout) if "muted text" in message]
    assert len(contrast) == 1
    log = json.loads(run_cli("check", "--format", "sarif", cwd=series).stdout)
    assert len([found for found in log["runs"][0]["results"] if "muted text" in found["message"]["text"]]) == 1


def test_properties_that_hold_separators() -> None:
    """A file named with a comma and a colon, a title and message with every character that must be escaped."""
    where = Location(Path("/r/editions/a,b:c%.yaml"), 4, 2)
    findings = [
        Finding(where, "odd, check: 100%", "one\r\ntwo :: three, 50%0A", ERROR),
        Finding(Location(Path("/r/x.yaml")), "size", "whole"),
    ]
    [first, second] = [parse_command(line) for line in workflow_commands(findings, [], Path("/r"))]
    assert first == (
        "error",
        {"file": "editions/a,b:c%.yaml", "line": "4", "col": "2", "title": "briefkit check: odd, check: 100%"},
        "one\r\ntwo :: three, 50%0A",
    )
    assert second == ("warning", {"file": "x.yaml", "title": "briefkit check: size"}, "whole")  # no line: the file


def test_sarif(series: Path) -> None:
    (series / "editions" / "broken.yaml").write_text(MINIMAL.replace("title:", "titel:"), "utf-8")
    result = run_cli("check", "--format", "sarif", cwd=series)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("briefkit", __version__)
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == list(CHECKS)
    assert all(rule["shortDescription"]["text"] for rule in rules)
    by_rule = {result["ruleId"]: result for result in run["results"]}
    assert sorted(by_rule) == ["manifest", "repeat"]
    broken = by_rule["manifest"]
    assert (
        broken["level"] == "error" and broken["message"]["text"] == "titel: unknown key 'titel'; did you mean 'title'?"
    )
    assert run["originalUriBaseIds"] == {"SRCROOT": {"description": {"text": "The project's folder."}}}  # no git
    assert broken["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "editions/broken.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 3, "startColumn": 1},
    }
    repeat = by_rule["repeat"]
    assert rules[repeat["ruleIndex"]]["id"] == "repeat" and repeat["level"] == "warning"
    place = repeat["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == f"editions/{SAMPLE.name}" and place["region"] == {
        "startLine": 55,
        "startColumn": 14,
    }
    again = run_cli("check", "--format", "sarif", cwd=series / "editions")  # from editions/: the same project
    assert again.stdout == result.stdout  # the same bytes


def test_every_check_is_in_the_docs_table() -> None:
    """The rules' names are docs/check.md's table of checks (less `manifest`, which is said under Exit status)."""
    table = (REPO / "docs" / "check.md").read_text("utf-8").split("## The checks", 1)[1].split("\n\n", 2)[1]
    named = dict.fromkeys(re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE))
    assert list(named) == [name for name in CHECKS if name != "manifest"]


def test_sarif_names_files_from_the_repositorys_root(repository: Path) -> None:
    """A project in a folder of its repository: SARIF's files are named from the repository's root (SRCROOT, as code
    scanning expects), the same names as the annotations'."""
    shutil.copy(SAMPLE, repository / "editions")
    shutil.copy(SECOND, repository / "editions")
    log = json.loads(run_cli("check", "--format", "sarif", cwd=repository).stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    [run] = log["runs"]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"description": {"text": "The root of the git repository."}}}
    located = [found["locations"][0]["physicalLocation"]["artifactLocation"] for found in run["results"]]
    annotated = [
        properties["file"]
        for _, properties, _ in commands(run_cli("check", "--format", "github", cwd=repository).stdout)
    ]
    assert [where["uri"] for where in located] == annotated
    assert {uri.rpartition("/")[0] for uri in annotated} == {"newsletter/editions"}
    assert {where["uriBaseId"] for where in located} == {"SRCROOT"}


def test_more_findings_than_github_shows(tmp_path: Path) -> None:
    """A new project has more errors than the 10 a step's annotations show: a notice says so last, and with
    GITHUB_STEP_SUMMARY set every finding is in the run's summary page, one row each, as the annotations name
    them."""
    assert run_cli("new", "project", "news", "--date", "2021-04-01", cwd=tmp_path).returncode == 0
    project = tmp_path / "news"
    summary = tmp_path / "step-summary.md"
    summary.write_text("before\n", "utf-8")  # the runner's file: added to, as each step's lines are
    environment = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(
        [sys.executable, "-m", "briefkit", "check", "--format", "github"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    found = commands(result.stdout)
    *annotations, (name, properties, message) = found
    errors = [annotation for annotation in annotations if annotation[0] == "error"]
    assert len(errors) > SHOWN and (name, properties) == (
        "notice",
        {"title": "briefkit check: more findings than annotations"},
    )
    assert message == (
        f"{len(errors)} errors and {len(annotations) - len(errors)} warning found; the pull request shows the first "
        "10 errors and 10 warnings only: the run's summary page lists every one"
    )
    text = summary.read_text("utf-8")
    assert text.startswith("before\n### check\\: 1 edition\\, 27 errors\\, 1 warning\n")
    rows = table_rows(text)
    assert rows[0] == ["level", "where", "check", "finding"]
    assert rows[1:] == [
        [level, f"{p['file']}:{p['line']}:{p['col']}", p["title"].removeprefix("briefkit check: "), said]
        for level, p, said in annotations
    ]
    without = run_cli("check", "--format", "github", cwd=project)  # no summary file: the log has them all
    assert commands(without.stdout)[-1][2].endswith("this step's log lists every one")


def table_rows(markdown: str) -> list[list[str]]:
    """Each row of the Markdown's tables as GitHub reads them (GFM tables, with markdown-it), each cell's text;
    anything but text (a link, a picture, HTML, emphasis) in a cell fails."""
    rows: list[list[str]] = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and token.level > 2:  # a cell's contents
            assert {child.type for child in token.children or []} <= {"text"}, token.children
            rows[-1].append(token.content and "".join(child.content for child in token.children or []))
    return rows


def test_an_editors_words_in_the_summary_stay_words() -> None:
    """Words that would make a link, a picture, HTML, emphasis or another cell are read back as written."""
    hostile = "[a](https://e.org) ![p](https://e.org/p.png) <img src=x> *b* | c `d` \\ e_f_ #g"
    findings = [Finding(Location(Path("/r/editions/a|b.yaml"), 4, 2), "odd", hostile, ERROR)]
    rows = table_rows(summary_markdown(findings, [], Path("/r"), "check: 1 edition, 1 error, 0 warnings"))
    assert rows[1] == ["error", "editions/a|b.yaml:4:2", "odd", hostile]


def test_a_property_holding_two_colons_is_not_cut_short() -> None:
    """The runner ends a command's properties at the first "::": a file named with "::" (or a value ending in ":"
    before the one that ends the properties) must have its colons escaped to be read back whole."""
    findings = [Finding(Location(Path("/r/editions/a::b:.yaml"), 1, 1), "odd", "words"),
                Finding(Location(Path("/r/editions/c.yaml")), "ends with a colon:", "words")]  # fmt: skip
    [first, second] = [parse_command(line) for line in workflow_commands(findings, [], Path("/r"))]
    assert first == (
        "warning",
        {"file": "editions/a::b:.yaml", "line": "1", "col": "1", "title": "briefkit check: odd"},
        "words",
    )
    assert second == ("warning", {"file": "editions/c.yaml", "title": "briefkit check: ends with a colon:"}, "words")
