"""What the command line echoes of an editor's, a document's or a feed's words is safe on a terminal and in a CI log:
every problem and warning is one line, its control characters shown as escapes, so that none of those words can
start a line (GitHub's runner reads a line starting with `::` as a command); and a theme's MJML that mjml-python
cannot read is a located problem, not a traceback. Each input goes through the real command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli

# A quoted key (keys are reported as written), one per hostile shape: real line breaks that forge annotations, a bare
# CR and ESC sequences that rewrite the terminal's line (a colour code, an OSC-8 link), DEL, a C1 control (NEL), the
# line separator, and a bidi override and isolate.
KEYS = {
    "newlines": r"::error file=x::forged\n::warning file=y,line=1::second\r\n%0Ainjected ##[error]v1",
    "escapes": r"\e[2K\rAll good: 0 errors \e]8;;https://evil.example\e\\link\e]8;;\e\\",
    "others": r"del\x7f nel\x85::error::c1 sep\u2028::error::ls \u202egnp.exe \u2066isolated\u2069 bell\a",
}
SHOWN = {  # how each key stands in its message: every control character written out
    "newlines": r"::error file=x::forged\n::warning file=y,line=1::second\r\n%0Ainjected ##[error]v1",
    "escapes": r"\x1b[2K\rAll good: 0 errors \x1b]8;;https://evil.example\x1b\link\x1b]8;;\x1b" + "\\",
    "others": r"del\x7f nel\x85::error::c1 sep\u2028::error::ls \u202egnp.exe \u2066isolated\u2069 bell\x07",
}
FORGE_FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Forge</title><id>https://www.cnas.org/f</id><updated>2021-06-01T09:00:00Z</updated>
  <entry>
    <title>##[error]Legal: approval withdrawn&#10;::error::do not send</title><link href="javascript:alert(1)"/>
    <id>https://www.cnas.org/f/1</id>
    <published>2021-06-01T09:00:00Z</published><updated>2021-06-01T09:00:00Z</updated>
  </entry>
  <entry>
    <title>Fine</title><link href="https://www.cnas.org/f/2"/>
    <id>https://www.cnas.org/f/2</id>
    <published>2021-05-01T09:00:00Z</published><updated>2021-05-01T09:00:00Z</updated>
  </entry>
</feed>
"""
FORGE = """\
series: sharper.series.yaml
date: 2021-06-03
title: Forge
intro: "An intro with <b id='##[error]Forged'>html</b>"
sections:
  - kind: listing
    feed:
      source: ../feeds/forge.xml
      limit: 5
"""
# What the runner would take as a line of its own: \n, \r and \r\n (and Python's splitlines, which the command line
# uses to say each problem once, breaks at more); a line must end at \n and hold no other control character.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# How every line briefkit writes on standard error begins: a place, or a level then a place, or a summary.
OURS = re.compile(
    r"^(?:(?:warning|error): )?(?:editions|feeds|templates|feed\.xml|atom\.xml|web)\b|^(?:check|build): "
    r"|^(?:rendered|unchanged|failed|removed) +[\w-]+$"  # a build's line an edition, in a CI log
)


def keyed(key: str) -> str:
    return f'series: sharper.series.yaml\ndate: 2021-06-07\ntitle: Keys\nintro: x\n"{key}": 1\nsections:\n  - kind: about\n'


def runner_lines(stderr: str) -> list[str]:
    """Standard error as GitHub's runner reads it, line by line, after checking it holds nothing but text and \\n."""
    assert not CONTROL.search(stderr), f"a control character reaches the log: {CONTROL.search(stderr)!r}"
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines == stderr.split("\n")[:-1]  # no other line break Python knows either
    for line in lines:
        assert not line.startswith("::"), f"a line the runner takes as a command: {line!r}"
        assert OURS.match(line), f"a line briefkit did not begin: {line!r}"
    return lines


@pytest.fixture
def hostile(project: Path) -> Path:
    """The project with one edition per hostile key, and one whose intro and feed entry forge annotations."""
    for name, key in KEYS.items():
        (project / "editions" / f"2021-06-07-{name}.yaml").write_text(keyed(key), "utf-8")
    (project / "feeds" / "forge.xml").write_text(FORGE_FEED, "utf-8")
    (project / "editions" / "2021-06-03-forge.yaml").write_text(FORGE, "utf-8")
    return project


@pytest.mark.parametrize("name", sorted(KEYS))
@pytest.mark.parametrize("command", ["render", "check", "proof"])
def test_a_key_with_control_characters_is_one_line_with_them_shown(hostile: Path, name: str, command: str) -> None:
    args = ["--format", "text"] if command == "render" else []
    result = run_cli(command, f"editions/2021-06-07-{name}.yaml", *args, cwd=hostile)
    assert result.returncode == 2
    lines = runner_lines(result.stderr)
    assert f"editions/2021-06-07-{name}.yaml:5:1: {SHOWN[name]}: unknown key '{SHOWN[name]}'; use one of:" in "\n".join(
        lines
    )
    assert sum(SHOWN[name] in line for line in lines) == 1


def test_words_that_forge_annotations_stay_inside_briefkits_lines(hostile: Path) -> None:
    result = run_cli("render", "editions/2021-06-03-forge.yaml", "--format", "text,feed", cwd=hostile)
    assert result.returncode == 0
    lines = runner_lines(result.stderr)
    entry = [line for line in lines if "Legal: approval withdrawn" in line]
    assert entry == [
        "warning: editions/2021-06-03-forge.yaml:8:7: ../feeds/forge.xml: entry 1 ('##[error]Legal: approval "
        "withdrawn ::error::do not send') has no usable link; it was skipped"  # the feed's line break read as a space
    ]
    assert any(line.startswith("warning: editions/2021-06-03-forge.yaml:4:1: intro: the HTML <b id='##[error]Forged'>")
               for line in lines)  # fmt: skip


def test_a_build_says_each_problem_on_one_line(hostile: Path) -> None:
    result = run_cli("build", "--format", "text", cwd=hostile)
    assert result.returncode == 2
    lines = runner_lines(result.stderr)
    for name, shown in SHOWN.items():
        assert f"editions/2021-06-07-{name}.yaml:5:1: {shown}: unknown key '{shown}'; use one of:" in "\n".join(lines)
    assert lines[-1].startswith("build: ") and lines[-1].endswith("the web archive holds 1 edition")


def test_check_in_its_text_format_prints_one_line_a_finding(hostile: Path) -> None:
    result = run_cli("check", cwd=hostile)
    assert result.returncode == 2
    runner_lines(result.stderr)
    assert not CONTROL.search(result.stdout)
    assert [line for line in result.stdout.splitlines() if "##[error]Forged" in line] == [
        "editions/2021-06-03-forge.yaml:4:1: error: raw-html: intro: the HTML <b id='##[error]Forged'>, </b> is "
        "shown to readers as written, not as markup (HTML in Markdown is never passed on); write it in Markdown "
        "instead (**bold**, *italic*, [text](address))"
    ]


# A theme whose email extends the shipped one and adds a section before the intro, with one mistake in it.
BROKEN_EMAIL = """\
{% extends "default:email.mjml" %}
{% block intro %}
    <mj-section padding="8px 24px 0">
      <mj-column>
        <mj-text css-class="bk-greeting">Hello, “évening” — ☾</mj-text>
      </mj-column>
    </mj-section>
MISTAKE
{{ super() }}
{%- endblock %}
"""
MISTAKES = {
    "a closing tag that closes nothing": (
        "    </mj-column>",
        "templates/broken/email.mjml:8:5: the MJML cannot be read at '</mj-column>': </mj-column> closes no element "
        "that is open; delete it",
    ),
    "an element never closed": (
        "    <mj-section><mj-column><mj-text>unclosed",
        "templates/broken/email.mjml:8:28: the MJML cannot be read at '<mj-text>': <mj-text> is opened and never "
        "closed; close it with </mj-text>",
    ),
    "an element inside one that takes none": (
        '    <mj-section><mj-column><mj-image src="x"><mj-text>b</mj-text></mj-image></mj-column></mj-section>',
        "templates/broken/email.mjml:8:46: the MJML cannot be read at '<mj-text': this tag or text is not allowed "
        "where it stands (a closing tag that closes nothing, or an element inside one that takes no children); "
        "correct the template's MJML there (docs/themes.md, Mistakes in MJML)",
    ),
    "a line with a value in it": (  # no template line reads like it: the place in the MJML, with the text there
        "    <mj-text>{{ edition.title }}</mj-text></mj-column>",
        "templates/broken/email.mjml: the MJML it makes cannot be read at its line 65, column 39 (near "
        "'<mj-text>Sharper: Broken</mj-text></mj-column>'): </mj-column> closes no element that is open; delete it",
    ),
    "an element inside one that takes none, on a line with a value": (  # mjml-python counts bytes, not characters
        '    <mj-section><mj-column><mj-image alt="{{ edition.title }}" src="x"><mj-text>b</mj-text></mj-image>'
        "</mj-column></mj-section>",
        "templates/broken/email.mjml: the MJML it makes cannot be read at its line 65, column 68 (near "
        '\'alt="Sharper: Broken" src="x"><mj-text>b</mj-text></mj-image\'): this tag or text '
        "is not allowed where it stands (a closing tag that closes nothing, or an element inside one that takes no "
        "children); correct the template's MJML there (docs/themes.md, Mistakes in MJML)",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_mistake_in_a_themes_mjml_is_located_in_the_template(project: Path, mistake: str) -> None:
    written, said = MISTAKES[mistake]
    theme = project / "templates" / "broken"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: sharper\n", "utf-8")
    (theme / "email.mjml").write_text(BROKEN_EMAIL.replace("MISTAKE", written), "utf-8")
    (project / "editions" / "x.yaml").write_text(
        "series: sharper.series.yaml\ndate: 2021-06-05\ntitle: Broken\ntheme: broken\nintro: Words.\n"
        "sections:\n  - kind: about\n",
        "utf-8",
    )
    result = run_cli("render", "editions/x.yaml", "--format", "email", cwd=project)
    assert result.returncode == 2
    assert runner_lines(result.stderr) == [said]
    assert not (project / "outbox" / "x" / "email.html").exists()


def test_a_finding_is_said_on_one_line_whatever_its_words_hold() -> None:
    from briefkit.cli import said
    from briefkit.errors import Finding, Location

    finding = Finding(Location(Path("x\n.yaml"), 3, 1), "raw-html", "a\nb\r\x1b[2K\x7f\x85\u2028\u202e\u2066\tc\\n")
    assert said(finding) == "warning: x\\n.yaml:3:1: a\\nb\\r\\x1b[2K\\x7f\\x85\\u2028\\u202e\\u2066\tc\\n"
    assert (
        said(finding, filed=True)
        == "x\\n.yaml:3:1: warning: raw-html: a\\nb\\r\\x1b[2K\\x7f\\x85\\u2028\\u202e\\u2066\tc\\n"
    )


def test_visible_writes_out_every_control_character_and_no_other() -> None:
    """Each character from U+0000 to U+2FFF (and two beyond): those a terminal or the runner acts on (CONTROL, and
    the line break) written out as Python's repr names them; tab and every other character left as it is."""
    from briefkit.errors import visible

    for code in [*range(0x00, 0x3000), 0xFEFF, 0xFFFD]:
        character = chr(code)
        shown = visible(character)
        if CONTROL.match(character) or character == "\n":
            assert shown == repr(character)[1:-1] and shown.isascii() and shown.isprintable(), hex(code)
        else:
            assert shown == character, hex(code)
